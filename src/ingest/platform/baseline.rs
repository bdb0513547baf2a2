//! The baseline survey read through a mapping: the export's rows become canonical baseline
//! cells (lookups and scales applied) that the canonical baseline reader then aggregates, so
//! the aggregation and disagreement rules live in one place (`ingest::baseline`).
//!
//! Baseline files are a few rows per organization, so the canonical text is built in memory.
//! Filler blank records stand in for the extra header rows, so findings keep the export's row
//! numbers; columns are named by their canonical names. From a workbook, the rebuilt input
//! knows which sheet column each canonical column came from, so findings name the sheet cell
//! (`Baseline!F3`). It must not aggregate anything itself.

use std::io::Cursor;
use std::path::Path;

use crate::diag::Diagnostic;
use crate::ingest::error::IngestError;
use crate::ingest::finding;
use crate::ingest::mapping::{Column, Mapping};
use crate::ingest::platform::rows::{hits, read_options, resolve_one};
use crate::ingest::platform::select::Selected;
use crate::ingest::platform::source::{TextRecord, TextRecords};
use crate::ingest::platform::values::{self, Value};
use crate::ingest::platform::{layout, Layout, SNIFF_RECORDS};
use crate::ingest::reader::{CsvInput, ReadOptions, RecordReader};
use crate::ingest::sheet::{self, SheetOrigin};
use crate::model::baseline::BaselineField;

/// A baseline export rebuilt as canonical CSV in memory.
pub(crate) type MappedBaseline = CsvInput<Cursor<Vec<u8>>>;

/// The export at `path` as a canonical baseline CSV input, plus the findings made while
/// mapping it (missing columns, encoding).
pub(crate) fn open(
    path: &Path,
    mapping: &Mapping,
) -> Result<(MappedBaseline, Vec<Diagnostic>), IngestError> {
    let options = read_options(mapping, path)?;
    let mut records = TextRecords::open_with(path, &options)?;
    let file = records.file().to_string();
    let mut head = Vec::new();
    while head.len() < SNIFF_RECORDS {
        match records.next_record()? {
            Some(r) => head.push(r),
            None => break,
        }
    }
    let texts: Vec<Vec<String>> = head.iter().map(|r| r.cells.clone()).collect();
    let layout = layout(mapping.platform, &texts, mapping.header_rows);
    let mut findings = records.take_findings();
    let mut columns: Vec<(String, &Column, Selected)> = Vec::new();
    for (name, column) in &mapping.baseline {
        let selected = resolve_one(
            &file,
            &layout,
            mapping,
            &format!("baseline {name}"),
            column,
            &mut findings,
        )?;
        columns.push((name.clone(), column, selected));
    }
    if !mapping.baseline.contains_key("organization") {
        if let Some(org) = &mapping.organization {
            let selected =
                resolve_one(&file, &layout, mapping, "organization", org, &mut findings)?;
            columns.push(("organization".into(), org, selected));
        }
    }
    let mut out = csv::WriterBuilder::new().from_writer(Vec::new());
    let write = |out: &mut csv::Writer<Vec<u8>>, cells: Vec<String>| {
        out.write_record(&cells).map_err(|e| {
            IngestError::invalid(
                finding::READ,
                format!("cannot build the canonical baseline: {e}"),
                crate::diag::Location::File { file: file.clone() },
            )
        })
    };
    write(
        &mut out,
        columns.iter().map(|(n, _, _)| n.clone()).collect(),
    )?;
    let blank = || vec![String::new(); columns.len().max(2)];
    for _ in 1..layout.header_rows {
        write(&mut out, blank())?;
    }
    let mut pending = head.into_iter().skip(layout.header_rows);
    loop {
        let record = match pending.next() {
            Some(r) => r,
            None => match records.next_record()? {
                Some(r) => r,
                None => break,
            },
        };
        findings.extend(records.take_findings());
        if record.is_blank() {
            write(&mut out, blank())?;
            continue;
        }
        let cells = columns
            .iter()
            .map(|(name, column, selected)| cell(&layout, mapping, name, column, selected, &record))
            .collect();
        write(&mut out, cells)?;
    }
    let bytes = out.into_inner().map_err(|e| {
        IngestError::invalid(
            finding::READ,
            format!("cannot build the canonical baseline: {e}"),
            crate::diag::Location::File { file: file.clone() },
        )
    })?;
    // From a workbook, the rebuilt columns name the sheet cells they came from (issue 15):
    // findings of the export itself are placed now, before the rebuilt columns take over.
    let origin = records.sheet_origin().map(|origin| {
        for d in &mut findings {
            sheet::relocate(d, &file, origin);
        }
        SheetOrigin {
            columns: columns
                .iter()
                .map(|(_, _, selected)| {
                    let hit = hits(selected).first().map(|h| h.index);
                    hit.and_then(|i| u32::try_from(i).ok())
                })
                .collect(),
            ..origin.clone()
        }
    });
    let mut records = RecordReader::new(file, Cursor::new(bytes), &ReadOptions::default())?;
    records.set_sheet_origin(origin);
    Ok((CsvInput::from_records(records)?, findings))
}

/// One canonical cell: a constant, or the (one filled) source cell through its lookup or
/// scale. Values no lookup or scale knows are passed on raw, so the baseline reader reports
/// them with what it expected.
fn cell(
    layout: &Layout,
    mapping: &Mapping,
    name: &str,
    column: &Column,
    selected: &Selected,
    record: &TextRecord,
) -> String {
    let raw = match selected {
        Selected::Constant(v) => v.clone(),
        s => hits(s)
            .iter()
            .map(|h| record.cell(h.index).trim())
            .find(|c| !c.is_empty())
            .unwrap_or("")
            .to_string(),
    };
    if raw.is_empty() {
        return raw;
    }
    if let Some(table) = column.lookup.as_ref().and_then(|l| mapping.lookups.get(l)) {
        return values::lookup(&raw, table).map_or(raw.clone(), str::to_string);
    }
    let scale = column.scale.as_ref().and_then(|s| mapping.scales.get(s));
    if scale.is_some() || column.reverse || BaselineField::SCALES.iter().any(|f| f.as_str() == name)
    {
        let choices = hits(selected)
            .first()
            .map(|h| layout.columns[h.index].choices.clone())
            .unwrap_or_default();
        return match values::number(
            &raw,
            scale,
            (1, 5),
            column.reverse,
            layout.negative_na,
            &choices,
        ) {
            Ok(Value::Number(v)) => v.to_string(),
            Ok(Value::Blank | Value::NotApplicable) => String::new(),
            Err(_) => raw,
        };
    }
    raw
}
