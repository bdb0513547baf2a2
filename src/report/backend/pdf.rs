//! DisplayList → PDF bytes. The PDF backend (this file and `pdf/`) is the only place that
//! imports printpdf and lopdf.
//!
//! Reproducible and fast by construction:
//! - once per `PdfBackend` (once per run), printpdf subsets the three faces to the common
//!   report characters (`fonts::charset`) and writes their font objects (widths, ToUnicode,
//!   descriptors, programs) under fixed six-letter ids (`pdf/font_objects.rs`); we deflate
//!   and serialize them once, numbered from 1, and copy the same bytes into every report,
//!   instead of paying printpdf's per-document subsetting and glyph collection; a subset of
//!   at most 256 glyphs shows a glyph as one byte (`pdf/one_byte.rs`), not two;
//! - a document that shows other characters (Greek, Cyrillic, CJK from a fallback font) gets
//!   extra fonts subset to exactly those, made from its own text (`pdf/extension.rs`);
//! - per report, the page tree, pages, outline, links and metadata (explicit dates from the
//!   display list, never the clock) are written as bytes (`pdf/writer.rs`,
//!   `pdf/navigation.rs`); `content.rs` writes each page's operators, and the trailer `/ID`
//!   is a SHA-256 of the content and metadata;
//! - streams are deflated here at a fast level (printpdf's own pass uses the slowest one).
mod extension;
mod font_objects;
mod navigation;
mod one_byte;
mod writer;

use std::io::Write;

use flate2::write::ZlibEncoder;
use flate2::Compression;
use std::collections::BTreeMap;

use lopdf::{Object, ObjectId};
use printpdf::PdfSaveOptions;
use sha2::{Digest, Sha256};

use crate::report::backend::content::{
    page_content, put_int, put_num, BaseFonts, FontTables, GlyphTable,
};
use crate::report::backend::pdf::extension::{document_fonts, LoadedFallback, WholeFaces};
use crate::report::backend::pdf::font_objects::{write_font_objects, FontObjects, SubsetFont};
use crate::report::backend::pdf::navigation::{
    outline_objects, page_links, put_text, write_link, write_outline,
};
use crate::report::backend::pdf::writer::{
    put_key_ref, put_literal, put_name, put_ref, put_refs, ObjectWriter, SerializedObjects,
};
use crate::report::display::{DisplayList, DocumentInfo};
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
    /// The run's font objects, numbered from 1 in every report.
    fonts: NumberedFonts,
    glyphs: BaseFonts,
    /// Subset program sizes, for tests and diagnostics.
    program_sizes: [usize; 3],
    /// The three whole faces, for the glyphs a document shows beyond the common subset.
    faces: WholeFaces,
    /// The configured fallback fonts, in order.
    fallbacks: Vec<LoadedFallback>,
}

impl std::fmt::Debug for PdfBackend {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("PdfBackend")
            .field("font_objects", &self.fonts.count)
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
        }
        let fonts = NumberedFonts::new(&write_font_objects(subsets)?, 1);
        let glyphs: [GlyphTable; 3] = glyphs
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
            glyphs: BaseFonts::new(glyphs),
            program_sizes,
            faces: WholeFaces::default(),
            fallbacks,
        })
    }

    /// Sizes in bytes of the three subset font programs (regular, bold, oblique), undeflated.
    pub fn program_sizes(&self) -> [usize; 3] {
        self.program_sizes
    }

    /// The bytes every file `render` writes starts with: the header and the run's font
    /// objects, about half of a report (`manifest::PrefixHasher` hashes them once a run).
    pub fn shared_prefix(&self) -> Vec<u8> {
        [writer::HEADER, &self.fonts.objects.bytes].concat()
    }

    /// Writes a display list as PDF bytes.
    pub fn render(&self, list: &DisplayList) -> Result<Vec<u8>, ReportError> {
        let (width, height) = (list.geometry.width, list.geometry.height);
        let date = printpdf::OffsetDateTime::from_unix_timestamp(list.info.epoch_seconds).map_err(
            |_| ReportError::Date {
                epoch_seconds: list.info.epoch_seconds,
            },
        )?;
        let own = document_fonts(list, &self.faces, &self.fallbacks)?;
        let no_extra: [Vec<GlyphTable>; 3] = Default::default();
        let tables = FontTables {
            base: &self.glyphs,
            extra: own.as_ref().map_or(&no_extra, |own| &own.extra),
        };

        // Object numbers: the run's fonts first (the same bytes in every report), then the
        // document's own objects.
        let mut next = self.fonts.count + 1;
        let mut take = |n: u32| {
            let first = next;
            next += n;
            first
        };
        let (catalog, page_tree, info, resources, font_dict) =
            (take(1), take(1), take(1), take(1), take(1));
        let own_fonts = own
            .as_ref()
            .map(|own| NumberedFonts::new(&own.objects, take(0)));
        if let Some(own_fonts) = &own_fonts {
            take(own_fonts.count);
        }
        let pages: Vec<u32> = list.pages.iter().map(|_| take(2)).collect();
        let outline_first = take(outline_objects(list));
        let links = page_links(list);
        let link_ids: Vec<u32> = links.iter().map(|l| take(l.len() as u32)).collect();
        let mut file = ObjectWriter::new(next - 1, 384 * 1024);

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

        // First, so that every file starts with the same bytes (`shared_prefix`).
        file.serialized(&self.fonts.objects);
        file.object(font_dict, |out| {
            out.extend_from_slice(b"<<");
            for (name, id) in self
                .fonts
                .entries
                .iter()
                .chain(own_fonts.iter().flat_map(|own| &own.entries))
            {
                put_name(out, name);
                out.push(b' ');
                put_ref(out, *id);
            }
            out.extend_from_slice(b">>");
        });
        if let Some(own_fonts) = &own_fonts {
            file.serialized(&own_fonts.objects);
        }
        file.object(resources, |out| {
            out.extend_from_slice(b"<<");
            put_key_ref(out, b"/Font", font_dict);
            out.extend_from_slice(b">>");
        });
        for (index, page) in list.pages.iter().enumerate() {
            let id = pages[index];
            let raw = page_content(&page.items, height, tables);
            let content = deflate_content(&raw)?;
            // A zlib stream ends with the Adler-32 of what it compressed: with the length, it
            // identifies the page for the `/ID` at no cost (hashing every compressed byte was
            // 1% of a whole run).
            hash.update((raw.len() as u64).to_be_bytes());
            hash.update(&content[content.len().saturating_sub(4)..]);
            file.stream(id + 1, b"/Filter/FlateDecode", &content);
            let out = file.start(id);
            out.extend_from_slice(b"<</Type/Page/MediaBox[0 0 ");
            put_num(out, width);
            out.push(b' ');
            put_num(out, height);
            out.extend_from_slice(b"]");
            put_key_ref(out, b"/Parent", page_tree);
            put_key_ref(out, b"/Resources", resources);
            put_key_ref(out, b"/Contents", id + 1);
            if !links[index].is_empty() {
                out.extend_from_slice(b"/Annots");
                put_refs(
                    out,
                    (0..links[index].len() as u32).map(|k| link_ids[index] + k),
                );
            }
            out.extend_from_slice(b">>");
            file.end();
            for (k, link) in links[index].iter().enumerate() {
                write_link(&mut file, link_ids[index] + k as u32, list, &pages, link)?;
            }
        }
        file.object(page_tree, |out| {
            out.extend_from_slice(b"<</Type/Pages/Count ");
            put_int(out, pages.len() as i64);
            out.extend_from_slice(b"/Kids");
            put_refs(out, pages.iter().copied());
            out.extend_from_slice(b">>");
        });
        let outline = write_outline(&mut file, list, &pages, outline_first)?;
        file.object(catalog, |out| {
            out.extend_from_slice(b"<</Type/Catalog/PageLayout/OneColumn");
            put_key_ref(out, b"/Pages", page_tree);
            if let Some(outline) = outline {
                put_key_ref(out, b"/Outlines", outline);
                out.extend_from_slice(b"/PageMode/UseOutlines");
            }
            out.extend_from_slice(b">>");
        });
        file.object(info, |out| put_info(out, &list.info, date));
        let digest = hash.finalize();
        Ok(file.finish(catalog, info, &digest[..16]))
    }
}

/// The document information dictionary: dates from the display list (never the clock), texts
/// in UTF-16.
fn put_info(out: &mut Vec<u8>, info: &DocumentInfo, date: printpdf::OffsetDateTime) {
    let stamp = format!(
        "D:{:04}{:02}{:02}{:02}{:02}{:02}+00'00'",
        date.year(),
        u8::from(date.month()),
        date.day(),
        date.hour(),
        date.minute(),
        date.second()
    );
    out.extend_from_slice(b"<</Trapped/False/CreationDate");
    put_literal(out, stamp.as_bytes());
    out.extend_from_slice(b"/ModDate");
    put_literal(out, stamp.as_bytes());
    let keywords = info.keywords.join(",");
    for (key, text) in [
        (&b"/Title"[..], info.title.as_str()),
        (b"/Author", &info.author),
        (b"/Creator", &info.creator),
        (b"/Producer", &info.creator),
        (b"/Subject", &info.subject),
        (b"/Keywords", &keywords),
    ] {
        out.extend_from_slice(key);
        put_text(out, text);
    }
    out.extend_from_slice(b">>");
}

/// Font objects numbered for a report: `objects` serialized under numbers `first`, … and the
/// `/Font` dictionary's entries pointing at them.
struct NumberedFonts {
    objects: SerializedObjects,
    /// Resource name → the font's number.
    entries: Vec<(Vec<u8>, u32)>,
    /// How many numbers the objects take.
    count: u32,
}

impl NumberedFonts {
    fn new(fonts: &FontObjects, first: u32) -> NumberedFonts {
        // Every object but the template's own `/Font` dictionary, which each report writes
        // with its own entries.
        let kept: Vec<&(ObjectId, Object)> = fonts
            .objects
            .iter()
            .filter(|(id, _)| *id != fonts.font_dict)
            .collect();
        let numbers: BTreeMap<ObjectId, u32> = kept
            .iter()
            .enumerate()
            .map(|(i, (id, _))| (*id, first + i as u32))
            .collect();
        let number = |id: ObjectId| numbers.get(&id).copied().unwrap_or(0);
        let objects = SerializedObjects::new(kept.iter().copied(), &number);
        let entries = fonts
            .objects
            .iter()
            .find(|(id, _)| *id == fonts.font_dict)
            .and_then(|(_, dict)| dict.as_dict().ok())
            .map(|dict| {
                dict.iter()
                    .filter_map(|(name, font)| {
                        Some((name.clone(), number(font.as_reference().ok()?)))
                    })
                    .collect()
            })
            .unwrap_or_default();
        NumberedFonts {
            objects,
            entries,
            count: kept.len() as u32,
        }
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
    }

    #[test]
    fn fonts_are_subset_once_with_every_charset_glyph() {
        let backend = PdfBackend::new(&[]).unwrap();
        for (i, face) in FontFace::ALL.iter().enumerate() {
            assert!(
                backend.program_sizes[i] < face.bytes().len() / 4,
                "{face:?} not subset"
            );
            let table = backend.glyphs.table(i);
            assert!(charset().iter().all(|&c| c == ' '
                || c == '\u{a0}'
                || table.latin.get(c as usize).is_none_or(|g| *g != 0)));
            assert!(table.other.iter().all(|(_, g)| *g != 0));
            // The common characters fit a byte: every report's text shows a byte a glyph.
            assert!(table.one_byte, "{face:?} shows two bytes a glyph");
        }
        // Type0 + descendant descriptor + ToUnicode + program per face, plus the /Font dict.
        assert!(backend.fonts.count > 3 * 3);
        // Numbered 1, 2, … in every report (the same bytes each time), the /Font entries
        // pointing at the three Type0 fonts among them.
        let numbers: Vec<u32> = backend.fonts.objects.offsets.iter().map(|o| o.0).collect();
        assert_eq!(numbers, (1..=backend.fonts.count).collect::<Vec<_>>());
        let names: Vec<&[u8]> = backend.fonts.entries.iter().map(|e| &e.0[..]).collect();
        assert_eq!(names, [&b"DJVSBD"[..], b"DJVSOB", b"DJVSRG"]);
        assert!(backend
            .fonts
            .entries
            .iter()
            .all(|e| (1..=backend.fonts.count).contains(&e.1)));
    }
}
