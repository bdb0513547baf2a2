//! The outline (bookmarks) and the link annotations of a report, written as PDF objects.
//!
//! The outline is in document order, level-2 entries nested under the level-1 entry before
//! them, chapters collapsed; links are the display list's link items (the contents page, the
//! reasons trace). Part of the PDF backend.

use crate::report::backend::content::{put_int, put_num};
use crate::report::backend::pdf::writer::{put_hex, put_key_ref, put_ref, ObjectWriter};
use crate::report::display::{Anchor, DisplayList, Item, LinkItem};
use crate::report::ReportError;

/// Writes the destination of outline entry or link target `index`: its page, at the anchor's
/// height. `pages` are the page objects' numbers.
fn put_destination(
    out: &mut Vec<u8>,
    list: &DisplayList,
    pages: &[u32],
    index: usize,
) -> Result<(), ReportError> {
    // Targets past the outline's end are the reasons-trace destinations.
    let anchor: &Anchor = list
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
    let page = *pages
        .get(anchor.page_index)
        .ok_or_else(|| ReportError::Link {
            what: format!("outline entry {:?} on a page past the last", anchor.title),
        })?;
    out.push(b'[');
    put_ref(out, page);
    out.extend_from_slice(b"/XYZ null ");
    put_num(out, list.geometry.height - anchor.y);
    out.extend_from_slice(b" null]");
    Ok(())
}

/// Text as a PDF text string: UTF-16BE with a byte-order mark, in hexadecimal.
pub fn put_text(out: &mut Vec<u8>, text: &str) {
    let mut bytes = Vec::with_capacity(2 + 2 * text.len());
    bytes.extend_from_slice(&[0xFE, 0xFF]);
    for unit in text.encode_utf16() {
        bytes.extend_from_slice(&unit.to_be_bytes());
    }
    put_hex(out, &bytes);
}

/// How many objects the outline takes: its root and an entry each, none without entries.
pub fn outline_objects(list: &DisplayList) -> u32 {
    if list.outline.is_empty() {
        0
    } else {
        list.outline.len() as u32 + 1
    }
}

/// Writes the outline as objects `first`, `first + 1`, … (the root first); returns the root's
/// number, `None` when the list has no outline entry.
pub fn write_outline(
    file: &mut ObjectWriter,
    list: &DisplayList,
    pages: &[u32],
    first: u32,
) -> Result<Option<u32>, ReportError> {
    if list.outline.is_empty() {
        return Ok(None);
    }
    let root = first;
    let id = |i: usize| first + 1 + i as u32;
    // Parent of each entry (None = the root) and the children of each parent.
    let mut parent: Vec<Option<usize>> = Vec::with_capacity(list.outline.len());
    let mut last_top: Option<usize> = None;
    for (i, anchor) in list.outline.iter().enumerate() {
        if anchor.level <= 1 || last_top.is_none() {
            parent.push(None);
            last_top = Some(i);
        } else {
            parent.push(last_top);
        }
    }
    let children = |p: Option<usize>| -> Vec<usize> {
        (0..parent.len()).filter(|&i| parent[i] == p).collect()
    };
    let top = children(None);
    file.object(root, |out| {
        out.extend_from_slice(b"<</Type/Outlines/Count ");
        put_int(out, top.len() as i64);
        // Invariant: the first entry is always a top-level one, so `top` is non-empty.
        if let (Some(first), Some(last)) = (top.first(), top.last()) {
            put_key_ref(out, b"/First", id(*first));
            put_key_ref(out, b"/Last", id(*last));
        }
        out.extend_from_slice(b">>");
    });
    for (i, anchor) in list.outline.iter().enumerate() {
        let siblings = children(parent[i]);
        let at = siblings.iter().position(|&s| s == i).unwrap_or(0);
        let kids = children(Some(i));
        let out = file.start(id(i));
        out.extend_from_slice(b"<</Title");
        put_text(out, &anchor.title);
        put_key_ref(out, b"/Parent", parent[i].map_or(root, id));
        out.extend_from_slice(b"/Dest");
        put_destination(out, list, pages, i)?;
        if at > 0 {
            put_key_ref(out, b"/Prev", id(siblings[at - 1]));
        }
        if let Some(&next) = siblings.get(at + 1) {
            put_key_ref(out, b"/Next", id(next));
        }
        if let (Some(first), Some(last)) = (kids.first(), kids.last()) {
            put_key_ref(out, b"/First", id(*first));
            put_key_ref(out, b"/Last", id(*last));
            // Negative: chapters open collapsed, so the outline reads like the contents.
            out.extend_from_slice(b"/Count ");
            put_int(out, -(kids.len() as i64));
        }
        out.extend_from_slice(b">>");
        file.end();
    }
    Ok(Some(root))
}

/// The link items of each page, in page order.
pub fn page_links(list: &DisplayList) -> Vec<Vec<&LinkItem>> {
    list.pages
        .iter()
        .map(|page| {
            page.items
                .iter()
                .filter_map(|i| match i {
                    Item::Link(k) => Some(k),
                    _ => None,
                })
                .collect()
        })
        .collect()
}

/// Writes one link annotation as object `id`.
pub fn write_link(
    file: &mut ObjectWriter,
    id: u32,
    list: &DisplayList,
    pages: &[u32],
    link: &LinkItem,
) -> Result<(), ReportError> {
    let h = list.geometry.height;
    let out = file.start(id);
    out.extend_from_slice(b"<</Type/Annot/Subtype/Link/Rect[");
    let corners = [
        link.x,
        h - link.y - link.height,
        link.x + link.width,
        h - link.y,
    ];
    for (i, v) in corners.iter().enumerate() {
        if i > 0 {
            out.push(b' ');
        }
        put_num(out, *v);
    }
    out.extend_from_slice(b"]/Border[0 0 0]/Dest");
    put_destination(out, list, pages, link.target)?;
    out.extend_from_slice(b">>");
    file.end();
    Ok(())
}
