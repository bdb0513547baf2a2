//! The canonical customer survey: one row per respondent, aggregated into each
//! organization's `GroupAnswers` as it is read.
//!
//! Columns are resolved once per file; each row is parsed from the reused byte record and
//! counted at once, so memory grows with organizations, groups and distinct respondent ids
//! (for duplicate detection), never with whole rows. This module must not read other files
//! or know about platform export layouts (those map onto these columns before this point).

use std::io::Read;

use csv::ByteRecord;

use crate::diag::did_you_mean;
use crate::diag::{Diagnostic, Severity};
use crate::ingest::cell::{parse_likert, parse_nps};
use crate::ingest::customer_columns::{respondent_from, Columns, LIKERT_SLOTS};
use crate::ingest::encoding::InvalidByte;
use crate::ingest::finding;
use crate::ingest::group_labels::GroupLabels;
use crate::ingest::header::Header;
use crate::ingest::lexicon::Lexicon;
use crate::ingest::reader::{decode, is_blank, position, with_byte_offset, CsvInput};
use crate::ingest::registry::{FileTally, OrgLookup, Registry};
use crate::ingest::respondent_ids::RespondentIds;
use crate::ingest::IngestOptions;
use crate::model::catalog::Catalog;
use crate::model::customer::CustomerGroup;
use crate::model::survey::Respondent;
use crate::model::themes::CommentThemes;

/// Reads the customer survey into `registry`, returning the file's counts and findings.
pub(crate) fn read_customers<R: Read>(
    mut input: CsvInput<R>,
    catalog: &Catalog,
    options: &IngestOptions,
    registry: &mut Registry,
) -> Result<FileTally, crate::ingest::IngestError> {
    let header = input.header().clone();
    let mut tally = FileTally::new(header.file(), "customers");
    tally.in_sheet(input.sheet_origin());
    let columns = Columns::resolve(&header, registry.has_default(), &mut tally)?;
    let labels = GroupLabels::new(catalog, options);
    let lexicon = Lexicon::new(catalog.themes());
    let mut seen = RespondentIds::default();
    let mut record = ByteRecord::new();
    while input.read(&mut record)? {
        if is_blank(&record) {
            continue;
        }
        read_row(
            (&record, input.invalid_bytes()),
            &header,
            &columns,
            (&labels, &lexicon),
            &mut seen,
            registry,
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

pub(super) fn cell(record: &ByteRecord, index: usize) -> &[u8] {
    record.get(index).unwrap_or_default()
}

/// `row` is the record with its invalid UTF-8 sequences (for byte offsets in findings).
pub(super) fn read_row(
    (record, invalid): (&ByteRecord, &[InvalidByte]),
    header: &Header,
    columns: &Columns,
    (labels, lexicon): (&GroupLabels, &Lexicon<'_>),
    seen: &mut RespondentIds,
    registry: &mut Registry,
    tally: &mut FileTally,
) {
    let (row, line) = position(record);
    let org = registry.resolve(columns.organization.map(|i| cell(record, i)), true);
    let slot = match org {
        OrgLookup::Found(slot) => Some(slot),
        _ => None,
    };
    if record.len() != header.len() {
        tally.finding(slot, header.row_length(row, line, record.len()));
    }
    let reject = |code: &'static str, message: String, index: Option<usize>| {
        let mut d = Diagnostic::new(
            code,
            Severity::Warning,
            message,
            header.location(row, line, index),
        );
        if let Some(i) = index {
            d = d.with_value(decode(cell(record, i)).0.trim());
        }
        d
    };

    // Respondent id: blank or repeated rejects the row; the first occurrence is kept.
    let id_raw = cell(record, columns.respondent_id).trim_ascii();
    if id_raw.is_empty() {
        let d = reject(
            finding::BLANK_RESPONDENT,
            "row rejected: respondent_id is blank".into(),
            Some(columns.respondent_id),
        );
        tally.rejected(
            slot,
            d.with_expected("a respondent id unique within the file"),
        );
        return;
    }
    // Ids are hashed as raw bytes (trimmed): the same bytes are the same respondent.
    let first = seen.first_row(id_raw, row);
    if let Some(first) = first {
        let d = reject(
            finding::DUPLICATE_RESPONDENT,
            format!("row rejected: respondent_id repeats row {first}"),
            Some(columns.respondent_id),
        )
        .with_expected("a respondent id unique within the file")
        .with_hint(format!("row {first} is kept"));
        tally.rejected(slot, d);
        return;
    }
    if !id_raw.is_ascii() {
        let (id_text, _) = decode(id_raw);
        tally.finding(
            slot,
            with_byte_offset(
                header.bad_encoding(row, line, columns.respondent_id, &id_text),
                record,
                invalid,
                columns.respondent_id,
            ),
        );
    }

    let slot = match org {
        OrgLookup::Found(slot) => slot,
        OrgLookup::Missing | OrgLookup::Unknown => {
            let d = reject(
                finding::MISSING_ORGANIZATION,
                "row rejected: no organization".into(),
                columns.organization,
            )
            .with_expected("an organization id")
            .with_hint("fill the organization cell, or name one organization in the configuration");
            tally.rejected(None, d);
            return;
        }
        OrgLookup::Invalid(expected) => {
            let d = reject(
                finding::BAD_ORGANIZATION,
                format!("row rejected: {expected}"),
                columns.organization,
            )
            .with_expected("an organization id of up to 64 letters, digits, '-', '_' or '.'");
            tally.rejected(None, d);
            return;
        }
    };

    let group_raw = cell(record, columns.customer_group);
    // The common case, an ASCII label, is matched on bytes without decoding the cell.
    let fast = labels.find_bytes(group_raw);
    let (group_text, bad) = match fast {
        Some(_) => (std::borrow::Cow::Borrowed(""), false),
        None => decode(group_raw),
    };
    if bad {
        tally.finding(
            Some(slot),
            with_byte_offset(
                header.bad_encoding(row, line, columns.customer_group, &group_text),
                record,
                invalid,
                columns.customer_group,
            ),
        );
    }
    let group = match fast.or_else(|| labels.find(&group_text)) {
        Some(group) => group,
        None => {
            let blank = group_text.trim().is_empty();
            let mut problem = labels.problem();
            let (code, message) = if blank {
                (
                    finding::BLANK_GROUP,
                    "row rejected: customer_group is blank".to_string(),
                )
            } else {
                (
                    finding::UNKNOWN_GROUP,
                    format!(
                        "row rejected: unknown customer group {:?}",
                        group_text.trim()
                    ),
                )
            };
            problem.code = code;
            let mut d = header.bad_cell(row, line, columns.customer_group, group_raw, problem);
            d.message = message;
            if !blank {
                let candidates = labels.labels();
                if let Some(near) = did_you_mean(&group_text, candidates) {
                    d = d.with_hint(format!("did you mean `{near}`?"));
                }
                d = d.with_hint("add an alias in the configuration to map this label to a group");
            }
            tally.rejected(Some(slot), d);
            return;
        }
    };

    // The row is used from here on: bad cells count as missing, each with a finding. One
    // pass over the cells with a per-column table (no lookups by name, no allocation).
    // Branch-light: one table of 1–5 columns, then the few other columns by index.
    let mut answers = [None; LIKERT_SLOTS];
    for &(i, target) in &columns.likert {
        let raw = cell(record, i);
        answers[target] = parse_likert(raw).unwrap_or_else(|p| {
            tally.finding(Some(slot), header.bad_cell(row, line, i, raw, p));
            None
        });
    }
    let mut respondent = respondent_from(&answers);
    if let Some(i) = columns.nps {
        let raw = cell(record, i);
        respondent.nps = parse_nps(raw).unwrap_or_else(|p| {
            tally.finding(Some(slot), header.bad_cell(row, line, i, raw, p));
            None
        });
    }
    let mut text = |index: Option<usize>| {
        let raw = cell(record, index?).trim_ascii();
        if raw.is_empty() {
            return None;
        }
        let (text, bad) = decode(raw);
        if bad {
            let d = header.bad_encoding(row, line, index?, &text);
            tally.finding(Some(slot), with_byte_offset(d, record, invalid, index?));
        }
        Some(text)
    };
    let comment = text(columns.comment);

    let shown = comment.as_deref().and_then(|c| lexicon.read(c));
    add_respondent(
        (registry, tally),
        (slot, group),
        respondent,
        (comment.as_deref(), shown),
    );
}

/// Counts a used row of `slot`'s `group`: the respondent's answers and its comment (its
/// themes as read by the caller, the first few comments kept). Shared by the sequential and
/// the block reader, whose workers read the themes in parallel. The business unit is
/// read past: no rule or report used its counts, and one map entry per distinct unit was
/// memory that grew with the rows (issue 16).
pub(super) fn add_respondent(
    (registry, tally): (&mut Registry, &mut FileTally),
    (slot, group): (usize, CustomerGroup),
    mut respondent: Respondent,
    (comment, shown): (Option<&str>, Option<CommentThemes>),
) {
    let (input, texts) = registry.input_and_texts(slot);
    let group_answers = input.groups.entry(group).or_default();
    if let Some(shown) = shown {
        group_answers.themes.record(shown);
    }
    // Comments beyond the kept few are only counted: an empty String counts without
    // allocating (`add` pushes only while fewer than COMMENTS_KEPT_PER_GROUP are kept).
    respondent.comment = comment.map(|c| {
        if !group_answers.comments.is_full() {
            c.trim().to_string()
        } else {
            String::new()
        }
    });
    group_answers.add(respondent);
    // Only a row with a comment keeps a text (a comment, or a quote taken from it): the
    // other rows skip the walk over the group's kept texts.
    if let (Some(texts), Some(_)) = (texts, comment) {
        group_answers.store_texts(texts);
    }
    tally.used(slot);
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::diag::{ColumnRef, Location};
    use crate::ingest::read_catalog;
    use crate::ingest::registry::finish;
    use crate::model::customer::CustomerGroup;
    use crate::model::kept_text::KeptText;
    use crate::model::organization::OrganizationId;
    use crate::model::outcome::OutcomeKey;
    use crate::model::survey_set::SurveySet;

    fn catalog() -> Catalog {
        read_catalog(&std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("data/catalog"))
            .unwrap()
    }

    fn read_with(
        csv: &str,
        options: &IngestOptions,
    ) -> Result<SurveySet, crate::ingest::IngestError> {
        let input = CsvInput::new("customers.csv".into(), csv.as_bytes())?;
        let mut registry = Registry::new(options.default_organization.clone());
        let tally = read_customers(input, &catalog(), options, &mut registry)?;
        Ok(finish(registry, vec![tally], Some("baseline.csv")))
    }

    fn read(csv: &str) -> SurveySet {
        read_with(csv, &IngestOptions::default()).unwrap()
    }

    fn org(set: &SurveySet, id: &str) -> crate::model::survey::OrganizationInput {
        set.organizations[&OrganizationId::new(id).unwrap()].clone()
    }

    const HEAD: &str = "respondent_id,organization,customer_group,pm_maturity,outcome.higher_roi,satisfaction,nps,business_unit,comment\n";

    #[test]
    fn aggregates_respondents_per_group() {
        let set = read(&format!(
            "{HEAD}r1,acme,project_manager,3,5,4,9,IT,great\nr2,acme,Project managers,4,,2,3,IT,\nr3,acme,executive,5,1,,,Ops,\n"
        ));
        let acme = org(&set, "acme");
        let pm = &acme.groups[&CustomerGroup::ProjectManager];
        assert_eq!(pm.respondents, 2);
        assert_eq!(pm.pm_maturity.counts(), [0, 0, 1, 1, 0]);
        assert_eq!(pm.outcome_mean(OutcomeKey::HigherRoi), Some(5.0));
        assert_eq!(pm.nps.answered(), 2);
        assert_eq!(pm.comments_total, 1);
        assert_eq!(
            pm.comments.iter().map(KeptText::as_str).collect::<Vec<_>>(),
            ["great"]
        );
        assert_eq!(acme.groups[&CustomerGroup::Executive].respondents, 1);
        assert!(set
            .data_quality
            .findings
            .iter()
            .all(|d| d.code == finding::MISSING_BASELINE));
    }

    #[test]
    fn a_bad_maturity_value_names_file_row_column_value_and_expected() {
        let set = read(&format!("{HEAD}r1,acme,project_manager,6,5,4,9,,\n"));
        let d = &set.data_quality.findings[0];
        assert_eq!(d.code, finding::BAD_VALUE);
        assert_eq!(d.severity, Severity::Warning);
        assert_eq!(
            d.location,
            Location::Csv {
                file: "customers.csv".into(),
                row: 2,
                line: 2,
                column: Some(ColumnRef {
                    column: 4,
                    name: "pm_maturity".into()
                }),
            }
        );
        assert_eq!(d.value.as_deref(), Some("6"));
        assert_eq!(d.expected.as_deref(), Some("a whole number from 1 to 5"));
        assert_eq!(
            d.message,
            "expected a whole number from 1 to 5, found \"6\""
        );
        // The cell counts as missing; the row is still used.
        let pm = &org(&set, "acme").groups[&CustomerGroup::ProjectManager];
        assert_eq!(pm.pm_maturity.answered(), 0);
        assert_eq!(pm.satisfaction.answered(), 1);
        assert_eq!(set.data_quality.rows_used(), 1);
    }

    #[test]
    fn a_quoted_newline_makes_line_differ_from_row() {
        let set = read(&format!("{HEAD}r1,acme,project_manager,3,5,4,9,,\"two\nlines\"\nr2,acme,project_manager,x,,,,,\n"));
        let d = &set.data_quality.findings[0];
        assert!(
            matches!(
                d.location,
                Location::Csv {
                    row: 3,
                    line: 4,
                    ..
                }
            ),
            "{:?}",
            d.location
        );
        let comments = &org(&set, "acme").groups[&CustomerGroup::ProjectManager].comments;
        assert_eq!(
            comments.iter().map(KeptText::as_str).collect::<Vec<_>>(),
            ["two\nlines"]
        );
    }

    #[test]
    fn a_duplicate_id_is_rejected_naming_the_first_row() {
        let set = read(&format!("{HEAD}r1,acme,project_manager,3,,,,,\nr2,acme,executive,3,,,,,\n r1 ,acme,executive,3,,,,,\n"));
        let d = &set.data_quality.findings[0];
        assert_eq!(d.code, finding::DUPLICATE_RESPONDENT);
        assert_eq!(d.message, "row rejected: respondent_id repeats row 2");
        assert!(matches!(d.location, Location::Csv { row: 4, .. }));
        let acme = org(&set, "acme");
        assert_eq!(acme.data_quality.sources[0].rows_rejected, 1);
        assert_eq!(acme.groups[&CustomerGroup::Executive].respondents, 1);
    }

    #[test]
    fn an_unknown_group_is_rejected_with_a_hint_and_aliases_work() {
        let mut options = IngestOptions::default();
        options
            .group_aliases
            .insert("pm".into(), CustomerGroup::ProjectManager);
        let set = read_with(
            &format!("{HEAD}r1,acme,PM,3,,,,,\nr2,acme,project_manger,3,,,,,\nr3,acme,,3,,,,,\n"),
            &options,
        )
        .unwrap();
        let [unknown, blank, _baseline] = &set.data_quality.findings[..] else {
            panic!("{:?}", set.data_quality.findings)
        };
        assert_eq!(unknown.code, finding::UNKNOWN_GROUP);
        assert_eq!(
            unknown.message,
            "row rejected: unknown customer group \"project_manger\""
        );
        assert_eq!(unknown.hints[0], "did you mean `project_manager`?");
        assert_eq!(unknown.value.as_deref(), Some("project_manger"));
        assert_eq!(blank.code, finding::BLANK_GROUP);
        assert_eq!(
            org(&set, "acme").groups[&CustomerGroup::ProjectManager].respondents,
            1
        );
    }

    #[test]
    fn counts_are_conserved_per_file_and_organization() {
        let set = read(&format!(
            "{HEAD}r1,acme,project_manager,3,,,,,\n,acme,executive,,,,,,\nr3,,executive,,,,,,\nr4,bad/id,executive,,,,,,\n,,,,,,,,\nr5,beta,executive,9,,,,,\n"
        ));
        let total = &set.data_quality.sources[0];
        assert_eq!(
            (total.rows_read, total.rows_used, total.rows_rejected),
            (5, 2, 3)
        );
        let acme = &org(&set, "acme").data_quality.sources[0];
        assert_eq!(
            (acme.rows_read, acme.rows_used, acme.rows_rejected),
            (2, 1, 1)
        );
        let beta = &org(&set, "beta").data_quality.sources[0];
        assert_eq!((beta.rows_read, beta.rows_used), (1, 1));
        let codes: Vec<&str> = set.data_quality.findings.iter().map(|d| d.code).collect();
        assert_eq!(
            codes,
            [
                finding::BLANK_RESPONDENT,
                finding::MISSING_ORGANIZATION,
                finding::BAD_ORGANIZATION,
                finding::BAD_VALUE,
                finding::MISSING_BASELINE,
                finding::MISSING_BASELINE
            ]
        );
        // Unattributable rejections stay at set level.
        assert_eq!(org(&set, "acme").data_quality.findings.len(), 2);
    }

    #[test]
    fn default_organization_fills_a_missing_column() {
        let options = IngestOptions {
            default_organization: OrganizationId::new("solo").ok(),
            ..IngestOptions::default()
        };
        let set = read_with("respondent_id,customer_group\nr1,executive\n", &options).unwrap();
        assert_eq!(org(&set, "solo").respondents(), 1);
        let err = read_with(
            "respondent_id,customer_group\nr1,executive\n",
            &IngestOptions::default(),
        )
        .unwrap_err();
        assert_eq!(err.to_diagnostic().code, finding::MISSING_COLUMN);
    }

    #[test]
    fn unknown_columns_warn_with_a_hint() {
        let set = read("respondent_id,organization,customer_group,outcome.strategic_alignmnt,satisfacton\nr1,a,executive,3,4\n");
        let [outcome, other, _] = &set.data_quality.findings[..] else {
            panic!()
        };
        assert_eq!(outcome.code, finding::UNKNOWN_COLUMN);
        assert_eq!(
            outcome.hints,
            ["did you mean `outcome.strategic_alignment`?"]
        );
        assert!(
            matches!(outcome.location, Location::Csv { row: 1, column: Some(ref c), .. } if c.column == 4)
        );
        assert_eq!(other.hints, ["did you mean `satisfaction`?"]);
    }

    #[test]
    fn invalid_utf8_is_decoded_with_a_finding() {
        let mut bytes =
            b"respondent_id,organization,customer_group,comment\nr1,a,executive,caf".to_vec();
        bytes.extend_from_slice(b"\xe9\n");
        let input = CsvInput::new("c.csv".into(), &bytes[..]).unwrap();
        let mut registry = Registry::new(None);
        let tally =
            read_customers(input, &catalog(), &IngestOptions::default(), &mut registry).unwrap();
        let set = finish(registry, vec![tally], None);
        let d = &set.data_quality.findings[0];
        assert_eq!(d.code, finding::BAD_ENCODING);
        assert!(
            d.message
                .starts_with("byte 0xE9 at byte offset 68 (row 2): "),
            "{}",
            d.message
        );
        assert_eq!(d.value.as_deref(), Some("café"));
        let comments = &org(&set, "a").groups[&CustomerGroup::Executive].comments;
        assert_eq!(
            comments.iter().map(KeptText::as_str).collect::<Vec<_>>(),
            ["café"]
        );
    }

    #[test]
    fn only_the_first_comments_are_kept_but_all_counted() {
        let rows: String = (0..8)
            .map(|i| format!("r{i},a,executive,note {i}\n"))
            .collect();
        let set = read(&format!(
            "respondent_id,organization,customer_group,comment\n{rows}"
        ));
        let g = &org(&set, "a").groups[&CustomerGroup::Executive];
        assert_eq!(g.comments_total, 8);
        assert_eq!(
            g.comments.len(),
            crate::model::survey::COMMENTS_KEPT_PER_GROUP
        );
    }

    #[test]
    fn short_and_long_rows_are_reported() {
        let set = read("respondent_id,organization,customer_group,nps\nr1,a,executive\nr2,a,executive,1,extra\n");
        let codes: Vec<&str> = set.data_quality.findings.iter().map(|d| d.code).collect();
        assert_eq!(codes[..2], [finding::ROW_LENGTH, finding::ROW_LENGTH]);
        assert_eq!(set.data_quality.rows_used(), 2);
    }
}
