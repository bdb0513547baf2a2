//! A report PDF's text as a reader extracts it: through each font's `/ToUnicode` map.
//!
//! lopdf's `extract_text` reads a Type0 font's `/ToUnicode` map only when its `/Encoding` is
//! a name (`Identity-H`); for an embedded CMap, which the report's one-byte fonts have (issue
//! 16), it falls back to the standard encoding and returns other letters. `text` first checks
//! that every such CMap is the one-byte identity (each byte shows the glyph of the same number,
//! the number the `/ToUnicode` map is keyed by), then reads the text of a copy without it, as
//! pdftotext and viewers read it.
#![allow(dead_code)]

use lopdf::{Document, Object};

/// The text of `pages` (1-based), as `Document::extract_text` gives it.
pub fn text(doc: &Document, pages: &[u32]) -> String {
    readable(doc).extract_text(pages).expect("extractable text")
}

/// The text of every page, in order.
pub fn all_pages(doc: &Document) -> String {
    let pages: Vec<u32> = doc.get_pages().keys().copied().collect();
    text(doc, &pages)
}

/// A copy of `doc` whose Type0 fonts name no embedded encoding CMap, each checked first.
fn readable(doc: &Document) -> Document {
    let mut copy = doc.clone();
    for object in copy.objects.values_mut() {
        let Object::Dictionary(font) = object else {
            continue;
        };
        if font.get(b"Subtype").and_then(Object::as_name).ok() != Some(b"Type0") {
            continue;
        }
        let Ok(id) = font.get(b"Encoding").and_then(Object::as_reference) else {
            continue;
        };
        let cmap = doc
            .get_object(id)
            .and_then(Object::as_stream)
            .and_then(|s| s.get_plain_content())
            .expect("an embedded encoding CMap stream");
        assert_one_byte_identity(&String::from_utf8_lossy(&cmap));
        font.remove(b"Encoding");
    }
    copy
}

/// An encoding CMap maps one-byte codes `<00>`–`<FF>` to the CIDs of the same numbers, and
/// nothing else.
fn assert_one_byte_identity(cmap: &str) {
    let body: Vec<&str> = cmap.lines().map(str::trim).collect();
    let after = |marker: &str| -> Vec<&str> {
        let at = body
            .iter()
            .position(|l| l.ends_with(marker))
            .unwrap_or_else(|| panic!("{marker} in the encoding CMap:\n{cmap}"));
        assert!(body[at].starts_with("1 "), "one {marker} entry:\n{cmap}");
        vec![body[at + 1]]
    };
    assert_eq!(after("begincodespacerange"), ["<00> <FF>"], "{cmap}");
    assert_eq!(after("begincidrange"), ["<00> <FF> 0"], "{cmap}");
    for marker in [
        "begincidchar",
        "beginnotdefrange",
        "beginnotdefchar",
        "usecmap",
    ] {
        assert!(
            !cmap.contains(marker),
            "{marker} in the encoding CMap:\n{cmap}"
        );
    }
}
