//! A seeded mutation fuzzer over the library's entry points (issue 11, "Fuzzing").
//!
//! Valid inputs (the sample config, the canonical CSVs, the Qualtrics export with its mapping,
//! small rule scripts) are mutated — byte flips, truncation, swapped or doubled lines, odd
//! numbers such as `1e309`, `NaN` and `-0` — and fed to config parsing, ingest, rule loading
//! and evaluation, and JSON and PDF rendering. Any panic fails the test with the seed and the
//! case number, so a crash is replayed exactly; crashing inputs found so far are kept in
//! `REGRESSIONS`. `cargo test` runs a few hundred cases; `PMO_FUZZ_CASES=20000` runs more.

use std::panic::{catch_unwind, AssertUnwindSafe};
use std::path::{Path, PathBuf};
use std::sync::Arc;

use pmo_advisor::ingest::mapping::Mapping;
use pmo_advisor::ingest::{read_catalog, read_surveys, IngestOptions, Sources};
use pmo_advisor::model::catalog::Catalog;
use pmo_advisor::model::period::{Period, ReportDate};
use pmo_advisor::report::{Paper, Renderer, ReportContext};
use pmo_advisor::rules::{Limits, RuleSet, RuleSettings};

use crate::support::root;

/// Cases per target in `cargo test`; `PMO_FUZZ_CASES` overrides.
const DEFAULT_CASES: u64 = 120;

/// Odd numbers spliced into inputs.
const ODD_NUMBERS: [&str; 14] = [
    "1e309",
    "-1e309",
    "1e308",
    "NaN",
    "nan",
    "inf",
    "-inf",
    "-0",
    "0",
    "1e12",
    "-1",
    "99999999999999999999",
    "0.0000001",
    "",
];

/// Inputs that crashed the tool once (kept as regression cases): (target, text).
const REGRESSIONS: [(&str, &str); 4] = [
    ("rule", "add_scores([\"risk_management\"], 1e300, \"x\");"),
    ("rule", "add_score(\"risk_management\", 1e12, \"x\");"),
    (
        "config",
        "period = \"2026-Q3\"\n[rules.params]\nregulated_points = 1e308\n",
    ),
    (
        "config",
        "period = \"2026-Q3\"\n[limits]\nmax_call_levels = 1000000\n",
    ),
];

/// xorshift64*: a tiny deterministic generator, so a failing case replays from its seed.
struct Rng(u64);

impl Rng {
    fn next(&mut self) -> u64 {
        self.0 ^= self.0 >> 12;
        self.0 ^= self.0 << 25;
        self.0 ^= self.0 >> 27;
        self.0.wrapping_mul(0x2545_F491_4F6C_DD1D)
    }

    fn below(&mut self, n: usize) -> usize {
        (self.next() % n.max(1) as u64) as usize
    }
}

/// One to four mutations of `input`.
fn mutate(rng: &mut Rng, input: &[u8]) -> Vec<u8> {
    let mut bytes = input.to_vec();
    for _ in 0..=rng.below(4) {
        let at = rng.below(bytes.len() + 1);
        match rng.below(7) {
            0 if !bytes.is_empty() => {
                let i = at.min(bytes.len() - 1);
                bytes[i] ^= 1 << rng.below(8);
            }
            1 => bytes.truncate(at),
            2 => {
                let odd = ODD_NUMBERS[rng.below(ODD_NUMBERS.len())];
                let end = (at + 1 + rng.below(3)).min(bytes.len());
                bytes.splice(at..end, odd.bytes());
            }
            3 => bytes = swap_lines(rng, &bytes),
            4 => bytes.insert(at, [b'"', b',', b'\n', b'\r', 0, b'{', b'('][rng.below(7)]),
            5 => {
                // A number in place of every digit run nearby, or a doubled stretch.
                let end = (at + rng.below(64)).min(bytes.len());
                let copy = bytes[at..end].to_vec();
                bytes.splice(at..at, copy);
            }
            _ => {
                let odd = ODD_NUMBERS[rng.below(ODD_NUMBERS.len())];
                bytes = replace_number(rng, &bytes, odd);
            }
        }
    }
    bytes
}

/// Two lines swapped (or one doubled).
fn swap_lines(rng: &mut Rng, bytes: &[u8]) -> Vec<u8> {
    let mut lines: Vec<&[u8]> = bytes.split(|&b| b == b'\n').collect();
    let (a, b) = (rng.below(lines.len()), rng.below(lines.len()));
    if rng.below(2) == 0 {
        lines.swap(a, b);
    } else {
        let line = lines[a];
        lines.insert(b, line);
    }
    lines.join(&b'\n')
}

/// The n-th run of digits replaced by `odd`.
fn replace_number(rng: &mut Rng, bytes: &[u8], odd: &str) -> Vec<u8> {
    let starts: Vec<usize> = (0..bytes.len())
        .filter(|&i| bytes[i].is_ascii_digit() && (i == 0 || !bytes[i - 1].is_ascii_digit()))
        .collect();
    if starts.is_empty() {
        return bytes.to_vec();
    }
    let start = starts[rng.below(starts.len())];
    let end = (start..bytes.len())
        .find(|&i| !bytes[i].is_ascii_digit() && bytes[i] != b'.')
        .unwrap_or(bytes.len());
    let mut out = bytes[..start].to_vec();
    out.extend_from_slice(odd.as_bytes());
    out.extend_from_slice(&bytes[end..]);
    out
}

fn cases() -> u64 {
    std::env::var("PMO_FUZZ_CASES")
        .ok()
        .and_then(|v| v.parse().ok())
        .unwrap_or(DEFAULT_CASES)
}

fn seed() -> u64 {
    std::env::var("PMO_FUZZ_SEED")
        .ok()
        .and_then(|v| v.parse().ok())
        .unwrap_or(0x5EED_0011)
}

/// Runs `cases()` mutations of `inputs` through `target`; a panic names the seed and case.
fn fuzz(name: &str, inputs: &[Vec<u8>], mut target: impl FnMut(&[u8], usize)) {
    let name_hash = name
        .bytes()
        .fold(0u64, |h, b| h.rotate_left(5) ^ u64::from(b));
    let mut rng = Rng((seed() ^ name_hash) | 1);
    for case in 0..cases() {
        let which = rng.below(inputs.len());
        let input = mutate(&mut rng, &inputs[which]);
        let result = catch_unwind(AssertUnwindSafe(|| target(&input, which)));
        if result.is_err() {
            let shown = String::from_utf8_lossy(&input[..input.len().min(2000)]).into_owned();
            panic!(
                "{name}: case {case} (PMO_FUZZ_SEED={}) panicked on:\n{shown}",
                seed()
            );
        }
    }
}

fn catalog() -> Catalog {
    read_catalog(&root().join("data/catalog")).expect("the bundled catalog is valid")
}

fn read(rel: &str) -> Vec<u8> {
    std::fs::read(root().join(rel)).unwrap_or_else(|e| panic!("{rel}: {e}"))
}

fn write(dir: &Path, name: &str, bytes: &[u8]) -> PathBuf {
    let path = dir.join(name);
    std::fs::write(&path, bytes).unwrap();
    path
}

#[test]
fn issue_11_fuzz_configs() {
    for (target, text) in REGRESSIONS.iter().filter(|(t, _)| *t == "config") {
        assert!(
            pmo_advisor::cli::check_config_text(text).is_err(),
            "{target}: {text}"
        );
    }
    let sample = read("pmo-advisor.toml");
    let limits = b"period = \"2026-Q3\"\n[limits]\nmax_operations = 2000000\ntime_budget_ms = 1000\nmax_call_levels = 32\nmax_string_size = 65536\nmax_array_size = 10000\n[rules.params]\nregulated_points = 4.0\n".to_vec();
    fuzz("config", &[sample, limits], |bytes, _| {
        if let Ok(text) = std::str::from_utf8(bytes) {
            let _ = pmo_advisor::cli::check_config_text(text);
        }
    });
}

#[test]
fn issue_11_fuzz_canonical_csvs() {
    let catalog = catalog();
    let files = [
        read("data/sample/customers.csv"),
        read("data/sample/baseline.csv"),
        read("data/sample/service_maturity.csv"),
    ];
    let dir = tempfile::tempdir().unwrap();
    let names = ["customers", "baseline", "service_maturity"];
    let originals: Vec<PathBuf> = names
        .iter()
        .zip(&files)
        .map(|(n, bytes)| write(dir.path(), &format!("{n}.csv"), bytes))
        .collect();
    fuzz("csv", &files, |bytes, which| {
        let mut paths = originals.clone();
        paths[which] = write(dir.path(), "mutated.csv", bytes);
        let sources = Sources {
            customers: paths[0].clone(),
            baseline: Some(paths[1].clone()),
            service_maturity: Some(paths[2].clone()),
        };
        if let Ok(set) = read_surveys(&sources, &catalog, &IngestOptions::default()) {
            for s in &set.data_quality.sources {
                assert_eq!(s.rows_read, s.rows_used + s.rows_rejected, "{s:?}");
            }
        }
    });
}

#[test]
fn issue_11_fuzz_platform_exports_with_their_mappings() {
    let catalog = catalog();
    let export = read("data/sample/customers_qualtrics.csv");
    let mapping = read("data/sample/qualtrics-mapping.toml");
    let dir = tempfile::tempdir().unwrap();
    fuzz(
        "platform",
        &[export.clone(), mapping.clone()],
        |bytes, which| {
            let (export, mapping) = if which == 0 {
                (bytes.to_vec(), mapping.clone())
            } else {
                (export.clone(), bytes.to_vec())
            };
            let Ok(text) = String::from_utf8(mapping) else {
                return;
            };
            let Ok(mapping) = Mapping::from_toml(&text, "mapping.toml") else {
                return;
            };
            let sources = Sources {
                customers: write(dir.path(), "export.csv", &export),
                baseline: None,
                service_maturity: None,
            };
            let options = IngestOptions {
                customers_mapping: Some(mapping),
                ..IngestOptions::default()
            };
            let _ = read_surveys(&sources, &catalog, &options);
        },
    );
}

/// Rules that exercise the host API; the fuzzer mutates them.
const SCRIPTS: [&str; 4] = [
    "let n = org.groups.len();\nadd_scores([\"risk_management\", \"audit_assessments\"], 4, `groups: ${n}`);\nrecommend(\"risk_management\", \"must\", \"regulated\");\n",
    "for s in [\"portfolio_management\", \"risk_management\"] { add_score(s, 2.5, \"score \" + fmt(2.5, 1)); }\nprioritize_services(#{ must: 0.75, should: 0.55, could: 0.35 });\n",
    "let t = \"a,b\"; t.replace(\",\", \"; \");\nlet j = join([1, 2, 3], \", \");\nset_outcome_priority(\"executive\", \"project_prioritization\", 4.6, j);\n",
    "fn f(n) { if n > 3 { n } else { f(n + 1) } }\nadd_score(\"risk_management\", f(0), join_list([\"a\", \"b\"]));\n",
];

#[test]
fn issue_11_fuzz_rule_scripts() {
    let catalog = Arc::new(catalog());
    let sources = Sources {
        customers: root().join("data/sample/customers.csv"),
        baseline: Some(root().join("data/sample/baseline.csv")),
        service_maturity: Some(root().join("data/sample/service_maturity.csv")),
    };
    let set = read_surveys(&sources, &catalog, &IngestOptions::default()).unwrap();
    let input = set.organizations.values().next().unwrap().clone();
    let dir = tempfile::tempdir().unwrap();
    let rules = dir.path().join("rules");
    std::fs::create_dir_all(&rules).unwrap();
    let settings = RuleSettings {
        limits: Limits {
            time_budget_ms: 50,
            ..Limits::default()
        },
        ..RuleSettings::default()
    };
    let renderer = Renderer::new();
    let context = ReportContext {
        catalog: &catalog,
        period: input_period(),
        date: ReportDate {
            epoch_seconds: input_period().end_epoch_seconds(),
        },
        rules_version: "fuzz",
        tool_version: "0.1.0",
        paper: Paper::A4,
        fte_cost: None,
    };
    let mut rendered = 0;
    let mut run = |bytes: &[u8]| {
        write(&rules, "10_rule.rhai", bytes);
        let Ok(set) = RuleSet::load(&rules, Arc::clone(&catalog), settings.clone()) else {
            return;
        };
        let Ok(rec) = set.evaluate(&input) else {
            return;
        };
        let _ = renderer.render_json(&context, &input, &rec);
        // A PDF costs more; every tenth successful case is enough to catch layout panics.
        rendered += 1;
        if rendered % 10 == 1 {
            let _ = renderer.render_pdf(&context, &input, &rec);
        }
    };
    for (_, text) in REGRESSIONS.iter().filter(|(t, _)| *t == "rule") {
        run(text.as_bytes());
    }
    let inputs: Vec<Vec<u8>> = SCRIPTS.iter().map(|s| s.as_bytes().to_vec()).collect();
    fuzz("rule", &inputs, |bytes, _| run(bytes));
}

fn input_period() -> Period {
    Period::parse("2026-Q3").unwrap()
}
