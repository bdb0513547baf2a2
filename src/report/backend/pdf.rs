//! DisplayList → PDF bytes. The only file that imports printpdf (and lopdf, which printpdf
//! hands its document over in).
//!
//! Reproducible and fast by construction:
//! - fonts are registered under fixed six-letter ids, subset ONCE per `PdfBackend` to the whole
//!   report character set (`fonts::charset`), parsed once and deflated once; each report then
//!   embeds that ready subset instead of paying printpdf's per-document subsetting;
//! - creation and modification dates come from the display list (the report context), never
//!   the clock; the trailer `/ID` is a SHA-256 of the page content and metadata;
//! - streams are compressed here at a fast level (printpdf's own pass uses the slowest one);
//! - every number written goes through `rounded`, after the y axis is flipped in `flip_y`.

use std::io::Write;

use flate2::write::ZlibEncoder;
use flate2::Compression;
use lopdf::{Dictionary, Object, StringFormat};
use printpdf::{
    Color, FontEmbeddingMode, FontId, Line, LinePoint, Op, PaintMode, ParsedFont, PdfDocument,
    PdfDocumentInfo, PdfFont, PdfFontHandle, PdfMetadata, PdfPage, PdfSaveOptions, Point,
    PrintpdfFontMeta, Pt, Rect, Rgb, TextItem, TextMatrix,
};
use sha2::{Digest, Sha256};

use crate::report::display::{DisplayList, Item};
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

struct PreparedFont {
    face: FontFace,
    parsed: ParsedFont,
    program: Vec<u8>,
    deflated: Vec<u8>,
}

/// Fonts subset, parsed and deflated once; renders any number of display lists.
pub struct PdfBackend {
    fonts: Vec<PreparedFont>,
}

impl std::fmt::Debug for PdfBackend {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("PdfBackend")
            .field("fonts", &self.fonts.len())
            .finish()
    }
}

impl PdfBackend {
    /// Subsets the three DejaVu faces to the report character set.
    pub fn new() -> Result<PdfBackend, ReportError> {
        let fonts = FontFace::ALL
            .iter()
            .map(|&face| prepare(face))
            .collect::<Result<_, _>>()?;
        Ok(PdfBackend { fonts })
    }

    /// Writes a display list as PDF bytes.
    pub fn render(&self, list: &DisplayList) -> Result<Vec<u8>, ReportError> {
        let height = list.geometry.height;
        let mut doc = PdfDocument::new(&list.info.title);
        let date = printpdf::OffsetDateTime::from_unix_timestamp(list.info.epoch_seconds)
            .map_err(|e| ReportError::Pdf(format!("report date out of range: {e}")))?;
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
        for font in &self.fonts {
            let meta = PrintpdfFontMeta {
                original_gid_to_cid: None,
                original_to_unicode_map: None,
                embedding_mode: FontEmbeddingMode::Full,
                requires_subsetting: false,
            };
            doc.resources.fonts.map.insert(
                FontId(font_id(font.face).to_string()),
                PdfFont::with_meta(font.parsed.clone(), meta),
            );
        }
        doc.pages = list
            .pages
            .iter()
            .map(|page| PdfPage {
                media_box: Rect::from_wh(pt(list.geometry.width), pt(height)),
                trim_box: Rect::from_wh(pt(list.geometry.width), pt(height)),
                crop_box: Rect::from_wh(pt(list.geometry.width), pt(height)),
                ops: page_ops(&page.items, height),
            })
            .collect();

        let opts = PdfSaveOptions {
            optimize: false,
            subset_fonts: false,
            secure: true,
            image_optimization: None,
        };
        let mut warnings = Vec::new();
        let mut lo = doc.to_lopdf_document(&opts, &mut warnings);
        if let Some(w) = warnings
            .iter()
            .find(|w| matches!(w.severity, printpdf::PdfParseErrorSeverity::Error))
        {
            return Err(ReportError::Pdf(w.msg.clone()));
        }

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
        for object in lo.objects.values_mut() {
            let Object::Stream(stream) = object else {
                continue;
            };
            if let Some(font) = self
                .fonts
                .iter()
                .find(|f| stream.dict.has(b"Length1") && stream.content == f.program)
            {
                // The embedded program is the same for every report: hash its id, reuse its deflate.
                hash.update(font_id(font.face).as_bytes());
                stream.dict.set("Filter", "FlateDecode");
                stream.set_content(font.deflated.clone());
                continue;
            }
            hash.update(&stream.content);
            let deflated = deflate(&stream.content, CONTENT_LEVEL)?;
            if deflated.len() < stream.content.len() {
                stream.dict.set("Filter", "FlateDecode");
                stream.set_content(deflated);
            }
        }
        add_outline(&mut lo, list)?;
        let digest = hash.finalize();
        let id = Object::String(digest[..16].to_vec(), StringFormat::Hexadecimal);
        lo.trailer.set("ID", Object::Array(vec![id.clone(), id]));

        let mut out = Vec::with_capacity(128 * 1024);
        lo.save_to(&mut out)
            .map_err(|e| ReportError::Pdf(e.to_string()))?;
        Ok(out)
    }
}

fn prepare(face: FontFace) -> Result<PreparedFont, ReportError> {
    let fail = |what: &str| {
        ReportError::Pdf(format!(
            "cannot prepare font {}: {what}",
            face.postscript_name()
        ))
    };
    let mut warnings = Vec::new();
    let full = ParsedFont::from_bytes(face.bytes(), 0, &mut warnings)
        .ok_or_else(|| fail("parse failed"))?;
    let glyphs: std::collections::BTreeMap<u16, String> = charset()
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
    // the name as given because it embeds this program "full".
    parsed.font_name = Some(format!("{}+{}", font_id(face), face.postscript_name()));
    let deflated = deflate(&subset.bytes, 9)?;
    Ok(PreparedFont {
        face,
        parsed,
        program: subset.bytes,
        deflated,
    })
}

fn deflate(bytes: &[u8], level: u32) -> Result<Vec<u8>, ReportError> {
    let mut encoder =
        ZlibEncoder::new(Vec::with_capacity(bytes.len() / 3), Compression::new(level));
    encoder
        .write_all(bytes)
        .map_err(|e| ReportError::Pdf(e.to_string()))?;
    encoder
        .finish()
        .map_err(|e| ReportError::Pdf(e.to_string()))
}

/// Rounds every number the PDF receives, so output never carries float noise.
fn rounded(value: f64, decimals: i32) -> f32 {
    let factor = 10f64.powi(decimals);
    ((value * factor).round() / factor) as f32
}

fn pt(value: f64) -> Pt {
    Pt(rounded(value, 2))
}

/// Our y runs down from the top; PDF's runs up from the bottom.
fn flip_y(height: f64, y: f64) -> Pt {
    pt(height - y)
}

fn color(c: crate::report::display::Color) -> Color {
    let ch = |v: u8| rounded(f64::from(v) / 255.0, 3);
    Color::Rgb(Rgb {
        r: ch(c.r),
        g: ch(c.g),
        b: ch(c.b),
        icc_profile: None,
    })
}

fn page_ops(items: &[Item], height: f64) -> Vec<Op> {
    let mut ops = Vec::with_capacity(items.len() * 3);
    let mut in_text = false;
    let mut font: Option<(FontFace, f32)> = None;
    let mut fill: Option<crate::report::display::Color> = None;
    for item in items {
        match item {
            Item::Text(run) => {
                if !in_text {
                    ops.push(Op::StartTextSection);
                    in_text = true;
                    font = None;
                }
                let size = rounded(run.size, 2);
                if font != Some((run.face, size)) {
                    ops.push(Op::SetFont {
                        font: PdfFontHandle::External(FontId(font_id(run.face).to_string())),
                        size: Pt(size),
                    });
                    font = Some((run.face, size));
                }
                if fill != Some(run.color) {
                    ops.push(Op::SetFillColor {
                        col: color(run.color),
                    });
                    fill = Some(run.color);
                }
                ops.push(Op::SetTextMatrix {
                    matrix: TextMatrix::Translate(pt(run.x), flip_y(height, run.y)),
                });
                ops.push(Op::ShowText {
                    items: vec![TextItem::Text(run.text.clone())],
                });
            }
            Item::Rect(r) => {
                end_text(&mut ops, &mut in_text);
                if let Some(c) = r.fill {
                    if fill != Some(c) {
                        ops.push(Op::SetFillColor { col: color(c) });
                        fill = Some(c);
                    }
                }
                if let Some((c, w)) = r.stroke {
                    ops.push(Op::SetOutlineColor { col: color(c) });
                    ops.push(Op::SetOutlineThickness { pt: pt(w) });
                }
                let mode = match (r.fill.is_some(), r.stroke.is_some()) {
                    (true, true) => PaintMode::FillStroke,
                    (false, true) => PaintMode::Stroke,
                    _ => PaintMode::Fill,
                };
                ops.push(Op::DrawRectangle {
                    rectangle: Rect {
                        x: pt(r.x),
                        y: flip_y(height, r.y + r.height),
                        width: pt(r.width),
                        height: pt(r.height),
                        mode: Some(mode),
                        winding_order: None,
                    },
                });
            }
            Item::Line(l) => {
                end_text(&mut ops, &mut in_text);
                ops.push(Op::SetOutlineColor {
                    col: color(l.color),
                });
                ops.push(Op::SetOutlineThickness { pt: pt(l.width) });
                let point = |x: f64, y: f64| LinePoint {
                    p: Point {
                        x: pt(x),
                        y: flip_y(height, y),
                    },
                    bezier: false,
                };
                ops.push(Op::DrawLine {
                    line: Line {
                        points: vec![point(l.x1, l.y1), point(l.x2, l.y2)],
                        is_closed: false,
                    },
                });
            }
        }
    }
    end_text(&mut ops, &mut in_text);
    ops
}

fn end_text(ops: &mut Vec<Op>, in_text: &mut bool) {
    if *in_text {
        ops.push(Op::EndTextSection);
        *in_text = false;
    }
}

/// A flat outline (bookmarks) in document order; printpdf's own sorts entries by name.
fn add_outline(doc: &mut lopdf::Document, list: &DisplayList) -> Result<(), ReportError> {
    if list.outline.is_empty() {
        return Ok(());
    }
    let pages = doc.get_pages();
    let outlines_id = doc.new_object_id();
    let ids: Vec<lopdf::ObjectId> = list.outline.iter().map(|_| doc.new_object_id()).collect();
    for (i, anchor) in list.outline.iter().enumerate() {
        let page = pages
            .get(&(anchor.page_index as u32 + 1))
            .copied()
            .ok_or_else(|| {
                ReportError::Pdf(format!(
                    "outline entry {:?} points past the last page",
                    anchor.title
                ))
            })?;
        let top = rounded(list.geometry.height - anchor.y, 2);
        let mut dict = Dictionary::new();
        dict.set("Title", utf16_text(&anchor.title));
        dict.set("Parent", Object::Reference(outlines_id));
        dict.set(
            "Dest",
            Object::Array(vec![
                Object::Reference(page),
                "XYZ".into(),
                Object::Null,
                Object::Real(top),
                Object::Null,
            ]),
        );
        if i > 0 {
            dict.set("Prev", Object::Reference(ids[i - 1]));
        }
        if let Some(next) = ids.get(i + 1) {
            dict.set("Next", Object::Reference(*next));
        }
        doc.objects.insert(ids[i], Object::Dictionary(dict));
    }
    let mut outlines = Dictionary::new();
    outlines.set("Type", "Outlines");
    outlines.set("Count", Object::Integer(ids.len() as i64));
    // Invariant: `ids` is non-empty because the outline is.
    outlines.set("First", Object::Reference(ids[0]));
    outlines.set("Last", Object::Reference(ids[ids.len() - 1]));
    doc.objects
        .insert(outlines_id, Object::Dictionary(outlines));
    let catalog = doc
        .catalog_mut()
        .map_err(|e| ReportError::Pdf(e.to_string()))?;
    catalog.set("Outlines", Object::Reference(outlines_id));
    catalog.set("PageMode", "UseOutlines");
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
    fn numbers_are_rounded_and_y_flipped() {
        assert_eq!(rounded(1.23456, 2), 1.23);
        assert_eq!(flip_y(800.0, 100.004), Pt(700.0));
        assert_eq!(font_id(FontFace::Bold).len(), 6);
        assert!(FontFace::ALL
            .iter()
            .all(|f| font_id(*f).chars().all(|c| c.is_ascii_uppercase())));
    }

    #[test]
    fn fonts_are_subset_once_and_parse() {
        let backend = PdfBackend::new().unwrap();
        for font in &backend.fonts {
            assert!(
                font.program.len() < font.face.bytes().len() / 4,
                "{:?} not subset",
                font.face
            );
            assert!(font.parsed.lookup_glyph_index('R' as u32).is_some());
            assert!(font.deflated.len() < font.program.len());
        }
    }
}
