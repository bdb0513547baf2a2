//! Text of a PDF, all pages in order, through lopdf (which reads the ToUnicode maps).

pub fn extract(doc: &lopdf::Document) -> String {
    let pages: Vec<u32> = doc.get_pages().keys().copied().collect();
    doc.extract_text(&pages).expect("extractable text")
}
