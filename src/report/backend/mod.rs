//! Backends: DisplayList → bytes. `pdf.rs` writes PDF through printpdf; `text.rs` writes the
//! stable dump that snapshots compare. A new output format is one new file here.

pub mod pdf;
pub mod text;
