//! Calls of functions that do not exist, or with a wrong number of arguments, anywhere in a
//! script: Rhai resolves calls only when they run, so `alrt(…)` inside a branch the sample
//! never takes passed `check` and failed on the first organization that took it.
//!
//! The functions known are those of the engine scripts run in (the standard packages it
//! holds, the host API and the table functions), read once per process from Rhai's metadata,
//! plus the script's own `fn`s. Qualified calls (`context::regulation(…)`) are left to the
//! compiler, which resolves imports.

use std::collections::BTreeMap;
use std::sync::LazyLock;

use crate::rules::error::plain_type;

/// Every function scripts can call: name → (number of arguments, signature in plain words).
static KNOWN: LazyLock<BTreeMap<String, Vec<(usize, String)>>> = LazyLock::new(|| {
    let mut engine = crate::rules::engine::build_engine(
        &crate::rules::Limits::default(),
        std::path::Path::new("."),
        ".",
        None,
    );
    engine.register_global_module(crate::rules::table::module().into());
    let mut known: BTreeMap<String, Vec<(usize, String)>> = BTreeMap::new();
    for signature in engine.gen_fn_signatures(true) {
        let Some((name, params)) = split_signature(&signature) else {
            continue;
        };
        let plain = format!("{name}({})", params.join(", "));
        let entry = known.entry(name.to_string()).or_default();
        if !entry.iter().any(|(n, s)| *n == params.len() && *s == plain) {
            entry.push((params.len(), plain));
        }
    }
    for list in known.values_mut() {
        list.sort();
    }
    known
});

/// Functions the engine handles itself, with no metadata.
const BUILT_IN: &[&str] = &[
    "type_of",
    "print",
    "debug",
    "Fn",
    "call",
    "curry",
    "is_shared",
    "is_def_fn",
    "is_def_var",
];

/// What is wrong with a call, if anything.
enum CallProblem {
    /// No function of that name; the closest name, if any.
    Unknown(Option<String>),
    /// The name exists, but not with this many arguments: the forms that exist.
    Arity(Vec<String>),
}

/// The message and hint for a call of `name` with `arity` arguments (`method`: written
/// `x.name(…)`, whose `x` counts as the first argument) that no function of the engine or of
/// `script_fns` takes.
pub(crate) fn check_call(
    name: &str,
    arity: usize,
    method: bool,
    script_fns: &BTreeMap<String, Vec<usize>>,
) -> Option<(String, String)> {
    Some(match problem(name, arity, method, script_fns)? {
        CallProblem::Unknown(best) => (
            format!("unknown function `{name}`"),
            match best {
                Some(b) => format!("did you mean `{b}`?"),
                None => "docs/rule-api.md lists every function rules can call".to_string(),
            },
        ),
        CallProblem::Arity(forms) => {
            let counted = if method {
                " (counting the value before the dot)"
            } else {
                ""
            };
            let given = arity + usize::from(method);
            (
                format!("`{name}` is called with {given} argument(s){counted}, which no form of it takes"),
                format!("it takes: {}", forms.join("; ")),
            )
        }
    })
}

/// What is wrong with the call, if anything.
fn problem(
    name: &str,
    arity: usize,
    method: bool,
    script_fns: &BTreeMap<String, Vec<usize>>,
) -> Option<CallProblem> {
    if BUILT_IN.contains(&name) || !name.chars().all(|c| c.is_alphanumeric() || c == '_') {
        return None;
    }
    let arity = arity + usize::from(method);
    let own = script_fns.get(name);
    let host = KNOWN.get(name);
    if own.is_some_and(|a| a.contains(&arity))
        || host.is_some_and(|l| l.iter().any(|(n, _)| *n == arity))
    {
        return None;
    }
    if own.is_none() && host.is_none() {
        let names = KNOWN
            .keys()
            .map(String::as_str)
            .chain(script_fns.keys().map(String::as_str));
        let best = crate::diag::did_you_mean(name, names).map(str::to_string);
        return Some(CallProblem::Unknown(best));
    }
    let mut forms: Vec<String> = host
        .map(|l| l.iter().map(|(_, s)| s.clone()).collect())
        .unwrap_or_default();
    if let Some(arities) = own {
        forms.extend(
            arities
                .iter()
                .map(|n| format!("{name} with {n} argument(s) (defined in this script)")),
        );
    }
    Some(CallProblem::Arity(forms))
}

/// `name(a: T, b: U) -> R` → (`name`, [`a: plain T`, …]); `None` for operators, getters and
/// setters.
fn split_signature(signature: &str) -> Option<(&str, Vec<String>)> {
    let open = signature.find('(')?;
    let name = signature[..open].trim();
    if name.is_empty() || !name.chars().all(|c| c.is_alphanumeric() || c == '_') {
        return None;
    }
    let mut depth = 0i32;
    let mut close = None;
    for (i, c) in signature[open..].char_indices() {
        match c {
            '(' | '<' => depth += 1,
            ')' | '>' => {
                depth -= 1;
                if depth == 0 && c == ')' {
                    close = Some(open + i);
                    break;
                }
            }
            _ => {}
        }
    }
    let inner = signature[open + 1..close?].trim();
    let mut params = Vec::new();
    let mut depth = 0i32;
    let mut start = 0;
    for (i, c) in inner.char_indices() {
        match c {
            '(' | '<' => depth += 1,
            ')' | '>' => depth -= 1,
            ',' if depth == 0 => {
                params.push(plain_param(&inner[start..i]));
                start = i + 1;
            }
            _ => {}
        }
    }
    if !inner.is_empty() {
        params.push(plain_param(&inner[start..]));
    }
    Some((name, params))
}

/// `why: &str` → `why: text`, in the words of docs/rules.md.
fn plain_param(param: &str) -> String {
    let param = param.trim();
    match param.split_once(':') {
        Some((name, ty)) => format!("{}: {}", name.trim(), plain_type(ty)),
        None => plain_type(param),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn signatures_split_into_plain_words() {
        let (name, params) =
            split_signature("alert(level: &str, title: ImmutableString, why: &str) -> Result<(), Box<EvalAltResult>>")
                .unwrap();
        assert_eq!(name, "alert");
        assert_eq!(params, ["level: text", "title: text", "why: text"]);
        assert_eq!(
            split_signature("len(array: &mut Array) -> i64").unwrap().1,
            ["array: list"]
        );
        assert_eq!(
            split_signature("f() -> ()").unwrap().1,
            Vec::<String>::new()
        );
        assert!(split_signature("+(a: i64, b: i64) -> i64").is_none());
        assert_eq!(plain_type("&str | ImmutableString | String"), "text");
    }

    #[test]
    fn unknown_names_and_wrong_arities_are_found() {
        let none = BTreeMap::new();
        assert!(check_call("alert", 3, false, &none).is_none());
        assert!(check_call("len", 0, true, &none).is_none());
        assert!(check_call("type_of", 1, false, &none).is_none());
        match problem("alrt", 3, false, &none) {
            Some(CallProblem::Unknown(Some(best))) => assert_eq!(best, "alert"),
            _ => panic!("alrt"),
        }
        assert_eq!(
            check_call("alrt", 3, false, &none).unwrap().1,
            "did you mean `alert`?"
        );
        match problem("alert", 2, false, &none) {
            Some(CallProblem::Arity(forms)) => {
                assert!(
                    forms
                        .iter()
                        .any(|f| f.starts_with("alert(") && f.contains(": text")),
                    "{forms:?}"
                )
            }
            _ => panic!("alert/2"),
        }
        let own = BTreeMap::from([("helper".to_string(), vec![2])]);
        assert!(check_call("helper", 2, false, &own).is_none());
        assert!(matches!(
            problem("helper", 1, false, &own),
            Some(CallProblem::Arity(_))
        ));
    }
}
