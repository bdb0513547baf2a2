//! Survey exports and catalog files → model, with findings.
//!
//! Reads CSV record by record and aggregates while streaming (memory grows with organizations
//! and groups, not respondents). A bad cell becomes a finding and counts as missing; a row that
//! cannot be attributed is rejected with a finding; `rows_read = rows_used + rows_rejected`.
//! Platform exports (issue 3) plug in as header layouts in front of the canonical columns.

use std::collections::BTreeMap;
use std::path::PathBuf;

use crate::ingest::registry::Registry;
use crate::ingest::text_store::TextStore;
use crate::model::catalog::Catalog;
use crate::model::customer::CustomerGroup;
use crate::model::organization::OrganizationId;
use crate::model::survey_set::SurveySet;

mod baseline;
mod benchmark;
mod block_records;
mod catalog;
mod cell;
mod customer_blocks;
mod customer_columns;
mod customers;
mod customers_parallel;
pub mod detect;
pub mod encoding;
mod error;
pub mod finding;
mod group_labels;
mod guard;
mod header;
mod input_hash;
mod joined;
mod lexicon;
pub mod mapping;
pub mod platform;
pub mod profile;
mod reader;
mod record;
mod registry;
mod respondent_ids;
mod service_maturity;
pub mod sheet;
mod sniff;
mod stray_bytes;
mod text_store;

pub use benchmark::read_benchmark;
pub use catalog::read_catalog;
pub use error::IngestError;
pub use input_hash::hash_file;
pub use reader::{
    delimiter_name, open_records, parse_delimiter, ReadOptions, RecordReader, TextRecord,
};

/// The input files of one run.
#[derive(Debug, Clone, Default)]
pub struct Sources {
    /// Customer survey (required).
    pub customers: PathBuf,
    /// Organizational baseline survey.
    pub baseline: Option<PathBuf>,
    /// Service-maturity assessment.
    pub service_maturity: Option<PathBuf>,
}

/// Choices that shape how rows are read.
#[derive(Debug, Clone, Default)]
pub struct IngestOptions {
    /// Extra labels accepted for customer groups (lower-cased label → group).
    pub group_aliases: BTreeMap<String, CustomerGroup>,
    /// The organization to assume when a file has no `organization` column or a blank cell.
    pub default_organization: Option<OrganizationId>,
    /// How to read the customer file when it is a platform export (`None`: canonical CSV).
    pub customers_mapping: Option<mapping::Mapping>,
    /// How to read the baseline file when it is a platform export (`None`: canonical CSV).
    pub baseline_mapping: Option<mapping::Mapping>,
    /// Keep the canonical customer file's comments and quotes in a temporary file while it is
    /// read, not in memory (`model::kept_text`): the set then has `texts`, and each
    /// organization must load its own (`OrganizationInput::load_texts`) before they are read.
    pub store_texts: bool,
}

/// Reads the customer survey and the optional baseline and service-maturity files.
///
/// Findings (bad cells, unknown labels, rejected rows) go into the returned set's data quality
/// and into each organization's; only an unreadable file or an unusable header is an error.
pub fn read_surveys(
    sources: &Sources,
    catalog: &Catalog,
    options: &IngestOptions,
) -> Result<SurveySet, IngestError> {
    let mut registry = Registry::new(options.default_organization.clone());
    if options.store_texts {
        registry.store_texts(TextStore::new());
    }
    let mut tallies = Vec::new();
    match options
        .customers_mapping
        .as_ref()
        .filter(|m| !platform::is_canonical(&sources.customers, m))
    {
        // Platform exports go through their mapping; canonical files keep the fast reader.
        Some(mapping) => tallies.push(platform::customers::read_customers_mapped(
            &sources.customers,
            mapping,
            catalog,
            options,
            &mut registry,
        )?),
        None => tallies.push(read_canonical_customers(
            &sources.customers,
            (catalog, options),
            &mut registry,
            customers_parallel::BLOCK_BYTES,
        )?),
    }
    let mut baseline_file = None;
    if let Some(path) = &sources.baseline {
        match options
            .baseline_mapping
            .as_ref()
            .filter(|m| !platform::is_canonical(path, m))
        {
            // A platform export: mapped onto canonical baseline cells, then the same reader.
            Some(mapping) => {
                let (input, findings) = platform::baseline::open(path, mapping)?;
                baseline_file = Some(input.file().to_string());
                let mut tally = baseline::read_baseline(input, &mut registry)?;
                for d in findings {
                    tally.finding(None, d);
                }
                tallies.push(tally);
            }
            None => {
                let input = reader::open_file(path)?;
                baseline_file = Some(input.file().to_string());
                tallies.push(baseline::read_baseline(input, &mut registry)?);
            }
        }
    }
    if let Some(path) = &sources.service_maturity {
        let input = reader::open_file(path)?;
        tallies.push(service_maturity::read_service_maturity(
            input,
            &mut registry,
        )?);
    }
    let texts = match registry.take_texts() {
        Some(store) => store.finish().map_err(|source| IngestError::Read {
            file: "the temporary file of the kept comments".into(),
            source,
        })?,
        None => None,
    };
    let mut set = registry::finish(registry, tallies, baseline_file.as_deref());
    set.texts = texts;
    Ok(set)
}

/// The canonical customer file: on every core when large (`block`: bytes per block), else, or
/// when the file holds anything only the sequential reader reports, record by record.
fn read_canonical_customers(
    path: &std::path::Path,
    (catalog, options): (&Catalog, &IngestOptions),
    registry: &mut Registry,
    block: usize,
) -> Result<registry::FileTally, IngestError> {
    if let Some(tally) =
        customers_parallel::read_customers(path, (catalog, options), registry, block)
    {
        return Ok(tally);
    }
    let customers = reader::open_file(path)?;
    customers::read_customers(customers, catalog, options, registry)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::diag::Location;
    use crate::model::organization::OrganizationId;

    fn catalog() -> Catalog {
        read_catalog(&std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("data/catalog"))
            .unwrap()
    }

    /// The sample read with its texts stored: every comment and quote waits in the store,
    /// and each organization loaded from it equals the one read in memory, on both readers.
    #[test]
    fn stored_texts_load_back_as_read() {
        let root = std::path::Path::new(env!("CARGO_MANIFEST_DIR"));
        let sources = Sources {
            customers: root.join("data/sample/customers.csv"),
            baseline: Some(root.join("data/sample/baseline.csv")),
            service_maturity: None,
        };
        let stored = IngestOptions {
            store_texts: true,
            ..IngestOptions::default()
        };
        let expected = read_surveys(&sources, &catalog(), &IngestOptions::default()).unwrap();
        assert!(expected.texts.is_none());
        for block in [customers_parallel::BLOCK_BYTES, 512] {
            let mut registry = Registry::new(None);
            registry.store_texts(TextStore::new());
            let tally = read_canonical_customers(
                &sources.customers,
                (&catalog(), &stored),
                &mut registry,
                block,
            )
            .unwrap();
            let texts = registry.take_texts().unwrap().finish().unwrap().unwrap();
            let mut set = registry::finish(registry, vec![tally], None);
            let mut quotes = 0;
            for input in set.organizations.values_mut() {
                let id = input.id.clone();
                for group in input.groups.values() {
                    assert!(group.comments.iter().all(|c| c.as_str().is_empty()), "{id}");
                }
                input.load_texts(&*texts.0).unwrap();
                for (group, answers) in &input.groups {
                    let want = &expected.organizations[&id].groups[group];
                    assert_eq!(answers, want, "{id} {group:?}");
                    quotes += (0..catalog().themes().len())
                        .map(|t| answers.themes.quotes(t).count())
                        .sum::<usize>();
                }
            }
            assert!(quotes > 10, "the sample's quotes were stored: {quotes}");
        }
    }

    #[test]
    fn reads_all_three_files_with_bom_and_per_org_stats() {
        let dir = tempfile::tempdir().unwrap();
        let write = |name: &str, bytes: &[u8]| {
            let path = dir.path().join(name);
            std::fs::write(&path, bytes).unwrap();
            path
        };
        let sources = Sources {
            customers: write(
                "customers.csv",
                b"\xef\xbb\xbfrespondent_id,organization,customer_group,pm_maturity\nr1,acme,executive,3\nr2,beta,executive,9\n",
            ),
            baseline: Some(write("baseline.csv", b"organization,industry\nacme,energy\ngamma,it\n")),
            service_maturity: Some(write(
                "sm.csv",
                b"organization,service,current_level,target_level\ngamma,risk_management,1,3\n",
            )),
        };
        let set = read_surveys(&sources, &catalog(), &IngestOptions::default()).unwrap();
        let ids: Vec<&str> = set
            .organizations
            .keys()
            .map(OrganizationId::as_str)
            .collect();
        // gamma has a baseline and a service-maturity row but no customer answer: no report.
        assert_eq!(ids, ["acme", "beta"]);
        let acme = &set.organizations[&OrganizationId::new("acme").unwrap()];
        let kinds: Vec<(&str, u64)> = acme
            .data_quality
            .sources
            .iter()
            .map(|s| (&*s.kind, s.rows_read))
            .collect();
        assert_eq!(
            kinds,
            [("customers", 1), ("baseline", 1), ("service_maturity", 0)]
        );
        let beta = &set.organizations[&OrganizationId::new("beta").unwrap()];
        let codes: Vec<&str> = beta.data_quality.findings.iter().map(|d| d.code).collect();
        assert_eq!(codes, [finding::BAD_VALUE, finding::MISSING_BASELINE]);
        assert!(
            matches!(&beta.data_quality.findings[1].location, Location::File { file } if file.ends_with("baseline.csv"))
        );
        assert_eq!(set.data_quality.sources.len(), 3);
        assert_eq!(set.data_quality.rows_read(), 5);
        let codes: Vec<&str> = set.data_quality.findings.iter().map(|d| d.code).collect();
        assert_eq!(
            codes,
            [
                finding::BAD_VALUE,
                finding::MISSING_BASELINE,
                finding::NO_CUSTOMERS
            ]
        );
        let gone = &set.data_quality.findings[2];
        assert!(
            gone.message.contains("`gamma` is named by the baseline"),
            "{}",
            gone.message
        );
        assert!(
            matches!(&gone.location, Location::File { file } if file.ends_with("customers.csv"))
        );
    }

    #[test]
    fn a_missing_file_is_a_read_error() {
        let sources = Sources {
            customers: "/nonexistent/c.csv".into(),
            ..Sources::default()
        };
        let err = read_surveys(&sources, &catalog(), &IngestOptions::default()).unwrap_err();
        assert_eq!(err.to_diagnostic().code, finding::READ);
        assert!(err.to_string().contains("/nonexistent/c.csv"));
    }
}
