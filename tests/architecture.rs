//! The pipeline's shape, enforced: stages import only stages to their left (through
//! `crate::x`, `crate::{x, y}` or `super::` chains that climb to the crate root), each foreign
//! crate stays in its home folder, `model` uses only std and serde, and no source file grows
//! past 600 lines.
//!
//! Test items (each `#[cfg(test)]` item, and out-of-line `tests.rs` modules) may reach across
//! stages to build fixtures; the rules apply to the code that ships.

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
    (
        "printpdf",
        &["report/backend/pdf.rs", "report/backend/pdf/"],
    ),
    ("lopdf", &["report/backend/pdf.rs", "report/backend/pdf/"]),
    ("clap", &["cli/"]),
    ("indicatif", &["cli/"]),
    ("rayon", &["cli/", "history/run.rs"]),
    ("toml", &["cli/"]),
    ("ttf_parser", &["report/"]),
    ("flate2", &["report/backend/pdf.rs"]),
    ("sha2", &["report/"]),
    // Issue 12: the crates that had no stated home.
    ("regex", &["ingest/platform/"]),
    ("encoding_rs", &["ingest/"]),
    // Issue 15 point 9: spreadsheet exports, converted to CSV records in one file.
    ("calamine", &["ingest/sheet.rs"]),
    ("libm", &["report/layout/"]),
    (
        "serde_json",
        &[
            "diag/sarif.rs",
            "ingest/detect.rs",
            "rules/cases/",
            "rules/reference.rs",
            "report/",
            "history/",
            "cli/",
        ],
    ),
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

/// The shipped part of a file: the text with every `#[cfg(test)]` item blanked out (the
/// attribute and the item it guards, to its `;` or its closing brace). Newlines are kept, so
/// line numbers stay right; code after a test helper is still checked.
fn shipped(text: &str) -> String {
    let bytes = text.as_bytes();
    let mut out = text.as_bytes().to_vec();
    let mut from = 0;
    while let Some(found) = text[from..].find("#[cfg(test)]") {
        let start = from + found;
        let end = item_end(bytes, start + "#[cfg(test)]".len());
        for b in &mut out[start..end] {
            if *b != b'\n' {
                *b = b' ';
            }
        }
        from = end;
    }
    // Only ASCII bytes were replaced, by ASCII spaces, on whole characters' boundaries
    // within the blanked items (multi-byte characters are blanked byte by byte).
    String::from_utf8_lossy(&out).into_owned()
}

/// Where the item starting at `i` ends: after its `;` (a one-line item) or after the brace
/// that closes its body. Strings, character literals and comments do not count.
fn item_end(bytes: &[u8], mut i: usize) -> usize {
    let mut depth = 0usize;
    while i < bytes.len() {
        match bytes[i] {
            b'"' => {
                i += 1;
                while i < bytes.len() && bytes[i] != b'"' {
                    i += if bytes[i] == b'\\' { 2 } else { 1 };
                }
            }
            b'\'' if i + 2 < bytes.len() && (bytes[i + 2] == b'\'' || bytes[i + 1] == b'\\') => {
                // A character literal such as '{' or '\n' (lifetimes have no closing quote).
                i += if bytes[i + 1] == b'\\' { 3 } else { 2 };
            }
            b'/' if bytes.get(i + 1) == Some(&b'/') => {
                while i < bytes.len() && bytes[i] != b'\n' {
                    i += 1;
                }
            }
            b'{' => depth += 1,
            b'}' => {
                depth = depth.saturating_sub(1);
                if depth == 0 {
                    return i + 1;
                }
            }
            b';' if depth == 0 => return i + 1,
            _ => {}
        }
        i += 1;
    }
    bytes.len()
}

/// The module path of a file under src/ (`report/build/x.rs` → report, build, x).
fn module_path(rel: &str) -> Vec<String> {
    let stem = rel.strip_suffix(".rs").unwrap_or(rel);
    let stem = stem.strip_suffix("/mod").unwrap_or(stem);
    if stem == "lib" || stem == "main" {
        return Vec::new();
    }
    stem.split('/').map(str::to_string).collect()
}

/// The top-level modules a path names, with the byte offset of each: `crate::x`, each member
/// of `crate::{x::A, y}`, and `super::` chains that climb to the crate root.
fn top_level_targets(rel: &str, code: &str) -> Vec<(usize, String)> {
    let ident = |s: &str| -> String {
        s.chars()
            .take_while(|c| c.is_alphanumeric() || *c == '_')
            .collect()
    };
    let mut found = Vec::new();
    let mut heads: Vec<(usize, usize)> = code
        .match_indices("crate::")
        .map(|(i, m)| (i, i + m.len()))
        .collect();
    let depth = module_path(rel).len();
    let mut i = 0;
    while let Some(at) = code[i..].find("super::") {
        let start = i + at;
        let mut end = start;
        let mut climbs = 0;
        while code[end..].starts_with("super::") {
            end += "super::".len();
            climbs += 1;
        }
        // A file's own `super` is its parent module; climbing past every level reaches the
        // crate root, where the next name is a stage.
        if climbs >= depth {
            heads.push((start, end));
        }
        i = end;
    }
    for (start, end) in heads {
        let rest = &code[end..];
        if let Some(group) = rest.strip_prefix('{') {
            let mut level = 0usize;
            let mut member_start = true;
            for (k, c) in group.char_indices() {
                match c {
                    '{' => level += 1,
                    '}' if level == 0 => break,
                    '}' => level -= 1,
                    ',' if level == 0 => member_start = true,
                    c if c.is_whitespace() => {}
                    _ if member_start => {
                        member_start = false;
                        found.push((start, ident(&group[k..])));
                    }
                    _ => {}
                }
            }
        } else {
            found.push((start, ident(rest)));
        }
    }
    found
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
        String::new()
    } else {
        shipped(text)
    };
    if let Some(own_layer) = layer(own) {
        for (offset, target) in top_level_targets(rel, &code) {
            let Some(target_layer) = layer(&target) else {
                continue;
            };
            let sideways = own_layer == 2 && target_layer == 2 && target != own;
            if target_layer > own_layer || sideways {
                let line = code[..offset].matches('\n').count() + 1;
                problems.push(format!(
                    "{rel}:{line}: `{own}` must not use `crate::{target}`"
                ));
            }
        }
    }
    if own == "model" {
        // The domain stays plain data: nothing but std and serde (and `diag`, a module).
        for (n, line) in code.lines().enumerate() {
            let Some(rest) = line.trim_start().strip_prefix("use ") else {
                continue;
            };
            let root: String = rest
                .trim_start_matches("::")
                .chars()
                .take_while(|c| c.is_alphanumeric() || *c == '_')
                .collect();
            if !["std", "core", "alloc", "serde", "crate", "super", "self"].contains(&root.as_str())
            {
                problems.push(format!(
                    "{rel}:{}: `model` uses only std, serde and diag, not `{root}`",
                    n + 1
                ));
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
    // Issue 12: code after a test-only helper, grouped imports and `super::` chains that
    // climb to the crate root are checked too.
    let after_helper = violations(
        "model/x.rs",
        "#[cfg(test)]\nfn helper() { let _ = '{'; }\nuse crate::report::Paper;\n",
    );
    assert_eq!(
        after_helper,
        ["model/x.rs:3: `model` must not use `crate::report`"]
    );
    let grouped = violations("rules/x.rs", "use crate::{model::Period, ingest::read};\n");
    assert_eq!(
        grouped,
        ["rules/x.rs:1: `rules` must not use `crate::ingest`"]
    );
    let climbing = violations("report/build/x.rs", "use super::super::super::cli::Term;\n");
    assert_eq!(
        climbing,
        ["report/build/x.rs:1: `report` must not use `crate::cli`"]
    );
    let own_parent = violations("report/build/x.rs", "use super::super::Paper;\n");
    assert!(own_parent.is_empty(), "{own_parent:?}");
    let model_crate = violations("model/x.rs", "use std::fmt;\nuse rand::Rng;\n");
    assert_eq!(
        model_crate,
        ["model/x.rs:2: `model` uses only std, serde and diag, not `rand`"]
    );
}
