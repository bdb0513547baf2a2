//! Text of a PDF, all pages in order, through its ToUnicode maps (`pdf_reader`).

pub fn extract(doc: &lopdf::Document) -> String {
    crate::pdf_reader::all_pages(doc)
}
