//! Backends: DisplayList → bytes. `pdf.rs` writes PDF (printpdf builds the document and the
//! fonts, `content.rs` the page operators); `text.rs` writes the stable dump that snapshots
//! compare. A new output format is one new file here.

pub mod content;
pub mod pdf;
pub mod text;
