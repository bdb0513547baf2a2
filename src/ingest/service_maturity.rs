//! The optional service-maturity assessment: one row per organization and service with the
//! current and target level (1–5), stored in `OrganizationInput::service_maturity`.
//!
//! It is read after both surveys and attaches only to organizations they named: a service
//! assessment alone is not enough to advise an organization. It must not register
//! organizations or read other files.

use std::io::Read;

use csv::ByteRecord;

use crate::diag::{Diagnostic, Severity};
use crate::ingest::cell::{parse_key, parse_likert, Problem};
use crate::ingest::finding;
use crate::ingest::header::Header;
use crate::ingest::reader::{decode, is_blank, position, CsvInput};
use crate::ingest::registry::{FileTally, OrgLookup, Registry};
use crate::model::service::ServiceKey;
use crate::model::survey::ServiceMaturity;

const COLUMNS: [&str; 4] = ["organization", "service", "current_level", "target_level"];

struct Columns {
    organization: Option<usize>,
    service: usize,
    current: usize,
    target: usize,
}

/// Reads the assessment into the organizations of `registry`; returns counts and findings.
pub(crate) fn read_service_maturity<R: Read>(
    mut input: CsvInput<R>,
    registry: &mut Registry,
) -> Result<FileTally, crate::ingest::IngestError> {
    let header = input.header().clone();
    let mut tally = FileTally::new(header.file(), "service_maturity");
    tally.in_sheet(input.sheet_origin());
    let columns = Columns {
        organization: match header.find("organization") {
            None if !registry.has_default() => Some(header.require("organization")?),
            found => found,
        },
        service: header.require("service")?,
        current: header.require("current_level")?,
        target: header.require("target_level")?,
    };
    for (index, name) in header.names().iter().enumerate() {
        if !COLUMNS.iter().any(|c| c.eq_ignore_ascii_case(name)) {
            tally.finding(None, header.unknown_column(index, COLUMNS));
        }
    }
    let mut first_rows = FirstRows::new(registry.len());
    let mut record = ByteRecord::new();
    while input.read(&mut record)? {
        if is_blank(&record) {
            continue;
        }
        read_row(
            &record,
            &header,
            &columns,
            registry,
            &mut first_rows,
            &mut tally,
        );
    }
    // Cut cells and open quotes, found by the reader (issue 11).
    for finding in input.take_findings() {
        tally.finding(None, finding);
    }
    tally.hashed(input.input_hash());
    Ok(tally)
}

/// The row each (organization slot, service) pair was first read from, to name it when the
/// pair repeats: one number per slot and service in a flat vector, sized for the registry's
/// organizations (this reader registers none). A B-tree of the pairs held 6 MB at 5,000
/// organizations at ingest's end, where the run's memory peaks (issue 16).
struct FirstRows(Vec<u64>);

impl FirstRows {
    /// Room for the slots below `organizations`.
    fn new(organizations: usize) -> Self {
        FirstRows(vec![0; organizations * ServiceKey::COUNT])
    }

    fn index(slot: usize, service: ServiceKey) -> usize {
        slot * ServiceKey::COUNT + service.index()
    }

    /// The pair's first row, once read (rows count from 1: 0 is "not yet").
    fn get(&self, slot: usize, service: ServiceKey) -> Option<u64> {
        let row = self.0.get(Self::index(slot, service)).copied();
        row.filter(|&row| row != 0)
    }

    /// Records the pair's first row.
    fn insert(&mut self, slot: usize, service: ServiceKey, row: u64) {
        let at = Self::index(slot, service);
        if at >= self.0.len() {
            self.0.resize((slot + 1) * ServiceKey::COUNT, 0);
        }
        self.0[at] = row;
    }
}

fn read_row(
    record: &ByteRecord,
    header: &Header,
    columns: &Columns,
    registry: &mut Registry,
    first_rows: &mut FirstRows,
    tally: &mut FileTally,
) {
    let (row, line) = position(record);
    let cell = |i: usize| record.get(i).unwrap_or_default();
    let rejection = |code: &'static str, message: String, index: Option<usize>| {
        let d = Diagnostic::new(
            code,
            Severity::Warning,
            message,
            header.location(row, line, index),
        );
        match index {
            Some(i) => d.with_value(decode(cell(i)).0.trim()),
            None => d,
        }
    };
    let slot = match registry.resolve(columns.organization.map(cell), false) {
        OrgLookup::Found(slot) => slot,
        OrgLookup::Unknown => {
            let d = rejection(
                finding::UNKNOWN_ORGANIZATION,
                "row rejected: the organization is in neither the customer nor the baseline survey"
                    .into(),
                columns.organization,
            )
            .with_expected("an organization named in the customer or baseline survey");
            tally.rejected(None, d);
            return;
        }
        OrgLookup::Missing => {
            let d = rejection(
                finding::MISSING_ORGANIZATION,
                "row rejected: no organization".into(),
                columns.organization,
            )
            .with_expected("an organization id");
            tally.rejected(None, d);
            return;
        }
        OrgLookup::Invalid(expected) => {
            let d = rejection(
                finding::BAD_ORGANIZATION,
                format!("row rejected: {expected}"),
                columns.organization,
            )
            .with_expected("an organization id");
            tally.rejected(None, d);
            return;
        }
    };
    if record.len() != header.len() {
        tally.finding(Some(slot), header.row_length(row, line, record.len()));
    }
    let service_raw = cell(columns.service);
    let service = match parse_key(&decode(service_raw).0, ServiceKey::parse) {
        Ok(Some(service)) => service,
        Ok(None) => {
            let d = rejection(
                finding::BAD_SERVICE,
                "row rejected: service is blank".into(),
                Some(columns.service),
            )
            .with_expected("a service key from services.csv");
            tally.rejected(Some(slot), d);
            return;
        }
        Err(problem) => {
            let mut d = header.bad_cell(
                row,
                line,
                columns.service,
                service_raw,
                Problem {
                    code: finding::BAD_SERVICE,
                    ..problem
                },
            );
            d.message = format!("row rejected: {}", d.message);
            tally.rejected(Some(slot), d);
            return;
        }
    };
    if let Some(first) = first_rows.get(slot, service) {
        let d = rejection(
            finding::DUPLICATE_SERVICE,
            format!("row rejected: organization and service repeat row {first}"),
            Some(columns.service),
        )
        .with_expected("one row per organization and service")
        .with_hint(format!("row {first} is kept"));
        tally.rejected(Some(slot), d);
        return;
    }
    first_rows.insert(slot, service, row);
    let mut level = |i: usize| {
        parse_likert(cell(i)).unwrap_or_else(|p| {
            tally.finding(Some(slot), header.bad_cell(row, line, i, cell(i), p));
            None
        })
    };
    let maturity = ServiceMaturity {
        current: level(columns.current),
        target: level(columns.target),
    };
    registry
        .input(slot)
        .service_maturity
        .insert(service, maturity);
    tally.used(slot);
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::ingest::registry::finish;
    use crate::model::organization::OrganizationId;
    use crate::model::scale::Likert;

    #[test]
    fn reads_levels_and_rejects_repeats_and_strangers() {
        let csv = "organization,service,current_level,target_level\n\
                   acme,risk_management,2,4\n\
                   acme,Risk_Management,1,1\n\
                   acme,risk_managment,1,1\n\
                   acme,portfolio_management,9,\n\
                   other,risk_management,1,2\n";
        let input = CsvInput::new("sm.csv".into(), csv.as_bytes()).unwrap();
        let mut registry = Registry::new(None);
        assert_eq!(registry.resolve(Some(b"acme"), true), OrgLookup::Found(0));
        let tally = read_service_maturity(input, &mut registry).unwrap();
        let set = finish(registry, vec![tally], None);
        let acme = &set.organizations[&OrganizationId::new("acme").unwrap()];
        let risk = acme.service_maturity[&ServiceKey::RiskManagement];
        assert_eq!(
            (risk.current, risk.target),
            (Likert::new(2), Likert::new(4))
        );
        let portfolio = acme.service_maturity[&ServiceKey::PortfolioManagement];
        assert_eq!((portfolio.current, portfolio.target), (None, None));
        let codes: Vec<&str> = set.data_quality.findings.iter().map(|d| d.code).collect();
        assert_eq!(
            codes[..4],
            [
                finding::DUPLICATE_SERVICE,
                finding::BAD_SERVICE,
                finding::BAD_VALUE,
                finding::UNKNOWN_ORGANIZATION
            ]
        );
        assert_eq!(
            set.data_quality.findings[0].message,
            "row rejected: organization and service repeat row 2"
        );
        assert_eq!(
            set.data_quality.findings[1].hints,
            ["did you mean `risk_management`?"]
        );
        let q = &set.data_quality;
        assert_eq!((q.rows_read(), q.rows_used(), q.rows_rejected()), (5, 2, 3));
        assert_eq!(acme.data_quality.sources[0].rows_read, 4);
    }
}
