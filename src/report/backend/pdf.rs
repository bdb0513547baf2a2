//! DisplayList → PDF bytes. The only file that imports printpdf (and lopdf, which printpdf
//! hands its document over in).
//!
//! Reproducible and fast by construction:
//! - once per `PdfBackend` (once per run), printpdf subsets the three faces to the whole report
//!   character set (`fonts::charset`) and writes their font objects (widths, ToUnicode,
//!   descriptors, programs) under fixed six-letter ids; we deflate them once and reuse them in
//!   every report, instead of paying printpdf's per-document subsetting and glyph collection;
//! - per report, printpdf builds the document (page tree, boxes, metadata with explicit dates
//!   from the display list, never the clock); `content.rs` writes each page's operators, and
//!   the trailer `/ID` is a SHA-256 of the content and metadata;
//! - streams are deflated here at a fast level (printpdf's own pass uses the slowest one).
use std::io::Write;

use flate2::write::ZlibEncoder;
use flate2::Compression;
use std::collections::BTreeMap;

use lopdf::{Dictionary, Object, ObjectId, StringFormat};
use printpdf::{
    FontEmbeddingMode, FontId, Op, ParsedFont, PdfDocument, PdfDocumentInfo, PdfFont,
    PdfFontHandle, PdfMetadata, PdfPage, PdfSaveOptions, PrintpdfFontMeta, Pt, Rect, TextItem,
    TextMatrix,
};
use sha2::{Digest, Sha256};

use crate::report::backend::content::{page_content, GlyphTable};
use crate::report::display::DisplayList;
use crate::report::fonts::{charset, FontFace};
use crate::report::ReportError;

/// Deflate level for page content: level 6 costs about twice level 1 for a few percent.
const CONTENT_LEVEL: u32 = 1;

/// The fixed resource id of each face (six upper-case letters, also the subset tag).
fn font_id(face: FontFace) -> &'static str {
    match face {
        FontFace::Regular => "DJVSRG",
        FontFace::Bold => "DJVSBD",
        FontFace::Oblique => "DJVSOB",
    }
}

/// Font objects written once by printpdf, with their numbering in the template document.
struct FontObjects {
    /// The `/Font` resource dictionary.
    font_dict: ObjectId,
    /// It and every object it reaches, streams already deflated.
    objects: Vec<(ObjectId, Object)>,
}

/// Fonts subset, written and deflated once; renders any number of display lists.
pub struct PdfBackend {
    fonts: FontObjects,
    glyphs: [GlyphTable; 3],
    /// Subset program sizes, for tests and diagnostics.
    program_sizes: [usize; 3],
}

impl std::fmt::Debug for PdfBackend {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("PdfBackend")
            .field("font_objects", &self.fonts.objects.len())
            .finish()
    }
}

fn save_options() -> PdfSaveOptions {
    PdfSaveOptions {
        optimize: false,
        subset_fonts: false,
        secure: true,
        image_optimization: None,
    }
}

/// A lopdf (or its writer's) error at one step of post-processing.
fn post<E: std::fmt::Display>(step: &'static str) -> impl Fn(E) -> ReportError {
    move |e| ReportError::PostProcess {
        step,
        message: e.to_string(),
    }
}

impl PdfBackend {
    /// Subsets the three DejaVu faces to the report character set and has printpdf write their
    /// font objects once.
    pub fn new() -> Result<PdfBackend, ReportError> {
        let mut template = PdfDocument::new("fonts");
        let all: String = charset().into_iter().collect();
        let mut ops = vec![Op::StartTextSection];
        let mut glyphs = Vec::new();
        let mut program_sizes = [0; 3];
        for (i, &face) in FontFace::ALL.iter().enumerate() {
            let (parsed, program_size) = prepare(face)?;
            program_sizes[i] = program_size;
            glyphs.push(glyph_table(face, &parsed));
            let meta = PrintpdfFontMeta {
                original_gid_to_cid: None,
                original_to_unicode_map: None,
                // Already subset: embed this program as is, with the tag we gave its name.
                embedding_mode: FontEmbeddingMode::Full,
                requires_subsetting: false,
            };
            let id = FontId(font_id(face).to_string());
            template
                .resources
                .fonts
                .map
                .insert(id.clone(), PdfFont::with_meta(parsed, meta));
            // Showing every glyph once makes printpdf write widths and ToUnicode entries for
            // the whole character set, so the objects serve every report.
            ops.push(Op::SetFont {
                font: PdfFontHandle::External(id),
                size: Pt(10.0),
            });
            ops.push(Op::SetTextMatrix {
                matrix: TextMatrix::Translate(Pt(10.0), Pt(10.0)),
            });
            ops.push(Op::ShowText {
                items: vec![TextItem::Text(all.clone())],
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
        let fonts = extract_fonts(&lo)?;
        let glyphs: [GlyphTable; 3] = glyphs
            .try_into()
            .map_err(|_| ReportError::font_template("three faces expected"))?;
        Ok(PdfBackend {
            fonts,
            glyphs,
            program_sizes,
        })
    }

    /// Sizes in bytes of the three subset font programs (regular, bold, oblique), undeflated.
    pub fn program_sizes(&self) -> [usize; 3] {
        self.program_sizes
    }

    /// Writes a display list as PDF bytes.
    pub fn render(&self, list: &DisplayList) -> Result<Vec<u8>, ReportError> {
        let (width, height) = (list.geometry.width, list.geometry.height);
        let mut doc = PdfDocument::new(&list.info.title);
        let date = printpdf::OffsetDateTime::from_unix_timestamp(list.info.epoch_seconds).map_err(
            |_| ReportError::Date {
                epoch_seconds: list.info.epoch_seconds,
            },
        )?;
        doc.metadata = PdfMetadata {
            info: PdfDocumentInfo {
                creation_date: date,
                modification_date: date,
                metadata_date: date,
                document_title: list.info.title.clone(),
                author: list.info.author.clone(),
                creator: list.info.creator.clone(),
                producer: "printpdf 0.12.8".to_string(),
                keywords: list.info.keywords.clone(),
                subject: list.info.subject.clone(),
                ..PdfDocumentInfo::default()
            },
            xmp: None,
        };
        let media = Rect::from_wh(pt(width), pt(height));
        doc.pages = list
            .pages
            .iter()
            .map(|_| PdfPage {
                media_box: media.clone(),
                trim_box: media.clone(),
                crop_box: media.clone(),
                ops: Vec::new(),
            })
            .collect();
        let mut warnings = Vec::new();
        let mut lo = doc.to_lopdf_document(&save_options(), &mut warnings);
        if let Some(w) = warnings
            .iter()
            .find(|w| matches!(w.severity, printpdf::PdfParseErrorSeverity::Error))
        {
            return Err(ReportError::Printpdf {
                message: w.msg.clone(),
            });
        }

        // The run's font objects, renumbered into this document.
        let renumber: BTreeMap<ObjectId, ObjectId> = self
            .fonts
            .objects
            .iter()
            .map(|(old, _)| (*old, lo.new_object_id()))
            .collect();
        for (old, object) in &self.fonts.objects {
            let mut object = object.clone();
            remap_references(&mut object, &renumber);
            lo.objects.insert(renumber[old], object);
        }
        let font_dict = renumber[&self.fonts.font_dict];

        let mut hash = Sha256::new();
        for text in [
            &list.info.title,
            &list.info.author,
            &list.info.subject,
            &list.info.creator,
        ] {
            hash.update(text.as_bytes());
            hash.update([0]);
        }
        hash.update(list.info.epoch_seconds.to_be_bytes());
        for face in FontFace::ALL {
            hash.update(font_id(face).as_bytes());
        }
        let pages = lo.get_pages();
        if pages.len() != list.pages.len() {
            return Err(ReportError::PageCount {
                expected: list.pages.len(),
                found: pages.len(),
            });
        }
        for (page, page_id) in list.pages.iter().zip(pages.values()) {
            let dict = lo.get_dictionary(*page_id).map_err(post("page"))?;
            let resources = dict
                .get(b"Resources")
                .and_then(Object::as_reference)
                .map_err(post("page resources"))?;
            let contents = dict
                .get(b"Contents")
                .and_then(Object::as_reference)
                .map_err(post("page contents"))?;
            lo.get_dictionary_mut(resources)
                .map_err(post("page resources"))?
                .set("Font", Object::Reference(font_dict));
            // The compressed bytes identify the page as well as the raw ones (deflate is
            // deterministic) and are a third of the length to hash.
            let content = deflate(
                &page_content(&page.items, height, &self.glyphs),
                CONTENT_LEVEL,
            )?;
            hash.update(&content);
            let stream = lo
                .get_object_mut(contents)
                .and_then(Object::as_stream_mut)
                .map_err(post("content stream"))?;
            stream.dict.set("Filter", "FlateDecode");
            stream.set_content(content);
        }
        add_outline(&mut lo, list)?;
        add_links(&mut lo, list)?;
        let digest = hash.finalize();
        let id = Object::String(digest[..16].to_vec(), StringFormat::Hexadecimal);
        lo.trailer.set("ID", Object::Array(vec![id.clone(), id]));

        let mut out = Vec::with_capacity(96 * 1024);
        lo.save_to(&mut out).map_err(post("save"))?;
        Ok(out)
    }
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
                // Paid once per run, so the best level is affordable.
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

fn remap_references(object: &mut Object, map: &BTreeMap<ObjectId, ObjectId>) {
    match object {
        Object::Reference(id) => {
            if let Some(new) = map.get(id) {
                *id = *new;
            }
        }
        Object::Array(items) => items.iter_mut().for_each(|o| remap_references(o, map)),
        Object::Dictionary(dict) => dict.iter_mut().for_each(|(_, o)| remap_references(o, map)),
        Object::Stream(stream) => stream
            .dict
            .iter_mut()
            .for_each(|(_, o)| remap_references(o, map)),
        _ => {}
    }
}

/// Subsets one face to the report character set; returns the parsed subset and its size.
fn prepare(face: FontFace) -> Result<(ParsedFont, usize), ReportError> {
    let fail = |problem: &str| ReportError::Font {
        font: face.postscript_name().to_string(),
        problem: problem.to_string(),
    };
    let mut warnings = Vec::new();
    let full = ParsedFont::from_bytes(face.bytes(), 0, &mut warnings)
        .ok_or_else(|| fail("parse failed"))?;
    let glyphs: BTreeMap<u16, String> = charset()
        .into_iter()
        .filter_map(|c| {
            full.lookup_glyph_index(c as u32)
                .map(|gid| (gid, c.to_string()))
        })
        .collect();
    let subset = printpdf::subset_font(&full, &glyphs).map_err(|e| fail(&e))?;
    let mut parsed = ParsedFont::from_bytes(&subset.bytes, 0, &mut warnings)
        .ok_or_else(|| fail("subset does not parse"))?;
    // The tag marks the embedded program as a subset (ISO 32000-1, 9.6.4); printpdf writes
    // the name as given because it embeds this already-subset program "full".
    parsed.font_name = Some(format!("{}+{}", font_id(face), face.postscript_name()));
    Ok((parsed, subset.bytes.len()))
}

/// Character → glyph id in the subset program (printpdf embeds it unrenumbered, so the codes
/// the content stream shows are these glyph ids).
fn glyph_table(face: FontFace, parsed: &ParsedFont) -> GlyphTable {
    let mut latin = [0u16; 256];
    let mut other = Vec::new();
    for c in charset() {
        let gid = parsed.lookup_glyph_index(c as u32).unwrap_or(0);
        match usize::try_from(c as u32) {
            Ok(code) if code < 256 => latin[code] = gid,
            _ => other.push((c, gid)),
        }
    }
    other.sort_unstable();
    GlyphTable {
        resource: font_id(face),
        latin,
        other,
    }
}

fn deflate(bytes: &[u8], level: u32) -> Result<Vec<u8>, ReportError> {
    let mut encoder =
        ZlibEncoder::new(Vec::with_capacity(bytes.len() / 3), Compression::new(level));
    let compress = |source| ReportError::Compress { source };
    encoder.write_all(bytes).map_err(compress)?;
    encoder.finish().map_err(compress)
}

/// Page sizes and outline positions go through the same rounding as content numbers.
fn rounded(value: f64) -> f32 {
    ((value * 100.0).round() / 100.0) as f32
}

fn pt(value: f64) -> Pt {
    Pt(rounded(value))
}

/// The destination array of an outline entry: its page, at the anchor's height.
fn destination(
    pages: &BTreeMap<u32, ObjectId>,
    list: &DisplayList,
    index: usize,
) -> Result<Object, ReportError> {
    let anchor = list.outline.get(index).ok_or_else(|| ReportError::Link {
        what: format!("outline entry {index}, which does not exist"),
    })?;
    let page = pages
        .get(&(anchor.page_index as u32 + 1))
        .copied()
        .ok_or_else(|| ReportError::Link {
            what: format!("outline entry {:?} on a page past the last", anchor.title),
        })?;
    let top = rounded(list.geometry.height - anchor.y);
    Ok(Object::Array(vec![
        Object::Reference(page),
        "XYZ".into(),
        Object::Null,
        Object::Real(top),
        Object::Null,
    ]))
}

/// The outline (bookmarks) in document order, level-2 entries nested under the level-1 entry
/// before them; printpdf's own outline is flat and sorted by name.
fn add_outline(doc: &mut lopdf::Document, list: &DisplayList) -> Result<(), ReportError> {
    if list.outline.is_empty() {
        return Ok(());
    }
    let pages = doc.get_pages();
    let outlines_id = doc.new_object_id();
    let ids: Vec<ObjectId> = list.outline.iter().map(|_| doc.new_object_id()).collect();
    // Parent of each entry (None = the root) and the children of each parent.
    let mut parent: Vec<Option<usize>> = Vec::with_capacity(ids.len());
    let mut last_top: Option<usize> = None;
    for (i, anchor) in list.outline.iter().enumerate() {
        if anchor.level <= 1 || last_top.is_none() {
            parent.push(None);
            last_top = Some(i);
        } else {
            parent.push(last_top);
        }
    }
    let children =
        |p: Option<usize>| -> Vec<usize> { (0..ids.len()).filter(|&i| parent[i] == p).collect() };
    let mut dicts: Vec<Dictionary> = Vec::with_capacity(ids.len());
    for (i, anchor) in list.outline.iter().enumerate() {
        let mut dict = Dictionary::new();
        dict.set("Title", utf16_text(&anchor.title));
        dict.set(
            "Parent",
            Object::Reference(parent[i].map_or(outlines_id, |p| ids[p])),
        );
        dict.set("Dest", destination(&pages, list, i)?);
        dicts.push(dict);
    }
    for p in std::iter::once(None).chain((0..ids.len()).map(Some)) {
        let kids = children(p);
        for (k, &i) in kids.iter().enumerate() {
            if k > 0 {
                dicts[i].set("Prev", Object::Reference(ids[kids[k - 1]]));
            }
            if let Some(&next) = kids.get(k + 1) {
                dicts[i].set("Next", Object::Reference(ids[next]));
            }
        }
        if let (Some(p), Some(first), Some(last)) = (p, kids.first(), kids.last()) {
            dicts[p].set("First", Object::Reference(ids[*first]));
            dicts[p].set("Last", Object::Reference(ids[*last]));
            // Negative: chapters open collapsed, so the outline reads like the contents.
            dicts[p].set("Count", Object::Integer(-(kids.len() as i64)));
        }
    }
    let top = children(None);
    for (i, dict) in dicts.into_iter().enumerate() {
        doc.objects.insert(ids[i], Object::Dictionary(dict));
    }
    let mut outlines = Dictionary::new();
    outlines.set("Type", "Outlines");
    outlines.set("Count", Object::Integer(top.len() as i64));
    // Invariant: the first entry is always a top-level one, so `top` is non-empty.
    if let (Some(first), Some(last)) = (top.first(), top.last()) {
        outlines.set("First", Object::Reference(ids[*first]));
        outlines.set("Last", Object::Reference(ids[*last]));
    }
    doc.objects
        .insert(outlines_id, Object::Dictionary(outlines));
    let catalog = doc.catalog_mut().map_err(post("catalog"))?;
    catalog.set("Outlines", Object::Reference(outlines_id));
    catalog.set("PageMode", "UseOutlines");
    Ok(())
}

/// Link annotations for the display list's link items (the contents page).
fn add_links(doc: &mut lopdf::Document, list: &DisplayList) -> Result<(), ReportError> {
    let pages = doc.get_pages();
    for (index, page) in list.pages.iter().enumerate() {
        let links: Vec<&crate::report::display::LinkItem> = page
            .items
            .iter()
            .filter_map(|i| match i {
                crate::report::display::Item::Link(k) => Some(k),
                _ => None,
            })
            .collect();
        if links.is_empty() {
            continue;
        }
        let page_id = *pages
            .get(&(index as u32 + 1))
            .ok_or_else(|| ReportError::Link {
                what: format!("a link on page {}, which does not exist", index + 1),
            })?;
        let mut annots = Vec::with_capacity(links.len());
        for link in links {
            let h = list.geometry.height;
            let mut dict = Dictionary::new();
            dict.set("Type", "Annot");
            dict.set("Subtype", "Link");
            dict.set(
                "Rect",
                Object::Array(
                    [
                        link.x,
                        h - link.y - link.height,
                        link.x + link.width,
                        h - link.y,
                    ]
                    .iter()
                    .map(|v| Object::Real(rounded(*v)))
                    .collect(),
                ),
            );
            dict.set("Border", Object::Array(vec![0.into(), 0.into(), 0.into()]));
            dict.set("Dest", destination(&pages, list, link.target)?);
            annots.push(Object::Reference(doc.add_object(Object::Dictionary(dict))));
        }
        doc.get_dictionary_mut(page_id)
            .map_err(post("page annotations"))?
            .set("Annots", Object::Array(annots));
    }
    Ok(())
}

fn utf16_text(text: &str) -> Object {
    let mut bytes = vec![0xFE, 0xFF];
    for unit in text.encode_utf16() {
        bytes.extend_from_slice(&unit.to_be_bytes());
    }
    Object::String(bytes, StringFormat::Hexadecimal)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn font_ids_are_six_upper_case_letters() {
        assert!(
            FontFace::ALL
                .iter()
                .all(|f| font_id(*f).len() == 6
                    && font_id(*f).chars().all(|c| c.is_ascii_uppercase()))
        );
        assert_eq!(rounded(1.23456), 1.23);
    }

    #[test]
    fn fonts_are_subset_once_with_every_charset_glyph() {
        let backend = PdfBackend::new().unwrap();
        for (i, face) in FontFace::ALL.iter().enumerate() {
            assert!(
                backend.program_sizes[i] < face.bytes().len() / 4,
                "{face:?} not subset"
            );
            let table = &backend.glyphs[i];
            assert!(charset().iter().all(|&c| c == ' '
                || c == '\u{a0}'
                || table.latin.get(c as usize).is_none_or(|g| *g != 0)));
            assert!(table.other.iter().all(|(_, g)| *g != 0));
        }
        // Type0 + descendant descriptor + ToUnicode + program per face, plus the /Font dict.
        assert!(backend.fonts.objects.len() > 3 * 3);
    }
}
