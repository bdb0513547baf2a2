//! One-byte text codes: a subset font of at most 256 glyphs shows each glyph as one byte
//! instead of `Identity-H`'s two. Text is most of a page's content, and with two-byte codes
//! every other byte of it was a zero: about a third less to write, deflate, hash and save
//! (issue 16).
//!
//! The Type0 font keeps its CIDFont (CID = glyph id, the widths unchanged). Its `/Encoding`
//! becomes an embedded CMap that maps each byte to the CID of the same number (ISO 32000-1,
//! 9.7.5.3), and its `/ToUnicode` map is rewritten with one-byte codes, so that extraction and
//! copying read the characters drawn. Part of the PDF backend.

use std::fmt::Write as _;

use lopdf::{Dictionary, Object, ObjectId, Stream};

use crate::report::backend::content::GlyphTable;
use crate::report::backend::pdf::deflate;
use crate::report::ReportError;

/// Name of the embedded encoding CMap.
pub const CMAP_NAME: &str = "PMOA-OneByte-Identity-H";

/// The start of a CMap of one-byte codes: its system info, name and type (1 an encoding, 2
/// a ToUnicode map), and the code space `<00>`–`<FF>`.
fn cmap_start(ordering: &str, name: &str, cmap_type: u8) -> String {
    format!(
        "%!PS-Adobe-3.0 Resource-CMap\n\
         %%DocumentNeededResources: procset CIDInit\n\
         %%IncludeResource: procset CIDInit\n\
         /CIDInit /ProcSet findresource begin\n\
         12 dict begin\n\
         begincmap\n\
         /CIDSystemInfo 3 dict dup begin\n\
         /Registry (Adobe) def\n\
         /Ordering ({ordering}) def\n\
         /Supplement 0 def\n\
         end def\n\
         /CMapName /{name} def\n\
         /CMapVersion 1 def\n\
         /CMapType {cmap_type} def\n\
         /WMode 0 def\n\
         1 begincodespacerange\n\
         <00> <FF>\n\
         endcodespacerange\n"
    )
}

/// The end of every CMap.
const CMAP_END: &str = "endcmap\n\
     CMapName currentdict /CMap defineresource pop\n\
     end\n\
     end\n";

/// The encoding CMap: one-byte codes, code n → CID n.
pub fn encoding_cmap() -> String {
    let mut out = cmap_start("Identity", CMAP_NAME, 1);
    out.push_str("1 begincidrange\n<00> <FF> 0\nendcidrange\n");
    out.push_str(CMAP_END);
    out
}

/// The `/ToUnicode` map of a one-byte font: each glyph's code → the first (lowest) character
/// drawn with it, as printpdf's two-byte map had it.
pub fn to_unicode_cmap(table: &GlyphTable) -> String {
    let mut first: [Option<char>; 256] = [None; 256];
    let latin = (0u32..256).filter_map(|c| Some((char::from_u32(c)?, table.latin[c as usize])));
    for (c, gid) in latin.chain(table.other.iter().copied()) {
        if let Ok(code) = u8::try_from(gid) {
            if gid != 0 {
                first[usize::from(code)].get_or_insert(c);
            }
        }
    }
    let entries: Vec<(usize, char)> = first
        .iter()
        .enumerate()
        .filter_map(|(code, c)| Some((code, (*c)?)))
        .collect();
    let mut out = cmap_start("UCS", "Adobe-Identity-UCS", 2);
    // A `bfchar` block holds at most 100 entries.
    for block in entries.chunks(100) {
        let _ = writeln!(out, "{} beginbfchar", block.len());
        for (code, c) in block {
            let _ = write!(out, "<{code:02X}> <");
            for unit in c.encode_utf16(&mut [0; 2]) {
                let _ = write!(out, "{unit:04X}");
            }
            out.push_str(">\n");
        }
        out.push_str("endbfchar\n");
    }
    out.push_str(CMAP_END);
    out
}

/// Gives the Type0 fonts of `tables` (their `resource` is the subset tag of `/BaseFont`) the
/// one-byte encoding and a one-byte `/ToUnicode` map; every table must be `one_byte`.
pub fn rewrite_fonts(
    objects: &mut Vec<(ObjectId, Object)>,
    tables: &[GlyphTable],
) -> Result<(), ReportError> {
    if tables.is_empty() {
        return Ok(());
    }
    let cmap_id: ObjectId = (objects.iter().map(|(id, _)| id.0).max().unwrap_or(0) + 1, 0);
    for table in tables {
        debug_assert!(table.one_byte);
        let tag = format!("{}+", table.resource);
        let font = objects
            .iter_mut()
            .find_map(|(_, object)| match object {
                Object::Dictionary(dict)
                    if dict.get(b"Subtype").and_then(Object::as_name).ok() == Some(b"Type0")
                        && dict
                            .get(b"BaseFont")
                            .and_then(Object::as_name)
                            .is_ok_and(|name| name.starts_with(tag.as_bytes())) =>
                {
                    Some(dict)
                }
                _ => None,
            })
            .ok_or_else(|| ReportError::font_template("a subset font without its Type0 font"))?;
        font.set("Encoding", Object::Reference(cmap_id));
        let to_unicode = font
            .get(b"ToUnicode")
            .and_then(Object::as_reference)
            .map_err(|_| ReportError::font_template("a Type0 font without ToUnicode"))?;
        let stream = objects
            .iter_mut()
            .find(|(id, _)| *id == to_unicode)
            .and_then(|(_, object)| object.as_stream_mut().ok())
            .ok_or_else(|| ReportError::font_template("a ToUnicode map that is no stream"))?;
        stream.set_content(deflate(to_unicode_cmap(table).as_bytes(), 9)?);
        stream.dict.set("Filter", "FlateDecode");
    }
    let mut dict = Dictionary::new();
    dict.set("Type", "CMap");
    dict.set("CMapName", CMAP_NAME);
    let mut info = Dictionary::new();
    info.set("Registry", Object::string_literal("Adobe"));
    info.set("Ordering", Object::string_literal("Identity"));
    info.set("Supplement", 0);
    dict.set("CIDSystemInfo", info);
    dict.set("Filter", "FlateDecode");
    let content = deflate(encoding_cmap().as_bytes(), 9)?;
    objects.push((cmap_id, Object::Stream(Stream::new(dict, content))));
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn to_unicode_maps_each_code_to_its_first_character() {
        let mut latin = [0u16; 256];
        latin[usize::from(b' ')] = 1;
        latin[0xA0] = 1;
        latin[usize::from(b'A')] = 0x24;
        let table = GlyphTable {
            resource: "ABCDEF".into(),
            latin,
            other: vec![('\u{2212}', 0xCB), ('\u{1F600}', 0xCC)],
            one_byte: true,
        };
        let cmap = to_unicode_cmap(&table);
        assert!(cmap.contains(
            "4 beginbfchar\n<01> <0020>\n<24> <0041>\n<CB> <2212>\n<CC> <D83DDE00>\nendbfchar\n"
        ));
        assert!(cmap.contains("<00> <FF>\nendcodespacerange"));
    }

    #[test]
    fn the_encoding_maps_every_byte_to_the_cid_of_its_number() {
        let cmap = encoding_cmap();
        assert!(cmap.contains("1 begincodespacerange\n<00> <FF>\nendcodespacerange"));
        assert!(cmap.contains("1 begincidrange\n<00> <FF> 0\nendcidrange"));
        assert!(cmap.contains(&format!("/CMapName /{CMAP_NAME} def")));
    }
}
