//! The bundled sample's 2026-Q3 organizations through the default rules, shared by the tests
//! that read the real recommendations (tests/rules_sample.rs, tests/report_sponsor.rs).
#![allow(dead_code)]

use std::path::Path;
use std::sync::Arc;

use pmo_advisor::ingest::{read_catalog, read_surveys, IngestOptions, Sources};
use pmo_advisor::model::catalog::Catalog;
use pmo_advisor::model::recommendation::Recommendation;
use pmo_advisor::model::survey::OrganizationInput;
use pmo_advisor::model::survey_set::SurveySet;
use pmo_advisor::rules::{RuleSet, RuleSettings};

/// The catalog, the sample's surveys and the default rules, loaded.
pub fn load() -> (Arc<Catalog>, SurveySet, RuleSet) {
    let root = Path::new(env!("CARGO_MANIFEST_DIR"));
    let catalog = Arc::new(read_catalog(&root.join("data/catalog")).unwrap());
    let dir = root.join("data/sample");
    let sources = Sources {
        customers: dir.join("customers.csv"),
        baseline: Some(dir.join("baseline.csv")),
        service_maturity: Some(dir.join("service_maturity.csv")),
    };
    let surveys = read_surveys(&sources, &catalog, &IngestOptions::default()).unwrap();
    let rules = RuleSet::load(
        &root.join("rules"),
        Arc::clone(&catalog),
        RuleSettings::default(),
    )
    .unwrap();
    (catalog, surveys, rules)
}

/// The catalog and every sample organization with its recommendation, in id order.
pub fn sample() -> (Arc<Catalog>, Vec<(OrganizationInput, Recommendation)>) {
    let (catalog, surveys, rules) = load();
    let orgs = surveys
        .organizations
        .into_values()
        .map(|o| {
            let rec = rules.evaluate(&o).unwrap();
            (o, rec)
        })
        .collect();
    (catalog, orgs)
}
