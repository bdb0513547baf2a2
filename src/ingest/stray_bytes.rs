//! The finding for a cell that is not valid UTF-8 (`I104`): which byte, where, and how the
//! cell was read instead.
//!
//! Separate from `reader.rs` so the reader stays about records. The hint depends on whether
//! the user already named an encoding (issue 15: "set the encoding" was suggested again after
//! it was set). It decodes nothing itself.

use crate::diag::{ColumnRef, Diagnostic, Location, Severity};
use crate::ingest::encoding::FileEncoding;
use crate::ingest::finding;

/// One cell with bytes that are not valid UTF-8.
pub(crate) struct StrayBytes<'a> {
    /// The file as the user named it.
    pub file: &'a str,
    /// Row and line of the record.
    pub position: (u64, u64),
    /// The cell's column.
    pub column: ColumnRef,
    /// The first invalid byte and its byte offset in the file.
    pub byte: (u8, u64),
    /// The cell as read in the fallback encoding.
    pub value: &'a str,
}

impl StrayBytes<'_> {
    /// The `I104` warning, with a hint that fits how the encoding was chosen.
    pub fn finding(&self, encoding: &FileEncoding) -> Diagnostic {
        let ((row, line), (byte, offset)) = (self.position, self.byte);
        let (fallback, value) = (encoding.fallback.name(), self.value);
        let hint = if encoding.configured {
            format!("read as the configured {fallback}; save the file as CSV UTF-8 to silence this")
        } else {
            "save the file as CSV UTF-8, or set the file's encoding".to_string()
        };
        Diagnostic::new(
            finding::BAD_ENCODING,
            Severity::Warning,
            format!(
                "byte 0x{byte:02X} at byte offset {offset} (row {row}) is not valid UTF-8; the \
                 cell was read as {fallback}: {value:?}"
            ),
            Location::Csv {
                file: self.file.to_string(),
                row,
                line,
                column: Some(self.column.clone()),
            },
        )
        .with_value(value)
        .with_expected("UTF-8 text")
        .with_hint(hint)
    }
}
