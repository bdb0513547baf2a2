//! A mapping applied to an export, row by row: filters, completion, respondent id and the
//! duplicate policy, organization, customer group, and every mapped answer, each problem a
//! finding with file, row, column, raw value and what was expected.
//!
//! Streams: one record at a time; only a hash and row per respondent id is kept (and, for
//! `keep_last` / `reject`, a first pass over the file fills it). It builds `DecodedRow`s and
//! never aggregates: `customers` does that, tests inspect the rows directly.

use std::collections::HashMap;
use std::hash::{DefaultHasher, Hash, Hasher};
use std::path::Path;

use crate::diag::{ColumnRef, Diagnostic, Location, Severity};
use crate::ingest::cell::Problem;
use crate::ingest::error::IngestError;
use crate::ingest::finding;
use crate::ingest::group_labels::GroupLabels;
use crate::ingest::mapping::{
    normalize_label, Column, DuplicatePolicy, Filter, IncompletePolicy, Mapping,
};
use crate::ingest::platform::select::{describe, select, Hit, Selected};
use crate::ingest::platform::source::{TextRecord, TextRecords};
use crate::ingest::platform::{layout, nearest, redcap, Completion, Layout, SNIFF_RECORDS};
use crate::ingest::reader::{parse_delimiter, ReadOptions};
use crate::model::customer::CustomerGroup;
use crate::model::organization::OrganizationId;
use crate::model::survey::Respondent;

use crate::ingest::platform::plan::Plan;

/// One used respondent, decoded.
#[derive(Debug, Clone, PartialEq)]
pub struct DecodedRow {
    /// Spreadsheet row (header rows count).
    pub row: u64,
    /// Respondent id (`row-<n>` when the export has none).
    pub respondent_id: String,
    /// Organization.
    pub organization: OrganizationId,
    /// Customer group.
    pub group: CustomerGroup,
    /// The canonical answers.
    pub respondent: Respondent,
    /// Whether the platform marks the response complete.
    pub complete: bool,
    /// Columns whose answer was "not applicable" (excluded, not a low score).
    pub not_applicable: Vec<String>,
    /// Multi-select answers: question (selector) → selected option texts, in cell order.
    pub selections: Vec<(String, Vec<String>)>,
}

/// What became of one data row.
#[derive(Debug, Clone, PartialEq)]
pub enum RowOutcome {
    /// Used; `findings` are cell problems (the cells count as missing).
    Used(Box<DecodedRow>, Vec<Diagnostic>),
    /// Rejected with a reason; the organization when one could be attributed.
    Rejected(Option<OrganizationId>, Box<Diagnostic>, Vec<Diagnostic>),
    /// Left out before its answers were read (a filter, an incomplete response), with the
    /// organization its cells name, if any. It counts against that organization only when
    /// the organization has other rows (issue 15: a preview or test row must not create one).
    LeftOut(Option<OrganizationId>, Box<Diagnostic>, Vec<Diagnostic>),
}

/// An export opened through a mapping: the layout, the resolved plan and the records.
pub struct MappedFile {
    /// The header layout.
    pub layout: Layout,
    /// Findings about the header and the mapping (missing columns, header encoding).
    pub header_findings: Vec<Diagnostic>,
    plan: Plan,
    records: TextRecords,
    pending: std::collections::VecDeque<TextRecord>,
    duplicates: Duplicates,
    default_org: Option<OrganizationId>,
}

/// Per-id counts for `keep_last` / `reject` (filled by a first pass) or first rows.
#[derive(Debug, Default)]
struct Duplicates {
    policy: DuplicatePolicy,
    /// id hash → (rows seen, first row, last row) from the first pass.
    counts: HashMap<u64, (u32, u64, u64)>,
    /// id hash → first row, for `keep_first` (filled as rows stream).
    first: HashMap<u64, u64>,
}

fn id_hash(id: &str) -> u64 {
    let mut h = DefaultHasher::new();
    id.hash(&mut h);
    h.finish()
}

impl MappedFile {
    /// Opens `path`, reads its header rows and resolves the mapping against them.
    pub(crate) fn open(
        path: &Path,
        mapping: &Mapping,
        labels: GroupLabels,
        default_org: Option<OrganizationId>,
    ) -> Result<Self, IngestError> {
        let options = read_options(mapping, path)?;
        let mut records = TextRecords::open_with(path, &options)?;
        let mut head = Vec::new();
        while head.len() < SNIFF_RECORDS {
            match records.next_record()? {
                Some(r) => head.push(r),
                None => break,
            }
        }
        let file = records.file().to_string();
        if head.is_empty() {
            return Err(IngestError::invalid(
                finding::NO_HEADER,
                "the file is empty: expected a header row",
                Location::File { file },
            ));
        }
        let texts: Vec<Vec<String>> = head.iter().map(|r| r.cells.clone()).collect();
        let mut layout = layout(mapping.platform, &texts, mapping.header_rows);
        if let Some(dict) = &mapping.dictionary {
            redcap::apply_dictionary(&mut layout, &redcap::read_dictionary(dict)?);
        }
        mark_stray_bytes(&mut layout, &head);
        // Encoding findings of the records read so far (header rows, maybe a few data rows),
        // naming their columns now that the header is known.
        let mut header_findings = records.take_findings();
        for d in &mut header_findings {
            if let Location::Csv {
                column: Some(c), ..
            } = &mut d.location
            {
                let index = (c.column as usize).saturating_sub(1);
                if let (true, Some(col)) = (c.name.is_empty(), layout.columns.get(index)) {
                    c.name = col.display();
                }
            }
        }
        records.set_column_names(layout.columns.iter().map(|c| c.display()).collect());
        let plan = Plan::resolve(&file, &layout, mapping, labels, &mut header_findings)?;
        let pending = head.into_iter().skip(layout.header_rows).collect();
        let mut duplicates = Duplicates {
            policy: mapping.duplicates,
            ..Duplicates::default()
        };
        if mapping.duplicates != DuplicatePolicy::KeepFirst {
            duplicates.counts = first_pass(path, &options, &layout, &plan)?;
        }
        Ok(MappedFile {
            layout,
            header_findings,
            plan,
            records,
            pending,
            duplicates,
            default_org,
        })
    }

    /// The file as the user named it.
    pub fn file(&self) -> &str {
        self.records.file()
    }

    /// Where the rows sit in their sheet (`None`: a text file).
    pub fn sheet_origin(&self) -> Option<&crate::ingest::sheet::SheetOrigin> {
        self.records.sheet_origin()
    }

    /// The next non-blank data row's outcome, or `None` at the end.
    pub fn next_row(&mut self) -> Result<Option<RowOutcome>, IngestError> {
        loop {
            let record = match self.pending.pop_front() {
                Some(r) => r,
                None => match self.records.next_record()? {
                    Some(r) => r,
                    None => return Ok(None),
                },
            };
            if record.is_blank() {
                continue;
            }
            let file = self.records.file().to_string();
            let mut row = RowCtx::new(&file, &self.layout, &record);
            row.findings = self.records.take_findings();
            return Ok(Some(decode(
                &self.plan,
                &mut self.duplicates,
                self.default_org.as_ref(),
                &mut row,
            )));
        }
    }
}

/// Decodes one record: filters, completion, id, duplicates, organization, group, answers.
fn decode(
    plan: &Plan,
    duplicates: &mut Duplicates,
    default_org: Option<&OrganizationId>,
    ctx: &mut RowCtx,
) -> RowOutcome {
    if let Some(reason) = plan.refused(ctx) {
        let org = plan.organization(ctx, default_org).ok();
        return RowOutcome::LeftOut(org, Box::new(reason), std::mem::take(&mut ctx.findings));
    }
    let complete = plan.complete(ctx);
    if !complete && plan.incomplete == IncompletePolicy::Reject {
        let d = ctx
            .reject(
                finding::INCOMPLETE,
                "row rejected: the response is incomplete",
                plan.completion_column(),
            )
            .with_expected("a complete response (the mapping sets incomplete = \"reject\")");
        let org = plan.organization(ctx, default_org).ok();
        return RowOutcome::LeftOut(org, Box::new(d), std::mem::take(&mut ctx.findings));
    }
    // Same order as the canonical reader: the organization is looked up first so that id
    // rejections count against it, then the id, duplicates, and the organization's own
    // problems.
    let org = plan.organization(ctx, default_org);
    let found = org.as_ref().ok().cloned();
    let id = plan.respondent_id(ctx);
    if id.is_empty() {
        let d = ctx
            .reject(
                finding::BLANK_RESPONDENT,
                "row rejected: the respondent id is blank",
                plan.id_column(),
            )
            .with_expected("a respondent id unique within the file");
        return RowOutcome::Rejected(found, Box::new(d), std::mem::take(&mut ctx.findings));
    }
    if let Some(d) = duplicates.check(&id, plan.id_column(), ctx) {
        return RowOutcome::Rejected(found, Box::new(d), std::mem::take(&mut ctx.findings));
    }
    let org = match org {
        Ok(org) => org,
        Err(d) => return RowOutcome::Rejected(None, d, std::mem::take(&mut ctx.findings)),
    };
    let group = match plan.group(ctx) {
        Ok(g) => g,
        Err(d) => return RowOutcome::Rejected(Some(org), d, std::mem::take(&mut ctx.findings)),
    };
    let mut decoded = DecodedRow {
        row: ctx.record.row,
        respondent_id: id,
        organization: org,
        group,
        respondent: Respondent::default(),
        complete,
        not_applicable: Vec::new(),
        selections: Vec::new(),
    };
    plan.answers(ctx, &mut decoded);
    RowOutcome::Used(Box::new(decoded), std::mem::take(&mut ctx.findings))
}

impl Duplicates {
    fn check(&mut self, id: &str, column: Option<usize>, ctx: &RowCtx) -> Option<Diagnostic> {
        let hash = id_hash(id);
        let row = ctx.record.row;
        let d = |message: String, hint: String| {
            ctx.reject(finding::DUPLICATE_RESPONDENT, &message, column)
                .with_expected("a respondent id unique within the file")
                .with_hint(hint)
        };
        match self.policy {
            DuplicatePolicy::KeepFirst => {
                let first = *self.first.entry(hash).or_insert(row);
                (first != row).then(|| {
                    d(
                        format!("row rejected: respondent id repeats row {first}"),
                        format!("row {first} is kept (duplicates = \"keep_first\")"),
                    )
                })
            }
            DuplicatePolicy::KeepLast => {
                let (count, _, last) = self.counts.get(&hash).copied().unwrap_or((1, row, row));
                (count > 1 && last != row).then(|| {
                    d(
                        format!("row rejected: respondent id repeats in row {last}"),
                        format!("row {last} is kept (duplicates = \"keep_last\")"),
                    )
                })
            }
            DuplicatePolicy::Reject => {
                let (count, first, _) = self.counts.get(&hash).copied().unwrap_or((1, row, row));
                (count > 1).then(|| {
                    d(format!("row rejected: respondent id appears in {count} rows (first row {first})"), "every row of a repeated id is rejected (duplicates = \"reject\")".into())
                })
            }
        }
    }
}

/// Flags the columns whose header texts held bytes that are not valid UTF-8 (a SurveyMonkey
/// question carried over its group is flagged in every column it stands over).
fn mark_stray_bytes(layout: &mut Layout, head: &[TextRecord]) {
    let bad: Vec<&str> = head
        .iter()
        .take(layout.header_rows)
        .flat_map(|r| r.bad_cells.iter().map(|&i| r.cell(i)))
        .collect();
    if bad.is_empty() {
        return;
    }
    for column in &mut layout.columns {
        let texts = [
            &column.name,
            &column.label,
            &column.question,
            &column.heading,
        ];
        column.stray_bytes = texts.iter().any(|t| bad.contains(&t.as_str()));
    }
}

/// The reader options a mapping asks for (`None`: sniffed).
pub(crate) fn read_options(mapping: &Mapping, path: &Path) -> Result<ReadOptions, IngestError> {
    let delimiter = match mapping.delimiter.as_deref() {
        None | Some("auto") => None,
        Some(text) => Some(parse_delimiter(text).map_err(|message| {
            IngestError::invalid(
                finding::MAPPING,
                format!("delimiter: {message}"),
                Location::File {
                    file: path.display().to_string(),
                },
            )
        })?),
    };
    let encoding = mapping.encoding.clone().filter(|e| e != "auto");
    Ok(ReadOptions {
        delimiter,
        encoding,
        sheet: mapping.sheet.clone(),
    })
}

/// Counts rows per id among rows that pass the filters and completion policy.
fn first_pass(
    path: &Path,
    options: &ReadOptions,
    layout: &Layout,
    plan: &Plan,
) -> Result<HashMap<u64, (u32, u64, u64)>, IngestError> {
    let mut records = TextRecords::open_with(path, options)?;
    let mut counts: HashMap<u64, (u32, u64, u64)> = HashMap::new();
    let file = records.file().to_string();
    while let Some(record) = records.next_record()? {
        if (record.row as usize) <= layout.header_rows || record.is_blank() {
            continue;
        }
        let ctx = RowCtx::new(&file, layout, &record);
        if plan.refused(&ctx).is_some()
            || (!plan.complete(&ctx) && plan.incomplete == IncompletePolicy::Reject)
        {
            continue;
        }
        let id = plan.respondent_id(&ctx);
        if id.is_empty() {
            continue;
        }
        let e = counts
            .entry(id_hash(&id))
            .or_insert((0, record.row, record.row));
        e.0 += 1;
        e.2 = record.row;
    }
    Ok(counts)
}

fn location(file: &str, layout: &Layout, r: &TextRecord, index: Option<usize>) -> Location {
    Location::Csv {
        file: file.to_string(),
        row: r.row,
        line: r.line,
        column: index.map(|i| {
            let name = layout
                .columns
                .get(i)
                .map(|c| c.display())
                .unwrap_or_default();
            ColumnRef::from_index(i, &name)
        }),
    }
}

/// One row being decoded: where it is and the findings so far.
pub struct RowCtx<'a> {
    /// File name.
    pub file: &'a str,
    /// The layout.
    pub layout: &'a Layout,
    /// The record.
    pub record: &'a TextRecord,
    /// Cell findings.
    pub findings: Vec<Diagnostic>,
}

impl<'a> RowCtx<'a> {
    fn new(file: &'a str, layout: &'a Layout, record: &'a TextRecord) -> Self {
        RowCtx {
            file,
            layout,
            record,
            findings: Vec::new(),
        }
    }

    /// The trimmed cell.
    pub fn cell(&self, index: usize) -> &'a str {
        self.record.cell(index).trim()
    }

    /// A rejection finding at a column (with its raw value).
    pub fn reject(&self, code: &'static str, message: &str, index: Option<usize>) -> Diagnostic {
        let mut d = Diagnostic::new(
            code,
            Severity::Warning,
            message,
            location(self.file, self.layout, self.record, index),
        );
        if let Some(i) = index {
            d = d.with_value(self.cell(i));
        }
        d
    }

    /// A cell problem: the cell counts as missing.
    pub(crate) fn problem(&mut self, index: usize, p: Problem) {
        let raw = self.cell(index);
        let d = p.finding(
            location(self.file, self.layout, self.record, Some(index)),
            raw,
        );
        self.findings.push(d);
    }

    /// A finding with a code at a column.
    pub fn note(&mut self, code: &'static str, message: String, index: usize, expected: String) {
        let d = self
            .reject(code, &message, Some(index))
            .with_expected(expected);
        self.findings.push(d);
    }
}

/// A filter's verdict on a cell: `None` passes.
pub fn filter_refuses(filter: &Filter, raw: &str) -> bool {
    let norm = normalize_label(raw);
    let any = filter.any_of.is_empty() || filter.any_of.iter().any(|v| normalize_label(v) == norm);
    let none = filter.none_of.iter().any(|v| normalize_label(v) == norm);
    !any || none
}

/// The respondent-id column or constant, for messages.
pub fn selector_text(c: &Column) -> String {
    describe(c)
}

/// Whether the completion marker says complete (no marker: complete).
pub fn completion_ok(completion: &Completion, ctx: &RowCtx) -> bool {
    match completion {
        Completion::Values(i, values) => {
            let v = normalize_label(ctx.cell(*i));
            values.iter().any(|x| normalize_label(x) == v)
        }
        Completion::NotBlank(i) => !ctx.cell(*i).is_empty(),
        Completion::NoneEquals(cols, value) => cols.iter().all(|&i| ctx.cell(i) != value),
    }
}

/// The hits of a resolved selector (none for constants).
pub fn hits(selected: &Selected) -> &[Hit] {
    match selected {
        Selected::Columns(h) => h,
        Selected::Constant(_) => &[],
    }
}

/// Resolves one selector, reporting an absent column as a finding.
pub fn resolve_one(
    file: &str,
    layout: &Layout,
    mapping: &Mapping,
    what: &str,
    c: &Column,
    findings: &mut Vec<Diagnostic>,
) -> Result<Selected, IngestError> {
    let selected = select(layout, mapping.key, c).map_err(|message| {
        IngestError::invalid(
            finding::MAPPING,
            format!("{what}: {message}"),
            Location::File {
                file: file.to_string(),
            },
        )
    })?;
    if matches!(&selected, Selected::Columns(h) if h.is_empty()) {
        let mut d = Diagnostic::new(
            finding::MAPPED_COLUMN_MISSING,
            Severity::Warning,
            format!(
                "the mapping's {what} ({}) matches no column; it is read as missing",
                describe(c)
            ),
            Location::File {
                file: file.to_string(),
            },
        )
        .with_expected(format!("a column matching {}", describe(c)));
        if let Some(hint) = nearest::hint(layout, mapping.key, c) {
            d = d.with_hint(hint);
        }
        findings.push(d.with_hint("check the export's header rows with `pmo-advisor inspect`"));
    }
    Ok(selected)
}
