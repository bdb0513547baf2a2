//! `pmo-advisor inspect FILE`: what a survey export is (platform and the signature that said
//! so, encoding, delimiter, header rows) and what each column holds, as a table, JSON, or a
//! starter mapping (`--emit-config`) so onboarding a new survey is editing, not writing.
//!
//! Reading and profiling live in `ingest` (`profile`, `detect`); this file parses flags and
//! formats. It must not interpret answers or write files.

use std::fmt::Write as _;
use std::path::PathBuf;

use clap::Args;
use serde::Serialize;

use crate::cli::cmd::inspect_hints::{choices_lines, completion_lines};
use crate::cli::error::CliError;
use crate::cli::exit::ExitCode;
use crate::cli::term::{write_stdout, Term};
use crate::diag::Diagnostic;
use crate::ingest::mapping::Platform;
use crate::ingest::profile::{self, ColumnKind, ColumnProfile, FileProfile};
use crate::ingest::{delimiter_name, encoding, open_records, parse_delimiter, ReadOptions};

/// `inspect` flags.
#[derive(Debug, Clone, Args)]
pub struct InspectArgs {
    /// The export to look at (CSV or TSV)
    #[arg(value_name = "FILE")]
    file: PathBuf,
    /// Platform instead of detecting it (qualtrics, surveymonkey, google-forms, ms-forms,
    /// limesurvey, redcap, alchemer, canonical, generic)
    #[arg(long, value_parser = parse_platform)]
    platform: Option<Platform>,
    /// Delimiter instead of sniffing it (`,` `;` `tab`)
    #[arg(long, value_parser = parse_delimiter)]
    delimiter: Option<u8>,
    /// Encoding: utf-16le/utf-16be are used as given; others (windows-1252, macintosh, …)
    /// read the bytes that are not valid UTF-8
    #[arg(long, value_parser = parse_encoding)]
    encoding: Option<String>,
    /// Print a starter mapping (TOML) listing every column instead of the table
    #[arg(long)]
    emit_config: bool,
    /// Output format of the table on stdout
    #[arg(long, value_parser = ["text", "json"], default_value = "text")]
    format: String,
}

fn parse_platform(text: &str) -> Result<Platform, String> {
    Platform::parse(text).ok_or_else(|| {
        let names: Vec<&str> = Platform::ALL.iter().map(|p| p.as_str()).collect();
        format!(
            "unknown platform {text:?}: expected one of {}",
            names.join(", ")
        )
    })
}

fn parse_encoding(text: &str) -> Result<String, String> {
    encoding::encoding_for_label(text).map(|_| text.to_string())
}

/// The JSON document `inspect --format json` prints.
#[derive(Serialize)]
struct InspectReport<'a> {
    schema_version: u32,
    file: String,
    platform: &'static str,
    variant: Option<&'static str>,
    signature: &'a str,
    encoding: &'static str,
    bom: bool,
    encoding_note: String,
    delimiter: String,
    header_rows: usize,
    rows: u64,
    columns: &'a [ColumnProfile],
    findings: &'a [Diagnostic],
}

/// Runs `inspect`.
pub fn inspect(args: &InspectArgs, term: &Term) -> Result<ExitCode, CliError> {
    let options = ReadOptions {
        delimiter: args.delimiter,
        encoding: args.encoding.clone(),
        sheet: None,
    };
    let reader = open_records(&args.file, &options).map_err(CliError::Ingest)?;
    let profile = profile::profile(reader, args.platform).map_err(CliError::Ingest)?;
    for d in &profile.findings {
        term.diagnostic(d);
    }
    let file = args.file.display().to_string();
    let out = if args.emit_config {
        starter_mapping(&file, &profile)
    } else if args.format == "json" {
        let d = &profile.detected;
        let report = InspectReport {
            schema_version: 1,
            file,
            platform: d.platform.as_str(),
            variant: d.variant,
            signature: &d.signature,
            encoding: d.encoding.name(),
            bom: d.encoding.bom,
            encoding_note: d.encoding.describe(d.invalid_bytes),
            delimiter: delimiter_name(d.delimiter),
            header_rows: d.header_rows,
            rows: profile.rows,
            columns: &profile.columns,
            findings: &profile.findings,
        };
        // Serializing plain data to a String cannot fail.
        serde_json::to_string_pretty(&report).unwrap_or_default() + "\n"
    } else {
        table(&file, &profile)
    };
    write_stdout(&out);
    Ok(ExitCode::Ok)
}

/// The human report: a summary block, then one line per column.
fn table(file: &str, p: &FileProfile) -> String {
    let d = &p.detected;
    let variant = d.variant.map(|v| format!(" ({v})")).unwrap_or_default();
    let mut out = String::new();
    let _ = writeln!(out, "file:        {file}");
    let _ = writeln!(out, "platform:    {}{variant}: {}", d.platform, d.signature);
    let _ = writeln!(out, "encoding:    {}", d.encoding.describe(d.invalid_bytes));
    let _ = writeln!(out, "delimiter:   {}", delimiter_name(d.delimiter));
    let _ = writeln!(out, "header rows: {}", d.header_rows);
    let _ = writeln!(out, "data rows:   {}", p.rows);
    let _ = writeln!(out, "columns:     {}", p.columns.len());
    out.push('\n');
    let head = [
        "#",
        "name",
        "question",
        "import id",
        "fill",
        "distinct",
        "kind",
        "examples",
    ];
    let mut rows: Vec<[String; 8]> = vec![head.map(str::to_string)];
    for c in &p.columns {
        let question = match (c.question.is_empty(), c.label.is_empty()) {
            (_, true) => c.question.clone(),
            (true, false) => c.label.clone(),
            (false, false) => format!("{} - {}", c.question, c.label),
        };
        rows.push([
            c.column.to_string(),
            clip(&c.name, 24),
            clip(&question, 32),
            clip(&c.import_id, 16),
            fill(c.filled, p.rows),
            distinct(c),
            c.kind.as_str().to_string(),
            examples_within(c, 48),
        ]);
    }
    let mut widths = [0usize; 8];
    for row in &rows {
        for (w, cell) in widths.iter_mut().zip(row) {
            *w = (*w).max(cell.chars().count());
        }
    }
    for row in &rows {
        let mut line = String::new();
        for (i, (cell, w)) in row.iter().zip(widths).enumerate() {
            let pad = w - cell.chars().count();
            match i {
                0 | 4 | 5 => line.push_str(&format!("{}{cell}", " ".repeat(pad))),
                _ => line.push_str(&format!("{cell}{}", " ".repeat(pad))),
            }
            line.push_str("  ");
        }
        out.push_str(line.trim_end());
        out.push('\n');
    }
    out
}

fn fill(filled: u64, rows: u64) -> String {
    if rows == 0 {
        return "-".to_string();
    }
    // Whole percent, rounded down so "100%" means every row.
    format!("{}%", filled * 100 / rows)
}

fn distinct(c: &ColumnProfile) -> String {
    format!("{}{}", c.distinct, if c.distinct_more { "+" } else { "" })
}

fn examples(c: &ColumnProfile) -> String {
    let shown: Vec<String> = c.examples.iter().map(|e| clip(e, 20)).collect();
    shown.join(" | ")
}

/// The examples cut to `max` characters, unless they are every distinct value (issue 15:
/// a scale is written from them).
fn examples_within(c: &ColumnProfile, max: usize) -> String {
    if !c.distinct_more && c.examples.len() == c.distinct {
        examples(c)
    } else {
        clip(&examples(c), max)
    }
}

/// `text` on one line, cut to `max` characters with an ellipsis.
fn clip(text: &str, max: usize) -> String {
    let one_line: String = text.split_whitespace().collect::<Vec<_>>().join(" ");
    match one_line.char_indices().nth(max.saturating_sub(1)) {
        Some((at, _)) if one_line.chars().count() > max => format!("{}…", &one_line[..at]),
        _ => one_line,
    }
}

/// A TOML string literal.
fn quote(text: &str) -> String {
    toml::Value::String(text.to_string()).to_string()
}

/// The inline selector of a column in the mapping format (`src/ingest/mapping.rs`).
fn selector(c: &ColumnProfile, p: &FileProfile) -> Option<String> {
    if !c.import_id.is_empty() {
        return Some(format!("{{ import_id = {} }}", quote(&c.import_id)));
    }
    // Questions carried over a group (SurveyMonkey) or after a sub-field (Alchemer).
    if matches!(
        p.detected.platform,
        Platform::Surveymonkey | Platform::Alchemer
    ) && !c.question.is_empty()
        && !c.label.is_empty()
    {
        return Some(format!(
            "{{ question = {}, label = {} }}",
            quote(&c.question),
            quote(&c.label)
        ));
    }
    (!c.name.is_empty()).then(|| format!("{{ column = {} }}", quote(&c.name)))
}

/// A starter mapping: settings that are known, guesses for the id column, and every column
/// listed as a comment with its selector, kind and fill so the analyst only edits.
pub(crate) fn starter_mapping(file: &str, p: &FileProfile) -> String {
    let d = &p.detected;
    let mut out = String::new();
    let _ = writeln!(
        out,
        "# Starter mapping for {file}, written by `pmo-advisor inspect --emit-config`."
    );
    let _ = writeln!(out, "# Detected: {}", d.summary());
    let _ = writeln!(
        out,
        "# Uncomment and edit what you need; docs/survey-sources.md explains each key."
    );
    let _ = writeln!(out, "version = 1");
    let _ = writeln!(out, "platform = {}", quote(d.platform.as_str()));
    let _ = writeln!(out, "header_rows = {}", d.header_rows);
    if d.variant == Some("current") {
        let _ = writeln!(
            out,
            "# ImportIds survive renamed export tags: select columns by them."
        );
        let _ = writeln!(out, "key = \"import_id\"");
    }
    // Sniffing would find the same again; writing them down keeps next quarter's file
    // (perhaps re-saved by Excel) read the same way.
    if d.delimiter != b',' {
        let _ = writeln!(out, "delimiter = {}", quote(&delimiter_name(d.delimiter)));
    }
    if !d.encoding.is_utf8() || d.encoding.source == encoding::EncodingSource::Configured {
        let name = if d.encoding.is_utf8() {
            d.encoding.fallback.name()
        } else {
            d.encoding.name()
        };
        let _ = writeln!(out, "encoding = {}", quote(&name.to_ascii_lowercase()));
    }
    out.push('\n');
    for line in completion_lines(p, |c| selector(c, p)) {
        let _ = writeln!(out, "{line}");
    }
    let id = p.columns.iter().find(|c| c.kind == ColumnKind::Id);
    match id.and_then(|c| selector(c, p)) {
        Some(sel) => {
            let _ = writeln!(out, "respondent_id = {sel}");
        }
        None => {
            let _ = writeln!(out, "# No id column found: rows are numbered `row-<n>`.");
            let _ = writeln!(out, "# respondent_id = {{ column = \"…\" }}");
        }
    }
    let _ = writeln!(out, "# organization = {{ value = \"your-organization\" }}");
    let _ = writeln!(
        out,
        "# customer_group = {{ column = \"…\", lookup = \"groups\" }}"
    );
    let _ = writeln!(out, "# maturity = {{ column = \"…\", scale = \"scale5\" }}");
    let _ = writeln!(
        out,
        "# satisfaction = {{ column = \"…\", scale = \"scale5\" }}"
    );
    let _ = writeln!(out, "# nps = {{ column = \"…\" }}");
    let _ = writeln!(out, "# comment = {{ column = \"…\" }}");
    out.push('\n');
    let _ = writeln!(
        out,
        "# [lookups.groups]   # our group key = the labels the survey uses"
    );
    let _ = writeln!(out, "# project_manager = [\"Project Manager\", \"PM\"]");
    let _ = writeln!(out, "# executive = [\"Executive\"]");
    out.push('\n');
    let _ = writeln!(out, "# [scales.scale5]");
    let _ = writeln!(out, "# points = [{{ value = 1, label = \"Strongly disagree\" }}, {{ value = 5, label = \"Strongly agree\" }}]");
    let _ = writeln!(out, "# na = [\"-99\", \"N/A\"]");
    out.push('\n');
    let choices = choices_lines(p, |c| selector(c, p));
    for line in &choices {
        let _ = writeln!(out, "{line}");
    }
    if !choices.is_empty() {
        out.push('\n');
    }
    let _ = writeln!(
        out,
        "# Every column of the file: selector, then kind, fill and examples."
    );
    let _ = writeln!(
        out,
        "# Copy a selector into [[outcomes]] (`outcome = \"<outcome key>\"`), [[choices]],"
    );
    let _ = writeln!(out, "# [[filters]] or one of the keys above.");
    for c in &p.columns {
        let text = match (c.question.is_empty(), c.label.is_empty()) {
            (false, _) => clip(&c.question, 60),
            (true, false) => clip(&c.label, 60),
            (true, true) => String::new(),
        };
        let split = c
            .split
            .as_ref()
            .map(|s| format!(", split {}", quote(s)))
            .unwrap_or_default();
        let _ = writeln!(
            out,
            "# col {:>3} {}  # {}{split}, {} filled, {} distinct{}{}",
            c.column,
            selector(c, p).unwrap_or_else(|| "(unnamed)".to_string()),
            c.kind.as_str(),
            fill(c.filled, p.rows),
            distinct(c),
            if c.examples.is_empty() {
                String::new()
            } else {
                format!(": {}", examples_within(c, 50))
            },
            if text.is_empty() {
                String::new()
            } else {
                format!(" — {text}")
            },
        );
    }
    out
}

#[cfg(test)]
pub(crate) mod tests {
    use super::*;
    use crate::ingest::mapping::Mapping;
    use crate::ingest::RecordReader;

    /// The profile of an in-memory export (shared with `inspect_hints`' tests).
    pub(crate) fn profile_of(text: &str) -> FileProfile {
        let reader =
            RecordReader::new("t.csv".into(), text.as_bytes(), &ReadOptions::default()).unwrap();
        profile::profile(reader, None).unwrap()
    }

    #[test]
    fn starter_mapping_parses_and_lists_every_column() {
        let p = profile_of(
            r#"ResponseId,Q1,Q2
Response ID,How satisfied?,"Why, ""really""?"
"{""ImportId"":""_recordId""}","{""ImportId"":""QID1""}","{""ImportId"":""QID2_TEXT""}"
R_1,4,fine
R_2,5,ok
"#,
        );
        assert_eq!(p.detected.platform, Platform::Qualtrics);
        let toml = starter_mapping("t.csv", &p);
        let mapping = Mapping::from_toml(&toml, "starter").unwrap();
        assert_eq!(mapping.platform, Platform::Qualtrics);
        assert_eq!(mapping.header_rows, Some(3));
        assert_eq!(
            mapping.respondent_id.unwrap().import_id.as_deref(),
            Some("_recordId")
        );
        assert!(
            toml.contains("# col   2 { import_id = \"QID1\" }  # likert 1-5"),
            "{toml}"
        );
        assert_eq!(toml.matches("\n# col ").count(), 3);
    }

    #[test]
    fn starter_mapping_keeps_delimiter_and_encoding() {
        let bytes: Vec<u8> = [0xff, 0xfe]
            .into_iter()
            .chain(
                "id;score\n1;3,5\n"
                    .encode_utf16()
                    .flat_map(u16::to_le_bytes),
            )
            .collect();
        let reader =
            RecordReader::new("t.csv".into(), &bytes[..], &ReadOptions::default()).unwrap();
        let p = profile::profile(reader, None).unwrap();
        let mapping = Mapping::from_toml(&starter_mapping("t.csv", &p), "starter").unwrap();
        assert_eq!(mapping.delimiter.as_deref(), Some(";"));
        assert_eq!(mapping.encoding.as_deref(), Some("utf-16le"));
    }

    #[test]
    fn table_shows_summary_and_columns() {
        let p = profile_of(
            "Timestamp,Which tools?\n4/22/2016 19:57:50,\"Jira, Excel\"\n4/23/2016 10:00:00,Jira\n",
        );
        let text = table("f.csv", &p);
        assert!(
            text.contains("platform:    google-forms: row 1 starts with \"Timestamp\""),
            "{text}"
        );
        assert!(text.contains("delimiter:   ,"));
        assert!(
            text.lines()
                .any(|l| l.starts_with("1  Timestamp") && l.contains("timestamp")),
            "{text}"
        );
        assert_eq!(clip("a\nb  c", 10), "a b c");
        assert_eq!(clip("abcdefghijkl", 5), "abcd…");
    }
}
