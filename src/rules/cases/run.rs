//! Runs test cases: one in-memory organization per case through the rules, then the checks.
//!
//! Cases share nothing but compiled rules: a `RuleSet` is compiled once per distinct set of
//! `params` and `weights` and reused (evaluation itself keeps no state between organizations),
//! so every case runs in isolation. With a coverage collector every rule set records hits.
//! The runner never reads files; fixture inputs come in already ingested.

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};
use std::sync::Arc;

use serde::Serialize;

use crate::model::catalog::Catalog;
use crate::model::survey::OrganizationInput;
use crate::rules::cases::expect::Failure;
use crate::rules::cases::{input, LoadedCase};
use crate::rules::coverage::{Collector, CoverageReport};
use crate::rules::params::ParamDecls;
use crate::rules::{RuleError, RuleSet, RuleSettings};

/// How a case ended.
#[derive(Debug, Clone, PartialEq, Serialize)]
#[serde(tag = "status", rename_all = "snake_case")]
pub enum Status {
    /// Every expectation held.
    Pass,
    /// Some expectations did not hold.
    Fail {
        /// The unmet expectations.
        failures: Vec<Failure>,
    },
    /// The case could not run (bad input, rule error not expected, fixture problem).
    Error {
        /// What went wrong.
        message: String,
    },
}

/// One case's result.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct CaseResult {
    /// The test file.
    pub file: String,
    /// The case name.
    pub name: String,
    /// Outcome.
    #[serde(flatten)]
    pub status: Status,
}

/// Compiles rule sets on demand and runs cases against them.
pub struct Runner {
    dir: PathBuf,
    catalog: Arc<Catalog>,
    base: RuleSettings,
    coverage: Option<Arc<Collector>>,
    sets: BTreeMap<String, Result<RuleSet, String>>,
}

impl Runner {
    /// A runner for the rules in `dir`; `base` settings (limits, params, weights) under each
    /// case's own `params` and `weights`; `coverage` records which rules run.
    pub fn new(
        dir: &Path,
        catalog: Arc<Catalog>,
        base: RuleSettings,
        coverage: Option<Arc<Collector>>,
    ) -> Runner {
        Runner {
            dir: dir.to_path_buf(),
            catalog,
            base,
            coverage,
            sets: BTreeMap::new(),
        }
    }

    /// Compiles the default rule set now; compile errors are the caller's to report.
    pub fn check_compiles(&mut self) -> Result<(), Vec<RuleError>> {
        RuleSet::load(&self.dir, Arc::clone(&self.catalog), self.base.clone()).map(|_| ())
    }

    fn rules_for(&mut self, lc: &LoadedCase) -> Result<&RuleSet, String> {
        // A case's params are checked against the declarations here, so the error names the
        // case rather than `[rules.params]`; the declarations' own errors come from the load.
        let shown = self.dir.to_string_lossy().replace('\\', "/");
        if let Ok(decls) = ParamDecls::load(&self.dir, shown.trim_end_matches('/')) {
            let problems = decls.problems(&lc.case.params);
            if !problems.is_empty() {
                return Err(problems
                    .iter()
                    .map(|p| {
                        let e = p.to_rule_error("the case's `params`", &decls.file);
                        format!("{} ({})", e.message(), e.hints().join("; "))
                    })
                    .collect::<Vec<_>>()
                    .join("\n"));
            }
        }
        let mut settings = self.base.clone();
        settings
            .params
            .extend(lc.case.params.iter().map(|(k, v)| (k.clone(), *v)));
        settings
            .group_weights
            .extend(lc.case.weights.iter().map(|(k, v)| (*k, *v)));
        let key = format!("{:?}|{:?}", settings.params, settings.group_weights);
        let (dir, catalog, coverage) = (&self.dir, &self.catalog, &self.coverage);
        let entry = self.sets.entry(key).or_insert_with(|| {
            RuleSet::load_with(dir, Arc::clone(catalog), settings, coverage.as_ref()).map_err(
                |errors| {
                    errors
                        .iter()
                        .map(|e| e.to_string())
                        .collect::<Vec<_>>()
                        .join("\n")
                },
            )
        });
        entry.as_ref().map_err(Clone::clone)
    }

    /// Runs one case; `fixture` is the organization read from the case's `files`, if any.
    pub fn run(&mut self, lc: &LoadedCase, fixture: Option<OrganizationInput>) -> CaseResult {
        let status = self.status(lc, fixture);
        CaseResult {
            file: lc.file.clone(),
            name: lc.case.name.clone(),
            status,
        }
    }

    fn status(&mut self, lc: &LoadedCase, fixture: Option<OrganizationInput>) -> Status {
        let input = match input::build_input(&lc.case, fixture, self.catalog.themes()) {
            Ok(i) => i,
            Err(message) => return Status::Error { message },
        };
        let rules = match self.rules_for(lc) {
            Ok(r) => r,
            Err(message) => return Status::Error { message },
        };
        let expect = &lc.case.expect;
        match (rules.evaluate(&input), &expect.error) {
            (Ok(rec), None) => match expect.check(&rec) {
                failures if failures.is_empty() => Status::Pass,
                failures => Status::Fail { failures },
            },
            (Ok(_), Some(text)) => Status::Fail {
                failures: vec![Failure {
                    what: "error".into(),
                    expected: format!("a rule error containing {text:?}"),
                    actual: "the rules ran without error".into(),
                    trace: Vec::new(),
                }],
            },
            (Err(e), Some(text)) if e.to_string().contains(text.as_str()) => Status::Pass,
            (Err(e), Some(text)) => Status::Fail {
                failures: vec![Failure {
                    what: "error".into(),
                    expected: format!("a rule error containing {text:?}"),
                    actual: e.to_string(),
                    trace: e.trace().to_vec(),
                }],
            },
            (Err(e), None) => Status::Error {
                message: e.to_string(),
            },
        }
    }

    /// Coverage so far (when the runner collects it and a rule set compiled).
    pub fn coverage(&self) -> Option<CoverageReport> {
        let collector = self.coverage.as_ref()?;
        let rules = self.sets.values().find_map(|r| r.as_ref().ok())?;
        Some(collector.report(rules, &self.dir))
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::rules::cases::parse_cases;

    fn runner(coverage: Option<Arc<Collector>>) -> Runner {
        let root = Path::new(env!("CARGO_MANIFEST_DIR"));
        let catalog = Arc::new(crate::ingest::read_catalog(&root.join("data/catalog")).unwrap());
        Runner::new(
            &root.join("rules"),
            catalog,
            RuleSettings::default(),
            coverage,
        )
    }

    #[test]
    fn a_failing_case_shows_expected_actual_and_the_trace() {
        let doc = serde_json::json!({ "case": [
            { "name": "no baseline", "groups": { "executive": { "respondents": 3, "maturity": 2 } },
              "expect": { "alerts": ["warning:missing_baseline", "few_respondents@executive"],
                          "approaches": { "executive": "directive" } } },
            { "name": "wrong", "groups": { "executive": { "maturity": 5 } },
              "expect": { "approaches": { "executive": "managed" }, "alerts": ["crisis_scenario"] } },
            { "name": "bad input", "groups": { "executive": { "maturity": 9 } } }
        ]});
        let cases = parse_cases("rules/tests/t.toml", doc).unwrap();
        let mut r = runner(Some(Collector::new()));
        let results: Vec<CaseResult> = cases.iter().map(|c| r.run(c, None)).collect();
        assert_eq!(results[0].status, Status::Pass, "{:?}", results[0]);
        let Status::Fail { failures } = &results[1].status else {
            panic!("{:?}", results[1])
        };
        assert_eq!(failures.len(), 2);
        assert_eq!(failures[0].what, "approaches.executive");
        assert_eq!(
            (failures[0].expected.as_str(), failures[0].actual.as_str()),
            ("managed", "consultative")
        );
        assert!(
            failures[0]
                .trace
                .iter()
                .any(|t| t.contains("rules/30_approaches.rhai:")),
            "{failures:?}"
        );
        assert!(
            matches!(&results[2].status, Status::Error { message } if message.contains("between 1 and 5"))
        );
        let coverage = r.coverage().unwrap();
        assert!(coverage.total().covered > 0);
    }

    #[test]
    fn params_per_case_compile_their_own_rule_set() {
        let doc = serde_json::json!({ "case": [
            { "name": "a", "groups": { "executive": { "respondents": 3 } }, "params": { "min_respondents": 2 },
              "expect": { "no_alerts": ["few_respondents"] } },
            { "name": "b", "groups": { "executive": { "respondents": 3 } },
              "expect": { "alerts": ["few_respondents"] } }
        ]});
        let cases = parse_cases("t.toml", doc).unwrap();
        let mut r = runner(None);
        for c in &cases {
            assert_eq!(r.run(c, None).status, Status::Pass, "{}", c.case.name);
        }
        assert_eq!(r.sets.len(), 2);
    }
}
