//! What a manifest records of a run's inputs, independent of how their paths were spelled.
//!
//! Issue 12: `--config ./pmo-advisor.toml`, an absolute path or another working folder
//! changed the manifest's paths and the rules version, so the next run saw "changes" that
//! were not there and refused with exit code 2. Paths are therefore recorded relative to one
//! stated root (the config's folder), and the rules version hashes only file names within
//! the rules folder and contents.

use std::path::{Component, Path, PathBuf};

use crate::report::sha256_hex;
use crate::rules::RuleSet;

/// Every file that shapes the decisions, named relative to the rules folder: the scripts in
/// evaluation order, then the decision tables by name (`tables/approach.csv`), then the
/// params' declarations (`params.csv`: their defaults shape the results). Both the rules
/// version and the manifest use this one list, so editing a table changes the version like
/// editing a script does.
pub fn rule_files(rules: &RuleSet) -> Vec<(String, &[u8])> {
    let scripts = rules.scripts();
    // Scripts sit directly in the rules folder, so the first one's folder is the prefix the
    // rules stage put before every name, however the folder was spelled.
    let prefix = scripts
        .first()
        .and_then(|s| s.path.rfind('/').map(|i| s.path[..=i].to_string()))
        .unwrap_or_default();
    let relative = |path: &str| path.strip_prefix(&prefix).unwrap_or(path).to_string();
    let scripts = scripts
        .iter()
        .map(|s| (relative(&s.path), s.bytes.as_slice()));
    let tables = rules
        .tables()
        .tables
        .values()
        .map(|t| (relative(&t.file), t.source.as_bytes()));
    let decls = rules.param_decls();
    let params = decls
        .source
        .as_ref()
        .map(|text| (relative(&decls.file), text.as_bytes()));
    scripts.chain(tables).chain(params).collect()
}

/// Short hash of the rule files (names within the rules folder and bytes, in order).
pub fn rules_version(files: &[(String, &[u8])]) -> String {
    let mut all = Vec::new();
    for (name, bytes) in files {
        all.extend_from_slice(name.as_bytes());
        all.push(0);
        all.extend_from_slice(bytes);
        all.push(0);
    }
    sha256_hex(&all)[..12].to_string()
}

/// `path` relative to `base`, `/`-separated, with `..` where it lies outside; both are taken
/// from `cwd` when relative and cleaned of `.` and `..` without touching the file system (the
/// same files give the same text whatever the spelling or the working folder).
pub fn relative_display(base: &Path, path: &Path, cwd: &Path) -> String {
    let base = absolute_clean(base, cwd);
    let path = absolute_clean(path, cwd);
    let (base, path): (Vec<Component<'_>>, Vec<Component<'_>>) =
        (base.components().collect(), path.components().collect());
    let common = base.iter().zip(&path).take_while(|(a, b)| a == b).count();
    let mut parts: Vec<String> = vec!["..".to_string(); base.len() - common];
    parts.extend(
        path[common..]
            .iter()
            .map(|c| c.as_os_str().to_string_lossy().into_owned()),
    );
    if parts.is_empty() {
        ".".to_string()
    } else {
        parts.join("/")
    }
}

/// `path` as the shortest spelling from `cwd`: relative (`.` and `..` applied) when it lies
/// under `cwd`, else as given but cleaned. `./pmo-advisor.toml` and the same file's absolute
/// path then name the config's folder alike, and with it every path read from the config.
pub fn tidy_path(path: &Path, cwd: &Path) -> PathBuf {
    let clean = absolute_clean(path, cwd);
    match clean.strip_prefix(absolute_clean(cwd, cwd)) {
        Ok(inside) => inside.to_path_buf(),
        Err(_) if path.is_absolute() => clean,
        Err(_) => PathBuf::from(relative_display(cwd, path, cwd)),
    }
}

/// `path` made absolute against `cwd`, with `.` dropped and `..` applied lexically.
fn absolute_clean(path: &Path, cwd: &Path) -> PathBuf {
    let mut out = PathBuf::new();
    for component in cwd.join(path).components() {
        match component {
            Component::CurDir => {}
            Component::ParentDir => {
                out.pop();
            }
            other => out.push(other.as_os_str()),
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn paths_are_relative_to_the_base_whatever_the_spelling() {
        let cwd = Path::new("/work/project");
        let same = [
            relative_display(Path::new(""), Path::new("data/c.csv"), cwd),
            relative_display(Path::new("."), Path::new("./data/c.csv"), cwd),
            relative_display(
                Path::new("/work/project"),
                Path::new("/work/project/data/c.csv"),
                Path::new("/tmp"),
            ),
            relative_display(
                Path::new("../project"),
                Path::new("../project/data/../data/c.csv"),
                Path::new("/work/other"),
            ),
        ];
        assert!(same.iter().all(|p| p == "data/c.csv"), "{same:?}");
        assert_eq!(
            relative_display(Path::new("cfg"), Path::new("shared/c.csv"), cwd),
            "../shared/c.csv"
        );
        assert_eq!(relative_display(Path::new("a"), Path::new("a"), cwd), ".");
        assert_eq!(
            tidy_path(Path::new("/work/project/cfg"), cwd),
            Path::new("cfg")
        );
        assert_eq!(tidy_path(Path::new("./cfg/../x"), cwd), Path::new("x"));
        assert_eq!(tidy_path(Path::new("."), cwd), Path::new(""));
        assert_eq!(tidy_path(Path::new("../other"), cwd), Path::new("../other"));
        assert_eq!(
            tidy_path(Path::new("/elsewhere/a"), cwd),
            Path::new("/elsewhere/a")
        );
    }

    #[test]
    fn the_rules_version_depends_on_names_and_contents_only() {
        let a = rules_version(&[("10_a.rhai".into(), b"x".as_slice())]);
        assert_eq!(a, rules_version(&[("10_a.rhai".into(), b"x".as_slice())]));
        assert_ne!(a, rules_version(&[("10_a.rhai".into(), b"y".as_slice())]));
        assert_eq!(a.len(), 12);
    }
}
