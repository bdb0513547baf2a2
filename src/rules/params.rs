//! The params a rule set declares (`rules/params.csv`): name, default, range, unit and one line
//! of doc each. The engine hands scripts the declared defaults under the config's (or a test
//! case's) values, and refuses a value no rule declares ("did you mean …?") or one outside its
//! declared range, so a typo in `[rules.params]` can no longer be ignored silently.
//!
//! A rules folder without `params.csv` (an older rules revision that `diff --rules-base`
//! replays) gets the declarations of the bundled rules, which is what it used to read.

use std::collections::BTreeMap;
use std::path::Path;

#[cfg(test)]
use crate::diag::Location;
use crate::diag::{did_you_mean, Diagnostic};
use crate::rules::error::{codes, RuleError, RuleErrorKind};
use crate::rules::limits::{show_number, MAX_NUMBER};
use crate::rules::table::parse::{error as csv_error, split_cells};

/// The file, relative to the rules folder.
pub const PARAMS_FILE: &str = "params.csv";

/// The declarations of the bundled rules (used when a rules folder has no `params.csv`).
const BUNDLED: &str = include_str!("../../rules/params.csv");

/// The header `params.csv` must start with.
const COLUMNS: [&str; 6] = ["param", "default", "min", "max", "unit", "description"];

/// One declared param.
#[derive(Debug, Clone, PartialEq)]
pub struct ParamDecl {
    /// The name scripts read as `params.NAME`.
    pub name: String,
    /// The value scripts see unless the config or a test case sets another.
    pub default: f64,
    /// The lowest value allowed.
    pub min: f64,
    /// The highest value allowed (`None`: no bound but `MAX_NUMBER`).
    pub max: Option<f64>,
    /// What the number counts, in words (`share of the top demand`, `respondents`).
    pub unit: String,
    /// One line: what the param changes.
    pub description: String,
}

impl ParamDecl {
    /// The declared range in words: `0 to 1`, `1 or more`.
    pub fn range_text(&self) -> String {
        match self.max {
            Some(max) => format!("{} to {}", show_number(self.min), show_number(max)),
            None => format!("{} or more", show_number(self.min)),
        }
    }

    /// Whether `value` is within the declared range.
    pub fn contains(&self, value: f64) -> bool {
        value >= self.min && self.max.is_none_or(|max| value <= max)
    }
}

/// Why a given param value is refused.
#[derive(Debug, Clone, PartialEq)]
pub enum ParamProblem {
    /// No rule declares the name; the closest declared name, if any.
    Undeclared {
        /// The name given.
        name: String,
        /// The closest declared name.
        suggestion: Option<String>,
    },
    /// The value is outside the declared range.
    OutOfRange {
        /// The name given.
        name: String,
        /// The value given.
        value: f64,
        /// The declaration it breaks.
        decl: ParamDecl,
    },
}

impl ParamProblem {
    /// The param's name as given.
    pub fn name(&self) -> &str {
        match self {
            ParamProblem::Undeclared { name, .. } | ParamProblem::OutOfRange { name, .. } => name,
        }
    }

    /// As a rule error (exit code 3) without a location; `origin` says where the value was
    /// given (`[rules.params]`, a test case).
    pub fn to_rule_error(&self, origin: &str, declared_in: &str) -> RuleError {
        match self {
            ParamProblem::Undeclared { name, suggestion } => {
                let e = RuleError::new(
                    RuleErrorKind::Params,
                    codes::PARAM_UNDECLARED,
                    format!("{origin} sets `{name}`, which no rule declares"),
                );
                match suggestion {
                    Some(best) => e.with_hint(format!("did you mean `{best}`?")),
                    None => e.with_hint(format!(
                        "the params are declared in {declared_in}; add `{name}` there if a rule reads it"
                    )),
                }
            }
            ParamProblem::OutOfRange { name, value, decl } => RuleError::new(
                RuleErrorKind::Params,
                codes::PARAM_RANGE,
                format!(
                    "{origin} sets `{name}` to {}, outside its declared range {} ({})",
                    show_number(*value),
                    decl.range_text(),
                    decl.unit
                ),
            )
            .with_hint(format!(
                "`{name}`: {}; default {} (declared in {declared_in})",
                decl.description,
                show_number(decl.default)
            )),
        }
    }
}

/// The params of a rule set, by name.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct ParamDecls {
    /// Declarations by name (sorted).
    pub params: BTreeMap<String, ParamDecl>,
    /// Where they were read, as shown to users (`rules/params.csv`).
    pub file: String,
    /// The file's text when the rules folder has one (hashed into the rules version: a
    /// changed default changes the results).
    pub source: Option<String>,
}

impl ParamDecls {
    /// Reads `params.csv` of the rules folder `dir` (the bundled declarations when it has
    /// none); every error names the file, line and column.
    pub fn load(dir: &Path, display_dir: &str) -> Result<ParamDecls, Vec<Diagnostic>> {
        let path = dir.join(PARAMS_FILE);
        let shown = format!("{display_dir}/{PARAMS_FILE}");
        if !path.is_file() {
            return Ok(Self::bundled());
        }
        match crate::rules::resolver::read_confined_text(dir, &path) {
            Ok(text) => Self::parse(&shown, &text).map(|decls| ParamDecls {
                source: Some(text),
                ..decls
            }),
            Err(e) => Err(vec![csv_error(
                &shown,
                1,
                1,
                format!("cannot read the params: {e}"),
            )]),
        }
    }

    /// The bundled rules' declarations.
    pub fn bundled() -> ParamDecls {
        // The bundled file is tested to parse (`the_bundled_declarations_parse`).
        Self::parse("rules/params.csv", BUNDLED).unwrap_or_default()
    }

    /// Parses the text of a `params.csv`.
    pub fn parse(file: &str, text: &str) -> Result<ParamDecls, Vec<Diagnostic>> {
        let mut errors = Vec::new();
        let mut params = BTreeMap::new();
        let mut header_seen = false;
        for (i, line) in text.lines().enumerate() {
            let n = u32::try_from(i + 1).unwrap_or(u32::MAX);
            let trimmed = line.trim();
            if trimmed.is_empty() || trimmed.starts_with('#') {
                continue;
            }
            let cells = split_cells(line);
            if !header_seen {
                header_seen = true;
                let names: Vec<&str> = cells.iter().map(|(_, c)| c.trim()).collect();
                if names != COLUMNS {
                    errors.push(csv_error(
                        file,
                        n,
                        1,
                        format!("expected the header `{}`", COLUMNS.join(",")),
                    ));
                    break;
                }
                continue;
            }
            match parse_row(file, n, &cells) {
                Ok(decl) => {
                    if params.contains_key(&decl.name) {
                        errors.push(csv_error(
                            file,
                            n,
                            1,
                            format!("`{}` is declared twice", decl.name),
                        ));
                    }
                    params.insert(decl.name.clone(), decl);
                }
                Err(e) => errors.push(*e),
            }
        }
        if errors.is_empty() {
            Ok(ParamDecls {
                params,
                file: file.to_string(),
                source: None,
            })
        } else {
            Err(errors)
        }
    }

    /// The names, sorted.
    pub fn names(&self) -> impl Iterator<Item = &str> {
        self.params.keys().map(String::as_str)
    }

    /// The value of every declared param: its default, or the given value; given names must
    /// be declared and given values within range.
    pub fn resolve(
        &self,
        given: &BTreeMap<String, f64>,
    ) -> Result<BTreeMap<String, f64>, Vec<ParamProblem>> {
        let problems = self.problems(given);
        if !problems.is_empty() {
            return Err(problems);
        }
        let mut values: BTreeMap<String, f64> = self
            .params
            .values()
            .map(|d| (d.name.clone(), d.default))
            .collect();
        values.extend(given.iter().map(|(k, v)| (k.clone(), *v)));
        Ok(values)
    }

    /// Every given name no rule declares and every value outside its range, in name order.
    pub fn problems(&self, given: &BTreeMap<String, f64>) -> Vec<ParamProblem> {
        given
            .iter()
            .filter_map(|(name, value)| match self.params.get(name) {
                None => Some(ParamProblem::Undeclared {
                    name: name.clone(),
                    suggestion: did_you_mean(name, self.names()).map(str::to_string),
                }),
                Some(decl) if !decl.contains(*value) => Some(ParamProblem::OutOfRange {
                    name: name.clone(),
                    value: *value,
                    decl: decl.clone(),
                }),
                Some(_) => None,
            })
            .collect()
    }
}

/// One data row: `name,default,min,max,unit,description`.
fn parse_row(file: &str, line: u32, cells: &[(u32, String)]) -> Result<ParamDecl, Box<Diagnostic>> {
    let err = |column: u32, message: String| Box::new(csv_error(file, line, column, message));
    if cells.len() != COLUMNS.len() {
        return Err(err(
            1,
            format!(
                "expected {} cells ({}), found {}",
                COLUMNS.len(),
                COLUMNS.join(","),
                cells.len()
            ),
        ));
    }
    let cell = |i: usize| (cells[i].0, cells[i].1.trim());
    let (col, name) = cell(0);
    let valid = name.chars().next().is_some_and(|c| c.is_ascii_lowercase())
        && name
            .chars()
            .all(|c| c.is_ascii_lowercase() || c.is_ascii_digit() || c == '_');
    if !valid {
        return Err(err(
            col,
            format!("`{name}` is not a param name: use lower-case letters, digits and `_`"),
        ));
    }
    let number = |i: usize, what: &str| -> Result<Option<f64>, Box<Diagnostic>> {
        let (col, text) = cell(i);
        if text.is_empty() {
            return Ok(None);
        }
        match text.parse::<f64>() {
            Ok(v) if v.is_finite() && v.abs() <= MAX_NUMBER => Ok(Some(v)),
            _ => Err(err(
                col,
                format!("the {what} of `{name}` must be a number from -{MAX_NUMBER} to {MAX_NUMBER}, found `{text}`"),
            )),
        }
    };
    let (default_col, _) = cell(1);
    let Some(default) = number(1, "default")? else {
        return Err(err(default_col, format!("`{name}` has no default")));
    };
    let Some(min) = number(2, "minimum")? else {
        return Err(err(cell(2).0, format!("`{name}` has no minimum")));
    };
    let max = number(3, "maximum")?;
    let decl = ParamDecl {
        name: name.to_string(),
        default,
        min,
        max,
        unit: cell(4).1.to_string(),
        description: cell(5).1.to_string(),
    };
    if max.is_some_and(|max| max < min) {
        return Err(err(
            cell(3).0,
            format!("the range of `{name}` is empty: its maximum is below its minimum"),
        ));
    }
    if !decl.contains(default) {
        return Err(err(
            default_col,
            format!(
                "the default of `{name}`, {}, is outside its range {}",
                show_number(default),
                decl.range_text()
            ),
        ));
    }
    if decl.description.is_empty() {
        return Err(err(
            cell(5).0,
            format!("`{name}` needs a one-line description"),
        ));
    }
    Ok(decl)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_bundled_declarations_parse() {
        let decls = ParamDecls::parse("rules/params.csv", BUNDLED).unwrap();
        assert!(decls.params.len() >= 30);
        let cutoff = &decls.params["must_cutoff"];
        assert_eq!(
            (cutoff.default, cutoff.min, cutoff.max),
            (0.75, 0.0, Some(1.0))
        );
        assert_eq!(cutoff.range_text(), "0 to 1");
        assert_eq!(decls.params["min_respondents"].range_text(), "1 or more");
        assert!(decls.params["focus_cap"]
            .description
            .contains("(crisis, kickoff, no PMO)"));
    }

    #[test]
    fn given_values_are_checked_and_merged_over_defaults() {
        let decls = ParamDecls::bundled();
        let given = BTreeMap::from([("must_cutoff".to_string(), 0.8)]);
        let values = decls.resolve(&given).unwrap();
        assert_eq!(values["must_cutoff"], 0.8);
        assert_eq!(values["should_cutoff"], 0.55);
        let given = BTreeMap::from([
            ("must_cutof".to_string(), 0.8),
            ("should_cutoff".to_string(), 85.0),
        ]);
        let problems = decls.resolve(&given).unwrap_err();
        let errors: Vec<String> = problems
            .iter()
            .map(|p| {
                let e = p.to_rule_error("[rules.params]", "rules/params.csv");
                format!("{}: {} ({})", e.code(), e.message(), e.hints().join("; "))
            })
            .collect();
        assert_eq!(
            errors,
            [
                "R071: [rules.params] sets `must_cutof`, which no rule declares (did you mean `must_cutoff`?)",
                "R072: [rules.params] sets `should_cutoff` to 85, outside its declared range 0 to 1 (share of the top demand) (`should_cutoff`: share of the top demand from which a service is `should`; default 0.55 (declared in rules/params.csv))",
            ]
        );
    }

    #[test]
    fn bad_declarations_name_line_and_column() {
        let head = "param,default,min,max,unit,description\n";
        let cases = [
            ("a,x,0,1,u,d\n", 2, 3, "the default of `a` must be a number"),
            ("a,5,0,1,u,d\n", 2, 3, "outside its range 0 to 1"),
            ("a,0.5,1,0,u,d\n", 2, 9, "the range of `a` is empty"),
            ("A b,1,0,1,u,d\n", 2, 1, "not a param name"),
            ("a,1,0,1,u\n", 2, 1, "expected 6 cells"),
            ("a,1,0,1,u,d\na,1,0,1,u,d\n", 3, 1, "declared twice"),
            ("a,1,0,1,u,\n", 2, 11, "needs a one-line description"),
        ];
        for (rows, line, column, text) in cases {
            let errors = ParamDecls::parse("p.csv", &format!("{head}{rows}")).unwrap_err();
            assert_eq!(
                errors[0].location,
                Location::Script {
                    file: "p.csv".into(),
                    line,
                    column
                },
                "{rows}"
            );
            assert!(errors[0].message.contains(text), "{}", errors[0].message);
        }
        let errors = ParamDecls::parse("p.csv", "name,value\n").unwrap_err();
        assert!(errors[0].message.contains("expected the header"));
    }
}
