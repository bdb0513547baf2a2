//! The report's fonts: DejaVu Sans regular, bold and oblique from the `dejavu` crate, any
//! fallback fonts the config names, and the advance widths that layout measures text with.
//!
//! Layout and the PDF backend must agree on every glyph's width, so both read this module: the
//! DejaVu metrics are computed once per process (a `OnceLock`) from the same bytes the backend
//! embeds, and a fallback font's from its file. Every character DejaVu or a fallback font maps
//! can be shown; the others are replaced with `FALLBACK_CHAR` after layout and named in a
//! finding (`missing.rs`), never drawn as an empty box. The backend embeds the common report
//! characters (`charset`: Latin-1 and typographic punctuation) from a subset made once per run,
//! and subsets the other characters a document uses for that document alone, so a report's
//! bytes depend only on its own text. This module knows nothing about PDF and never looks at
//! system fonts.

use std::sync::{Arc, OnceLock};

mod fallback;
mod metrics;
mod missing;

pub use fallback::{current_fallbacks, with_fallbacks, FallbackFont};
pub use metrics::FaceMetrics;
pub use missing::{missing_finding, MISSING_CHARACTERS};

/// The character drawn in place of one no embedded font can show.
pub const FALLBACK_CHAR: char = '?';

/// A byte order mark inside text (a cell pasted from a file that began with one) is
/// invisible: it takes no width and is left out of the drawn text, never shown as `?`.
const BYTE_ORDER_MARK: char = '\u{FEFF}';

/// Characters beyond printable Latin-1 that reports commonly show (typographic punctuation and
/// a few symbols); DejaVu Sans has all of them.
const EXTRA_CHARS: &[char] = &[
    '\u{2013}', '\u{2014}', '\u{2018}', '\u{2019}', '\u{201C}', '\u{201D}', '\u{2022}', '\u{2026}',
    '\u{2190}', '\u{2192}', '\u{20AC}', '\u{2212}', '\u{2248}', '\u{2260}', '\u{2264}', '\u{2265}',
    '\u{25A0}', '\u{25CF}', '\u{2713}',
];

/// Whether a character belongs to the common report character set (printable ASCII, printable
/// Latin-1 and `EXTRA_CHARS`), which the backend subsets once per run.
pub fn in_charset(c: char) -> bool {
    matches!(c, ' '..='~' | '\u{A0}'..='\u{FF}') || EXTRA_CHARS.contains(&c)
}

/// Every character of the common report character set, in code-point order.
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

    /// The face's position in `ALL`.
    pub fn index(self) -> usize {
        self as usize
    }
}

/// The metrics of a DejaVu face alone, computed once per process.
pub fn face_metrics(face: FontFace) -> &'static FaceMetrics {
    static METRICS: OnceLock<[FaceMetrics; 3]> = OnceLock::new();
    &METRICS.get_or_init(|| {
        FontFace::ALL.map(|face| {
            // Invariant: the bundled DejaVu fonts are valid TrueType files; a failure here is
            // a broken build of the `dejavu` crate, not bad input.
            FaceMetrics::parse(face.bytes()).expect("bundled DejaVu font parses")
        })
    })[face.index()]
}

/// Where a character of a face's text is drawn from.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
pub enum GlyphSource {
    /// The DejaVu face itself.
    Face,
    /// The configured fallback font of this index (the first one that has the character).
    Fallback(usize),
}

/// How layout measures one face: DejaVu first, then the fallback fonts installed by
/// `with_fallbacks`, then the width of `FALLBACK_CHAR`.
#[derive(Debug, Clone)]
pub struct Metrics {
    face: &'static FaceMetrics,
    fallbacks: Option<Arc<[FallbackFont]>>,
}

/// The metrics layout measures `face` with on this thread.
pub fn metrics(face: FontFace) -> Metrics {
    Metrics {
        face: face_metrics(face),
        fallbacks: current_fallbacks(),
    }
}

impl Metrics {
    /// The font a character is drawn from, or `None` when no embedded font has it.
    pub fn source(&self, c: char) -> Option<GlyphSource> {
        if self.face.has_char(c) {
            return Some(GlyphSource::Face);
        }
        self.fallbacks()
            .iter()
            .position(|f| f.metrics().has_char(c))
            .map(GlyphSource::Fallback)
    }

    fn fallbacks(&self) -> &[FallbackFont] {
        self.fallbacks.as_deref().unwrap_or_default()
    }

    /// Whether some embedded font can show the character.
    pub fn has_char(&self, c: char) -> bool {
        self.source(c).is_some()
    }

    /// The advance of one character in the face's units: a fallback font's advance is scaled
    /// to them, and a character no font has measures as `FALLBACK_CHAR`.
    /// The face's own metrics (without the fallback fonts).
    pub fn face(&self) -> &'static FaceMetrics {
        self.face
    }

    fn advance(&self, c: char) -> u64 {
        if c == BYTE_ORDER_MARK {
            return 0;
        }
        if let Some(units) = self.face.advance_units(c) {
            return u64::from(units);
        }
        for fallback in self.fallbacks() {
            let m = fallback.metrics();
            if let Some(units) = m.advance_units(c) {
                let scaled = f64::from(units) * self.face.units_per_em() / m.units_per_em();
                return scaled.round() as u64;
            }
        }
        u64::from(self.face.advance_units(FALLBACK_CHAR).unwrap_or(0))
    }

    /// The advance of one character in the face's units (`units` of a one-character text).
    pub fn char_units(&self, c: char) -> u64 {
        self.advance(c)
    }

    /// Width of `text` at `size` points.
    pub fn width(&self, text: &str, size: f64) -> f64 {
        self.points(self.units(text), size)
    }

    /// Advance of `text` in font units: integers, so widths can be summed piecewise exactly.
    pub fn units(&self, text: &str) -> u64 {
        // ASCII the face has (nearly all text) is summed byte by byte; a byte order mark or a
        // character for the fallback fonts is never ASCII, so the sum is the same.
        if let Some(units) = self.face.ascii_units(text) {
            return units;
        }
        text.chars().map(|c| self.advance(c)).sum()
    }

    /// Font units at `size`, in points.
    pub fn points(&self, units: u64, size: f64) -> f64 {
        self.face.points(units, size)
    }

    /// Distance from the baseline to the top of tall glyphs at `size` points.
    pub fn ascent(&self, size: f64) -> f64 {
        self.face.ascent(size)
    }

    /// Distance from the baseline to the bottom of descenders at `size` points (positive).
    pub fn descent(&self, size: f64) -> f64 {
        self.face.descent(size)
    }
}

/// Whether `text` is printable ASCII only, which the common character set always covers: a
/// byte scan that spares most text runs a look at their characters.
pub(crate) fn printable_ascii(text: &str) -> bool {
    // No early exit inside a chunk: the compiler checks its 32 bytes at once.
    text.as_bytes().chunks(32).all(|chunk| {
        chunk
            .iter()
            .fold(true, |ok, &b| ok & matches!(b, b' '..=b'~'))
    })
}

/// `text` as drawn, or `None` when it is drawn as it is: characters no embedded font has become
/// `FALLBACK_CHAR` and are added to `missing`; other whitespace (line breaks, tabs) becomes a
/// space, and a byte order mark is left out.
pub fn replace_missing(
    text: &str,
    metrics: &Metrics,
    missing: &mut std::collections::BTreeSet<char>,
) -> Option<String> {
    let shown = |c: char| {
        in_charset(c) || (!c.is_whitespace() && c != BYTE_ORDER_MARK && metrics.has_char(c))
    };
    // Printable ASCII is always shown: most runs are checked by this byte scan alone.
    if printable_ascii(text) || text.chars().all(shown) {
        return None;
    }
    Some(
        text.chars()
            .filter(|&c| c != BYTE_ORDER_MARK)
            .map(|c| {
                if shown(c) {
                    c
                } else if c.is_whitespace() {
                    // Line breaks and tabs in free text (comments) are word breaks, not glyphs.
                    ' '
                } else {
                    missing.insert(c);
                    FALLBACK_CHAR
                }
            })
            .collect(),
    )
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_charset_char_has_a_glyph_in_every_face() {
        for face in FontFace::ALL {
            let m = metrics(face);
            for c in charset() {
                assert_eq!(m.source(c), Some(GlyphSource::Face), "{face:?} lacks {c:?}");
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
    fn greek_cyrillic_and_polish_are_shown_and_cjk_is_replaced_and_collected() {
        let m = metrics(FontFace::Regular);
        let mut missing = std::collections::BTreeSet::new();
        assert_eq!(
            replace_missing("Ωμέγα Дмитрий Łódź – ok", &m, &mut missing),
            None
        );
        let text = replace_missing("Zürich 東京 東\nnext\tcell", &m, &mut missing);
        assert_eq!(text.as_deref(), Some("Zürich ?? ? next cell"));
        assert_eq!(missing.iter().collect::<String>(), "京東");
        // A missing character is measured as the character that replaces it.
        assert_eq!(m.units("東"), m.units("?"));
        // A byte order mark inside text takes no room and is not drawn.
        let bom = replace_missing("a\u{FEFF}b", &m, &mut missing);
        assert_eq!(bom.as_deref(), Some("ab"));
        assert_eq!(m.units("a\u{FEFF}b"), m.units("ab"));
        assert_eq!(missing.len(), 2);
    }

    #[test]
    fn fallback_fonts_cover_what_the_face_lacks_within_their_scope() {
        // U+2900 (a right arrow with a vertical stroke): DejaVu Serif has it, Sans does not.
        let c = '\u{2900}';
        assert!(!face_metrics(FontFace::Regular).has_char(c));
        let serif = FallbackFont::parse("serif.ttf", dejavu::serif::regular().to_vec()).unwrap();
        assert!(serif.metrics().has_char(c), "pick another character");
        let fonts: Arc<[FallbackFont]> = Arc::from(vec![serif]);
        let (source, width) = with_fallbacks(&fonts, || {
            let m = metrics(FontFace::Bold);
            (m.source(c), m.width(&c.to_string(), 10.0))
        });
        assert_eq!(source, Some(GlyphSource::Fallback(0)));
        assert!(width > 0.0);
        assert_eq!(metrics(FontFace::Bold).source(c), None);
    }
}
