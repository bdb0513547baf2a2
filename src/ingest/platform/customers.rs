//! The customer survey read through a mapping: decoded rows aggregated into each
//! organization's groups exactly as the canonical reader does, with per-source counts
//! (`rows_read = rows_used + rows_rejected`) and every finding.
//!
//! It must not re-decide anything `rows` decided; it only counts and aggregates.

use std::path::Path;

use crate::ingest::error::IngestError;
use crate::ingest::group_labels::GroupLabels;
use crate::ingest::lexicon::Lexicon;
use crate::ingest::mapping::Mapping;
use crate::ingest::platform::rows::{MappedFile, RowOutcome};
use crate::ingest::registry::{FileTally, OrgLookup, Registry};
use crate::ingest::IngestOptions;
use crate::model::catalog::Catalog;
use crate::model::organization::OrganizationId;

fn slot(registry: &mut Registry, org: &OrganizationId) -> Option<usize> {
    match registry.resolve(Some(org.as_str().as_bytes()), true) {
        OrgLookup::Found(slot) => Some(slot),
        _ => None,
    }
}

/// Reads the customer export at `path` through `mapping` into `registry`.
pub(crate) fn read_customers_mapped(
    path: &Path,
    mapping: &Mapping,
    catalog: &Catalog,
    options: &IngestOptions,
    registry: &mut Registry,
) -> Result<FileTally, IngestError> {
    let labels = GroupLabels::new(catalog, options);
    let lexicon = Lexicon::new(catalog.themes());
    let mut file = MappedFile::open(path, mapping, labels, options.default_organization.clone())?;
    let mut tally = FileTally::new(file.file(), "customers");
    tally.in_sheet(file.sheet_origin());
    // Header and mapping findings concern every organization of the file (issue 15).
    for d in std::mem::take(&mut file.header_findings) {
        tally.file_finding(d);
    }
    while let Some(outcome) = file.next_row()? {
        match outcome {
            RowOutcome::Used(row, findings) => {
                let Some(slot) = slot(registry, &row.organization) else {
                    // A valid id always registers (register = true); unreachable in practice.
                    continue;
                };
                for d in findings {
                    tally.finding(Some(slot), d);
                }
                let row = *row;
                let answers = registry.input(slot).groups.entry(row.group).or_default();
                if let Some(shown) = row
                    .respondent
                    .comment
                    .as_deref()
                    .and_then(|c| lexicon.read(c))
                {
                    answers.themes.record(shown);
                }
                answers.add(row.respondent);
                tally.used(slot);
            }
            RowOutcome::Rejected(org, reason, findings) => {
                let slot = org.as_ref().and_then(|o| slot(registry, o));
                for d in findings {
                    tally.finding(slot, d);
                }
                tally.rejected(slot, *reason);
            }
            RowOutcome::LeftOut(org, reason, findings) => {
                for d in findings {
                    tally.finding(None, d);
                }
                tally.left_out(org, *reason);
            }
        }
    }
    tally.settle(registry);
    Ok(tally)
}
