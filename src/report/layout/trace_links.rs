//! Links from the body's reason marks (`(A.12)`) to their entries in the reasons trace.
//!
//! The trace's entries open with their number (`A.12 …`); each becomes a link destination
//! where it is placed. Once every page is laid out, each number in a note run of the body
//! (reason marks are notes) gets a link over its own glyphs. Destinations are not outline
//! entries: a hundred trace entries would flood the bookmarks and the contents page.

use crate::report::display::{Anchor, Item, LinkItem, Page};
use crate::report::document::Span;
use crate::report::fonts::{metrics, FontFace};
use crate::report::layout::page::Flow;

/// The entry number a trace paragraph opens with (`A.12`), if it is one.
fn entry_key(spans: &[Span]) -> Option<&str> {
    let key = spans.first()?.text.strip_suffix(' ')?;
    let digits = key.strip_prefix("A.")?;
    (!digits.is_empty() && digits.bytes().all(|b| b.is_ascii_digit())).then_some(key)
}

/// Records a destination for a trace entry about to be placed: the page breaks first where
/// `place_lines_kept` would move the entry's first lines, so the destination is where they
/// land.
pub fn mark_entry(flow: &mut Flow, spans: &[Span], lines: usize, leading: f64) {
    let Some(key) = entry_key(spans) else {
        return;
    };
    let kept = if lines < 4 { lines } else { 2 };
    flow.ensure(kept as f64 * leading);
    flow.destinations.push(Anchor {
        title: key.to_string(),
        level: 3,
        page_index: flow.pages.len() - 1,
        y: flow.y,
    });
}

/// `(start, end)` byte ranges of the entry numbers (`A.12`) in a text.
fn references(text: &str) -> Vec<(usize, usize)> {
    let mut out = Vec::new();
    let mut from = 0;
    while let Some(at) = text[from..].find("A.") {
        let start = from + at;
        let digits = text[start + 2..]
            .bytes()
            .take_while(u8::is_ascii_digit)
            .count();
        // A mark stands in brackets or after a comma: "(A.3, A.12)".
        let before = text[..start].trim_end().chars().last();
        if digits > 0 && matches!(before, Some('(') | Some(',')) {
            out.push((start, start + 2 + digits));
        }
        from = start + 2 + digits;
    }
    out
}

/// Adds a link over every entry number in the note runs of `pages`, to its destination;
/// `first_target` is the index of the first destination after the outline entries.
pub fn link_references(pages: &mut [Page], destinations: &[Anchor], first_target: usize) {
    if destinations.is_empty() {
        return;
    }
    let face = FontFace::Oblique;
    let m = metrics(face);
    for page in pages.iter_mut() {
        let mut links = Vec::new();
        for item in &page.items {
            let Item::Text(run) = item else { continue };
            if run.face != face || !run.text.contains("A.") {
                continue;
            }
            for (start, end) in references(&run.text) {
                let key = &run.text[start..end];
                let Some(target) = destinations.iter().position(|d| d.title == key) else {
                    continue;
                };
                let x = run.x + m.width(&run.text[..start], run.size);
                let top = run.y - m.ascent(run.size);
                links.push(Item::Link(LinkItem {
                    x,
                    y: top,
                    width: m.width(key, run.size),
                    height: m.ascent(run.size) + m.descent(run.size),
                    target: first_target + target,
                }));
            }
        }
        page.items.extend(links);
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn marks_are_found_in_brackets_and_lists_only() {
        let text = " (A.3, A.12) see A.4 and (appendix A.)";
        let found: Vec<&str> = references(text).iter().map(|&(s, e)| &text[s..e]).collect();
        assert_eq!(found, ["A.3", "A.12"]);
        assert_eq!(entry_key(&[Span::strong("A.12 ")]), Some("A.12"));
        assert_eq!(entry_key(&[Span::strong("Appendix ")]), None);
    }
}
