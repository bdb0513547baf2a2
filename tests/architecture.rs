//! The pipeline's shape, enforced: stages import only stages to their left, each foreign crate
//! stays in its home folder, and no source file grows past 600 lines.
//!
//! Test modules (`#[cfg(test)]` to the end of a file) may reach across stages to build
//! fixtures; the rules apply to the code that ships.

use std::fs;
use std::path::{Path, PathBuf};

const MAX_LINES: usize = 600;

/// Layer of each top-level module; a module may import only lower layers (and itself).
fn layer(module: &str) -> Option<u8> {
    Some(match module {
        "diag" | "atomic_file" => 0,
        "model" => 1,
        "ingest" | "rules" | "report" => 2,
        "history" => 3,
        "cli" => 4,
        _ => return None,
    })
}

/// Foreign crates and the only source paths (prefixes under src/) allowed to use them.
const HOMES: &[(&str, &[&str])] = &[
    ("csv", &["ingest/"]),
    ("rhai", &["rules/"]),
    ("printpdf", &["report/backend/pdf.rs"]),
    ("lopdf", &["report/backend/pdf.rs"]),
    ("clap", &["cli/"]),
    ("indicatif", &["cli/"]),
    ("rayon", &["cli/"]),
    ("toml", &["cli/"]),
    ("ttf_parser", &["report/"]),
    ("flate2", &["report/backend/pdf.rs"]),
    ("sha2", &["report/"]),
];

fn rust_files(dir: &Path, out: &mut Vec<PathBuf>) {
    for entry in fs::read_dir(dir).unwrap() {
        let path = entry.unwrap().path();
        if path.is_dir() {
            rust_files(&path, out);
        } else if path.extension().is_some_and(|e| e == "rs") {
            out.push(path);
        }
    }
}

/// The shipped part of a file: everything before its test module.
fn shipped(text: &str) -> &str {
    text.find("#[cfg(test)]").map_or(text, |i| &text[..i])
}

/// Every violation in one source file (`rel` is its path under src/).
fn violations(rel: &str, text: &str) -> Vec<String> {
    let mut problems = Vec::new();
    let lines = text.lines().count();
    if lines > MAX_LINES {
        problems.push(format!(
            "{rel}: {lines} lines (split it: the limit is {MAX_LINES})"
        ));
    }
    let own = rel.split(['/', '.']).next().unwrap_or_default();
    // A `tests.rs` beside a module is its test module moved out of line (`#[cfg(test)] mod
    // tests;`): all of it is test code.
    let code = if rel.ends_with("/tests.rs") {
        ""
    } else {
        shipped(text)
    };
    if let Some(own_layer) = layer(own) {
        for (n, line) in code.lines().enumerate() {
            for (i, _) in line.match_indices("crate::") {
                let rest = &line[i + "crate::".len()..];
                let target: String = rest
                    .chars()
                    .take_while(|c| c.is_alphanumeric() || *c == '_')
                    .collect();
                if let Some(target_layer) = layer(&target) {
                    let sideways = own_layer == 2 && target_layer == 2 && target != own;
                    if target_layer > own_layer || sideways {
                        problems.push(format!(
                            "{rel}:{}: `{own}` must not use `crate::{target}`",
                            n + 1
                        ));
                    }
                }
            }
        }
    }
    for (krate, homes) in HOMES {
        if homes.iter().any(|home| rel.starts_with(home)) {
            continue;
        }
        let uses = [
            format!("use {krate}::"),
            format!(" {krate}::"),
            format!("({krate}::"),
        ];
        let found = code.lines().enumerate().find(|(_, l)| {
            !l.trim_start().starts_with("//") && uses.iter().any(|u| l.contains(u.as_str()))
        });
        if let Some((n, _)) = found {
            problems.push(format!(
                "{rel}:{}: `{krate}` belongs in {homes:?} only",
                n + 1
            ));
        }
    }
    problems
}

#[test]
fn stages_import_only_to_their_left_and_crates_stay_home() {
    let src = Path::new(env!("CARGO_MANIFEST_DIR")).join("src");
    let mut files = Vec::new();
    rust_files(&src, &mut files);
    files.sort();
    let mut problems = Vec::new();
    for file in &files {
        let rel = file
            .strip_prefix(&src)
            .unwrap()
            .to_string_lossy()
            .replace('\\', "/");
        let text = fs::read_to_string(file).unwrap();
        problems.extend(violations(&rel, &text));
    }
    assert!(
        problems.is_empty(),
        "architecture violations:\n{}",
        problems.join("\n")
    );
}

#[test]
fn the_checker_catches_each_kind_of_violation() {
    let upward = violations("model/x.rs", "use crate::report::Paper;\n");
    assert_eq!(
        upward,
        ["model/x.rs:1: `model` must not use `crate::report`"]
    );
    let sideways = violations("rules/x.rs", "use crate::ingest::read_catalog;\n");
    assert_eq!(sideways.len(), 1);
    let foreign = violations("report/json.rs", "use printpdf::Mm;\n");
    assert_eq!(foreign.len(), 1);
    let long = violations("cli/x.rs", &"// x\n".repeat(MAX_LINES + 1));
    assert_eq!(long.len(), 1);
    // Test modules may reach across stages; downward imports are fine.
    let ok = violations(
        "rules/x.rs",
        "use crate::model::catalog::Catalog;\n#[cfg(test)]\nmod tests { use crate::ingest::read_catalog; }\n",
    );
    assert!(ok.is_empty(), "{ok:?}");
    let out_of_line = violations("ingest/results/tests.rs", "use crate::report::Paper;\n");
    assert!(out_of_line.is_empty(), "{out_of_line:?}");
}
