//! Imports confined to the rules folder.
//!
//! `import "lib/text" as text;` loads `<rules>/lib/text.rhai`. Paths are always relative to the
//! rules folder (not to the importing script), are normalised without touching the file system
//! first, and are refused when absolute or when they climb out of the folder (`..`), so a
//! script can never read another file on the machine. This resolver reads module files; it
//! must not evaluate anything but the module's own top level, which has no organization to
//! decide about (host decision functions refuse to run there).

use std::cell::RefCell;
use std::collections::BTreeMap;
use std::path::{Component, Path, PathBuf};
use std::sync::{Arc, RwLock};

use rhai::{Engine, EvalAltResult, Module, ModuleResolver, Position, Scope};

/// A compiled module shared between evaluations.
type SharedModule = Arc<Module>;

/// Rewrites a module's text before it is compiled again (coverage runs insert their
/// counters): shown name, text and the module compiled as written → the text to run. A plain
/// function keeps the resolver ignorant of coverage.
pub(crate) type Instrument = Arc<dyn Fn(&str, &str, &rhai::AST) -> String + Send + Sync>;

/// Resolves `import` paths inside one folder and caches compiled modules.
pub(crate) struct ConfinedResolver {
    root: PathBuf,
    display_root: String,
    cache: RwLock<BTreeMap<String, SharedModule>>,
    /// Set in coverage runs: modules are compiled with its counters.
    coverage: Option<Instrument>,
}

impl ConfinedResolver {
    /// A resolver for `root`, shown to users as `display_root`.
    pub(crate) fn new(root: &Path, display_root: &str, coverage: Option<Instrument>) -> Self {
        ConfinedResolver {
            root: root.to_path_buf(),
            display_root: display_root.trim_end_matches('/').to_string(),
            cache: RwLock::new(BTreeMap::new()),
            coverage,
        }
    }
}

/// Normalises an import path to a relative path inside the folder, or says why not.
pub(crate) fn confine(path: &str) -> Result<String, String> {
    let raw = Path::new(path);
    if path.is_empty() {
        return Err("the import path is empty".into());
    }
    if raw.is_absolute() || path.starts_with('/') || path.starts_with('\\') || path.contains(':') {
        return Err("absolute paths are not allowed".into());
    }
    let mut parts: Vec<String> = Vec::new();
    for component in raw.components() {
        match component {
            Component::Normal(part) => parts.push(part.to_string_lossy().into_owned()),
            Component::CurDir => {}
            Component::ParentDir => {
                if parts.pop().is_none() {
                    return Err("the path leaves the rules folder".into());
                }
            }
            Component::RootDir | Component::Prefix(_) => {
                return Err("absolute paths are not allowed".into());
            }
        }
    }
    let mut joined = parts.join("/");
    if joined.is_empty() {
        return Err("the import path names the rules folder itself".into());
    }
    if !joined.ends_with(".rhai") {
        joined.push_str(".rhai");
    }
    Ok(joined)
}

/// Reads a file found under the rules folder `root`, refusing one whose canonical path lies
/// outside it: a symbolic link in `rules/` to another file would otherwise be read, and a line
/// of it shown in an error's code frame (issue 11). The message never quotes the content.
pub(crate) fn read_confined(root: &Path, full: &Path) -> std::io::Result<Vec<u8>> {
    let root = root.canonicalize()?;
    let target = full.canonicalize()?;
    if !target.starts_with(&root) {
        return Err(std::io::Error::new(
            std::io::ErrorKind::PermissionDenied,
            "it is a link to a file outside the rules folder, which rules may not read",
        ));
    }
    std::fs::read(&target)
}

/// `read_confined` as text.
pub(crate) fn read_confined_text(root: &Path, full: &Path) -> std::io::Result<String> {
    String::from_utf8(read_confined(root, full)?).map_err(|_| {
        std::io::Error::new(
            std::io::ErrorKind::InvalidData,
            "the file is not valid UTF-8",
        )
    })
}

/// Imports nest at most this deep: a chain is evaluated recursively on the native stack.
const MAX_IMPORT_DEPTH: usize = 16;

thread_local! {
    /// The modules being loaded on this thread, outermost first.
    static RESOLVING: RefCell<Vec<String>> = const { RefCell::new(Vec::new()) };
}

/// One module on the loading stack; popped when dropped. Without it, `lib/a` importing
/// `lib/b` importing `lib/a` recursed until the native stack overflowed (issue 11).
struct Resolving(());

impl Resolving {
    /// Pushes `relative`, or says which cycle or depth it would close.
    fn enter(relative: &str) -> Result<Resolving, String> {
        RESOLVING.with(|stack| {
            let mut stack = stack.borrow_mut();
            if let Some(start) = stack.iter().position(|m| m == relative) {
                let cycle: Vec<&str> = stack[start..].iter().map(String::as_str).collect();
                return Err(format!("import cycle: {} → {relative}", cycle.join(" → ")));
            }
            if stack.len() >= MAX_IMPORT_DEPTH {
                return Err(format!(
                    "imports nest more than {MAX_IMPORT_DEPTH} modules deep"
                ));
            }
            stack.push(relative.to_string());
            Ok(Resolving(()))
        })
    }
}

impl Drop for Resolving {
    fn drop(&mut self) {
        RESOLVING.with(|stack| {
            stack.borrow_mut().pop();
        });
    }
}

/// A refusal that is not about confinement.
fn refuse_nested(source: Option<&str>, path: &str, why: &str, pos: Position) -> Box<EvalAltResult> {
    let by = source.map(|s| format!(" in {s}")).unwrap_or_default();
    Box::new(EvalAltResult::ErrorRuntime(
        format!("import \"{path}\"{by} refused: {why}").into(),
        pos,
    ))
}

/// A confinement refusal: `refuse_nested` with what imports may do.
fn refuse(source: Option<&str>, path: &str, why: &str, pos: Position) -> Box<EvalAltResult> {
    let why = format!("{why}; imports must stay inside the rules folder");
    refuse_nested(source, path, &why, pos)
}

impl ModuleResolver for ConfinedResolver {
    fn resolve(
        &self,
        engine: &Engine,
        source: Option<&str>,
        path: &str,
        pos: Position,
    ) -> Result<SharedModule, Box<EvalAltResult>> {
        let relative = confine(path).map_err(|why| refuse(source, path, &why, pos))?;
        if let Ok(cache) = self.cache.read() {
            if let Some(module) = cache.get(&relative) {
                return Ok(Arc::clone(module));
            }
        }
        let _entered = match Resolving::enter(&relative) {
            Ok(guard) => guard,
            Err(why) => return Err(refuse_nested(source, path, &why, pos)),
        };
        let full = self.root.join(&relative);
        // A symbolic link could still point outside: compare canonical paths when both exist.
        if let (Ok(root), Ok(target)) = (self.root.canonicalize(), full.canonicalize()) {
            if !target.starts_with(&root) {
                return Err(refuse(
                    source,
                    path,
                    "the file lies outside the rules folder",
                    pos,
                ));
            }
        }
        let display = format!("{}/{}", self.display_root, relative);
        let text = read_confined_text(&self.root, &full).map_err(|e| {
            Box::new(EvalAltResult::ErrorModuleNotFound(
                format!("{display} ({e})"),
                pos,
            ))
        })?;
        let in_module =
            |e: rhai::ParseError| EvalAltResult::ErrorInModule(display.clone(), e.into(), pos);
        let mut ast = engine.compile(&text).map_err(in_module)?;
        if let Some(instrument) = &self.coverage {
            let counted = instrument(&display, &text, &ast);
            ast = engine.compile(&counted).map_err(in_module)?;
        }
        ast.set_source(display.as_str());
        let mut module = Module::eval_ast_as_new(Scope::new(), &ast, engine)
            .map_err(|e| Box::new(EvalAltResult::ErrorInModule(display.clone(), e, pos)))?;
        module.set_id(display.as_str());
        let module: SharedModule = Arc::new(module);
        if let Ok(mut cache) = self.cache.write() {
            cache.insert(relative, Arc::clone(&module));
        }
        Ok(module)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn confines_paths() {
        assert_eq!(confine("lib/text"), Ok("lib/text.rhai".to_string()));
        assert_eq!(confine("./lib/../util.rhai"), Ok("util.rhai".to_string()));
        assert!(confine("../x").is_err());
        assert!(confine("lib/../../x").is_err());
        assert!(confine("/etc/passwd").is_err());
        assert!(confine("C:/x").is_err());
        assert!(confine("").is_err());
    }
}
