//! The run manifest: what went in (SHA-256 of every input, config and rule file), the limits in
//! force, and what came out (SHA-256 and size of every output).
//!
//! The CLI hands over file names with their bytes; this module hashes them and serializes the
//! manifest with every list sorted by path, so the manifest is as reproducible as the reports.
//! It reads no files itself. `Manifest` is the one definition of the layout: `history` reads
//! manifests back through its `Deserialize`, which refuses a `schema_version` this build
//! cannot read.

use std::collections::BTreeMap;

use serde::{Deserialize, Serialize};
use sha2::{Digest, Sha256};

use crate::model::digest::lower_hex;
use crate::model::period::{Period, ReportDate};
use crate::report::json::{
    deserialize_schema_version, to_pretty_bytes, write_pretty, SCHEMA_VERSION,
};

/// Lower-case hex SHA-256 of some bytes.
pub fn sha256_hex(bytes: &[u8]) -> String {
    lower_hex(&Sha256::digest(bytes))
}

/// A writer that hashes and counts what passes through it: the manifest entry of an output
/// written as it is made, without holding it whole.
pub struct HashingWriter<W> {
    inner: W,
    hasher: Sha256,
    bytes: u64,
}

impl<W: std::io::Write> HashingWriter<W> {
    /// Passes everything on to `inner`.
    pub fn new(inner: W) -> Self {
        HashingWriter {
            inner,
            hasher: Sha256::new(),
            bytes: 0,
        }
    }

    /// The entry of what was written, under `path`, and the inner writer (still to flush).
    pub fn finish(self, path: impl Into<String>) -> (HashedFile, W) {
        let file = HashedFile {
            path: path.into(),
            sha256: lower_hex(&self.hasher.finalize()),
            bytes: self.bytes,
        };
        (file, self.inner)
    }
}

impl<W: std::io::Write> std::io::Write for HashingWriter<W> {
    fn write(&mut self, buf: &[u8]) -> std::io::Result<usize> {
        let n = self.inner.write(buf)?;
        // Only what `inner` took: the caller retries the rest.
        self.hasher.update(&buf[..n]);
        self.bytes += n as u64;
        Ok(n)
    }

    fn flush(&mut self) -> std::io::Result<()> {
        self.inner.flush()
    }
}

/// Hashes files of which many start with the same bytes (every PDF of a run starts with the
/// run's font objects, about half of it) without hashing those bytes again: SHA-256 reads a
/// file front to back, so its state after the shared prefix is the same for every such file.
#[derive(Clone)]
pub struct PrefixHasher {
    prefix: Vec<u8>,
    after_prefix: Sha256,
}

impl PrefixHasher {
    /// A hasher that skips `prefix` where a file starts with it.
    pub fn new(prefix: Vec<u8>) -> PrefixHasher {
        let mut after_prefix = Sha256::new();
        after_prefix.update(&prefix);
        PrefixHasher {
            prefix,
            after_prefix,
        }
    }

    /// `HashedFile::new(path, bytes)`, the same entry, sooner when `bytes` starts with the
    /// prefix (comparing it costs a twentieth of hashing it).
    pub fn file(&self, path: impl Into<String>, bytes: &[u8]) -> HashedFile {
        let sha256 = match bytes.strip_prefix(self.prefix.as_slice()) {
            Some(rest) if !self.prefix.is_empty() => {
                lower_hex(&self.after_prefix.clone().chain_update(rest).finalize())
            }
            _ => sha256_hex(bytes),
        };
        HashedFile {
            path: path.into(),
            sha256,
            bytes: bytes.len() as u64,
        }
    }
}

/// A file with its hash and size.
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord, Serialize, Deserialize)]
pub struct HashedFile {
    /// Path as the user named it (or relative to the output folder, for outputs).
    pub path: String,
    /// Lower-case hex SHA-256.
    pub sha256: String,
    /// Size in bytes.
    pub bytes: u64,
}

impl HashedFile {
    /// Hashes `bytes` under `path`.
    pub fn new(path: impl Into<String>, bytes: &[u8]) -> HashedFile {
        HashedFile {
            path: path.into(),
            sha256: sha256_hex(bytes),
            bytes: bytes.len() as u64,
        }
    }
}

/// Everything a run records about itself: what determines the outputs (its [`Fingerprint`],
/// with the period), and the outputs. The fingerprint's fields are written flat, so the JSON
/// reads `schema_version`, `tool_version`, `period`, `date`, … `shard`, `replaces`, `outputs`.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Manifest {
    /// Version of the manifest and result layout (refused on read when this build cannot
    /// read it).
    #[serde(deserialize_with = "deserialize_schema_version")]
    pub schema_version: u32,
    /// What determines the outputs, and the period.
    #[serde(flatten)]
    pub run: Fingerprint<InPeriod>,
    /// What a forced re-run replaced: the previous manifest's fingerprint.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub replaces: Option<Box<Fingerprint>>,
    /// Files written.
    pub outputs: Vec<HashedFile>,
}

/// Shard `index` of `count` (1-based), as `run --shard K/N` chose it.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
pub struct Shard {
    /// 1-based shard number.
    pub index: u32,
    /// Number of shards.
    pub count: u32,
}

/// Everything that determines a period's outputs: two runs with equal fingerprints write
/// the same bytes, so the second is a no-op. `P` places the period: a manifest states it
/// ([`InPeriod`], written between `tool_version` and `date`); a bare fingerprint (compared
/// between runs of one period folder, or recorded as `replaces`) has none ([`NoPeriod`]).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Fingerprint<P = NoPeriod> {
    /// Tool version.
    pub tool_version: String,
    /// The period, in a manifest.
    #[serde(flatten)]
    pub of: P,
    /// Report date, `YYYY-MM-DD`.
    pub date: String,
    /// Short hash of the rule files.
    pub rules_version: String,
    /// Input data files (and catalog files).
    pub inputs: Vec<HashedFile>,
    /// The configuration file, if one was read.
    pub config: Vec<HashedFile>,
    /// Rule files.
    pub rules: Vec<HashedFile>,
    /// Limits in force (as the CLI resolved them).
    pub limits: serde_json::Value,
    /// Command-line choices that shape the outputs (paper, briefs, default organization).
    #[serde(default)]
    pub options: BTreeMap<String, String>,
    /// Which part of the portfolio a sharded run covered; absent for a whole period.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub shard: Option<Shard>,
}

/// A manifest's period, written as its `period` field.
#[derive(Debug, Clone, Copy, PartialEq, Serialize, Deserialize)]
pub struct InPeriod {
    /// Period.
    pub period: Period,
}

/// No period: a fingerprint on its own (the period folder names it).
#[derive(Debug, Clone, Copy, PartialEq, Default, Serialize, Deserialize)]
pub struct NoPeriod {}

impl Manifest {
    /// An empty manifest for a run.
    pub fn new(
        tool_version: &str,
        period: Period,
        date: ReportDate,
        rules_version: &str,
    ) -> Manifest {
        Manifest {
            schema_version: SCHEMA_VERSION,
            run: Fingerprint {
                tool_version: tool_version.to_string(),
                of: InPeriod { period },
                date: date.iso_date(),
                rules_version: rules_version.to_string(),
                inputs: Vec::new(),
                config: Vec::new(),
                rules: Vec::new(),
                limits: serde_json::Value::Null,
                options: BTreeMap::new(),
                shard: None,
            },
            replaces: None,
            outputs: Vec::new(),
        }
    }

    /// The period the manifest describes.
    pub fn period(&self) -> Period {
        self.run.of.period
    }

    /// What determines the outputs, with every file list sorted.
    pub fn fingerprint(&self) -> Fingerprint {
        let sorted = |files: &[HashedFile]| {
            let mut files = files.to_vec();
            files.sort();
            files.dedup();
            files
        };
        let run = &self.run;
        Fingerprint {
            tool_version: run.tool_version.clone(),
            of: NoPeriod {},
            date: run.date.clone(),
            rules_version: run.rules_version.clone(),
            inputs: sorted(&run.inputs),
            config: sorted(&run.config),
            rules: sorted(&run.rules),
            limits: run.limits.clone(),
            options: run.options.clone(),
            shard: run.shard,
        }
    }

    /// Parses a manifest written by `render_manifest`.
    pub fn parse(bytes: &[u8]) -> Result<Manifest, String> {
        serde_json::from_slice(bytes).map_err(|e| e.to_string())
    }

    /// Records an input data or catalog file.
    pub fn add_input(&mut self, path: impl Into<String>, bytes: &[u8]) {
        self.run.inputs.push(HashedFile::new(path, bytes));
    }

    /// Records the configuration file.
    pub fn add_config(&mut self, path: impl Into<String>, bytes: &[u8]) {
        self.run.config.push(HashedFile::new(path, bytes));
    }

    /// Records a rule script.
    pub fn add_rule(&mut self, path: impl Into<String>, bytes: &[u8]) {
        self.run.rules.push(HashedFile::new(path, bytes));
    }

    /// Records an output file.
    pub fn add_output(&mut self, path: impl Into<String>, bytes: &[u8]) {
        self.outputs.push(HashedFile::new(path, bytes));
    }

    /// Sets the limits in force (any serializable value: a struct, a map).
    pub fn set_limits<T: Serialize>(&mut self, limits: &T) {
        self.run.limits = serde_json::to_value(limits).unwrap_or(serde_json::Value::Null);
    }
}

impl Fingerprint {
    /// What changed from `old` to `self`, one short phrase each ("rules/20_services.rhai
    /// changed", "tool version 0.1.0 → 0.2.0"), in a stable order; empty when equal.
    pub fn differences(&self, old: &Fingerprint) -> Vec<String> {
        let mut out = Vec::new();
        let mut scalar = |what: &str, old: &str, new: &str| {
            if old != new {
                out.push(format!("{what} {old} \u{2192} {new}"));
            }
        };
        scalar("tool version", &old.tool_version, &self.tool_version);
        scalar("report date", &old.date, &self.date);
        let shard =
            |s: Option<Shard>| s.map_or("none".into(), |s| format!("{}/{}", s.index, s.count));
        scalar("shard", &shard(old.shard), &shard(self.shard));
        for (old, new) in [
            (&old.inputs, &self.inputs),
            (&old.config, &self.config),
            (&old.rules, &self.rules),
        ] {
            file_changes(old, new, &mut out);
        }
        if old.limits != self.limits {
            out.push("sandbox limits changed".into());
        }
        let keys: std::collections::BTreeSet<&String> =
            old.options.keys().chain(self.options.keys()).collect();
        for key in keys {
            let none = String::from("none");
            let (a, b) = (
                old.options.get(key).unwrap_or(&none),
                self.options.get(key).unwrap_or(&none),
            );
            if a != b {
                out.push(format!("option {key} {a} \u{2192} {b}"));
            }
        }
        out
    }
}

/// "path changed / added / removed" for two sorted file lists.
fn file_changes(old: &[HashedFile], new: &[HashedFile], out: &mut Vec<String>) {
    let old: BTreeMap<&str, &str> = old
        .iter()
        .map(|f| (f.path.as_str(), f.sha256.as_str()))
        .collect();
    let new: BTreeMap<&str, &str> = new
        .iter()
        .map(|f| (f.path.as_str(), f.sha256.as_str()))
        .collect();
    for (path, hash) in &new {
        match old.get(path) {
            None => out.push(format!("{path} added")),
            Some(previous) if previous != hash => out.push(format!("{path} changed")),
            Some(_) => {}
        }
    }
    for path in old.keys().filter(|p| !new.contains_key(*p)) {
        out.push(format!("{path} removed"));
    }
}

/// The manifest as pretty JSON with a trailing newline, every file list sorted by path.
pub fn render_manifest(manifest: &Manifest) -> Vec<u8> {
    let mut sorted = manifest.clone();
    sort_lists(&mut sorted);
    to_pretty_bytes(&sorted)
}

/// `render_manifest` written to `out` as it is made, sorting the manifest's own lists: at a
/// run's end, where its memory peaked at 5,000 organizations, a copy of the manifest and its
/// whole text were another 1 KB an organization (issue 16).
pub fn write_manifest(
    out: &mut dyn std::io::Write,
    manifest: &mut Manifest,
) -> std::io::Result<()> {
    sort_lists(manifest);
    write_pretty(out, manifest)
}

/// Sorts every file list by path, each file once.
fn sort_lists(manifest: &mut Manifest) {
    for list in [
        &mut manifest.run.inputs,
        &mut manifest.run.config,
        &mut manifest.run.rules,
        &mut manifest.outputs,
    ] {
        // Equal entries are the same bytes, so an unstable sort orders them as a stable one
        // would, without the stable sort's buffer of half the list.
        list.sort_unstable();
        list.dedup();
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Takes at most three bytes a call, as a pipe or a full disk may.
    struct Trickle(Vec<u8>);

    impl std::io::Write for Trickle {
        fn write(&mut self, buf: &[u8]) -> std::io::Result<usize> {
            let n = buf.len().min(3);
            self.0.extend_from_slice(&buf[..n]);
            Ok(n)
        }
        fn flush(&mut self) -> std::io::Result<()> {
            Ok(())
        }
    }

    #[test]
    fn a_streamed_output_hashes_as_if_held_whole_even_in_short_writes() {
        use std::io::Write;
        let text = "# PMO recommendations\n| a | b |\n".repeat(50);
        let mut out = HashingWriter::new(Trickle(Vec::new()));
        for line in text.split_inclusive('\n') {
            out.write_all(line.as_bytes()).unwrap();
        }
        let (file, inner) = out.finish("summary.md");
        assert_eq!(inner.0, text.as_bytes());
        assert_eq!(file, HashedFile::new("summary.md", text.as_bytes()));
    }

    #[test]
    fn a_shared_prefix_is_hashed_once_with_the_same_result() {
        let hasher = PrefixHasher::new(b"%PDF-1.3 fonts ".to_vec());
        for bytes in [
            &b"%PDF-1.3 fonts and pages"[..],
            b"%PDF-1.3 fonts ",
            b"%PDF-1.3 other",
            b"",
        ] {
            assert_eq!(hasher.file("a.pdf", bytes), HashedFile::new("a.pdf", bytes));
        }
        let empty = PrefixHasher::new(Vec::new());
        assert_eq!(empty.file("b", b"xyz"), HashedFile::new("b", b"xyz"));
    }

    /// A 2026-Q3 manifest with nothing listed yet.
    fn manifest() -> Manifest {
        let period = Period::parse("2026-Q3").unwrap();
        let date = ReportDate {
            epoch_seconds: period.end_epoch_seconds(),
        };
        Manifest::new("0.1.0", period, date, "abc123")
    }

    #[test]
    fn sha256_of_known_text() {
        assert_eq!(
            sha256_hex(b"abc"),
            "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad"
        );
    }

    #[test]
    fn lists_are_sorted_whatever_the_order_of_work() {
        let mut a = manifest();
        let mut b = a.clone();
        a.add_output("b.pdf", b"2");
        a.add_output("a.pdf", b"1");
        b.add_output("a.pdf", b"1");
        b.add_output("b.pdf", b"2");
        let mut limits = std::collections::BTreeMap::new();
        limits.insert("max_operations", 1_000_000);
        a.set_limits(&limits);
        b.set_limits(&limits);
        assert_eq!(render_manifest(&a), render_manifest(&b));
        let text = String::from_utf8(render_manifest(&a)).unwrap();
        assert!(text.ends_with("}\n"));
        assert!(text.find("a.pdf").unwrap() < text.find("b.pdf").unwrap());
        assert!(text.contains("\"max_operations\": 1000000"));
        assert_eq!(Manifest::parse(&render_manifest(&a)).unwrap(), {
            let mut sorted = a.clone();
            sorted.outputs.sort();
            sorted
        });
    }

    #[test]
    fn a_streamed_manifest_is_the_rendered_one_with_its_lists_sorted_in_place() {
        let mut m = manifest();
        for name in ["c.pdf", "a.pdf", "b.json", "a.pdf"] {
            m.add_output(name, name.as_bytes());
        }
        m.add_input("data/z.csv", b"z");
        m.add_input("data/a.csv", b"a");
        let rendered = render_manifest(&m);
        let mut out = Trickle(Vec::new());
        write_manifest(&mut out, &mut m).unwrap();
        assert_eq!(out.0, rendered);
        let outputs: Vec<&str> = m.outputs.iter().map(|f| f.path.as_str()).collect();
        assert_eq!(outputs, ["a.pdf", "b.json", "c.pdf"], "sorted, each once");
        assert_eq!(m.run.inputs[0].path, "data/a.csv");
    }

    #[test]
    fn fingerprint_differences_name_what_changed() {
        let mut a = manifest();
        a.add_rule("rules/a.rhai", b"1");
        a.add_input("data/c.csv", b"x");
        let mut b = a.clone();
        assert!(b.fingerprint().differences(&a.fingerprint()).is_empty());
        b.run.rules.clear();
        b.add_rule("rules/a.rhai", b"2");
        b.add_input("data/d.csv", b"y");
        b.run.options.insert("paper".into(), "letter".into());
        assert_eq!(
            b.fingerprint().differences(&a.fingerprint()),
            [
                "data/d.csv added",
                "rules/a.rhai changed",
                "option paper none \u{2192} letter"
            ]
        );
    }
}
