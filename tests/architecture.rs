//! The pipeline's shape, enforced: stages import only stages to their left (through
//! `crate::x`, `crate::{x, y}` or `super::` chains that climb to the crate root), each foreign
//! crate stays in its home folder, `model` uses only std and serde, no source file grows
//! past 600 lines, and no files import each other in a cycle (beyond the listed ones).
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
    // Issue 16: the canonical customers file is parsed on every core.
    (
        "rayon",
        &["cli/", "history/run.rs", "ingest/customers_parallel.rs"],
    ),
    ("toml", &["cli/"]),
    ("ttf_parser", &["report/"]),
    ("flate2", &["report/backend/pdf.rs"]),
    // Issue 16: inputs are hashed while ingest reads them.
    ("sha2", &["report/", "ingest/input_hash.rs"]),
    // Issue 12: the crates that had no stated home.
    ("regex", &["ingest/platform/"]),
    ("encoding_rs", &["ingest/"]),
    // Issue 15 point 9: spreadsheet exports, converted to CSV records in one file.
    ("calamine", &["ingest/sheet.rs"]),
    ("libm", &["report/layout/"]),
    // Issue 16: the comment lexicon as one automaton.
    ("aho_corasick", &["ingest/lexicon.rs"]),
    (
        "serde_json",
        &[
            "diag/sarif.rs",
            "ingest/detect.rs",
            // The one platform detection (Qualtrics ImportId cells are JSON).
            "ingest/platform/signature.rs",
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

// ---------------------------------------------------------------------------------------
// No import cycles between files.
//
// Each file under src/ is a node; an edge a → b means a names something in b through
// `crate::…` (a `use`, a `crate::{…}` group or an inline path) or `super::…`. A path is
// resolved to the longest chain of its segments that is a file module (`crate::report::
// build::baseline::X` → report/build/baseline.rs; `crate::report::Manifest` → report/mod.rs).
// A module naming its own children (`pub use manifest::Manifest;` in a mod.rs, or
// `crate::report::layout::page::…` from layout/mod.rs) is not an edge: parent and child are
// one unit, so child → parent → child does not count. Sibling files and other folders do.

/// Cycles that exist today and need more than moving a helper to break, each as the path the
/// checker prints. A new cycle (or a known one that gains a file) fails the test; a listed
/// one that disappears fails too, so the list shrinks as they are broken.
const KNOWN_CYCLES: &[&str] = &[
    // `config` reads the `InputArgs` flags and words provenance warnings through
    // `input_origin`, which needs the flags and the config's `RawInputs`; `RootArgs::root`
    // asks `config` for the reports root. Breaking it means one "resolved inputs" type that
    // both take (a redesign of config resolution), not a moved helper.
    "cli/args.rs → cli/config.rs → cli/args.rs (with cli/input_origin.rs)",
    // `diff --impact` dispatches to `impact`, which reuses diff's gate, output and argument
    // types; both want a shared `cmd/diff/` folder.
    "cli/cmd/diff.rs → cli/cmd/impact.rs → cli/cmd/diff.rs",
    // `test --watch` dispatches to `watch`, which reruns `test`'s body.
    "cli/cmd/test.rs → cli/cmd/watch.rs → cli/cmd/test.rs",
    // `plan` builds on `rows`' resolvers and `RowCtx`; `rows` reads a row by the `Plan`.
    "ingest/platform/plan.rs → ingest/platform/rows.rs → ingest/platform/plan.rs",
];

/// The ranges of inline modules (`mod x { … }`) in shipped code, so `super::` inside one
/// climbs from the inline module, not from the file.
fn inline_modules(code: &str) -> Vec<(usize, usize)> {
    let bytes = code.as_bytes();
    let mut out = Vec::new();
    let mut from = 0;
    while let Some(found) = code[from..].find("mod ") {
        let start = from + found;
        from = start + 4;
        let before_ok =
            start == 0 || !bytes[start - 1].is_ascii_alphanumeric() && bytes[start - 1] != b'_';
        let rest = &code[from..];
        let name_len = rest
            .find(|c: char| !(c.is_alphanumeric() || c == '_'))
            .unwrap_or(rest.len());
        if !before_ok || name_len == 0 || !rest[name_len..].trim_start().starts_with('{') {
            continue;
        }
        out.push((start, item_end(bytes, start)));
    }
    out
}

/// Every path `code` names through `crate::` or `super::`, as module segments from the crate
/// root (groups expanded: `crate::{a::B, c::{D, E}}` → a::B, c::D, c::E), with its offset.
fn crate_paths(rel: &str, code: &str) -> Vec<(usize, Vec<String>)> {
    let own = module_path(rel);
    // A file's `super` is its parent module (a mod.rs names its folder's module).
    let file_parent = own.len().saturating_sub(1);
    let inline = inline_modules(code);
    let mut heads: Vec<(usize, usize, Vec<String>)> = Vec::new();
    for (i, m) in code.match_indices("crate::") {
        let before = code[..i].chars().next_back();
        if before.is_some_and(|c| c.is_alphanumeric() || c == '_') {
            continue;
        }
        heads.push((i, i + m.len(), Vec::new()));
    }
    let mut i = 0;
    while let Some(at) = code[i..].find("super::") {
        let start = i + at;
        let mut end = start;
        let mut climbs = 0usize;
        while code[end..].starts_with("super::") {
            end += "super::".len();
            climbs += 1;
        }
        i = end;
        let before = code[..start].chars().next_back();
        if before.is_some_and(|c| c.is_alphanumeric() || c == '_' || c == ':') {
            continue;
        }
        // Inside an inline module the first climb leaves that module, not the file.
        let nested = inline
            .iter()
            .filter(|(s, e)| *s < start && start < *e)
            .count();
        let climbs = climbs.saturating_sub(nested);
        let base_len = if climbs == 0 {
            own.len()
        } else {
            file_parent.saturating_sub(climbs - 1)
        };
        heads.push((start, end, own[..base_len.min(own.len())].to_vec()));
    }
    let mut out = Vec::new();
    for (start, end, base) in heads {
        let mut paths = Vec::new();
        expand(&code[end..], base, &mut paths);
        out.extend(paths.into_iter().map(|p| (start, p)));
    }
    out
}

/// Expands one use tree (`a::b::C`, `a::{b, c::{D}}`) after `prefix`.
fn expand(text: &str, prefix: Vec<String>, out: &mut Vec<Vec<String>>) {
    let mut path = prefix;
    let mut rest = text;
    loop {
        rest = rest.trim_start();
        if let Some(group) = rest.strip_prefix('{') {
            let mut level = 0usize;
            let mut member = 0usize;
            for (k, c) in group.char_indices() {
                match c {
                    '{' => level += 1,
                    '}' | ',' if level == 0 => {
                        expand(&group[member..k], path.clone(), out);
                        member = k + 1;
                        if c == '}' {
                            return;
                        }
                    }
                    '}' => level -= 1,
                    _ => {}
                }
            }
            return;
        }
        let len = rest
            .find(|c: char| !(c.is_alphanumeric() || c == '_'))
            .unwrap_or(rest.len());
        if len == 0 {
            break;
        }
        path.push(rest[..len].to_string());
        rest = &rest[len..];
        match rest.strip_prefix("::") {
            Some(next) => rest = next,
            None => break,
        }
    }
    if !path.is_empty() {
        out.push(path);
    }
}

/// The import graph: file → (file, line of the first path naming it), over shipped code.
fn import_graph(files: &[(String, String)]) -> Vec<Vec<(usize, usize)>> {
    let modules: Vec<Vec<String>> = files.iter().map(|(rel, _)| module_path(rel)).collect();
    let index = |path: &[String]| modules.iter().position(|m| m.as_slice() == path);
    files
        .iter()
        .enumerate()
        .map(|(from, (rel, text))| {
            if rel.ends_with("/tests.rs") {
                return Vec::new();
            }
            // Comments name paths in prose and intra-doc links; they import nothing.
            let code: String = shipped(text)
                .lines()
                .map(|l| {
                    if l.trim_start().starts_with("//") {
                        ""
                    } else {
                        l
                    }
                })
                .collect::<Vec<_>>()
                .join("\n");
            let mut edges: Vec<(usize, usize)> = Vec::new();
            for (offset, path) in crate_paths(rel, &code) {
                let target = (1..=path.len()).rev().find_map(|n| index(&path[..n]));
                let Some(to) = target.or_else(|| index(&[])) else {
                    continue;
                };
                // A parent naming its own children (re-exports, dispatch) is the same
                // relation as `pub use child::X`, whichever way the path is spelled.
                let into_own_child = modules[to].starts_with(&modules[from]);
                if to != from && !into_own_child && !edges.iter().any(|(t, _)| *t == to) {
                    edges.push((to, code[..offset].matches('\n').count() + 1));
                }
            }
            edges
        })
        .collect()
}

/// One readable cycle per strongly connected group of files: the shortest path from the
/// group's first file back to itself, `a.rs → b.rs → a.rs`.
fn cycles(names: &[String], graph: &[Vec<(usize, usize)>]) -> Vec<String> {
    // Tarjan's algorithm, iteratively small enough to recurse: the graph has a few hundred
    // nodes.
    struct Tarjan<'g> {
        graph: &'g [Vec<(usize, usize)>],
        index: Vec<Option<usize>>,
        low: Vec<usize>,
        on_stack: Vec<bool>,
        stack: Vec<usize>,
        next: usize,
        groups: Vec<Vec<usize>>,
    }
    impl Tarjan<'_> {
        fn visit(&mut self, v: usize) {
            self.index[v] = Some(self.next);
            self.low[v] = self.next;
            self.next += 1;
            self.stack.push(v);
            self.on_stack[v] = true;
            for &(w, _) in &self.graph[v] {
                match self.index[w] {
                    None => {
                        self.visit(w);
                        self.low[v] = self.low[v].min(self.low[w]);
                    }
                    Some(i) if self.on_stack[w] => self.low[v] = self.low[v].min(i),
                    Some(_) => {}
                }
            }
            if Some(self.low[v]) == self.index[v] {
                let mut group = Vec::new();
                while let Some(w) = self.stack.pop() {
                    self.on_stack[w] = false;
                    group.push(w);
                    if w == v {
                        break;
                    }
                }
                if group.len() > 1 {
                    group.sort_unstable();
                    self.groups.push(group);
                }
            }
        }
    }
    let n = graph.len();
    let mut t = Tarjan {
        graph,
        index: vec![None; n],
        low: vec![0; n],
        on_stack: vec![false; n],
        stack: Vec::new(),
        next: 0,
        groups: Vec::new(),
    };
    for v in 0..n {
        if t.index[v].is_none() {
            t.visit(v);
        }
    }
    let mut out = Vec::new();
    for group in &t.groups {
        let first = group[0];
        // Breadth-first from `first` within the group until an edge returns to it.
        let mut previous: Vec<Option<usize>> = vec![None; n];
        let mut queue = std::collections::VecDeque::from([first]);
        let mut last = None;
        'search: while let Some(v) = queue.pop_front() {
            for &(w, _) in &graph[v] {
                if w == first {
                    last = Some(v);
                    break 'search;
                }
                if group.binary_search(&w).is_ok() && previous[w].is_none() && w != first {
                    previous[w] = Some(v);
                    queue.push_back(w);
                }
            }
        }
        let mut path = vec![first];
        let mut at = last;
        while let Some(v) = at {
            if v == first {
                break;
            }
            path.push(v);
            at = previous[v];
        }
        path[1..].reverse();
        path.push(first);
        let mut text: Vec<&str> = path.iter().map(|&v| names[v].as_str()).collect();
        if group.len() > path.len() - 1 {
            let others: Vec<&str> = group
                .iter()
                .filter(|v| !path.contains(v))
                .map(|&v| names[v].as_str())
                .collect();
            text.push("(with");
            let tail = format!("{})", others.join(", "));
            out.push(format!(
                "{} {tail}",
                text.join(" → ").replace(" → (with", " (with")
            ));
        } else {
            out.push(text.join(" → "));
        }
    }
    out.sort();
    out
}

fn source_files() -> Vec<(String, String)> {
    let src = Path::new(env!("CARGO_MANIFEST_DIR")).join("src");
    let mut files = Vec::new();
    rust_files(&src, &mut files);
    files.sort();
    files
        .iter()
        .map(|file| {
            let rel = file
                .strip_prefix(&src)
                .unwrap()
                .to_string_lossy()
                .replace('\\', "/");
            (rel, fs::read_to_string(file).unwrap())
        })
        .collect()
}

#[test]
fn no_import_cycles_between_files() {
    let files = source_files();
    let names: Vec<String> = files.iter().map(|(rel, _)| rel.clone()).collect();
    let found = cycles(&names, &import_graph(&files));
    let new: Vec<&String> = found
        .iter()
        .filter(|c| !KNOWN_CYCLES.contains(&c.as_str()))
        .collect();
    let gone: Vec<&&str> = KNOWN_CYCLES
        .iter()
        .filter(|k| !found.iter().any(|c| c == **k))
        .collect();
    assert!(
        new.is_empty() && gone.is_empty(),
        "import cycles between files:\n{}\nlisted in KNOWN_CYCLES but gone (remove them):\n{}",
        new.iter()
            .map(|c| format!("  {c}"))
            .collect::<Vec<_>>()
            .join("\n"),
        gone.iter()
            .map(|c| format!("  {c}"))
            .collect::<Vec<_>>()
            .join("\n"),
    );
}

#[test]
fn the_cycle_checker_reads_each_kind_of_path() {
    let files: Vec<(String, String)> = [
        ("lib.rs", "pub mod a;\npub mod b;\n"),
        ("a/mod.rs", "mod x;\nmod y;\npub use x::X;\n"),
        ("a/x.rs", "use super::y::Y;\n"),
        ("a/y.rs", "fn f() { crate::b::g(); }\n"),
        (
            "b.rs",
            "use crate::{model::M, a::{x::X}};\n#[cfg(test)]\nmod t { use crate::c; }\n",
        ),
    ]
    .iter()
    .map(|(r, t)| (r.to_string(), t.to_string()))
    .collect();
    let names: Vec<String> = files.iter().map(|(r, _)| r.clone()).collect();
    assert_eq!(
        cycles(&names, &import_graph(&files)),
        ["a/x.rs → a/y.rs → b.rs → a/x.rs"]
    );
    // A parent naming its child (relatively or through `crate::`) plus the child's `super::`
    // is not a cycle; `super::` inside an inline module names the file's own module.
    let files: Vec<(String, String)> = [
        (
            "a/mod.rs",
            "mod x;\npub use x::X;\npub struct Y;\nfn f() { crate::a::x::g(); }\n",
        ),
        (
            "a/x.rs",
            "use super::Y;\npub struct X;\npub mod inner { use super::b::Z; }\n",
        ),
        ("a/b.rs", "use crate::a::x::X;\n"),
    ]
    .iter()
    .map(|(r, t)| (r.to_string(), t.to_string()))
    .collect();
    let names: Vec<String> = files.iter().map(|(r, _)| r.clone()).collect();
    assert!(cycles(&names, &import_graph(&files)).is_empty());
}
