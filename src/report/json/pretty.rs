//! `serde_json`'s pretty format (two-space indent), byte for byte, with each line's indent
//! written at once: serde_json's `PrettyFormatter` writes it two bytes at a time, one
//! buffer append per level per line, which was a fifth of writing a report's JSON (issue 16).

use std::io::{self, Write};

use serde_json::ser::Formatter;

/// A line break and the deepest indent written in one piece; deeper lines take more pieces.
const BREAK_AND_INDENT: &[u8; 65] =
    b"\n                                                                ";

/// The pretty formatter; `serde_json::to_writer_pretty` writes the same bytes.
#[derive(Debug, Default)]
pub(crate) struct Pretty {
    level: usize,
    has_value: bool,
}

impl Pretty {
    /// A line break and the indent of the current level.
    fn new_line<W: ?Sized + Write>(&self, writer: &mut W) -> io::Result<()> {
        let mut spaces = 2 * self.level;
        let first = spaces.min(BREAK_AND_INDENT.len() - 1);
        writer.write_all(&BREAK_AND_INDENT[..=first])?;
        spaces -= first;
        while spaces > 0 {
            let piece = spaces.min(BREAK_AND_INDENT.len() - 1);
            writer.write_all(&BREAK_AND_INDENT[1..=piece])?;
            spaces -= piece;
        }
        Ok(())
    }

    /// `,` before every item but the first, then its line.
    fn item<W: ?Sized + Write>(&self, writer: &mut W, first: bool) -> io::Result<()> {
        if !first {
            writer.write_all(b",")?;
        }
        self.new_line(writer)
    }

    fn open<W: ?Sized + Write>(&mut self, writer: &mut W, bracket: &[u8]) -> io::Result<()> {
        self.level += 1;
        self.has_value = false;
        writer.write_all(bracket)
    }

    fn close<W: ?Sized + Write>(&mut self, writer: &mut W, bracket: &[u8]) -> io::Result<()> {
        self.level -= 1;
        if self.has_value {
            self.new_line(writer)?;
        }
        writer.write_all(bracket)
    }
}

impl Formatter for Pretty {
    fn begin_array<W: ?Sized + Write>(&mut self, writer: &mut W) -> io::Result<()> {
        self.open(writer, b"[")
    }

    fn end_array<W: ?Sized + Write>(&mut self, writer: &mut W) -> io::Result<()> {
        self.close(writer, b"]")
    }

    fn begin_array_value<W: ?Sized + Write>(
        &mut self,
        writer: &mut W,
        first: bool,
    ) -> io::Result<()> {
        self.item(writer, first)
    }

    fn end_array_value<W: ?Sized + Write>(&mut self, _writer: &mut W) -> io::Result<()> {
        self.has_value = true;
        Ok(())
    }

    fn begin_object<W: ?Sized + Write>(&mut self, writer: &mut W) -> io::Result<()> {
        self.open(writer, b"{")
    }

    fn end_object<W: ?Sized + Write>(&mut self, writer: &mut W) -> io::Result<()> {
        self.close(writer, b"}")
    }

    fn begin_object_key<W: ?Sized + Write>(
        &mut self,
        writer: &mut W,
        first: bool,
    ) -> io::Result<()> {
        self.item(writer, first)
    }

    fn begin_object_value<W: ?Sized + Write>(&mut self, writer: &mut W) -> io::Result<()> {
        writer.write_all(b": ")
    }

    fn end_object_value<W: ?Sized + Write>(&mut self, _writer: &mut W) -> io::Result<()> {
        self.has_value = true;
        Ok(())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn ours(value: &serde_json::Value) -> Vec<u8> {
        let mut out = Vec::new();
        let mut ser = serde_json::Serializer::with_formatter(&mut out, Pretty::default());
        serde::Serialize::serialize(value, &mut ser).unwrap();
        out
    }

    #[test]
    fn writes_what_serde_jsons_pretty_printer_writes() {
        // Empty and nested containers, and nesting deeper than one piece of indent (40 levels).
        let mut deep = serde_json::json!({"leaf": [1, "two", null, {}, []]});
        for i in 0..40 {
            deep = serde_json::json!({ "level": i, "list": [i, []], "inner": deep });
        }
        for value in [
            serde_json::json!({}),
            serde_json::json!([]),
            serde_json::json!({"a": {"b": [], "c": {}}, "d": [[1, 2], [3]]}),
            serde_json::json!("text with \"quotes\"\n"),
            deep,
        ] {
            assert_eq!(ours(&value), serde_json::to_vec_pretty(&value).unwrap());
        }
    }
}
