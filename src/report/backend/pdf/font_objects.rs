//! Subset fonts → PDF font objects: printpdf subsets a font to given characters and writes
//! its objects (Type0 font, descendant, descriptor, widths, ToUnicode, program) in a one-page
//! template document, from which we take them, deflated, for reuse.
//!
//! `PdfBackend` does this once per run for the common report characters, and once per
//! document for the characters beyond them (`extension.rs`). Part of the PDF backend, the
//! only place that imports printpdf and lopdf.

use std::collections::BTreeMap;

use lopdf::{Object, ObjectId};
use printpdf::{
    FontEmbeddingMode, FontId, Op, ParsedFont, PdfDocument, PdfFont, PdfFontHandle, PdfPage,
    PrintpdfFontMeta, Pt, Rect, TextItem, TextMatrix,
};

use crate::report::backend::content::GlyphTable;
use crate::report::backend::pdf::one_byte::rewrite_fonts;
use crate::report::backend::pdf::{deflate, post, save_options};
use crate::report::ReportError;

/// Font objects written once by printpdf, with their numbering in the template document.
pub struct FontObjects {
    /// The `/Font` resource dictionary.
    pub font_dict: ObjectId,
    /// It and every object it reaches, streams already deflated.
    pub objects: Vec<(ObjectId, Object)>,
}

/// One font subset to some characters, ready to be written.
pub struct SubsetFont {
    /// Resource name and subset tag: six upper-case letters.
    pub id: String,
    /// The subset program, parsed.
    pub parsed: ParsedFont,
    /// The characters it was subset to, in code-point order.
    pub chars: Vec<char>,
    /// Size of the subset program in bytes, undeflated.
    pub program_size: usize,
}

impl SubsetFont {
    /// Subsets `full` to those of `chars` it has; `name` is the PostScript name written after
    /// the tag. `Err` is the subsetter's message.
    pub fn new(
        full: &ParsedFont,
        chars: &[char],
        id: &str,
        name: &str,
    ) -> Result<SubsetFont, String> {
        let glyphs: BTreeMap<u16, String> = chars
            .iter()
            .filter_map(|&c| {
                full.lookup_glyph_index(c as u32)
                    .map(|gid| (gid, c.to_string()))
            })
            .collect();
        let subset = printpdf::subset_font(full, &glyphs)?;
        let mut warnings = Vec::new();
        let mut parsed = ParsedFont::from_bytes(&subset.bytes, 0, &mut warnings)
            .ok_or_else(|| "the subset does not parse".to_string())?;
        // The tag marks the embedded program as a subset (ISO 32000-1, 9.6.4); printpdf writes
        // the name as given because it embeds this already-subset program "full".
        parsed.font_name = Some(format!("{id}+{name}"));
        Ok(SubsetFont {
            id: id.to_string(),
            parsed,
            chars: chars.to_vec(),
            program_size: subset.bytes.len(),
        })
    }

    /// Whether every glyph id of the subset fits a byte, so that its text can be shown with
    /// one-byte codes (`one_byte.rs`).
    pub fn one_byte(&self) -> bool {
        self.chars
            .iter()
            .all(|&c| self.parsed.lookup_glyph_index(c as u32).unwrap_or(0) < 256)
    }

    /// Character → glyph id in the subset program (printpdf embeds it unrenumbered, so the
    /// codes the content stream shows are these glyph ids, one byte each when `one_byte`).
    pub fn glyph_table(&self) -> GlyphTable {
        let mut latin = [0u16; 256];
        let mut other = Vec::new();
        for &c in &self.chars {
            let gid = self.parsed.lookup_glyph_index(c as u32).unwrap_or(0);
            match usize::try_from(c as u32) {
                Ok(code) if code < 256 => latin[code] = gid,
                _ => other.push((c, gid)),
            }
        }
        other.sort_unstable();
        GlyphTable {
            resource: self.id.clone(),
            latin,
            other,
            one_byte: self.one_byte(),
        }
    }
}

/// Has printpdf write the objects of `fonts` (each showing all its characters once, so the
/// widths and ToUnicode entries cover them) and takes them out of its document; the fonts
/// whose glyphs fit a byte get the one-byte encoding (`one_byte.rs`).
pub fn write_font_objects(fonts: Vec<SubsetFont>) -> Result<FontObjects, ReportError> {
    let one_byte: Vec<GlyphTable> = fonts
        .iter()
        .filter(|f| f.one_byte())
        .map(SubsetFont::glyph_table)
        .collect();
    let mut template = PdfDocument::new("fonts");
    let mut ops = vec![Op::StartTextSection];
    for font in fonts {
        let meta = PrintpdfFontMeta {
            original_gid_to_cid: None,
            original_to_unicode_map: None,
            // Already subset: embed this program as is, with the tag we gave its name.
            embedding_mode: FontEmbeddingMode::Full,
            requires_subsetting: false,
        };
        let id = FontId(font.id.clone());
        let all: String = font.chars.iter().collect();
        template
            .resources
            .fonts
            .map
            .insert(id.clone(), PdfFont::with_meta(font.parsed, meta));
        ops.push(Op::SetFont {
            font: PdfFontHandle::External(id),
            size: Pt(10.0),
        });
        ops.push(Op::SetTextMatrix {
            matrix: TextMatrix::Translate(Pt(10.0), Pt(10.0)),
        });
        ops.push(Op::ShowText {
            items: vec![TextItem::Text(all)],
        });
    }
    ops.push(Op::EndTextSection);
    template.pages = vec![PdfPage {
        media_box: Rect::from_wh(Pt(100.0), Pt(100.0)),
        trim_box: Rect::from_wh(Pt(100.0), Pt(100.0)),
        crop_box: Rect::from_wh(Pt(100.0), Pt(100.0)),
        ops,
    }];
    let mut warnings = Vec::new();
    let lo = template.to_lopdf_document(&save_options(), &mut warnings);
    if let Some(w) = warnings
        .iter()
        .find(|w| matches!(w.severity, printpdf::PdfParseErrorSeverity::Error))
    {
        return Err(ReportError::Printpdf {
            message: w.msg.clone(),
        });
    }
    let mut objects = extract_fonts(&lo)?;
    rewrite_fonts(&mut objects.objects, &one_byte)?;
    Ok(objects)
}

/// The `/Font` dictionary of the template's page and everything it reaches, streams deflated.
fn extract_fonts(lo: &lopdf::Document) -> Result<FontObjects, ReportError> {
    let page = *lo
        .get_pages()
        .get(&1)
        .ok_or_else(|| ReportError::font_template("no page"))?;
    let resources = lo
        .get_dictionary(page)
        .and_then(|p| p.get(b"Resources"))
        .and_then(Object::as_reference)
        .map_err(post("font template resources"))?;
    let font_dict = lo
        .get_dictionary(resources)
        .and_then(|r| r.get(b"Font"))
        .and_then(Object::as_reference)
        .map_err(post("font template fonts"))?;
    let mut objects = Vec::new();
    let mut todo = vec![font_dict];
    while let Some(id) = todo.pop() {
        if objects.iter().any(|(seen, _)| *seen == id) {
            continue;
        }
        let mut object = lo.get_object(id).map_err(post("font object"))?.clone();
        collect_references(&object, &mut todo);
        if let Object::Stream(stream) = &mut object {
            if !stream.dict.has(b"Filter") {
                // Paid once per set of fonts, so the best level is affordable.
                let deflated = deflate(&stream.content, 9)?;
                stream.dict.set("Filter", "FlateDecode");
                stream.set_content(deflated);
            }
        }
        objects.push((id, object));
    }
    objects.sort_by_key(|(id, _)| *id);
    Ok(FontObjects { font_dict, objects })
}

fn collect_references(object: &Object, out: &mut Vec<ObjectId>) {
    match object {
        Object::Reference(id) => out.push(*id),
        Object::Array(items) => items.iter().for_each(|o| collect_references(o, out)),
        Object::Dictionary(dict) => dict.iter().for_each(|(_, o)| collect_references(o, out)),
        Object::Stream(stream) => stream
            .dict
            .iter()
            .for_each(|(_, o)| collect_references(o, out)),
        _ => {}
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::report::backend::pdf::one_byte::CMAP_NAME;
    use crate::report::backend::pdf::parse_font;
    use crate::report::fonts::FontFace;

    #[test]
    fn fonts_of_more_than_256_glyphs_keep_two_byte_codes() {
        let full = parse_font(FontFace::Regular.bytes(), "DejaVuSans").unwrap();
        let few: Vec<char> = ('A'..='Z').collect();
        let many: Vec<char> = (' '..='~')
            .chain('\u{100}'..='\u{17F}')
            .chain('\u{391}'..='\u{3C9}')
            .chain('\u{410}'..='\u{44F}')
            .collect();
        let small = SubsetFont::new(&full, &few, "SMALLF", "DejaVuSans").unwrap();
        let large = SubsetFont::new(&full, &many, "LARGEF", "DejaVuSans").unwrap();
        assert!(small.one_byte() && small.glyph_table().one_byte);
        assert!(!large.one_byte() && !large.glyph_table().one_byte);
        let objects = write_font_objects(vec![small, large]).unwrap();
        let encoding = |tag: &str| {
            objects
                .objects
                .iter()
                .find_map(|(_, o)| {
                    let dict = o.as_dict().ok()?;
                    let name = dict.get(b"BaseFont").and_then(Object::as_name).ok()?;
                    name.starts_with(tag.as_bytes())
                        .then(|| dict.get(b"Encoding").unwrap().clone())
                })
                .unwrap()
        };
        assert_eq!(encoding("LARGEF+"), Object::Name(b"Identity-H".to_vec()));
        let id = encoding("SMALLF+").as_reference().unwrap();
        let (_, cmap) = objects.objects.iter().find(|(o, _)| *o == id).unwrap();
        let cmap = cmap.as_stream().unwrap();
        assert_eq!(
            cmap.dict.get(b"CMapName").unwrap().as_name().unwrap(),
            CMAP_NAME.as_bytes()
        );
    }
}
