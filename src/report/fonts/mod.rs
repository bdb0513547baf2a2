//! The report's fonts: DejaVu Sans regular, bold and oblique from the `dejavu` crate, with the
//! advance widths that layout measures text with.
//!
//! Layout and the PDF backend must agree on every glyph's width, so both read this module: the
//! metrics are computed once per process (a `OnceLock`) from the same bytes the backend embeds.
//! The set of characters the report may show is closed (`CHARSET`): the backend embeds a subset
//! of exactly these glyphs once per run, instead of subsetting per report. A character outside
//! the set is replaced with `FALLBACK_CHAR` and reported, never drawn as an empty box. This
//! module knows nothing about PDF and never looks at system fonts.

use std::sync::OnceLock;

/// The character drawn in place of one the report font cannot show.
pub const FALLBACK_CHAR: char = '?';

/// Characters beyond printable Latin-1 that the report may show (typographic punctuation and a
/// few symbols); DejaVu Sans has all of them.
const EXTRA_CHARS: &[char] = &[
    '\u{2013}', '\u{2014}', '\u{2018}', '\u{2019}', '\u{201C}', '\u{201D}', '\u{2022}', '\u{2026}',
    '\u{2190}', '\u{2192}', '\u{20AC}', '\u{2212}', '\u{2248}', '\u{2260}', '\u{2264}', '\u{2265}',
    '\u{25A0}', '\u{25CF}', '\u{2713}',
];

/// Whether a character belongs to the closed report character set (printable ASCII, printable
/// Latin-1 and `EXTRA_CHARS`).
pub fn in_charset(c: char) -> bool {
    matches!(c, ' '..='~' | '\u{A0}'..='\u{FF}') || EXTRA_CHARS.contains(&c)
}

/// Every character of the report character set, in code-point order (what the backend embeds).
pub fn charset() -> Vec<char> {
    let mut all: Vec<char> = (' '..='~').chain('\u{A0}'..='\u{FF}').collect();
    all.extend_from_slice(EXTRA_CHARS);
    all.sort_unstable();
    all
}

/// One of the three faces the report uses.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum FontFace {
    /// DejaVu Sans.
    Regular,
    /// DejaVu Sans Bold.
    Bold,
    /// DejaVu Sans Oblique.
    Oblique,
}

impl FontFace {
    /// The three faces, in a fixed order.
    pub const ALL: [FontFace; 3] = [FontFace::Regular, FontFace::Bold, FontFace::Oblique];

    /// The face's TrueType bytes (bundled by the `dejavu` crate, never the system's).
    pub fn bytes(self) -> &'static [u8] {
        match self {
            FontFace::Regular => dejavu::sans::regular(),
            FontFace::Bold => dejavu::sans::bold(),
            FontFace::Oblique => dejavu::sans::oblique(),
        }
    }

    /// The PostScript name of the face.
    pub fn postscript_name(self) -> &'static str {
        match self {
            FontFace::Regular => "DejaVuSans",
            FontFace::Bold => "DejaVuSans-Bold",
            FontFace::Oblique => "DejaVuSans-Oblique",
        }
    }

    /// A short stable name for text dumps.
    pub fn short_name(self) -> &'static str {
        match self {
            FontFace::Regular => "regular",
            FontFace::Bold => "bold",
            FontFace::Oblique => "oblique",
        }
    }

    fn index(self) -> usize {
        self as usize
    }
}

/// Advance widths and vertical metrics of one face, in font units.
#[derive(Debug, Clone)]
pub struct FaceMetrics {
    units_per_em: f64,
    ascender: f64,
    descender: f64,
    /// Advances of U+0000..U+00FF (0 where the face has no glyph or the char is not shown).
    latin: [u16; 256],
    /// Advances of `EXTRA_CHARS`, same order.
    extra: Vec<u16>,
}

impl FaceMetrics {
    fn parse(face: FontFace) -> FaceMetrics {
        // Invariant: the bundled DejaVu fonts are valid TrueType files; a failure here is a
        // broken build of the `dejavu` crate, not bad input.
        let parsed = ttf_parser::Face::parse(face.bytes(), 0).expect("bundled DejaVu font parses");
        let advance = |c: char| -> u16 {
            parsed
                .glyph_index(c)
                .and_then(|g| parsed.glyph_hor_advance(g))
                .unwrap_or(0)
        };
        let mut latin = [0u16; 256];
        for (i, slot) in latin.iter_mut().enumerate() {
            // Invariant: 0..=255 are all valid chars.
            let c = char::from_u32(i as u32).unwrap_or(' ');
            if in_charset(c) {
                *slot = advance(c);
            }
        }
        FaceMetrics {
            units_per_em: f64::from(parsed.units_per_em()),
            ascender: f64::from(parsed.ascender()),
            descender: f64::from(parsed.descender()),
            latin,
            extra: EXTRA_CHARS.iter().map(|&c| advance(c)).collect(),
        }
    }

    /// The advance of one character in font units, or `None` when the report cannot show it.
    fn advance_units(&self, c: char) -> Option<u16> {
        let code = c as u32;
        if code < 256 {
            return in_charset(c).then_some(self.latin[code as usize]);
        }
        EXTRA_CHARS
            .iter()
            .position(|&e| e == c)
            .map(|i| self.extra[i])
    }

    /// Whether the face can show the character.
    pub fn has_char(&self, c: char) -> bool {
        self.advance_units(c).is_some()
    }

    /// Width of `text` at `size` points (characters it cannot show are measured as the fallback).
    pub fn width(&self, text: &str, size: f64) -> f64 {
        self.points(self.units(text), size)
    }

    /// Advance of `text` in font units: integers, so widths can be summed piecewise exactly.
    pub fn units(&self, text: &str) -> u64 {
        let fallback = self.latin[FALLBACK_CHAR as usize];
        text.chars()
            .map(|c| u64::from(self.advance_units(c).unwrap_or(fallback)))
            .sum()
    }

    /// Font units at `size`, in points.
    pub fn points(&self, units: u64, size: f64) -> f64 {
        units as f64 * size / self.units_per_em
    }

    /// Distance from the baseline to the top of tall glyphs at `size` points.
    pub fn ascent(&self, size: f64) -> f64 {
        self.ascender * size / self.units_per_em
    }

    /// Distance from the baseline to the bottom of descenders at `size` points (positive).
    pub fn descent(&self, size: f64) -> f64 {
        -self.descender * size / self.units_per_em
    }
}

/// The metrics of the three faces, computed once per process.
pub fn metrics(face: FontFace) -> &'static FaceMetrics {
    static METRICS: OnceLock<[FaceMetrics; 3]> = OnceLock::new();
    &METRICS.get_or_init(|| FontFace::ALL.map(FaceMetrics::parse))[face.index()]
}

/// Replaces characters the report font cannot show with `FALLBACK_CHAR` (whitespace such as line
/// breaks with a space), and appends a warning naming each replaced character to `warnings`
/// (at most once per character).
pub fn sanitize(text: &str, warnings: &mut Vec<String>) -> String {
    if text.chars().all(in_charset) {
        return text.to_string();
    }
    text.chars()
        .map(|c| {
            if in_charset(c) {
                c
            } else if c.is_whitespace() {
                // Line breaks and tabs in free text (comments) are word breaks, not glyphs.
                ' '
            } else {
                let warning = format!(
                    "character U+{:04X} {c:?} is not in the report font; shown as {FALLBACK_CHAR:?}",
                    c as u32
                );
                if !warnings.contains(&warning) {
                    warnings.push(warning);
                }
                FALLBACK_CHAR
            }
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_charset_char_has_a_glyph_in_every_face() {
        for face in FontFace::ALL {
            let m = metrics(face);
            for c in charset() {
                assert!(m.has_char(c), "{face:?} lacks {c:?}");
                assert!(m.width(&c.to_string(), 10.0) > 0.0 || c == '\u{A0}' || c == '\u{AD}');
            }
        }
    }

    #[test]
    fn widths_scale_with_size_and_bold_is_wider() {
        let regular = metrics(FontFace::Regular);
        let w10 = regular.width("Portfolio management", 10.0);
        assert!((regular.width("Portfolio management", 20.0) - 2.0 * w10).abs() < 1e-9);
        assert!(metrics(FontFace::Bold).width("Portfolio management", 10.0) > w10);
        assert!(regular.ascent(10.0) > 7.0 && regular.descent(10.0) > 1.0);
    }

    #[test]
    fn unknown_characters_fall_back_with_one_warning_each() {
        let mut warnings = Vec::new();
        let text = sanitize("Zürich 東京 東 – ok\nnext\tcell", &mut warnings);
        assert_eq!(text, "Zürich ?? ? – ok next cell");
        assert_eq!(warnings.len(), 2);
        assert!(warnings[0].contains("U+6771"));
        assert_eq!(sanitize("plain", &mut warnings), "plain");
    }
}
