//! The catalog's planning tables: `dependencies.csv` (which service builds on which, for the
//! roadmap) and `service_effort.csv` (PMO effort per service, for the charter's resources).
//!
//! Both are optional, like the theme lexicon: a catalog folder without them still loads, and
//! the report then says that no sequencing or sizing data was given. A bad row stops the run
//! with file, row and column, as in every catalog file.

use std::path::Path;

use crate::diag::Location;
use crate::ingest::catalog::{read_table, Keyed, Row};
use crate::ingest::cell::Problem;
use crate::ingest::error::IngestError;
use crate::ingest::finding;
use crate::model::dependency::{first_cycle, ServiceDependency, ServiceEffort};
use crate::model::service::ServiceKey;

/// The dependency table's file name.
pub(super) const DEPENDENCIES: &str = "dependencies.csv";
/// The effort table's file name.
pub(super) const EFFORT: &str = "service_effort.csv";

/// A dependency row with its pair as the key (a pair listed twice is an error).
struct DependencyRow {
    dependency: ServiceDependency,
    pair: String,
}

impl Keyed for DependencyRow {
    fn key_text(&self) -> &str {
        &self.pair
    }
}

impl Keyed for ServiceEffort {
    fn key_text(&self) -> &str {
        self.service.as_str()
    }
}

/// Reads `dependencies.csv` from `dir` when present: every key known, a reason given, no
/// service depending on itself, no pair twice and no cycle.
pub(super) fn read_dependencies(dir: &Path) -> Result<Vec<ServiceDependency>, IngestError> {
    if !dir.join(DEPENDENCIES).is_file() {
        return Ok(Vec::new());
    }
    let rows = read_table(
        dir,
        DEPENDENCIES,
        &["service", "depends_on", "why"],
        |row| {
            let service = row.key(0, ServiceKey::parse)?;
            let depends_on = row.key(1, ServiceKey::parse)?;
            if service == depends_on {
                let (text, location) = row.raw(1);
                return Err(Problem::bad_value(format!(
                    "a service other than `{service}` (a service cannot wait on itself)"
                ))
                .error(finding::CATALOG_CELL, location, &text));
            }
            let dependency = ServiceDependency {
                service,
                depends_on,
                why: row.text(2, true)?,
                row: row.row,
            };
            Ok(DependencyRow {
                pair: format!("{service} \u{2192} {depends_on}"),
                dependency,
            })
        },
    )?;
    let deps: Vec<ServiceDependency> = rows.into_iter().map(|r| r.dependency).collect();
    if let Some(i) = first_cycle(&deps) {
        let d = &deps[i];
        return Err(IngestError::invalid(
            finding::CATALOG_GAP,
            format!(
                "the dependency of `{}` on `{}` closes a cycle: `{}` already waits on `{}`",
                d.service, d.depends_on, d.depends_on, d.service
            ),
            Location::Csv {
                file: dir.join(DEPENDENCIES).display().to_string(),
                row: d.row,
                line: d.row,
                column: None,
            },
        ));
    }
    Ok(deps)
}

/// Reads `service_effort.csv` from `dir` when present: FTE ranges from 0 to 50, low ≤ high.
pub(super) fn read_effort(dir: &Path) -> Result<Vec<ServiceEffort>, IngestError> {
    if !dir.join(EFFORT).is_file() {
        return Ok(Vec::new());
    }
    read_table(dir, EFFORT, &["service", "fte_low", "fte_high"], |row| {
        let service = row.key(0, ServiceKey::parse)?;
        let fte_low = fte(row, 1, 0.0)?;
        let fte_high = fte(row, 2, fte_low)?;
        Ok(ServiceEffort {
            service,
            fte_low,
            fte_high,
        })
    })
}

/// An FTE cell: a number from `min` (0, or the row's low end) to 50.
fn fte(row: &Row<'_>, i: usize, min: f64) -> Result<f64, IngestError> {
    let (text, location) = row.raw(i);
    match text.parse::<f64>() {
        Ok(v) if v.is_finite() && (min..=50.0).contains(&v) => Ok(v),
        _ => Err(Problem::bad_value(if min > 0.0 {
            format!("a number of FTE from the low end ({min}) to 50")
        } else {
            "a number of FTE from 0 to 50".to_string()
        })
        .error(finding::CATALOG_CELL, location, &text)),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::diag::ColumnRef;
    use crate::ingest::catalog::read_catalog;

    const FILES: [&str; 4] = [
        "services.csv",
        "outcomes.csv",
        "approaches.csv",
        "customer_groups.csv",
    ];

    /// A copy of the real catalog's four required files plus one planning table.
    fn catalog_with(file: &str, content: &str) -> (tempfile::TempDir, Result<(), IngestError>) {
        let real = Path::new(env!("CARGO_MANIFEST_DIR")).join("data/catalog");
        let dir = tempfile::tempdir().unwrap();
        for name in FILES {
            std::fs::copy(real.join(name), dir.path().join(name)).unwrap();
        }
        std::fs::write(dir.path().join(file), content).unwrap();
        let result = read_catalog(dir.path()).map(|_| ());
        (dir, result)
    }

    fn csv_location(
        dir: &tempfile::TempDir,
        file: &str,
        row: u64,
        column: Option<(u32, &str)>,
    ) -> Location {
        Location::Csv {
            file: dir.path().join(file).display().to_string(),
            row,
            line: row,
            column: column.map(|(column, name)| ColumnRef {
                column,
                name: name.into(),
            }),
        }
    }

    #[test]
    fn the_real_tables_load() {
        let real = Path::new(env!("CARGO_MANIFEST_DIR")).join("data/catalog");
        let catalog = read_catalog(&real).unwrap();
        assert!(catalog.dependencies().len() >= 12);
        let first = &catalog.dependencies()[0];
        assert_eq!(
            (first.service, first.depends_on, first.row),
            (
                ServiceKey::AuditAssessments,
                ServiceKey::GovernanceOversight,
                2
            )
        );
        for key in ServiceKey::ALL {
            assert!(catalog.effort(*key).is_some(), "{key} has no effort row");
        }
    }

    #[test]
    fn an_unknown_service_names_file_row_and_column() {
        let (dir, result) = catalog_with(
            DEPENDENCIES,
            "service,depends_on,why\naudit_assessments,governance_oversight,ok\nperformance_management,data_analytics,why not\n",
        );
        let d = result.unwrap_err().to_diagnostic();
        assert_eq!(d.code, finding::CATALOG_CELL);
        assert_eq!(
            d.location,
            csv_location(&dir, DEPENDENCIES, 3, Some((2, "depends_on")))
        );
        assert!(d.message.starts_with("expected a service"), "{}", d.message);
        assert_eq!(d.hints, ["did you mean `data_analytics_and_reporting`?"]);
    }

    #[test]
    fn a_blank_reason_and_a_self_dependency_are_errors() {
        let (dir, result) = catalog_with(
            DEPENDENCIES,
            "service,depends_on,why\nrisk_management,governance_oversight,\n",
        );
        let d = result.unwrap_err().to_diagnostic();
        assert_eq!(
            d.location,
            csv_location(&dir, DEPENDENCIES, 2, Some((3, "why")))
        );
        assert_eq!(d.message, "expected a non-empty text, found \"\"");

        let (dir, result) = catalog_with(
            DEPENDENCIES,
            "service,depends_on,why\nrisk_management,risk_management,itself\n",
        );
        let d = result.unwrap_err().to_diagnostic();
        assert_eq!(
            d.location,
            csv_location(&dir, DEPENDENCIES, 2, Some((2, "depends_on")))
        );
        assert_eq!(
            d.message,
            "expected a service other than `risk_management` (a service cannot wait on itself), found \"risk_management\""
        );
    }

    #[test]
    fn a_repeated_pair_and_a_cycle_name_their_rows() {
        let (_dir, result) = catalog_with(
            DEPENDENCIES,
            "service,depends_on,why\nrisk_management,governance_oversight,a\nrisk_management,governance_oversight,b\n",
        );
        let d = result.unwrap_err().to_diagnostic();
        assert_eq!(d.code, finding::CATALOG_GAP);
        assert_eq!(
            d.message,
            "key `risk_management \u{2192} governance_oversight` is listed twice (rows 2 and 3)"
        );

        let (dir, result) = catalog_with(
            DEPENDENCIES,
            "service,depends_on,why\naudit_assessments,governance_oversight,a\ngovernance_oversight,risk_management,b\nrisk_management,audit_assessments,c\n",
        );
        let d = result.unwrap_err().to_diagnostic();
        assert_eq!(d.code, finding::CATALOG_GAP);
        assert_eq!(d.location, csv_location(&dir, DEPENDENCIES, 4, None));
        assert_eq!(
            d.message,
            "the dependency of `risk_management` on `audit_assessments` closes a cycle: `audit_assessments` already waits on `risk_management`"
        );
    }

    #[test]
    fn a_bad_effort_range_names_its_cell() {
        let (dir, result) = catalog_with(
            EFFORT,
            "service,fte_low,fte_high\nrisk_management,1.0,0.5\n",
        );
        let d = result.unwrap_err().to_diagnostic();
        assert_eq!(
            d.location,
            csv_location(&dir, EFFORT, 2, Some((3, "fte_high")))
        );
        assert_eq!(
            d.message,
            "expected a number of FTE from the low end (1) to 50, found \"0.5\""
        );
        let (_dir, result) =
            catalog_with(EFFORT, "service,fte_low,fte_high\nrisk_management,lots,2\n");
        let d = result.unwrap_err().to_diagnostic();
        assert_eq!(
            d.message,
            "expected a number of FTE from 0 to 50, found \"lots\""
        );
    }
}
