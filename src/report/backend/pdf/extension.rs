//! The fonts of one document beyond the run's common subset: the DejaVu glyphs outside the
//! common report characters (Greek, Cyrillic, Polish…) and the glyphs it takes from the
//! configured fallback fonts (CJK…), each font subset to exactly the characters this
//! document shows.
//!
//! Made from the document's own display list and nothing else, so a report's bytes do not
//! depend on the other organizations of the run; a document that shows only common
//! characters gets none (the usual case, which costs one scan of its text).

use std::collections::BTreeSet;
use std::sync::OnceLock;

use printpdf::ParsedFont;

use crate::report::backend::content::GlyphTable;
use crate::report::backend::pdf::font_objects::{write_font_objects, FontObjects, SubsetFont};
use crate::report::display::{DisplayList, Item};
use crate::report::fonts::{face_metrics, in_charset, printable_ascii, FallbackFont, FontFace};
use crate::report::ReportError;

/// A configured fallback font, parsed once per run for subsetting.
pub struct LoadedFallback {
    /// The font as configured (name, metrics).
    pub font: FallbackFont,
    /// The whole font, parsed by printpdf.
    pub parsed: ParsedFont,
}

/// The three whole DejaVu faces (in `FontFace::ALL` order), parsed the first time a document
/// shows a glyph beyond the common subset, which most runs never do: held parsed from the
/// start, printpdf's glyph records were 10 MB of every run's memory (issue 16). Parsed once a
/// run; a thread that needs them while another parses waits for it.
#[derive(Default)]
pub struct WholeFaces(OnceLock<Result<[ParsedFont; 3], String>>);

impl WholeFaces {
    /// The faces, parsed now if not yet.
    fn get(&self) -> Result<&[ParsedFont; 3], ReportError> {
        let parsed = self.0.get_or_init(|| {
            let mut faces = Vec::with_capacity(FontFace::ALL.len());
            for face in FontFace::ALL {
                let name = face.postscript_name();
                faces.push(super::parse_font(face.bytes(), name).map_err(|_| name.to_string())?);
            }
            faces.try_into().map_err(|_| "three faces".to_string())
        });
        parsed.as_ref().map_err(|font| ReportError::Font {
            font: font.clone(),
            problem: "parse failed".to_string(),
        })
    }
}

/// One document's extra fonts: their objects and, per face, the glyph tables to try after the
/// face's common subset.
pub struct DocumentFonts {
    /// The fonts' objects, with their own `/Font` dictionary.
    pub objects: FontObjects,
    /// Per face (in `FontFace::ALL` order), the extra fonts in lookup order.
    pub extra: [Vec<GlyphTable>; 3],
}

/// Resource name and subset tag of a face's extra DejaVu glyphs.
fn extension_id(face: FontFace) -> &'static str {
    match face {
        FontFace::Regular => "DJVXRG",
        FontFace::Bold => "DJVXBD",
        FontFace::Oblique => "DJVXOB",
    }
}

/// Resource name and subset tag of the fallback font of this index: `FBKAAA`, `FBKAAB`, …
fn fallback_id(index: usize) -> String {
    let letter = |n: usize| char::from(b'A' + (n % 26) as u8);
    format!(
        "FBK{}{}{}",
        letter(index / 676),
        letter(index / 26),
        letter(index)
    )
}

/// A PostScript name for a fallback font: its own, kept to letters, digits and hyphens.
fn fallback_name(parsed: &ParsedFont, index: usize) -> String {
    let own: String = parsed
        .font_name
        .as_deref()
        .unwrap_or_default()
        .chars()
        .filter(|c| c.is_ascii_alphanumeric() || *c == '-')
        .take(60)
        .collect();
    if own.is_empty() {
        format!("Fallback{index}")
    } else {
        own
    }
}

/// The extra fonts `list` needs, or `None` when it shows only common report characters.
pub fn document_fonts(
    list: &DisplayList,
    faces: &WholeFaces,
    fallbacks: &[LoadedFallback],
) -> Result<Option<DocumentFonts>, ReportError> {
    let mut own: [BTreeSet<char>; 3] = Default::default();
    let mut borrowed: Vec<BTreeSet<char>> = vec![BTreeSet::new(); fallbacks.len()];
    for page in &list.pages {
        for item in &page.items {
            let Item::Text(run) = item else { continue };
            // Printable ASCII is in the common set: most runs need no look at their characters.
            if printable_ascii(&run.text) {
                continue;
            }
            for c in run.text.chars().filter(|&c| !in_charset(c)) {
                if face_metrics(run.face).has_char(c) {
                    own[run.face.index()].insert(c);
                } else if let Some(i) = fallbacks.iter().position(|f| f.font.metrics().has_char(c))
                {
                    borrowed[i].insert(c);
                }
            }
        }
    }
    if own.iter().all(BTreeSet::is_empty) && borrowed.iter().all(BTreeSet::is_empty) {
        return Ok(None);
    }
    let mut fonts = Vec::new();
    let mut extra: [Vec<GlyphTable>; 3] = Default::default();
    for face in FontFace::ALL {
        let chars: Vec<char> = own[face.index()].iter().copied().collect();
        if chars.is_empty() {
            continue;
        }
        let font = SubsetFont::new(
            &faces.get()?[face.index()],
            &chars,
            extension_id(face),
            face.postscript_name(),
        )
        .map_err(|problem| ReportError::Font {
            font: face.postscript_name().to_string(),
            problem,
        })?;
        extra[face.index()].push(font.glyph_table());
        fonts.push(font);
    }
    for (i, (fallback, chars)) in fallbacks.iter().zip(&borrowed).enumerate() {
        if chars.is_empty() {
            continue;
        }
        let chars: Vec<char> = chars.iter().copied().collect();
        let name = fallback_name(&fallback.parsed, i);
        let font = SubsetFont::new(&fallback.parsed, &chars, &fallback_id(i), &name).map_err(
            |problem| ReportError::Font {
                font: fallback.font.name().to_string(),
                problem,
            },
        )?;
        let table = font.glyph_table();
        for tables in &mut extra {
            tables.push(table.clone());
        }
        fonts.push(font);
    }
    Ok(Some(DocumentFonts {
        objects: write_font_objects(fonts)?,
        extra,
    }))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn ids_are_six_upper_case_letters_and_distinct() {
        let ids: BTreeSet<String> = (0..700).map(fallback_id).collect();
        assert_eq!(ids.len(), 700);
        assert!(ids
            .iter()
            .chain(FontFace::ALL.map(|f| extension_id(f).to_string()).iter())
            .all(|id| id.len() == 6 && id.chars().all(|c| c.is_ascii_uppercase())));
    }
}
