//! `FaceMetrics`: the advance widths of every character a font file maps, read once from its
//! cmap, and the vertical metrics layout needs.
//!
//! It parses any TrueType or OpenType bytes (the bundled DejaVu faces and the configured
//! fallback fonts alike) and keeps plain numbers, so layout never touches a font parser. A
//! file that does not parse, or maps no character, is an error naming the problem; the caller
//! names the file.

/// Advance widths and vertical metrics of one font, in its own font units.
#[derive(Debug, Clone)]
pub struct FaceMetrics {
    units_per_em: f64,
    ascender: f64,
    descender: f64,
    /// Advances of U+0000..U+00FF (`None` where the font maps no glyph).
    latin: [Option<u16>; 256],
    /// Advances of the other characters the font maps, sorted by character.
    other: Vec<(char, u16)>,
    /// Per ASCII byte, its advance, or `MISSING` when the font lacks it: a sum over a word is
    /// its advance when below `MISSING` (no branch per byte; line breaking sums every byte).
    ascii: [u64; 128],
}

/// What a byte without a glyph adds to an `ascii` sum: above any sum of real advances (a
/// `u16` each), so that one missing byte shows in the sum, and far from overflowing it.
const MISSING: u64 = 1 << 40;

impl FaceMetrics {
    /// Reads the metrics of the first face in `bytes`; `Err` says why the bytes are not a
    /// usable font.
    pub fn parse(bytes: &[u8]) -> Result<FaceMetrics, String> {
        let face = ttf_parser::Face::parse(bytes, 0)
            .map_err(|e| format!("not a TrueType or OpenType font ({e})"))?;
        let mut codes = Vec::new();
        if let Some(cmap) = face.tables().cmap {
            for subtable in cmap.subtables.into_iter().filter(|s| s.is_unicode()) {
                subtable.codepoints(|code| codes.push(code));
            }
        }
        codes.sort_unstable();
        codes.dedup();
        let mut latin = [None; 256];
        let mut other = Vec::new();
        for code in codes {
            let Some(c) = char::from_u32(code) else {
                continue;
            };
            let Some(advance) = face
                .glyph_index(c)
                .filter(|g| g.0 != 0)
                .and_then(|g| face.glyph_hor_advance(g))
            else {
                continue;
            };
            match usize::try_from(code) {
                Ok(i) if i < 256 => latin[i] = Some(advance),
                _ => other.push((c, advance)),
            }
        }
        if latin.iter().all(Option::is_none) && other.is_empty() {
            return Err("the font maps no Unicode character".to_string());
        }
        if face.units_per_em() == 0 {
            return Err("the font has no units per em".to_string());
        }
        let ascii = std::array::from_fn(|b| latin[b].map_or(MISSING, u64::from));
        Ok(FaceMetrics {
            units_per_em: f64::from(face.units_per_em()),
            ascender: f64::from(face.ascender()),
            descender: f64::from(face.descender()),
            latin,
            other,
            ascii,
        })
    }

    /// The advance of one character in font units, or `None` when the font has no glyph for it.
    pub fn advance_units(&self, c: char) -> Option<u16> {
        match usize::try_from(c as u32) {
            Ok(i) if i < 256 => self.latin[i],
            _ => self
                .other
                .binary_search_by_key(&c, |(k, _)| *k)
                .ok()
                .map(|i| self.other[i].1),
        }
    }

    /// The advance of an ASCII `text` in font units, or `None` when it has other characters
    /// or one the font lacks: the byte loop of the common case, without decoding characters.
    pub fn ascii_units(&self, text: &str) -> Option<u64> {
        if !text.is_ascii() {
            return None;
        }
        Self::ascii_sum(text.bytes().map(|b| self.ascii_advance(b)).sum())
    }

    /// The advance of an ASCII byte in font units, to be summed over a word and read back
    /// with `ascii_sum` (a byte the font lacks makes the sum `None`).
    #[inline]
    pub fn ascii_advance(&self, byte: u8) -> u64 {
        self.ascii[usize::from(byte & 0x7F)]
    }

    /// A sum of `ascii_advance`s: the advance in font units, or `None` when some byte's glyph
    /// is missing.
    #[inline]
    pub fn ascii_sum(sum: u64) -> Option<u64> {
        (sum < MISSING).then_some(sum)
    }

    /// Whether the font has a glyph for the character.
    pub fn has_char(&self, c: char) -> bool {
        self.advance_units(c).is_some()
    }

    /// Font units per em.
    pub fn units_per_em(&self) -> f64 {
        self.units_per_em
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

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn dejavu_maps_greek_cyrillic_and_polish_but_not_cjk() {
        let m = FaceMetrics::parse(dejavu::sans::regular()).unwrap();
        for c in "AzΩμέγαДмитрийŁódź–€".chars() {
            assert!(m.has_char(c), "{c:?}");
        }
        assert!(!m.has_char('東'));
        assert!(m.advance_units('Ω').unwrap() > 0);
    }

    #[test]
    fn ascii_sums_are_the_advances_or_none_for_a_missing_glyph() {
        let m = FaceMetrics::parse(dejavu::sans::regular()).unwrap();
        let advance = |c| u64::from(m.advance_units(c).unwrap());
        assert_eq!(m.ascii_units("Aa"), Some(advance('A') + advance('a')));
        assert_eq!(m.ascii_units(""), Some(0));
        // DejaVu maps no control character: one in a long word still shows.
        assert_eq!(m.ascii_units(&format!("{}\u{1}", "W".repeat(10_000))), None);
        assert_eq!(m.ascii_units("Ω"), None);
        let sum = m.ascii_advance(b'A') + m.ascii_advance(1);
        assert_eq!(FaceMetrics::ascii_sum(sum), None);
    }

    #[test]
    fn bytes_that_are_no_font_are_an_error() {
        assert!(FaceMetrics::parse(b"not a font at all").is_err());
        assert!(FaceMetrics::parse(&dejavu::sans::regular()[..2_000]).is_err());
    }
}
