//! The run manifest: what went in (SHA-256 of every input, config and rule file), the limits in
//! force, and what came out (SHA-256 and size of every output).
//!
//! The CLI hands over file names with their bytes; this module hashes them and serializes the
//! manifest with every list sorted by path, so the manifest is as reproducible as the reports.
//! It reads no files itself.

use serde::Serialize;
use sha2::{Digest, Sha256};

use crate::model::period::{Period, ReportDate};
use crate::report::json::{to_pretty_bytes, SCHEMA_VERSION};

/// Lower-case hex SHA-256 of some bytes.
pub fn sha256_hex(bytes: &[u8]) -> String {
    let digest = Sha256::digest(bytes);
    let mut hex = String::with_capacity(64);
    for b in digest {
        hex.push(char::from(b"0123456789abcdef"[usize::from(b >> 4)]));
        hex.push(char::from(b"0123456789abcdef"[usize::from(b & 15)]));
    }
    hex
}

/// A file with its hash and size.
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord, Serialize)]
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

/// Everything a run records about itself.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Manifest {
    /// Version of the manifest and result layout.
    pub schema_version: u32,
    /// Tool version.
    pub tool_version: String,
    /// Period.
    pub period: Period,
    /// Report date, `YYYY-MM-DD`.
    pub date: String,
    /// Short hash of the rule scripts.
    pub rules_version: String,
    /// Input data files (and catalog files).
    pub inputs: Vec<HashedFile>,
    /// The configuration file, if one was read.
    pub config: Vec<HashedFile>,
    /// Rule scripts.
    pub rules: Vec<HashedFile>,
    /// Limits in force (as the CLI resolved them).
    pub limits: serde_json::Value,
    /// Files written.
    pub outputs: Vec<HashedFile>,
}

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
            tool_version: tool_version.to_string(),
            period,
            date: date.iso_date(),
            rules_version: rules_version.to_string(),
            inputs: Vec::new(),
            config: Vec::new(),
            rules: Vec::new(),
            limits: serde_json::Value::Null,
            outputs: Vec::new(),
        }
    }

    /// Records an input data or catalog file.
    pub fn add_input(&mut self, path: impl Into<String>, bytes: &[u8]) {
        self.inputs.push(HashedFile::new(path, bytes));
    }

    /// Records the configuration file.
    pub fn add_config(&mut self, path: impl Into<String>, bytes: &[u8]) {
        self.config.push(HashedFile::new(path, bytes));
    }

    /// Records a rule script.
    pub fn add_rule(&mut self, path: impl Into<String>, bytes: &[u8]) {
        self.rules.push(HashedFile::new(path, bytes));
    }

    /// Records an output file.
    pub fn add_output(&mut self, path: impl Into<String>, bytes: &[u8]) {
        self.outputs.push(HashedFile::new(path, bytes));
    }

    /// Sets the limits in force (any serializable value: a struct, a map).
    pub fn set_limits<T: Serialize>(&mut self, limits: &T) {
        self.limits = serde_json::to_value(limits).unwrap_or(serde_json::Value::Null);
    }
}

/// The manifest as pretty JSON with a trailing newline, every file list sorted by path.
pub fn render_manifest(manifest: &Manifest) -> Vec<u8> {
    let mut sorted = manifest.clone();
    for list in [
        &mut sorted.inputs,
        &mut sorted.config,
        &mut sorted.rules,
        &mut sorted.outputs,
    ] {
        list.sort();
        list.dedup();
    }
    to_pretty_bytes(&sorted)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn sha256_of_known_text() {
        assert_eq!(
            sha256_hex(b"abc"),
            "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad"
        );
    }

    #[test]
    fn lists_are_sorted_whatever_the_order_of_work() {
        let period = Period::parse("2026-Q3").unwrap();
        let date = ReportDate {
            epoch_seconds: period.end_epoch_seconds(),
        };
        let mut a = Manifest::new("0.1.0", period, date, "abc123");
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
    }
}
