//! Helpers shared by the ingest tests: the third-party fixtures folder (never copied here),
//! mappings parsed as `pmo-advisor` parses them, and decoding with the conservation check.
#![allow(dead_code)]

use std::path::{Path, PathBuf};

use pmo_advisor::diag::Diagnostic;
use pmo_advisor::ingest::mapping::Mapping;
use pmo_advisor::ingest::platform::{decode_file, DecodedFile};
use pmo_advisor::ingest::{read_catalog, read_surveys, IngestOptions, Sources};
use pmo_advisor::model::survey_set::SurveySet;

/// The crate's folder.
pub fn crate_dir() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR"))
}

/// The third-party fixtures folder, or `None` (with the message) when it is absent.
pub fn fixtures() -> Option<PathBuf> {
    let shared = std::env::var_os("PMO_SHARED_DIR")
        .map(PathBuf::from)
        .unwrap_or_else(|| crate_dir().join("../shared"));
    let dir = shared.join("fixtures/third_party");
    if dir.is_dir() {
        Some(dir)
    } else {
        println!(
            "skipped: third-party fixtures not found at {}",
            dir.display()
        );
        None
    }
}

/// Parses mapping TOML as `pmo-advisor` does (the config layer owns TOML) and checks it.
pub fn parse(text: &str) -> Mapping {
    let mapping: Mapping = toml::from_str(text).unwrap();
    mapping.check().unwrap();
    mapping
}

/// Decodes `file` through `mapping`, checking that nothing is lost.
pub fn decode_with(file: &Path, mapping: &Mapping) -> DecodedFile {
    let catalog = read_catalog(&crate_dir().join("data/catalog")).unwrap();
    let decoded = decode_file(file, mapping, &catalog, &IngestOptions::default()).unwrap();
    // Nothing is lost: every non-blank data record is used or rejected with a reason.
    assert_eq!(
        decoded.rows_read(),
        decoded.rows.len() + decoded.rejected.len()
    );
    decoded
}

/// Writes `text` to a temporary file named `name` and decodes it with an inline mapping.
pub fn decode_text(name: &str, text: &str, mapping: &str) -> DecodedFile {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join(name);
    std::fs::write(&path, text).unwrap();
    decode_with(&path, &parse(mapping))
}

/// The codes of `findings`, in order.
pub fn codes(findings: &[Diagnostic]) -> Vec<&str> {
    findings.iter().map(|d| d.code).collect()
}

/// Reads the baseline export at `export` through `mapping` (TOML), beside a one-row customer
/// file for `acme` written next to it.
pub fn read_mapped_baseline(export: &Path, mapping: &str) -> SurveySet {
    let customers = export.with_file_name("customers.csv");
    std::fs::write(
        &customers,
        "respondent_id,organization,customer_group\nr1,acme,executive\n",
    )
    .unwrap();
    let catalog = read_catalog(&crate_dir().join("data/catalog")).unwrap();
    let sources = Sources {
        customers,
        baseline: Some(export.to_path_buf()),
        service_maturity: None,
    };
    let options = IngestOptions {
        baseline_mapping: Some(parse(mapping)),
        ..IngestOptions::default()
    };
    read_surveys(&sources, &catalog, &options).unwrap()
}
