//! Reads the catalog files in `data/catalog/` into `model::Catalog`.
//!
//! The catalog is configuration, not survey data: any broken row stops the run with an error
//! that names the file, row, column and what was expected (analysts edit these files by hand).
//! Completeness (every key exactly once) is `Catalog::new`'s invariant; this module only maps
//! its answer to the file concerned. It must not read survey files.

use std::path::Path;

use csv::ByteRecord;

use crate::diag::Location;
use crate::ingest::cell::{parse_key, parse_key_list, Problem};
use crate::ingest::error::IngestError;
use crate::ingest::finding;
use crate::ingest::header::Header;
use crate::ingest::reader::{decode, is_blank, open_file, position};
use crate::model::approach::Approach;
use crate::model::catalog::{
    ApproachInfo, Catalog, GroupInfo, Outcome, RelevanceRow, Service, Theme,
};
use crate::model::customer::CustomerGroup;
use crate::model::key::UnknownKey;
use crate::model::outcome::{OutcomeKey, PerceptionHorizon};
use crate::model::service::{Domain, ServiceCategory, ServiceKey};

const SERVICES: &str = "services.csv";
const OUTCOMES: &str = "outcomes.csv";
const APPROACHES: &str = "approaches.csv";
const GROUPS: &str = "customer_groups.csv";
const THEMES: &str = "themes.csv";
const RELEVANCE: &str = "relevance.csv";

mod planning;

/// Reads `services.csv`, `outcomes.csv`, `approaches.csv` and `customer_groups.csv` from `dir`,
/// and the optional `themes.csv` (comment-theme lexicon), `relevance.csv` (which services
/// concern which customer group), `dependencies.csv` (which service builds on which) and
/// `service_effort.csv` (PMO effort per service).
pub fn read_catalog(dir: &Path) -> Result<Catalog, IngestError> {
    let services = read_table(
        dir,
        SERVICES,
        &["key", "name", "category", "domains", "description"],
        |row| {
            Ok(Service {
                key: row.key(0, ServiceKey::parse)?,
                name: row.text(1, true)?,
                category: row.key(2, ServiceCategory::parse)?,
                domains: row.keys(3, Domain::parse)?,
                description: row.text(4, false)?,
            })
        },
    )?;
    let outcomes = read_table(
        dir,
        OUTCOMES,
        &["key", "name", "horizon", "symptom", "services"],
        |row| {
            Ok(Outcome {
                key: row.key(0, OutcomeKey::parse)?,
                name: row.text(1, true)?,
                horizon: row.key(2, PerceptionHorizon::parse)?,
                symptom: row.text(3, false)?,
                services: row.keys(4, ServiceKey::parse)?,
            })
        },
    )?;
    let approaches = read_table(dir, APPROACHES, &["key", "name", "who_decides"], |row| {
        Ok(ApproachInfo {
            key: row.key(0, Approach::parse)?,
            name: row.text(1, true)?,
            who_decides: row.text(2, false)?,
        })
    })?;
    let groups = read_table(dir, GROUPS, &["key", "name"], |row| {
        Ok(GroupInfo {
            key: row.key(0, CustomerGroup::parse)?,
            name: row.text(1, true)?,
        })
    })?;
    let themes = if dir.join(THEMES).is_file() {
        read_table(dir, THEMES, &["key", "name", "terms", "services"], |row| {
            Ok(Theme {
                key: row.text(0, true)?,
                name: row.text(1, true)?,
                terms: row
                    .text(2, true)?
                    .split(';')
                    .map(|t| t.trim().to_lowercase())
                    .filter(|t| !t.is_empty())
                    .collect(),
                // Blank for a theme that is only reported ("unclear roles"): a theme with
                // services marks them for simplifying when dissatisfied groups raise it.
                services: {
                    let (text, location) = row.raw(3);
                    parse_key_list(&text, ServiceKey::parse)
                        .map_err(|p| p.error(finding::CATALOG_CELL, location, &text))?
                },
            })
        })?
    } else {
        Vec::new()
    };
    let relevance = if dir.join(RELEVANCE).is_file() {
        Some(read_table(
            dir,
            RELEVANCE,
            &["service", "groups", "never"],
            |row| {
                let (never, location) = row.raw(2);
                Ok(RelevanceRow {
                    service: row.key(0, ServiceKey::parse)?,
                    groups: row.keys(1, CustomerGroup::parse)?,
                    never: parse_key_list(&never, CustomerGroup::parse)
                        .map_err(|p| p.error(finding::CATALOG_CELL, location, &never))?,
                })
            },
        )?)
    } else {
        None
    };
    let catalog = Catalog::new(services, outcomes, approaches, groups).map_err(|gap| {
        // `CatalogGap` names the vocabulary first ("service `x` is missing"); that tells which
        // file lacks the key. Duplicates were already caught per file with their rows.
        let file = [
            ("service", SERVICES),
            ("outcome", OUTCOMES),
            ("approach", APPROACHES),
        ]
        .iter()
        .find(|(what, _)| gap.0.starts_with(what))
        .map_or(GROUPS, |(_, file)| file);
        IngestError::invalid(
            finding::CATALOG_GAP,
            gap.0,
            Location::File {
                file: dir.join(file).display().to_string(),
            },
        )
    })?;
    let catalog = catalog
        .with_themes(themes)
        .with_dependencies(planning::read_dependencies(dir)?)
        .with_effort(planning::read_effort(dir)?);
    Ok(match relevance {
        Some(rows) => catalog.with_relevance(&rows),
        None => catalog,
    })
}

/// One data row of a catalog file, with the indexes of the columns asked for.
struct Row<'a> {
    header: &'a Header,
    record: &'a ByteRecord,
    columns: &'a [usize],
    /// 1-based row (header = row 1).
    row: u64,
    line: u64,
}

impl Row<'_> {
    fn raw(&self, i: usize) -> (String, Location) {
        let index = self.columns[i];
        let text = decode(self.record.get(index).unwrap_or_default())
            .0
            .trim()
            .to_string();
        (text, self.header.location(self.row, self.line, Some(index)))
    }

    fn text(&self, i: usize, required: bool) -> Result<String, IngestError> {
        let (text, location) = self.raw(i);
        if required && text.is_empty() {
            return Err(Problem::bad_value("a non-empty text").error(
                finding::CATALOG_CELL,
                location,
                &text,
            ));
        }
        Ok(text)
    }

    fn key<K>(
        &self,
        i: usize,
        parse: impl Fn(&str) -> Result<K, UnknownKey>,
    ) -> Result<K, IngestError> {
        let (text, location) = self.raw(i);
        match parse_key(&text, &parse) {
            Ok(Some(key)) => Ok(key),
            // A blank key gets the same "expected a …" text as an unknown one.
            Ok(None) => Err(parse(&text)
                .err()
                .map_or_else(|| Problem::bad_value("a key"), |e| Problem::unknown(&e))
                .error(finding::CATALOG_CELL, location, &text)),
            Err(p) => Err(p.error(finding::CATALOG_CELL, location, &text)),
        }
    }

    fn keys<K: PartialEq>(
        &self,
        i: usize,
        parse: impl Fn(&str) -> Result<K, UnknownKey>,
    ) -> Result<Vec<K>, IngestError> {
        let (text, location) = self.raw(i);
        match parse_key_list(&text, parse) {
            Ok(keys) if keys.is_empty() => Err(Problem::bad_value(
                "one or more `;`-separated keys",
            )
            .error(finding::CATALOG_CELL, location, &text)),
            Ok(keys) => Ok(keys),
            Err(p) => Err(p.error(finding::CATALOG_CELL, location, &text)),
        }
    }
}

/// Reads one catalog file: resolves `columns` (all required), builds one item per non-blank
/// row, and rejects a key listed twice naming both rows (column 1 of `columns` is the key).
fn read_table<T: Keyed>(
    dir: &Path,
    name: &str,
    columns: &[&str],
    build: impl Fn(&Row<'_>) -> Result<T, IngestError>,
) -> Result<Vec<T>, IngestError> {
    let mut input = open_file(&dir.join(name))?;
    let header = input.header().clone();
    let indexes = columns
        .iter()
        .map(|c| header.require(c))
        .collect::<Result<Vec<_>, _>>()?;
    let mut record = ByteRecord::new();
    let mut items: Vec<(T, u64)> = Vec::new();
    while input.read(&mut record)? {
        if is_blank(&record) {
            continue;
        }
        let (row, line) = position(&record);
        let item = build(&Row {
            header: &header,
            record: &record,
            columns: &indexes,
            row,
            line,
        })?;
        if let Some((_, first)) = items
            .iter()
            .find(|(other, _)| other.key_text() == item.key_text())
        {
            return Err(IngestError::invalid(
                finding::CATALOG_GAP,
                format!(
                    "key `{}` is listed twice (rows {first} and {row})",
                    item.key_text()
                ),
                header.location(row, line, Some(indexes[0])),
            ));
        }
        items.push((item, row));
    }
    Ok(items.into_iter().map(|(item, _)| item).collect())
}

/// A catalog item's key text, for duplicate detection.
trait Keyed {
    fn key_text(&self) -> &str;
}

impl Keyed for Service {
    fn key_text(&self) -> &str {
        self.key.as_str()
    }
}

impl Keyed for Outcome {
    fn key_text(&self) -> &str {
        self.key.as_str()
    }
}

impl Keyed for ApproachInfo {
    fn key_text(&self) -> &str {
        self.key.as_str()
    }
}

impl Keyed for Theme {
    fn key_text(&self) -> &str {
        &self.key
    }
}

impl Keyed for RelevanceRow {
    fn key_text(&self) -> &str {
        self.service.as_str()
    }
}

impl Keyed for GroupInfo {
    fn key_text(&self) -> &str {
        self.key.as_str()
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::diag::ColumnRef;

    fn real_catalog_dir() -> std::path::PathBuf {
        Path::new(env!("CARGO_MANIFEST_DIR")).join("data/catalog")
    }

    /// A copy of the real catalog with one file replaced.
    fn catalog_with(
        file: &str,
        content: &str,
    ) -> (tempfile::TempDir, Result<Catalog, IngestError>) {
        let dir = tempfile::tempdir().unwrap();
        for name in [SERVICES, OUTCOMES, APPROACHES, GROUPS] {
            std::fs::copy(real_catalog_dir().join(name), dir.path().join(name)).unwrap();
        }
        std::fs::write(dir.path().join(file), content).unwrap();
        let result = read_catalog(dir.path());
        (dir, result)
    }

    #[test]
    fn loads_the_real_catalog() {
        let catalog = read_catalog(&real_catalog_dir()).unwrap();
        assert_eq!(catalog.services().len(), 26);
        assert_eq!(catalog.outcomes().len(), 30);
        assert_eq!(catalog.link_count(), 128);
        assert_eq!(
            catalog.group(CustomerGroup::ProjectManager).name,
            "Project managers"
        );
        assert_eq!(catalog.approach(Approach::Managed).name, "Managed");
    }

    #[test]
    fn a_broken_row_names_file_row_and_column() {
        let real = std::fs::read_to_string(real_catalog_dir().join(SERVICES)).unwrap();
        // Row 4 (header = row 1) gets an unknown category.
        let broken =
            real.replacen(",strategic,", ",strategc,", 3)
                .replacen(",strategc,", ",strategic,", 2);
        let (dir, result) = catalog_with(SERVICES, &broken);
        let d = result.unwrap_err().to_diagnostic();
        assert_eq!(d.code, finding::CATALOG_CELL);
        assert_eq!(
            d.location,
            Location::Csv {
                file: dir.path().join(SERVICES).display().to_string(),
                row: 4,
                line: 4,
                column: Some(ColumnRef {
                    column: 3,
                    name: "category".into()
                }),
            }
        );
        assert_eq!(d.value.as_deref(), Some("strategc"));
        assert!(
            d.message.starts_with("expected a service category"),
            "{}",
            d.message
        );
        assert_eq!(d.hints, ["did you mean `strategic`?"]);
    }

    #[test]
    fn an_unknown_linked_service_is_an_error() {
        let real = std::fs::read_to_string(real_catalog_dir().join(OUTCOMES)).unwrap();
        let broken = real.replacen("resource_management;", "resource_managment;", 1);
        let (_dir, result) = catalog_with(OUTCOMES, &broken);
        let d = result.unwrap_err().to_diagnostic();
        assert!(
            matches!(d.location, Location::Csv { row: 2, column: Some(ref c), .. } if c.name == "services")
        );
        assert_eq!(d.hints, ["did you mean `resource_management`?"]);
    }

    #[test]
    fn missing_and_repeated_keys_name_the_file() {
        let (_dir, result) = catalog_with(
            GROUPS,
            "key,name\nproject_manager,PMs\nproject_manager,Again\n",
        );
        let d = result.unwrap_err().to_diagnostic();
        assert_eq!(d.code, finding::CATALOG_GAP);
        assert!(d.message.contains("rows 2 and 3"), "{}", d.message);

        let (_dir, result) = catalog_with(GROUPS, "key,name\nproject_manager,PMs\n");
        let d = result.unwrap_err().to_diagnostic();
        assert_eq!(d.code, finding::CATALOG_GAP);
        assert!(d.location.file().unwrap().ends_with(GROUPS));
        assert_eq!(d.message, "customer group `program_manager` is missing");
    }

    #[test]
    fn a_missing_column_is_an_error() {
        let (_dir, result) = catalog_with(GROUPS, "key,nam\nproject_manager,PMs\n");
        let d = result.unwrap_err().to_diagnostic();
        assert_eq!(d.code, finding::MISSING_COLUMN);
        assert_eq!(d.hints.len(), 1);
    }
}
