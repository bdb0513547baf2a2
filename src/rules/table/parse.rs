//! Reads one decision-table CSV: `#` comment lines (with `# hit:` and `# domain NAME:`), a
//! header of `in:NAME`, `out:NAME` and an optional `priority` column, then data rows.
//!
//! The csv crate lives in `ingest`; tables are small hand-written files, so a minimal splitter
//! (commas, double quotes, `""` escapes) is enough here. Every error names the file, line and
//! column; parsing never panics.

use std::collections::BTreeMap;

use crate::diag::{Diagnostic, Location, Severity};
use crate::rules::table::{Cmp, Condition, DecisionTable, Domain, HitPolicy, Literal, TableRow};

/// Code of a table that cannot be read or parsed.
pub const TABLE_SYNTAX: &str = "R060";

/// A table error at a line and column.
pub(crate) fn error(file: &str, line: u32, column: u32, message: String) -> Diagnostic {
    Diagnostic::new(
        TABLE_SYNTAX,
        Severity::Error,
        message,
        Location::Script {
            file: file.to_string(),
            line,
            column,
        },
    )
}

/// Parses the text of one table; every error found is returned.
pub fn parse_table(name: &str, file: &str, text: &str) -> Result<DecisionTable, Vec<Diagnostic>> {
    let mut errors = Vec::new();
    let mut policy = None;
    let mut domains = BTreeMap::new();
    let mut header: Option<(u32, Vec<(u32, String)>)> = None;
    let mut raw_rows = Vec::new();
    for (i, line) in text.lines().enumerate() {
        let n = u32::try_from(i + 1).unwrap_or(u32::MAX);
        let trimmed = line.trim();
        if trimmed.is_empty() {
            continue;
        }
        if let Some(comment) = trimmed.strip_prefix('#') {
            let comment = comment.trim();
            if let Some(p) = comment.strip_prefix("hit:") {
                policy = match p.trim() {
                    "first" => Some(HitPolicy::First),
                    "unique" => Some(HitPolicy::Unique),
                    "collect" => Some(HitPolicy::Collect),
                    other => {
                        errors.push(
                            error(file, n, 1, format!("unknown hit policy `{other}`")).with_hint(
                                "write `# hit: first`, `# hit: unique` or `# hit: collect`",
                            ),
                        );
                        None
                    }
                };
            } else if let Some(d) = comment.strip_prefix("domain ") {
                match d.split_once(':') {
                    Some((input, values)) => match parse_domain(values) {
                        Some(domain) => {
                            domains.insert(input.trim().to_string(), domain);
                        }
                        None => errors.push(
                            error(
                                file,
                                n,
                                1,
                                format!("cannot read the domain `{}`", values.trim()),
                            )
                            .with_hint(
                                "a domain is a range `1..5` or a list of values `low|medium|high`",
                            ),
                        ),
                    },
                    None => errors.push(error(
                        file,
                        n,
                        1,
                        "a domain line reads `# domain NAME: 1..5`".into(),
                    )),
                }
            }
            continue;
        }
        let cells = split_cells(line);
        if header.is_none() {
            header = Some((n, cells));
        } else {
            raw_rows.push((n, cells));
        }
    }
    let Some((header_line, header)) = header else {
        errors.push(error(file, 1, 1, "the table has no header row".into()));
        return Err(errors);
    };
    let Some(policy) = policy else {
        errors.push(
            error(file, 1, 1, "the table declares no hit policy".into())
                .with_hint("add a first line `# hit: first` (or `unique`, `collect`)"),
        );
        return Err(errors);
    };
    // Column roles: 0 = input, 1 = output, 2 = priority.
    let mut roles = Vec::new();
    let (mut inputs, mut outputs) = (Vec::new(), Vec::new());
    for (col, cell) in &header {
        let cell = cell.trim();
        if let Some(n) = cell.strip_prefix("in:") {
            inputs.push(n.trim().to_string());
            roles.push(0);
        } else if let Some(n) = cell.strip_prefix("out:") {
            outputs.push(n.trim().to_string());
            roles.push(1);
        } else if cell == "priority" {
            roles.push(2);
        } else {
            errors.push(error(file, header_line, *col, format!("unknown column `{cell}`"))
                .with_hint("name input columns `in:NAME`, output columns `out:NAME`; `priority` orders `collect` results"));
            roles.push(3);
        }
    }
    if outputs.is_empty() {
        errors.push(error(
            file,
            header_line,
            1,
            "the table has no output column (`out:NAME`)".into(),
        ));
    }
    for name in domains.keys() {
        if !inputs.contains(name) {
            errors.push(error(
                file,
                1,
                1,
                format!("a domain is declared for `{name}`, which is no input column"),
            ));
        }
    }
    let mut rows = Vec::new();
    for (line, cells) in raw_rows {
        if cells.len() != header.len() {
            errors.push(error(
                file,
                line,
                1,
                format!(
                    "the row has {} cells, the header {}",
                    cells.len(),
                    header.len()
                ),
            ));
            continue;
        }
        let mut row = TableRow {
            line,
            conditions: Vec::new(),
            outputs: Vec::new(),
            priority: 0,
        };
        for ((col, cell), role) in cells.iter().zip(&roles) {
            match role {
                0 => match parse_condition(cell) {
                    Ok(c) => row.conditions.push(c),
                    Err(m) => errors.push(error(file, line, *col, m).with_hint(
                        "conditions: `-` (any), `>= 4`, `< 2.5`, `!= x`, `1..3` (both ends included), `a|b`, or a value")),
                },
                1 => {
                    let t = cell.trim();
                    row.outputs.push(if t.is_empty() { None } else { Some(Literal::read(t)) });
                }
                2 => match cell.trim() {
                    "" => {}
                    t => match t.parse::<i64>() {
                        Ok(p) => row.priority = p,
                        Err(_) => errors.push(error(file, line, *col, format!("priority `{t}` is not a whole number"))),
                    },
                },
                _ => {}
            }
        }
        rows.push(row);
    }
    if !errors.is_empty() {
        return Err(errors);
    }
    Ok(DecisionTable {
        name: name.to_string(),
        file: file.to_string(),
        policy,
        inputs,
        domains,
        outputs,
        rows,
        header_line,
        source: text.to_string(),
    })
}

/// `1..5` or `a|b|c`.
fn parse_domain(text: &str) -> Option<Domain> {
    match parse_condition(text).ok()? {
        Condition::Range(lo, hi) => Some(Domain::Range(lo, hi)),
        Condition::OneOf(values) => Some(Domain::Values(values)),
        _ => None,
    }
}

/// One condition cell.
pub(crate) fn parse_condition(cell: &str) -> Result<Condition, String> {
    let t = cell.trim();
    if t.is_empty() || t == "-" {
        return Ok(Condition::Any);
    }
    for (prefix, op) in [
        (">=", Cmp::Ge),
        ("<=", Cmp::Le),
        ("!=", Cmp::Ne),
        (">", Cmp::Gt),
        ("<", Cmp::Lt),
    ] {
        if let Some(rest) = t.strip_prefix(prefix) {
            let value = Literal::read(rest);
            if op != Cmp::Ne && !matches!(value, Literal::Number(_)) {
                return Err(format!(
                    "`{t}` compares with `{}`, which is not a number",
                    rest.trim()
                ));
            }
            return Ok(Condition::Compare(op, value));
        }
    }
    if let Some((lo, hi)) = t.split_once("..") {
        let (Ok(lo), Ok(hi)) = (lo.trim().parse::<f64>(), hi.trim().parse::<f64>()) else {
            return Err(format!(
                "`{t}` is not a range of two numbers such as `1..3`"
            ));
        };
        return Ok(Condition::Range(lo, hi));
    }
    Ok(Condition::OneOf(t.split('|').map(Literal::read).collect()))
}

/// Splits a CSV line into (1-based column of the cell start, cell text).
pub(crate) fn split_cells(line: &str) -> Vec<(u32, String)> {
    let mut cells = Vec::new();
    let mut cell = String::new();
    let mut start = 1u32;
    let mut quoted = false;
    let mut chars = line.chars().peekable();
    let mut col = 0u32;
    while let Some(c) = chars.next() {
        col += 1;
        match c {
            '"' if quoted && chars.peek() == Some(&'"') => {
                cell.push('"');
                chars.next();
                col += 1;
            }
            '"' => quoted = !quoted,
            ',' if !quoted => {
                cells.push((start, std::mem::take(&mut cell)));
                start = col + 1;
            }
            _ => cell.push(c),
        }
    }
    cells.push((start, cell));
    cells
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn conditions_read_every_form() {
        assert_eq!(parse_condition(" - ").unwrap(), Condition::Any);
        assert_eq!(
            parse_condition(">= 4").unwrap(),
            Condition::Compare(Cmp::Ge, Literal::Number(4.0))
        );
        assert_eq!(parse_condition("1..3").unwrap(), Condition::Range(1.0, 3.0));
        assert_eq!(
            parse_condition("low|high").unwrap(),
            Condition::OneOf(vec![
                Literal::Text("low".into()),
                Literal::Text("high".into())
            ])
        );
        assert!(parse_condition(">= x").is_err());
        assert!(parse_condition("a..3").is_err());
    }

    #[test]
    fn cells_split_on_commas_outside_quotes() {
        let cells = split_cells(r#"a,"b, ""c""",d"#);
        let texts: Vec<&str> = cells.iter().map(|(_, t)| t.as_str()).collect();
        assert_eq!(texts, ["a", "b, \"c\"", "d"]);
        assert_eq!(cells[2].0, 14);
    }

    #[test]
    fn errors_name_line_and_column() {
        let e = parse_table("t", "t.csv", "# hit: first\nin:m,out:a\n>= x,1\n").unwrap_err();
        assert_eq!(
            e[0].location,
            Location::Script {
                file: "t.csv".into(),
                line: 3,
                column: 1
            }
        );
        let e = parse_table("t", "t.csv", "in:m,out:a\n1,2\n").unwrap_err();
        assert!(e[0].message.contains("no hit policy"));
        let e = parse_table("t", "t.csv", "# hit: first\nin:m,what\n").unwrap_err();
        assert!(e
            .iter()
            .any(|d| d.message.contains("unknown column `what`")));
    }
}
