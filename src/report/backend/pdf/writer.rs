//! The PDF file, written object by object into one buffer with its cross-reference table.
//!
//! A report's objects are few and plain (page tree, pages, outline, links, a shared resource
//! dictionary), so they are written as bytes straight from the display list; building a
//! lopdf document for them and saving it cost a tenth of a whole run (issue 16). Font objects,
//! which printpdf makes, are lopdf objects: `put_object` writes them, renumbered, once per
//! run for the common fonts and once per document for its own. Part of the PDF backend.

use lopdf::{Object, ObjectId, StringFormat};

use crate::report::backend::content::{put_escaped, put_int, put_num};

/// The file's first bytes: the version, and a comment of high bytes that marks it binary.
pub(super) const HEADER: &[u8] = b"%PDF-1.3\n%\xbb\xad\xc0\xde\n";

/// What follows an object's body.
const OBJECT_END: &[u8] = b"\nendobj\n";

/// Writes what precedes object `id`'s body (`N 0 obj`).
fn put_object_start(out: &mut Vec<u8>, id: u32) {
    put_int(out, i64::from(id));
    out.extend_from_slice(b" 0 obj\n");
}

/// Objects written in order of their numbers or not, each at a recorded offset.
pub struct ObjectWriter {
    out: Vec<u8>,
    /// Offset of each object, by number − 1 (every number up to the last is written).
    offsets: Vec<usize>,
}

impl ObjectWriter {
    /// A file of `objects` objects (numbered from 1) about `capacity` bytes long.
    pub fn new(objects: u32, capacity: usize) -> ObjectWriter {
        let mut out = Vec::with_capacity(capacity);
        out.extend_from_slice(HEADER);
        ObjectWriter {
            out,
            offsets: vec![0; objects as usize],
        }
    }

    /// Starts object `id` and returns the buffer to write its body into; `end` closes it.
    pub fn start(&mut self, id: u32) -> &mut Vec<u8> {
        self.offsets[id as usize - 1] = self.out.len();
        put_object_start(&mut self.out, id);
        &mut self.out
    }

    /// Ends the object started last.
    pub fn end(&mut self) {
        self.out.extend_from_slice(OBJECT_END);
    }

    /// Writes object `id` with `body`.
    pub fn object(&mut self, id: u32, body: impl FnOnce(&mut Vec<u8>)) {
        body(self.start(id));
        self.end();
    }

    /// Writes stream object `id`: `entries` (dictionary entries besides its length) and
    /// `content` as it is stored.
    pub fn stream(&mut self, id: u32, entries: &[u8], content: &[u8]) {
        let out = self.start(id);
        out.extend_from_slice(b"<<");
        out.extend_from_slice(entries);
        out.extend_from_slice(b"/Length ");
        put_int(out, content.len() as i64);
        out.extend_from_slice(b">>stream\n");
        out.extend_from_slice(content);
        out.extend_from_slice(b"\nendstream");
        self.end();
    }

    /// Appends objects serialized before (`SerializedObjects`), whose numbers are this file's.
    pub fn serialized(&mut self, objects: &SerializedObjects) {
        let base = self.out.len();
        for (id, offset) in &objects.offsets {
            self.offsets[*id as usize - 1] = base + offset;
        }
        self.out.extend_from_slice(&objects.bytes);
    }

    /// The file: the objects, the cross-reference table and the trailer naming the catalog
    /// `root`, the document information `info` and the file identifier `id`.
    pub fn finish(mut self, root: u32, info: u32, id: &[u8]) -> Vec<u8> {
        debug_assert!(self.offsets.iter().all(|&o| o > 0), "an object not written");
        let xref = self.out.len();
        let out = &mut self.out;
        out.extend_from_slice(b"xref\n0 ");
        put_int(out, self.offsets.len() as i64 + 1);
        out.extend_from_slice(b"\n0000000000 65535 f \n");
        for offset in &self.offsets {
            out.extend_from_slice(format!("{offset:010} 00000 n \n").as_bytes());
        }
        out.extend_from_slice(b"trailer\n<</Size ");
        put_int(out, self.offsets.len() as i64 + 1);
        put_key_ref(out, b"/Root", root);
        put_key_ref(out, b"/Info", info);
        out.extend_from_slice(b"/ID[");
        put_hex(out, id);
        put_hex(out, id);
        out.extend_from_slice(b"]>>\nstartxref\n");
        put_int(out, xref as i64);
        out.extend_from_slice(b"\n%%EOF\n");
        self.out
    }
}

/// Objects serialized ahead, with their offsets within `bytes`.
#[derive(Debug, Clone, Default)]
pub struct SerializedObjects {
    /// The objects, back to back.
    pub bytes: Vec<u8>,
    /// Each object's number and offset in `bytes`.
    pub offsets: Vec<(u32, usize)>,
}

impl SerializedObjects {
    /// Serializes `objects` under the numbers `number` gives their ids (and their references).
    pub fn new<'a>(
        objects: impl IntoIterator<Item = &'a (ObjectId, Object)>,
        number: &dyn Fn(ObjectId) -> u32,
    ) -> SerializedObjects {
        let mut out = SerializedObjects::default();
        for (id, object) in objects {
            let n = number(*id);
            out.offsets.push((n, out.bytes.len()));
            put_object_start(&mut out.bytes, n);
            put_object(&mut out.bytes, object, number);
            out.bytes.extend_from_slice(OBJECT_END);
        }
        out
    }
}

/// Writes `object` in PDF syntax, references renumbered by `number`.
pub fn put_object(out: &mut Vec<u8>, object: &Object, number: &dyn Fn(ObjectId) -> u32) {
    match object {
        Object::Null => out.extend_from_slice(b"null"),
        Object::Boolean(b) => out.extend_from_slice(if *b { b"true" } else { b"false" }),
        Object::Integer(i) => put_int(out, *i),
        Object::Real(r) => put_num(out, f64::from(*r)),
        Object::Name(name) => put_name(out, name),
        Object::String(bytes, StringFormat::Hexadecimal) => put_hex(out, bytes),
        Object::String(bytes, StringFormat::Literal) => put_literal(out, bytes),
        Object::Array(items) => {
            out.push(b'[');
            for (i, item) in items.iter().enumerate() {
                if i > 0 {
                    out.push(b' ');
                }
                put_object(out, item, number);
            }
            out.push(b']');
        }
        Object::Dictionary(dict) => put_dict(out, dict.iter(), None, number),
        Object::Stream(stream) => {
            let length = Object::Integer(stream.content.len() as i64);
            let entries = stream
                .dict
                .iter()
                .filter(|(k, _)| k.as_slice() != b"Length");
            put_dict(out, entries, Some(&length), number);
            out.extend_from_slice(b"stream\n");
            out.extend_from_slice(&stream.content);
            out.extend_from_slice(b"\nendstream");
        }
        Object::Reference(id) => put_ref(out, number(*id)),
    }
}

fn put_dict<'a>(
    out: &mut Vec<u8>,
    entries: impl Iterator<Item = (&'a Vec<u8>, &'a Object)>,
    length: Option<&Object>,
    number: &dyn Fn(ObjectId) -> u32,
) {
    out.extend_from_slice(b"<<");
    let length = length.map(|l| (&b"Length"[..], l));
    for (key, value) in entries.map(|(k, v)| (k.as_slice(), v)).chain(length) {
        put_name(out, key);
        out.push(b' ');
        put_object(out, value, number);
    }
    out.extend_from_slice(b">>");
}

/// Writes a dictionary entry whose value is a reference: `key` (its slash included), `N 0 R`.
pub fn put_key_ref(out: &mut Vec<u8>, key: &[u8], id: u32) {
    out.extend_from_slice(key);
    out.push(b' ');
    put_ref(out, id);
}

/// Writes an array of references.
pub fn put_refs(out: &mut Vec<u8>, ids: impl IntoIterator<Item = u32>) {
    out.push(b'[');
    for (i, id) in ids.into_iter().enumerate() {
        if i > 0 {
            out.push(b' ');
        }
        put_ref(out, id);
    }
    out.push(b']');
}

/// Writes `N 0 R`.
pub fn put_ref(out: &mut Vec<u8>, id: u32) {
    put_int(out, i64::from(id));
    out.extend_from_slice(b" 0 R");
}

/// Writes a name, bytes outside the regular characters as `#xx` (ISO 32000-1, 7.3.5).
pub fn put_name(out: &mut Vec<u8>, name: &[u8]) {
    out.push(b'/');
    for &b in name {
        let delimiter = b"()<>[]{}/%#".contains(&b);
        if (b'!'..=b'~').contains(&b) && !delimiter {
            out.push(b);
        } else {
            out.extend_from_slice(format!("#{b:02X}").as_bytes());
        }
    }
}

/// Writes a string in hexadecimal (`<FEFF…>`).
pub fn put_hex(out: &mut Vec<u8>, bytes: &[u8]) {
    const DIGITS: &[u8; 16] = b"0123456789ABCDEF";
    out.push(b'<');
    for b in bytes {
        out.push(DIGITS[usize::from(b >> 4)]);
        out.push(DIGITS[usize::from(b & 15)]);
    }
    out.push(b'>');
}

/// Writes a literal string, escaping its delimiters, the backslash and line ends.
pub fn put_literal(out: &mut Vec<u8>, bytes: &[u8]) {
    out.push(b'(');
    for &b in bytes {
        put_escaped(out, b);
    }
    out.push(b')');
}

#[cfg(test)]
mod tests {
    use super::*;
    use lopdf::{Dictionary, Stream};

    #[test]
    fn objects_round_trip_through_lopdf() {
        let mut font = Dictionary::new();
        font.set("Type", "Font");
        font.set("BaseFont", Object::Name(b"ABCDEF+Deja Vu#1".to_vec()));
        font.set(
            "W",
            Object::Array(vec![1.into(), Object::Real(0.5), (-3).into()]),
        );
        font.set("Info", Object::string_literal("a (b) \\ c\n"));
        font.set(
            "Hex",
            Object::String(vec![0xFE, 0xFF, 0], StringFormat::Hexadecimal),
        );
        font.set("Next", Object::Reference((7, 0)));
        font.set("Flag", true);
        font.set("None", Object::Null);
        let mut program = Dictionary::new();
        program.set("Filter", "FlateDecode");
        program.set("Length", 999);
        let objects = vec![
            ((7, 0), Object::Dictionary(font.clone())),
            (
                (9, 0),
                Object::Stream(Stream::new(program, b"x\x00y".to_vec())),
            ),
        ];
        let number = |id: ObjectId| if id.0 == 7 { 2 } else { 1 };
        let serialized = SerializedObjects::new(&objects, &number);
        let mut file = ObjectWriter::new(3, 1024);
        file.serialized(&serialized);
        file.object(3, |out| {
            out.extend_from_slice(b"<</Type/Catalog");
            put_key_ref(out, b"/Pages", 2);
            out.extend_from_slice(b">>");
        });
        let bytes = file.finish(3, 3, &[0xAB; 16]);
        let doc = lopdf::Document::load_mem(&bytes).expect("a file lopdf reads");
        let read = doc.get_dictionary((2, 0)).unwrap();
        assert_eq!(
            read.get(b"BaseFont").unwrap().as_name().unwrap(),
            b"ABCDEF+Deja Vu#1"
        );
        assert_eq!(
            read.get(b"Info").unwrap().as_str().unwrap(),
            b"a (b) \\ c\n"
        );
        assert_eq!(read.get(b"Hex").unwrap().as_str().unwrap(), [0xFE, 0xFF, 0]);
        assert_eq!(read.get(b"Next").unwrap().as_reference().unwrap(), (2, 0));
        assert_eq!(
            read.get(b"W").unwrap(),
            &Object::Array(vec![1.into(), Object::Real(0.5), (-3).into()])
        );
        let stream = doc.get_object((1, 0)).unwrap().as_stream().unwrap();
        assert_eq!(stream.content, b"x\x00y");
        assert_eq!(stream.dict.get(b"Length").unwrap().as_i64().unwrap(), 3);
        assert_eq!(
            doc.trailer.get(b"Root").unwrap().as_reference().unwrap(),
            (3, 0)
        );
    }

    #[test]
    fn integers_are_written_in_full() {
        let mut out = Vec::new();
        for v in [0, 7, -12, 1_234_567_890, i64::MIN] {
            put_int(&mut out, v);
            out.push(b' ');
        }
        assert_eq!(out, b"0 7 -12 1234567890 -9223372036854775808 ");
    }
}
