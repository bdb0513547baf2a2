//! Page content streams written straight from display-list items: PDF operators as bytes.
//!
//! This is the per-report hot path of PDF writing, so it formats numbers and glyph ids by hand
//! instead of building an operator tree (printpdf's op translation allocates per character and
//! costs several milliseconds per report). It imports neither printpdf nor lopdf: `pdf.rs`
//! hands it a glyph table and puts the bytes into the document. The y axis is flipped in
//! `flip_y` and every number is rounded in `hundredths`, nowhere else.

use crate::report::display::{Color, Item};
use crate::report::fonts::FontFace;

/// Character → glyph id of one embedded font (0, `.notdef`, for characters it lacks).
#[derive(Debug, Clone)]
pub struct GlyphTable {
    /// PDF resource name of the font.
    pub resource: String,
    /// Glyph ids of U+0000..U+00FF.
    pub latin: [u16; 256],
    /// Glyph ids of other characters, sorted by character.
    pub other: Vec<(char, u16)>,
    /// Whether the font shows a glyph as one byte (every glyph id below 256, and the font
    /// written with the one-byte encoding, `pdf/one_byte.rs`) rather than `Identity-H`'s two.
    pub one_byte: bool,
}

impl GlyphTable {
    /// The glyph of `c`, or `None` when this font was not given it.
    fn get(&self, c: char) -> Option<u16> {
        let gid = match usize::try_from(c as u32) {
            Ok(code) if code < 256 => self.latin[code],
            _ => self
                .other
                .binary_search_by_key(&c, |(k, _)| *k)
                .map_or(0, |i| self.other[i].1),
        };
        (gid != 0).then_some(gid)
    }
}

/// The three faces subset to the common report characters, in `FontFace::ALL` order, with
/// each one's codes of the printable ASCII bytes (`ascii_codes`), made once per run rather
/// than per page.
#[derive(Debug, Clone)]
pub struct BaseFonts {
    tables: [GlyphTable; 3],
    ascii: [[u8; 128]; 3],
}

impl BaseFonts {
    /// The faces' glyph tables, in `FontFace::ALL` order.
    pub fn new(tables: [GlyphTable; 3]) -> BaseFonts {
        let ascii = tables.each_ref().map(ascii_codes);
        BaseFonts { tables, ascii }
    }

    /// The glyph table of the face at `index` (`FontFace::index`).
    pub fn table(&self, index: usize) -> &GlyphTable {
        &self.tables[index]
    }
}

/// The fonts one document's text is drawn with: each face's run-wide subset, then the fonts
/// subset for this document alone (DejaVu glyphs beyond the common set, fallback fonts).
#[derive(Debug, Clone, Copy)]
pub struct FontTables<'a> {
    /// The three faces' run-wide subsets.
    pub base: &'a BaseFonts,
    /// Per face (same order), the fonts tried after its base subset, in order.
    pub extra: &'a [Vec<GlyphTable>; 3],
}

impl FontTables<'_> {
    /// The font (as an index: base faces first, then each face's extras) and glyph of `c` in
    /// `face`; layout left only characters that some font has, and anything else is drawn
    /// as `.notdef` of the base face.
    fn lookup(&self, face: FontFace, c: char) -> (usize, &GlyphTable, u16) {
        let i = face.index();
        let base = self.base.table(i);
        if let Some(gid) = base.get(c) {
            return (i, base, gid);
        }
        let before: usize = 3 + self.extra[..i].iter().map(Vec::len).sum::<usize>();
        for (k, table) in self.extra[i].iter().enumerate() {
            if let Some(gid) = table.get(c) {
                return (before + k, table, gid);
            }
        }
        (i, base, 0)
    }
}

/// Rounds to hundredths of a point and writes the shortest form (`12`, `12.5`, `-0.25`).
pub fn put_num(out: &mut Vec<u8>, value: f64) {
    put_hundredths(out, hundredths(value));
}

/// `value` in hundredths of a point, as `put_num` rounds it.
fn hundredths(value: f64) -> i64 {
    (value * 100.0).round() as i64
}

/// Writes a number of hundredths in its shortest form.
fn put_hundredths(out: &mut Vec<u8>, hundredths: i64) {
    if hundredths < 0 {
        out.push(b'-');
    }
    let abs = hundredths.unsigned_abs();
    put_int(out, (abs / 100) as i64);
    let frac = abs % 100;
    if frac != 0 {
        out.push(b'.');
        out.push(b'0' + (frac / 10) as u8);
        if !frac.is_multiple_of(10) {
            out.push(b'0' + (frac % 10) as u8);
        }
    }
}

/// Writes an integer in full.
pub fn put_int(out: &mut Vec<u8>, value: i64) {
    // Digits by hand: `to_string` allocated once per number, and pages have thousands.
    // Twenty bytes hold `i64::MIN`, sign included.
    let mut digits = [0u8; 20];
    let mut n = value.unsigned_abs();
    let mut at = digits.len();
    loop {
        at -= 1;
        digits[at] = b'0' + (n % 10) as u8;
        n /= 10;
        if n == 0 {
            break;
        }
    }
    if value < 0 {
        at -= 1;
        digits[at] = b'-';
    }
    // Byte by byte: a copy of a few bytes whose count is not known here was a call to
    // `memcpy`, 1% of a run on its own.
    out.reserve(digits.len() - at);
    for &digit in &digits[at..] {
        out.push(digit);
    }
}

/// Our y runs down from the top of the page; PDF's runs up from the bottom.
pub fn flip_y(height: f64, y: f64) -> f64 {
    height - y
}

fn put_nums(out: &mut Vec<u8>, values: &[f64], op: &str) {
    for v in values {
        put_num(out, *v);
        out.push(b' ');
    }
    out.extend_from_slice(op.as_bytes());
    out.push(b'\n');
}

/// Each channel value 0..=255 as `put_num` writes its fraction of 255, with a space after
/// (`0.13 `): made once, since colours are set thousands of times per report.
fn channel_bytes() -> &'static [Vec<u8>; 256] {
    static TABLE: std::sync::OnceLock<[Vec<u8>; 256]> = std::sync::OnceLock::new();
    TABLE.get_or_init(|| {
        std::array::from_fn(|v| {
            let mut bytes = Vec::with_capacity(5);
            // Invariant: `v` < 256 by construction of the array.
            put_num(&mut bytes, f64::from(v as u8) / 255.0);
            bytes.push(b' ');
            bytes
        })
    })
}

fn put_color(out: &mut Vec<u8>, c: Color, op: &str) {
    // Channels as fractions, rounded like every other number (the same bytes as `put_nums`).
    let table = channel_bytes();
    for v in [c.r, c.g, c.b] {
        out.extend_from_slice(&table[usize::from(v)]);
    }
    out.extend_from_slice(op.as_bytes());
    out.push(b'\n');
}

fn set_font(out: &mut Vec<u8>, table: &GlyphTable, size: f64) {
    out.push(b'/');
    out.extend_from_slice(table.resource.as_bytes());
    out.push(b' ');
    put_nums(out, &[size], "Tf");
}

/// Appends a glyph id to a literal string: one byte in a one-byte font, else its two bytes,
/// big-endian (`Identity-H`).
///
/// Literal strings, not hex: a byte or two a glyph instead of four, the least content to
/// deflate, hash and write (issue 16). The delimiters and the backslash are escaped, and so
/// are CR and LF, which a reader would otherwise take for a line end.
#[inline(always)]
fn put_glyph(out: &mut Vec<u8>, gid: u16, one_byte: bool) {
    let bytes = gid.to_be_bytes();
    let bytes = if one_byte { &bytes[1..] } else { &bytes[..] };
    // Nearly every glyph: no byte needs an escape (this runs once per character drawn).
    if !bytes.iter().any(|&b| ESCAPED[usize::from(b)]) {
        out.extend_from_slice(bytes);
        return;
    }
    for &byte in bytes {
        put_escaped(out, byte);
    }
}

/// Appends one byte of a literal string: the delimiters and the backslash escaped, and so are
/// CR and LF, which a reader would otherwise take for a line end.
pub fn put_escaped(out: &mut Vec<u8>, byte: u8) {
    match byte {
        b'(' | b')' | b'\\' => out.extend_from_slice(&[b'\\', byte]),
        b'\n' => out.extend_from_slice(b"\\n"),
        b'\r' => out.extend_from_slice(b"\\r"),
        _ => out.push(byte),
    }
}

/// The bytes `put_glyph` escapes inside a literal string.
const ESCAPED: [bool; 256] = {
    let mut table = [false; 256];
    table[b'(' as usize] = true;
    table[b')' as usize] = true;
    table[b'\\' as usize] = true;
    table[b'\n' as usize] = true;
    table[b'\r' as usize] = true;
    table
};

/// Per ASCII byte, its one-byte code in `table`'s font, or 0 where the fast path of
/// `put_ascii` does not apply: a byte that is not printable, a glyph the font lacks, or a
/// font that shows two bytes a glyph.
fn ascii_codes(table: &GlyphTable) -> [u8; 128] {
    std::array::from_fn(|b| match u8::try_from(table.latin[b]) {
        Ok(code) if table.one_byte && (0x20..0x7F).contains(&b) => code,
        _ => 0,
    })
}

/// Appends `text` as one-byte codes of the font set (the text of nearly every run: printable
/// ASCII the base face has), escaped as `put_glyph` escapes them; `false`, with nothing
/// appended, when some byte has no code in `codes` (`ascii_codes`), for the general path.
fn put_ascii(out: &mut Vec<u8>, text: &str, codes: &[u8; 128]) -> bool {
    let mark = out.len();
    out.reserve(text.len() * 2 + 6);
    // One pass, pushing as it checks: a run is all ASCII far more often than not.
    let mut all = true;
    for b in text.bytes() {
        let code = codes[usize::from(b & 0x7F)];
        all &= b < 0x80 && code != 0;
        if ESCAPED[usize::from(code)] {
            put_escaped(out, code);
        } else {
            out.push(code);
        }
    }
    if !all {
        out.truncate(mark);
    }
    all
}

/// The content stream of one page.
pub fn page_content(items: &[Item], height: f64, fonts: FontTables<'_>) -> Vec<u8> {
    let mut out = Vec::with_capacity(items.len() * 48);
    let mut in_text = false;
    // The font in use, as `FontTables::lookup`'s index, and the size in hundredths. The font
    // is text state, which `BT` does not reset: it is set again only when it changes.
    let mut font: Option<(usize, i64)> = None;
    // Where the current text line starts, in hundredths: `Td` moves relative to it.
    let mut line_start = (0, 0);
    let mut fill: Option<Color> = None;
    let mut stroke: Option<(Color, i64)> = None;
    for item in items {
        if matches!(item, Item::Link(_)) {
            // Links are annotations (written by `pdf.rs`), not page content.
            continue;
        }
        if !matches!(item, Item::Text(_)) && in_text {
            out.extend_from_slice(b"ET\n");
            in_text = false;
        }
        match item {
            Item::Text(run) => {
                if !in_text {
                    out.extend_from_slice(b"BT\n");
                    in_text = true;
                    // `BT` starts from the identity matrix: the first move is absolute.
                    line_start = (0, 0);
                }
                let size_key = hundredths(run.size);
                let first = run.text.chars().next().unwrap_or(' ');
                let (slot, table, _) = fonts.lookup(run.face, first);
                if font != Some((slot, size_key)) {
                    set_font(&mut out, table, run.size);
                    font = Some((slot, size_key));
                }
                if fill != Some(run.color) {
                    put_color(&mut out, run.color, "rg");
                    fill = Some(run.color);
                }
                // A move from the previous line's start in whole hundredths, so every run
                // starts exactly where `1 0 0 1 x y Tm` put it, in half the bytes (issue 16:
                // content is what pages deflate, hash and write).
                let at = (hundredths(run.x), hundredths(flip_y(height, run.y)));
                put_hundredths(&mut out, at.0 - line_start.0);
                out.push(b' ');
                put_hundredths(&mut out, at.1 - line_start.1);
                out.extend_from_slice(b" Td\n(");
                line_start = at;
                if font == Some((run.face.index(), size_key))
                    && put_ascii(&mut out, &run.text, &fonts.base.ascii[run.face.index()])
                {
                    out.extend_from_slice(b") Tj\n");
                    continue;
                }
                for c in run.text.chars() {
                    let (slot, table, gid) = fonts.lookup(run.face, c);
                    if font != Some((slot, size_key)) {
                        // A character from another font: the text position moves on by the
                        // widths shown so far, so only the font changes.
                        out.extend_from_slice(b") Tj\n");
                        set_font(&mut out, table, run.size);
                        font = Some((slot, size_key));
                        out.push(b'(');
                    }
                    put_glyph(&mut out, gid, table.one_byte);
                }
                out.extend_from_slice(b") Tj\n");
            }
            Item::Rect(r) => {
                if let Some(c) = r.fill {
                    if fill != Some(c) {
                        put_color(&mut out, c, "rg");
                        fill = Some(c);
                    }
                }
                if let Some((c, w)) = r.stroke {
                    set_stroke(&mut out, &mut stroke, c, w);
                }
                put_nums(
                    &mut out,
                    &[r.x, flip_y(height, r.y + r.height), r.width, r.height],
                    "re",
                );
                out.extend_from_slice(match (r.fill.is_some(), r.stroke.is_some()) {
                    (true, true) => b"B\n",
                    (false, true) => b"S\n",
                    (true, false) => b"f\n",
                    (false, false) => b"n\n",
                });
            }
            Item::Link(_) => {}
            Item::Line(l) => {
                set_stroke(&mut out, &mut stroke, l.color, l.width);
                put_nums(&mut out, &[l.x1, flip_y(height, l.y1)], "m");
                put_nums(&mut out, &[l.x2, flip_y(height, l.y2)], "l");
                out.extend_from_slice(b"S\n");
            }
        }
    }
    if in_text {
        out.extend_from_slice(b"ET\n");
    }
    out
}

fn set_stroke(out: &mut Vec<u8>, current: &mut Option<(Color, i64)>, color: Color, width: f64) {
    let key = (color, hundredths(width));
    if *current != Some(key) {
        put_color(out, color, "RG");
        put_nums(out, &[width], "w");
        *current = Some(key);
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::report::display::{LineItem, TextRun};

    fn tables() -> [GlyphTable; 3] {
        let mut latin = [0u16; 256];
        latin[b'A' as usize] = 0x24;
        latin[b'b' as usize] = 0x1A5;
        let t = |resource: &str| GlyphTable {
            resource: resource.to_string(),
            latin,
            other: vec![('\u{2013}', 7)],
            one_byte: false,
        };
        [t("REGULR"), t("BOLDFC"), t("OBLIQU")]
    }

    fn no_extra() -> [Vec<GlyphTable>; 3] {
        [Vec::new(), Vec::new(), Vec::new()]
    }

    /// An extra two-byte font for the regular face with Ω only.
    fn omega_extra() -> [Vec<GlyphTable>; 3] {
        let omega = GlyphTable {
            resource: "EXTRAF".into(),
            latin: [0u16; 256],
            other: vec![('\u{03A9}', 3)],
            one_byte: false,
        };
        [vec![omega], Vec::new(), Vec::new()]
    }

    /// A half-point black line from x = 0 to 10 at y = 50.
    fn black_rule() -> Item {
        Item::Line(LineItem {
            x1: 0.0,
            y1: 50.0,
            x2: 10.0,
            y2: 50.0,
            color: Color::rgb(0, 0, 0),
            width: 0.5,
        })
    }

    #[test]
    fn numbers_round_to_hundredths_in_shortest_form() {
        let mut out = Vec::new();
        for v in [12.0, 12.5, 12.345, -0.254, 0.004, 100.10, 1205.0, -30.07] {
            put_num(&mut out, v);
            out.push(b' ');
        }
        assert_eq!(
            String::from_utf8(out).unwrap(),
            "12 12.5 12.35 -0.25 0 100.1 1205 -30.07 "
        );
    }

    #[test]
    fn text_and_lines_become_operators() {
        let items = vec![
            Item::Text(TextRun {
                x: 10.0,
                y: 20.0,
                text: "Ab\u{2013}".into(),
                face: FontFace::Bold,
                size: 9.5,
                color: Color::rgb(255, 0, 0),
            }),
            black_rule(),
        ];
        let (base, extra) = (BaseFonts::new(tables()), no_extra());
        let fonts = FontTables {
            base: &base,
            extra: &extra,
        };
        assert_eq!(
            page_content(&items, 100.0, fonts),
            b"BT\n/BOLDFC 9.5 Tf\n1 0 0 rg\n10 80 Td\n(\x00$\x01\xA5\x00\x07) Tj\nET\n0 0 0 RG\n0.5 w\n0 50 m\n10 50 l\nS\n"
        );
    }

    #[test]
    fn lines_move_from_the_last_line_and_the_font_outlives_bt() {
        let run = |x: f64, y: f64| {
            Item::Text(TextRun {
                x,
                y,
                text: "A".into(),
                face: FontFace::Regular,
                size: 10.0,
                color: Color::rgb(0, 0, 0),
            })
        };
        let items = vec![
            run(56.0, 20.006),
            run(56.0, 33.3),
            run(136.02, 33.3),
            black_rule(),
            run(60.5, 40.0),
        ];
        let (base, extra) = (BaseFonts::new(tables()), no_extra());
        let fonts = FontTables {
            base: &base,
            extra: &extra,
        };
        // Positions in whole hundredths, as `Tm` had them: 56 79.99 (100 - 20.006 rounded),
        // then 56 66.7, then 136.02 66.7; after `ET`, absolute again, with the font kept.
        assert_eq!(
            String::from_utf8_lossy(&page_content(&items, 100.0, fonts)),
            "BT\n/REGULR 10 Tf\n0 0 0 rg\n56 79.99 Td\n(\0$) Tj\n0 -13.29 Td\n(\0$) Tj\n\
             80.02 0 Td\n(\0$) Tj\nET\n0 0 0 RG\n0.5 w\n0 50 m\n10 50 l\nS\n\
             BT\n60.5 60 Td\n(\0$) Tj\nET\n"
        );
    }

    #[test]
    fn characters_of_another_font_switch_fonts_inside_the_run() {
        let base = BaseFonts::new(tables());
        let extra = omega_extra();
        let fonts = FontTables {
            base: &base,
            extra: &extra,
        };
        let items = vec![Item::Text(TextRun {
            x: 0.0,
            y: 10.0,
            text: "A\u{03A9}b".into(),
            face: FontFace::Regular,
            size: 10.0,
            color: Color::rgb(0, 0, 0),
        })];
        assert_eq!(
            page_content(&items, 100.0, fonts),
            b"BT\n/REGULR 10 Tf\n0 0 0 rg\n0 90 Td\n(\x00$) Tj\n/EXTRAF 10 Tf\n(\x00\x03) Tj\n/REGULR 10 Tf\n(\x01\xA5) Tj\nET\n"
        );
    }

    #[test]
    fn glyph_bytes_that_end_a_string_or_a_line_are_escaped() {
        let mut out = Vec::new();
        for gid in [0x0028, 0x0029, 0x005C, 0x000A, 0x000D, 0x285C, 0x0041] {
            put_glyph(&mut out, gid, false);
        }
        assert_eq!(
            out,
            b"\x00\\(\x00\\)\x00\\\\\x00\\n\x00\\r\\(\\\\\x00A".as_slice()
        );
        let mut out = Vec::new();
        for gid in [0x0028, 0x0029, 0x005C, 0x000A, 0x000D, 0x0041, 0x00D2] {
            put_glyph(&mut out, gid, true);
        }
        assert_eq!(out, b"\\(\\)\\\\\\n\\rA\xD2".as_slice());
    }

    #[test]
    fn the_ascii_path_escapes_like_put_glyph_and_leaves_other_text_alone() {
        let mut table = tables()[0].clone();
        table.one_byte = true;
        // Glyph ids that are delimiters, a line end or past a byte as codes.
        for (b, gid) in [
            (b'A', 0x28),
            (b'B', 0x0A),
            (b'C', 0x5C),
            (b'D', 0x41),
            (b'E', 0x1FF),
        ] {
            table.latin[usize::from(b)] = gid;
        }
        let codes = ascii_codes(&table);
        let mut out = b"x".to_vec();
        assert!(put_ascii(&mut out, "ABCD", &codes));
        let mut by_glyph = b"x".to_vec();
        for gid in [0x28, 0x0A, 0x5C, 0x41] {
            put_glyph(&mut by_glyph, gid, true);
        }
        assert_eq!(out, by_glyph);
        // Not ASCII, a control byte, a glyph the font lacks or one past a byte: the general
        // path's, with nothing written.
        for text in ["A\u{2013}", "A\tD", "Az", "AE"] {
            let mut out = b"x".to_vec();
            assert!(!put_ascii(&mut out, text, &codes), "{text:?}");
            assert_eq!(out, b"x");
        }
        // A two-byte font never takes it.
        table.one_byte = false;
        assert!(!put_ascii(&mut Vec::new(), "D", &ascii_codes(&table)));
    }

    #[test]
    fn one_byte_fonts_show_a_byte_a_glyph_beside_two_byte_ones() {
        let mut base = tables();
        base[0].latin[b'b' as usize] = 0x45;
        base[0].one_byte = true;
        let base = BaseFonts::new(base);
        let extra = omega_extra();
        let fonts = FontTables {
            base: &base,
            extra: &extra,
        };
        let run = |text: &str| {
            Item::Text(TextRun {
                x: 0.0,
                y: 10.0,
                text: text.into(),
                face: FontFace::Regular,
                size: 10.0,
                color: Color::rgb(0, 0, 0),
            })
        };
        // The ASCII fast path and the per-character path write the same single bytes.
        assert_eq!(
            page_content(&[run("Ab"), run("A\u{2013}\u{03A9}b")], 100.0, fonts),
            b"BT\n/REGULR 10 Tf\n0 0 0 rg\n0 90 Td\n($E) Tj\n0 0 Td\n($\x07) Tj\n/EXTRAF 10 Tf\n(\x00\x03) Tj\n/REGULR 10 Tf\n(E) Tj\nET\n"
        );
    }
}
