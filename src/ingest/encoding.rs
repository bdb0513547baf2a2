//! Which text encoding a file is in, and streaming `Read` adapters that hand the CSV parser
//! UTF-8 bytes.
//!
//! Detection order (docs/survey-formats.md §1.1): byte-order mark (UTF-8, UTF-16LE/BE) → NUL
//! bytes in every other position (UTF-16 without BOM) → UTF-8, with bytes that are not valid
//! UTF-8 decoded per cell in a fallback encoding (Windows-1252 unless configured). UTF-8 input
//! is passed through untouched (no transcoding copy) while its invalid bytes are located by
//! file offset; other encodings are transcoded chunk by chunk, so memory never grows with the
//! file. This module knows nothing about CSV records, columns or findings.

use std::collections::VecDeque;
use std::io::{self, Read};

use encoding_rs::{CoderResult, Decoder, Encoding, UTF_16BE, UTF_16LE, UTF_8, WINDOWS_1252};

/// How the encoding of a file was decided.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum EncodingSource {
    /// A byte-order mark at the start of the file.
    Bom,
    /// NUL bytes in every other position (UTF-16 written without a BOM).
    NulBytes,
    /// The configuration or the command line named it.
    Configured,
    /// Nothing said otherwise: UTF-8, the default.
    Default,
}

/// The encoding of one file, as detected or configured.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct FileEncoding {
    /// The encoding of the byte stream (UTF-8 unless a BOM, NUL pattern or setting says so).
    pub encoding: &'static Encoding,
    /// Whether the file starts with a byte-order mark (removed before parsing).
    pub bom: bool,
    /// How `encoding` was decided.
    pub source: EncodingSource,
    /// For a UTF-8 stream: how cells that are not valid UTF-8 are decoded instead.
    pub fallback: &'static Encoding,
    /// Whether the user named an encoding (the mapping's `encoding`, `--encoding`).
    pub configured: bool,
}

impl FileEncoding {
    /// The encoding's standard name, e.g. `UTF-8`, `UTF-16LE`, `windows-1252`.
    pub fn name(&self) -> &'static str {
        self.encoding.name()
    }

    /// Whether the stream is parsed as UTF-8 without transcoding.
    pub fn is_utf8(&self) -> bool {
        self.encoding == UTF_8
    }

    /// A short human description, e.g. `UTF-16LE (byte-order mark)`; `invalid_bytes` says
    /// whether the file held bytes that are not valid UTF-8 (only then is the fallback named:
    /// issue 15, valid UTF-8 was described as read in windows-1252).
    pub fn describe(&self, invalid_bytes: bool) -> String {
        let how = match self.source {
            EncodingSource::Bom => "byte-order mark",
            EncodingSource::NulBytes => "NUL bytes in every other position, no BOM",
            EncodingSource::Configured => "configured",
            EncodingSource::Default => "no BOM",
        };
        if self.is_utf8() && invalid_bytes {
            format!(
                "{} ({how}; invalid bytes read as {})",
                self.name(),
                self.fallback.name()
            )
        } else {
            format!("{} ({how})", self.name())
        }
    }
}

/// The encoding named by `label` (WHATWG labels: `utf-8`, `utf-16le`, `windows-1252`,
/// `cp1252`, `latin1`, `macintosh`, …), or an error listing a few accepted names.
pub fn encoding_for_label(label: &str) -> Result<&'static Encoding, String> {
    Encoding::for_label(label.trim().as_bytes()).ok_or_else(|| {
        format!(
            "unknown encoding {label:?}: expected a name such as utf-8, utf-16le, utf-16be, \
             windows-1252, iso-8859-15 or macintosh"
        )
    })
}

/// Decides the encoding from the first bytes of a file.
///
/// A BOM always wins. A configured UTF-16 encoding is used as is; any other configured
/// encoding becomes the fallback for bytes that are not valid UTF-8 (exports are UTF-8 far
/// more often than not, and valid UTF-8 is almost never meant as Windows-1252).
pub fn sniff(head: &[u8], configured: Option<&'static Encoding>) -> FileEncoding {
    let fallback = match configured {
        Some(enc) if enc != UTF_8 && enc != UTF_16LE && enc != UTF_16BE => enc,
        _ => WINDOWS_1252,
    };
    let make = |encoding, bom, source| FileEncoding {
        encoding,
        bom,
        source,
        fallback,
        configured: configured.is_some(),
    };
    if head.starts_with(b"\xef\xbb\xbf") {
        return make(UTF_8, true, EncodingSource::Bom);
    }
    if head.starts_with(b"\xff\xfe") {
        return make(UTF_16LE, true, EncodingSource::Bom);
    }
    if head.starts_with(b"\xfe\xff") {
        return make(UTF_16BE, true, EncodingSource::Bom);
    }
    match configured {
        Some(enc) if enc == UTF_16LE || enc == UTF_16BE => {
            return make(enc, false, EncodingSource::Configured)
        }
        _ => {}
    }
    if let Some(enc) = utf16_by_nul_bytes(head) {
        return make(enc, false, EncodingSource::NulBytes);
    }
    let source = match configured {
        Some(_) => EncodingSource::Configured,
        None => EncodingSource::Default,
    };
    make(UTF_8, false, source)
}

/// UTF-16 without a BOM: text that is mostly ASCII has a NUL in every other byte.
fn utf16_by_nul_bytes(head: &[u8]) -> Option<&'static Encoding> {
    let sample = &head[..head.len().min(4096) & !1];
    let pairs = sample.len() / 2;
    if pairs < 2 {
        return None;
    }
    let (mut even, mut odd) = (0usize, 0usize);
    for pair in sample.chunks_exact(2) {
        even += usize::from(pair[0] == 0);
        odd += usize::from(pair[1] == 0);
    }
    // At least half the characters ASCII, and NULs on one side only.
    if odd * 2 >= pairs && even * 10 <= odd {
        Some(UTF_16LE)
    } else if even * 2 >= pairs && odd * 10 <= even {
        Some(UTF_16BE)
    } else {
        None
    }
}

/// One byte sequence that is not valid UTF-8, at its offset in the file.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct InvalidByte {
    /// 0-based byte offset in the file (the BOM included).
    pub offset: u64,
    /// The first byte of the sequence.
    pub byte: u8,
}

/// Passes UTF-8 bytes through unchanged while recording where invalid sequences are.
///
/// The CSV parser reads ahead of the records it returns, so invalid bytes are queued here and
/// taken by record (`take_before`), which keeps the queue as small as one read-ahead buffer.
pub struct Utf8Watch<R> {
    inner: R,
    /// File offset of the next byte read from `inner`.
    offset: u64,
    /// A sequence cut by the end of the last chunk: its bytes and file offset.
    pending: [u8; 4],
    pending_len: usize,
    pending_offset: u64,
    invalid: VecDeque<InvalidByte>,
}

impl<R: Read> Utf8Watch<R> {
    /// Wraps `inner`, whose first byte is at file offset `offset` (after a removed BOM).
    pub fn new(inner: R, offset: u64) -> Self {
        Utf8Watch {
            inner,
            offset,
            pending: [0; 4],
            pending_len: 0,
            pending_offset: 0,
            invalid: VecDeque::new(),
        }
    }

    /// Removes and returns the invalid sequences that start before file offset `end`.
    pub fn take_before(&mut self, end: u64, out: &mut Vec<InvalidByte>) {
        while self.invalid.front().is_some_and(|b| b.offset < end) {
            out.extend(self.invalid.pop_front());
        }
    }

    /// Whether invalid sequences are queued (the check before `take_before` in hot loops).
    pub fn has_invalid(&self) -> bool {
        !self.invalid.is_empty()
    }

    fn flag(&mut self, offset: u64, byte: u8) {
        self.invalid.push_back(InvalidByte { offset, byte });
    }

    fn scan(&mut self, chunk: &[u8]) {
        let mut start = 0;
        if self.pending_len > 0 {
            // Complete the cut sequence with continuation bytes from this chunk.
            let need = sequence_len(self.pending[0]);
            while self.pending_len < need && start < chunk.len() && chunk[start] & 0xc0 == 0x80 {
                self.pending[self.pending_len] = chunk[start];
                self.pending_len += 1;
                start += 1;
            }
            if self.pending_len < need && start == chunk.len() {
                return; // still cut: wait for the next chunk
            }
            if std::str::from_utf8(&self.pending[..self.pending_len]).is_err() {
                self.flag(self.pending_offset, self.pending[0]);
            }
            self.pending_len = 0;
        }
        let mut rest = &chunk[start..];
        let mut base = self.offset + start as u64;
        // The common case, valid text, costs one validation pass and no allocation.
        while let Err(e) = std::str::from_utf8(rest) {
            let valid = e.valid_up_to();
            match e.error_len() {
                Some(len) => {
                    self.flag(base + valid as u64, rest[valid]);
                    rest = &rest[valid + len..];
                    base += (valid + len) as u64;
                }
                None => {
                    // An incomplete sequence at the end of the chunk (at most 3 bytes).
                    let tail = &rest[valid..];
                    self.pending[..tail.len()].copy_from_slice(tail);
                    self.pending_len = tail.len();
                    self.pending_offset = base + valid as u64;
                    break;
                }
            }
        }
    }
}

/// The length a UTF-8 sequence announces by its first byte (1 for bytes that start none).
fn sequence_len(lead: u8) -> usize {
    match lead {
        0xc0..=0xdf => 2,
        0xe0..=0xef => 3,
        0xf0..=0xf7 => 4,
        _ => 1,
    }
}

impl<R: Read> Read for Utf8Watch<R> {
    fn read(&mut self, buf: &mut [u8]) -> io::Result<usize> {
        let n = self.inner.read(buf)?;
        if n == 0 {
            if self.pending_len > 0 {
                // The file ends inside a sequence.
                self.flag(self.pending_offset, self.pending[0]);
                self.pending_len = 0;
            }
            return Ok(0);
        }
        self.scan(&buf[..n]);
        self.offset += n as u64;
        Ok(n)
    }
}

/// Transcodes a stream in any encoding to UTF-8, one chunk at a time.
pub struct Transcode<R> {
    inner: R,
    decoder: Decoder,
    input: Vec<u8>,
    output: Vec<u8>,
    /// Bytes of `output` already handed out.
    taken: usize,
    finished: bool,
    /// How many malformed sequences were replaced by U+FFFD.
    pub replacements: u64,
}

/// Input chunk size of `Transcode`.
const CHUNK: usize = 32 * 1024;

impl<R: Read> Transcode<R> {
    /// Decodes `inner` as `encoding`, removing a BOM of that encoding if present.
    pub fn new(inner: R, encoding: &'static Encoding) -> Self {
        Transcode {
            inner,
            decoder: encoding.new_decoder_with_bom_removal(),
            input: vec![0; CHUNK],
            output: Vec::new(),
            taken: 0,
            finished: false,
            replacements: 0,
        }
    }

    fn refill(&mut self) -> io::Result<()> {
        let n = loop {
            match self.inner.read(&mut self.input) {
                Err(e) if e.kind() == io::ErrorKind::Interrupted => continue,
                other => break other?,
            }
        };
        let last = n == 0;
        self.output.clear();
        self.taken = 0;
        // Enough room for the whole chunk in one call (bounded by CHUNK, not by the file).
        let room = self.decoder.max_utf8_buffer_length(n).unwrap_or(n * 3 + 16);
        self.output.resize(room, 0);
        let (result, read, written, replaced) =
            self.decoder
                .decode_to_utf8(&self.input[..n], &mut self.output, last);
        // With a buffer of the maximum length the decoder consumes all input.
        debug_assert!(result == CoderResult::InputEmpty && read == n);
        self.output.truncate(written);
        if replaced {
            self.replacements += 1;
        }
        self.finished = last;
        Ok(())
    }
}

impl<R: Read> Read for Transcode<R> {
    fn read(&mut self, buf: &mut [u8]) -> io::Result<usize> {
        while self.taken == self.output.len() {
            if self.finished {
                return Ok(0);
            }
            self.refill()?;
        }
        let n = buf.len().min(self.output.len() - self.taken);
        buf[..n].copy_from_slice(&self.output[self.taken..self.taken + n]);
        self.taken += n;
        Ok(n)
    }
}

/// The start of a file decoded (a BOM of `encoding` removed), for sniffing the delimiter.
pub fn decode_head(bytes: &[u8], encoding: &'static Encoding) -> String {
    let mut decoder = encoding.new_decoder_with_bom_removal();
    let mut out = String::with_capacity(bytes.len() + 16);
    // `last = false`: the head may end mid-character; that tail is simply not decoded.
    let _ = decoder.decode_to_string(bytes, &mut out, false);
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    fn utf16le(text: &str, bom: bool) -> Vec<u8> {
        let mut out = if bom { vec![0xff, 0xfe] } else { Vec::new() };
        out.extend(text.encode_utf16().flat_map(u16::to_le_bytes));
        out
    }

    #[test]
    fn sniffs_boms_nul_patterns_and_defaults() {
        assert_eq!(sniff(b"\xef\xbb\xbfa,b", None).encoding, UTF_8);
        let le = sniff(&utf16le("a\tb\n", true), None);
        assert_eq!((le.encoding, le.source), (UTF_16LE, EncodingSource::Bom));
        let no_bom = sniff(&utf16le("name\tvalue\n", false), None);
        assert_eq!(
            (no_bom.encoding, no_bom.source),
            (UTF_16LE, EncodingSource::NulBytes)
        );
        let be: Vec<u8> = "x,y\n".encode_utf16().flat_map(u16::to_be_bytes).collect();
        assert_eq!(sniff(&be, None).encoding, UTF_16BE);
        let plain = sniff(b"a,b\n", None);
        assert_eq!((plain.encoding, plain.fallback), (UTF_8, WINDOWS_1252));
        let mac = encoding_for_label("macintosh").unwrap();
        assert_eq!(sniff(b"a,b", Some(mac)).fallback, mac);
        assert!(encoding_for_label("klingon").is_err());
    }

    #[test]
    fn watch_finds_invalid_bytes_across_chunk_boundaries() {
        let bytes = "ok é\u{2013}x\u{1F600}".as_bytes().to_vec();
        let mut with_bad = bytes.clone();
        with_bad.extend_from_slice(b"\xeb_ \xe2\x82"); // 0xEB then a cut sequence at EOF
        for chunk in 1..=5 {
            let mut watch = Utf8Watch::new(ChunkReader(&with_bad, chunk), 3);
            let mut sink = Vec::new();
            watch.read_to_end(&mut sink).unwrap();
            assert_eq!(sink, with_bad);
            let mut found = Vec::new();
            watch.take_before(u64::MAX, &mut found);
            let base = 3 + bytes.len() as u64;
            assert_eq!(
                found,
                [
                    InvalidByte {
                        offset: base,
                        byte: 0xeb
                    },
                    InvalidByte {
                        offset: base + 3,
                        byte: 0xe2
                    }
                ],
                "chunk {chunk}"
            );
        }
    }

    #[test]
    fn transcodes_utf16_in_small_chunks() {
        let text = "Größe\tZeit\r\nä,\"x\"\n".repeat(5000);
        let bytes = utf16le(&text, true);
        let mut out = String::new();
        Transcode::new(&bytes[..], UTF_16LE)
            .read_to_string(&mut out)
            .unwrap();
        assert_eq!(out, text);
        let mut cp = String::new();
        Transcode::new(&b"caf\xe9 \x80"[..], WINDOWS_1252)
            .read_to_string(&mut cp)
            .unwrap();
        assert_eq!(cp, "café €");
    }

    /// Hands out at most `n` bytes per read.
    struct ChunkReader<'a>(&'a [u8], usize);

    impl Read for ChunkReader<'_> {
        fn read(&mut self, buf: &mut [u8]) -> io::Result<usize> {
            let n = self.1.min(buf.len()).min(self.0.len());
            buf[..n].copy_from_slice(&self.0[..n]);
            self.0 = &self.0[n..];
            Ok(n)
        }
    }
}
