//! Cuts the data rows of a UTF-8 CSV stream into blocks that start at record boundaries, so
//! the blocks can be parsed on separate cores (issue 16).
//!
//! A cut is only made after a line feed outside quotes. Quote parity is only the parser's view
//! of quoting when every quote opens a cell or closes one; any other quote (`a"b`, `"a"b`,
//! ` "a"`) makes the stream irregular, and the caller then reads the file sequentially. The
//! pending bytes are bounded: a record running past `MAX_RECORD_BYTES` is irregular too.
//! This file knows no columns, findings or hashing (the input reader hashes).

use std::io::Read;

use crate::ingest::guard::MAX_RECORD_BYTES;

/// A run of whole records of the stream.
#[derive(Debug, Default)]
pub(crate) struct Block {
    /// The records' bytes (the last one ends with a line feed, or at the end of the file).
    pub(crate) bytes: Vec<u8>,
    /// Offset of the first byte in the stream the parser reads (BOM removed).
    pub(crate) offset: u64,
    /// Line feeds before the block in that stream (the parser counts lines by them).
    pub(crate) lines_before: u64,
}

/// What `Blocks::next_block` found.
#[derive(Debug)]
pub(crate) enum Next {
    /// The next block.
    Block(Block),
    /// The stream ended.
    End,
    /// A quote the parity scan cannot follow, a record too long, or a read error: read the
    /// file sequentially instead.
    Irregular,
}

/// The block splitter over a stream positioned at a record start.
pub(crate) struct Blocks<R> {
    input: R,
    pending: Vec<u8>,
    offset: u64,
    lines: u64,
    target: usize,
    delimiter: u8,
    eof: bool,
    /// How far `pending` was scanned without finding a cut: the next scan goes on from there
    /// (rescanning from the start after every read made a long run without a cut, such as
    /// megabytes of blank lines, quadratic: 3.4 s for 17 MiB).
    scan: Scan,
}

/// Where a scan for a cut stopped, and whether it was inside quotes there.
#[derive(Debug, Default, Clone, Copy)]
struct Scan {
    at: usize,
    quoted: bool,
}

/// What `cut` found.
#[derive(Debug)]
enum Cut {
    /// Cut the pending bytes here.
    At(usize),
    /// No cut yet: read more, and go on scanning from here.
    More(Scan),
}

impl<R: Read> Blocks<R> {
    /// Splits `pending` (already read) followed by the rest of `input`, whose first byte is at
    /// stream `offset` after `lines` line feeds, into blocks of about `target` bytes.
    pub(crate) fn new(
        (pending, input): (Vec<u8>, R),
        (offset, lines): (u64, u64),
        target: usize,
        delimiter: u8,
    ) -> Self {
        Blocks {
            input,
            pending,
            offset,
            lines,
            target: target.max(1),
            delimiter,
            eof: false,
            scan: Scan::default(),
        }
    }

    /// The next block, the end, or `Irregular`.
    pub(crate) fn next_block(&mut self) -> Next {
        loop {
            if self.pending.len() < self.target && !self.eof && !self.fill() {
                return Next::Irregular;
            }
            if self.pending.is_empty() && self.eof {
                return Next::End;
            }
            match cut(
                &self.pending,
                self.target,
                self.delimiter,
                self.eof,
                self.scan,
            ) {
                Err(()) => return Next::Irregular,
                Ok(Cut::At(at)) => return Next::Block(self.take(at)),
                Ok(Cut::More(_)) if self.pending.len() as u64 > MAX_RECORD_BYTES => {
                    return Next::Irregular
                }
                Ok(Cut::More(scan)) => {
                    self.scan = scan;
                    if self.eof || !self.fill() {
                        return Next::Irregular;
                    }
                }
            }
        }
    }

    /// Reads up to `target` more bytes; `false` on a read error.
    fn fill(&mut self) -> bool {
        let want = self.target as u64;
        match (&mut self.input).take(want).read_to_end(&mut self.pending) {
            Ok(n) => {
                self.eof = (n as u64) < want;
                true
            }
            Err(_) => false,
        }
    }

    fn take(&mut self, at: usize) -> Block {
        // The rest begins the next block, in a buffer with room for the next read: a full
        // buffer would be grown (reallocated and copied) while reading, 8% of ingest.
        let tail = &self.pending[at..];
        let mut rest = Vec::with_capacity(tail.len() + self.target + 1);
        rest.extend_from_slice(tail);
        self.pending.truncate(at);
        let bytes = std::mem::replace(&mut self.pending, rest);
        self.scan = Scan::default();
        let block = Block {
            offset: self.offset,
            lines_before: self.lines,
            bytes,
        };
        self.offset += block.bytes.len() as u64;
        self.lines += memchr::memchr_iter(b'\n', &block.bytes).count() as u64;
        block
    }
}

/// Where to cut `bytes` (which start at a record start and were scanned up to `from`): after
/// the first line feed outside quotes at or past `target`; at the end of the file,
/// everything. `Cut::More`: read more first. `Err`: a quote that opens or closes nowhere a
/// cell can, or a quote open at the end.
fn cut(bytes: &[u8], target: usize, delimiter: u8, eof: bool, from: Scan) -> Result<Cut, ()> {
    let bounds = |b: u8| b == delimiter || b == b'\n' || b == b'\r' || b == b'"';
    let mut quoted = from.quoted;
    for i in memchr::memchr2_iter(b'"', b'\n', &bytes[from.at..]).map(|i| from.at + i) {
        if bytes[i] == b'\n' {
            if !quoted && i + 1 >= target {
                if let Some(at) = record_end(bytes, i) {
                    return Ok(Cut::At(at));
                }
            }
            continue;
        }
        if quoted {
            // A closing quote: the cell ends, or `""` (an escaped quote) follows.
            match bytes.get(i + 1) {
                Some(&next) if !bounds(next) => return Err(()),
                // Undecided until the next byte is read: scanned again from this quote then.
                None if !eof => return Ok(Cut::More(Scan { at: i, quoted })),
                _ => {}
            }
        } else if i > 0 && !bounds(bytes[i - 1]) {
            // An opening quote must open the cell.
            return Err(());
        }
        quoted = !quoted;
    }
    match (eof, quoted) {
        (true, false) => Ok(Cut::At(bytes.len())),
        (true, true) => Err(()),
        (false, _) => Ok(Cut::More(Scan {
            at: bytes.len(),
            quoted,
        })),
    }
}

/// Where the parser stops reading the record that the line feed at `i` ends: after it, or
/// for `\r\n` before it (the parser ends the record at `\r` and skips the `\n` with the next
/// record, whose position is then the `\n`'s). `None` after an empty line: the parser skips
/// empty lines while reading the next record, which keeps the position before them.
fn record_end(bytes: &[u8], i: usize) -> Option<usize> {
    let terminator = |j: usize| matches!(bytes.get(j), Some(b'\n' | b'\r'));
    match i.checked_sub(1) {
        Some(j) if bytes[j] == b'\r' => (j > 0 && !terminator(j - 1)).then_some(i),
        Some(j) => (!terminator(j)).then_some(i + 1),
        None => None,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn blocks(text: &str, target: usize) -> Vec<String> {
        let mut b = Blocks::new((Vec::new(), text.as_bytes()), (0, 0), target, b',');
        let mut out = Vec::new();
        loop {
            match b.next_block() {
                Next::Block(block) => out.push(String::from_utf8(block.bytes).unwrap()),
                Next::End => return out,
                Next::Irregular => return vec!["irregular".into()],
            }
        }
    }

    #[test]
    fn cuts_after_line_feeds_outside_quotes() {
        assert_eq!(
            blocks("a,b\nc,\"x\ny\"\nd,e", 5),
            ["a,b\nc,\"x\ny\"\n", "d,e"]
        );
        assert_eq!(blocks("a,\"x\"\"y\"\nb\n", 1), ["a,\"x\"\"y\"\n", "b\n"]);
        // Before the `\n` of `\r\n`, never after an empty line.
        assert_eq!(blocks("a\r\nb\n\n\nc\n", 1), ["a\r", "\nb\n", "\n\nc\n"]);
        assert!(blocks("", 4).is_empty());
    }

    #[test]
    fn a_scan_goes_on_where_the_last_read_left_it() {
        // Reads of 2 bytes: a quote pair split across reads, an escaped quote at a read's end,
        // and a long run of blank lines (scanned once, not once per read).
        assert_eq!(
            blocks("a,\"x\"\"\ny\"\nb,c\n", 2),
            ["a,\"x\"\"\ny\"\n", "b,c\n"]
        );
        let padded = format!("h\n{}r\n", "\n".repeat(5000));
        assert_eq!(blocks(&padded, 2), ["h\n", &padded[2..]]);
    }

    #[test]
    fn a_quote_inside_a_cell_or_left_open_is_irregular() {
        assert_eq!(blocks("a,b\"c\nd\n", 1), ["irregular"]);
        assert_eq!(blocks("a,\"b\"c\nd\n", 1), ["irregular"]);
        assert_eq!(blocks("a, \"b\"\nd\n", 1), ["irregular"]);
        assert_eq!(blocks("a,\"b\nd\n", 1), ["irregular"]);
    }
}
