//! DisplayList → PDF bytes. The only file that imports printpdf (and lopdf, which printpdf
//! hands its document over in).
//!
//! Reproducible and fast by construction:
//! - once per `PdfBackend` (once per run), printpdf subsets the three faces to the common
//!   report characters (`fonts::charset`) and writes their font objects (widths, ToUnicode,
//!   descriptors, programs) under fixed six-letter ids (`pdf/font_objects.rs`); we deflate
//!   them once and reuse them in every report, instead of paying printpdf's per-document
//!   subsetting and glyph collection; a subset of at most 256 glyphs shows a glyph as one
//!   byte (`pdf/one_byte.rs`), not two;
//! - a document that shows other characters (Greek, Cyrillic, CJK from a fallback font) gets
//!   extra fonts subset to exactly those, made from its own text (`pdf/extension.rs`);
//! - per report, printpdf builds the document (page tree, boxes, metadata with explicit dates
//!   from the display list, never the clock); `content.rs` writes each page's operators, and
//!   the trailer `/ID` is a SHA-256 of the content and metadata;
//! - streams are deflated here at a fast level (printpdf's own pass uses the slowest one).
mod extension;
mod font_objects;
mod one_byte;

use std::io::Write;

use flate2::write::ZlibEncoder;
use flate2::Compression;
use std::collections::BTreeMap;

use lopdf::{Dictionary, Object, ObjectId, StringFormat};
use printpdf::{PdfDocument, PdfDocumentInfo, PdfMetadata, PdfPage, PdfSaveOptions, Pt, Rect};
use sha2::{Digest, Sha256};

use crate::report::backend::content::{page_content, FontTables, GlyphTable};
use crate::report::backend::pdf::extension::{document_fonts, LoadedFallback};
use crate::report::backend::pdf::font_objects::{
    insert_font_objects, write_font_objects, FontObjects, SubsetFont,
};
use crate::report::display::DisplayList;
use crate::report::fonts::{charset, FallbackFont, FontFace};
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

/// Fonts subset, written and deflated once; renders any number of display lists.
pub struct PdfBackend {
    fonts: FontObjects,
    glyphs: [GlyphTable; 3],
    /// Subset program sizes, for tests and diagnostics.
    program_sizes: [usize; 3],
    /// The three whole faces, for the glyphs a document shows beyond the common subset.
    faces: [printpdf::ParsedFont; 3],
    /// The configured fallback fonts, in order.
    fallbacks: Vec<LoadedFallback>,
}

impl std::fmt::Debug for PdfBackend {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("PdfBackend")
            .field("font_objects", &self.fonts.objects.len())
            .finish()
    }
}

/// How printpdf saves: we subset, compress and optimise ourselves.
pub(crate) fn save_options() -> PdfSaveOptions {
    PdfSaveOptions {
        optimize: false,
        subset_fonts: false,
        secure: true,
        image_optimization: None,
    }
}

/// A lopdf (or its writer's) error at one step of post-processing.
pub(crate) fn post<E: std::fmt::Display>(step: &'static str) -> impl Fn(E) -> ReportError {
    move |e| ReportError::PostProcess {
        step,
        message: e.to_string(),
    }
}

/// Parses a whole font for subsetting; `name` names it in the error.
fn parse_font(bytes: &[u8], name: &str) -> Result<printpdf::ParsedFont, ReportError> {
    let mut warnings = Vec::new();
    printpdf::ParsedFont::from_bytes(bytes, 0, &mut warnings).ok_or_else(|| ReportError::Font {
        font: name.to_string(),
        problem: "parse failed".to_string(),
    })
}

impl PdfBackend {
    /// Subsets the three DejaVu faces to the common report characters and has printpdf write
    /// their font objects once; parses the fallback fonts for the documents that need them.
    pub fn new(fallbacks: &[FallbackFont]) -> Result<PdfBackend, ReportError> {
        let all = charset();
        let mut subsets = Vec::new();
        let mut glyphs = Vec::new();
        let mut program_sizes = [0; 3];
        let mut faces = Vec::new();
        for (i, &face) in FontFace::ALL.iter().enumerate() {
            let full = parse_font(face.bytes(), face.postscript_name())?;
            let subset = SubsetFont::new(&full, &all, font_id(face), face.postscript_name())
                .map_err(|problem| ReportError::Font {
                    font: face.postscript_name().to_string(),
                    problem,
                })?;
            program_sizes[i] = subset.program_size;
            glyphs.push(subset.glyph_table());
            subsets.push(subset);
            faces.push(full);
        }
        let fonts = write_font_objects(subsets)?;
        let glyphs: [GlyphTable; 3] = glyphs
            .try_into()
            .map_err(|_| ReportError::font_template("three faces expected"))?;
        let faces: [printpdf::ParsedFont; 3] = faces
            .try_into()
            .map_err(|_| ReportError::font_template("three faces expected"))?;
        let fallbacks = fallbacks
            .iter()
            .map(|font| {
                Ok(LoadedFallback {
                    parsed: parse_font(font.bytes(), font.name())?,
                    font: font.clone(),
                })
            })
            .collect::<Result<_, ReportError>>()?;
        Ok(PdfBackend {
            fonts,
            glyphs,
            program_sizes,
            faces,
            fallbacks,
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

        // The run's font objects, renumbered into this document, and this document's own.
        let font_dict = insert_font_objects(&mut lo, &self.fonts);
        let own = document_fonts(list, &self.faces, &self.fallbacks)?;
        if let Some(own) = &own {
            let own_dict = insert_font_objects(&mut lo, &own.objects);
            let entries = lo
                .get_dictionary(own_dict)
                .map_err(post("document fonts"))?
                .clone();
            lo.objects.remove(&own_dict);
            let dict = lo
                .get_dictionary_mut(font_dict)
                .map_err(post("document fonts"))?;
            for (key, value) in entries.iter() {
                dict.set(key.clone(), value.clone());
            }
        }
        let no_extra: [Vec<GlyphTable>; 3] = Default::default();
        let tables = FontTables {
            base: &self.glyphs,
            extra: own.as_ref().map_or(&no_extra, |own| &own.extra),
        };

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
        // A document's own fonts depend on the fallback files too, not only on its text.
        for (_, object) in own.iter().flat_map(|own| &own.objects.objects) {
            if let Object::Stream(stream) = object {
                hash.update(&stream.content);
            }
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
            let content = deflate_content(&page_content(&page.items, height, tables))?;
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

        // Reports are 250–400 KB: one allocation of that size instead of copies while doubling.
        let mut out = Vec::with_capacity(384 * 1024);
        lo.save_to(&mut out).map_err(post("save"))?;
        Ok(out)
    }
}

/// Deflates `bytes` at `level` (1 fast … 9 small).
pub(crate) fn deflate(bytes: &[u8], level: u32) -> Result<Vec<u8>, ReportError> {
    let mut encoder =
        ZlibEncoder::new(Vec::with_capacity(bytes.len() / 3), Compression::new(level));
    let compress = |source| ReportError::Compress { source };
    encoder.write_all(bytes).map_err(compress)?;
    encoder.finish().map_err(compress)
}

thread_local! {
    /// This thread's page-content encoder, reset between streams: setting a zlib stream up
    /// (window, hash tables, their zeroing) cost as much as compressing a short page, once per
    /// page. Reset streams write the same bytes as new ones (the calls are those of `deflate`).
    static CONTENT_ENCODER: std::cell::RefCell<Option<ZlibEncoder<Vec<u8>>>> =
        const { std::cell::RefCell::new(None) };
}

/// `deflate(bytes, CONTENT_LEVEL)` with this thread's reused encoder.
fn deflate_content(bytes: &[u8]) -> Result<Vec<u8>, ReportError> {
    let compress = |source| ReportError::Compress { source };
    CONTENT_ENCODER.with(|slot| {
        let mut slot = slot.borrow_mut();
        let encoder = slot
            .get_or_insert_with(|| ZlibEncoder::new(Vec::new(), Compression::new(CONTENT_LEVEL)));
        // On an error the encoder is dropped, so the next stream starts from a new one.
        let result = encoder
            .write_all(bytes)
            .and_then(|()| encoder.reset(Vec::with_capacity(bytes.len() / 3)));
        if result.is_err() {
            *slot = None;
        }
        result.map_err(compress)
    })
}

/// Page sizes and outline positions go through the same rounding as content numbers.
fn rounded(value: f64) -> f32 {
    ((value * 100.0).round() / 100.0) as f32
}

fn pt(value: f64) -> Pt {
    Pt(rounded(value))
}

/// The destination array of an outline entry or a trace destination: its page, at the
/// anchor's height.
fn destination(
    pages: &BTreeMap<u32, ObjectId>,
    list: &DisplayList,
    index: usize,
) -> Result<Object, ReportError> {
    // Targets past the outline's end are the reasons-trace destinations.
    let anchor = list
        .outline
        .get(index)
        .or_else(|| {
            index
                .checked_sub(list.outline.len())
                .and_then(|i| list.destinations.get(i))
        })
        .ok_or_else(|| ReportError::Link {
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
        let backend = PdfBackend::new(&[]).unwrap();
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
            // The common characters fit a byte: every report's text shows a byte a glyph.
            assert!(table.one_byte, "{face:?} shows two bytes a glyph");
        }
        // Type0 + descendant descriptor + ToUnicode + program per face, plus the /Font dict.
        assert!(backend.fonts.objects.len() > 3 * 3);
    }
}
