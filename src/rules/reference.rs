//! The host API reference, generated from the registration code so it cannot drift.
//!
//! `definitions` is Rhai's own `.d.rhai` output (`Engine::definitions`, `metadata` feature) for
//! an engine holding only our host package, the decision-table functions `table(name, inputs)`
//! and `table_column(name, input, keys, output)` (registered apart, with the loaded tables, by
//! `table::register`; `table::module` is the same registration) and the `org`, `params` and
//! `weights` constants;
//! editors with Rhai support read it for completion and signatures. `markdown` renders the
//! same metadata (`Engine::gen_fn_metadata_to_json`: names, parameter types, return types and
//! the `///` comments of the `#[export_module]` functions) per topic, then the fields scripts
//! read, listed by converting a fully populated sample organization with the very function
//! evaluation uses, and the parameter defaults. Pure: writing files is the CLI's job.

use std::collections::BTreeMap;
use std::sync::Arc;

use rhai::packages::Package;
use rhai::plugin::*;
use rhai::{Dynamic, Engine, Map, Scope};
use serde::Deserialize;

use crate::model::baseline::{
    Baseline, CoverageScope, DecisionStyle, Disagreement, Industry, Mandate, Scenario, Structure,
};
use crate::model::catalog::Catalog;
use crate::model::customer::CustomerGroup;
use crate::model::organization::OrganizationId;
use crate::model::outcome::OutcomeKey;
use crate::model::scale::{Likert, NpsAnswer};
use crate::model::service::ServiceKey;
use crate::model::survey::{GroupAnswers, OrganizationInput, Respondent, ServiceMaturity};
use crate::rules::api::{bulk, catalog, decide, demand, engage, read, text, HostPackage};
use crate::rules::convert;
use crate::rules::params::ParamDecls;
use crate::rules::state::Shared;
use crate::rules::table;

/// The topics of the host API, in reference order: (title, what it is for, module).
fn topics() -> Vec<(&'static str, &'static str, rhai::Module)> {
    vec![
        (
            "Catalog",
            "Services, outcomes, groups and approaches of `data/catalog/`.",
            exported_module!(catalog::catalog_api),
        ),
        (
            "Decisions so far",
            "What earlier rules decided for this organization.",
            exported_module!(read::read_api),
        ),
        (
            "Recording decisions",
            "Each call records its reason and the caller's `file:line:column`.",
            exported_module!(decide::decide_api),
        ),
        (
            "Bulk decisions",
            "Loops run in Rust; the script keeps the formula's parameters and the wording.",
            exported_module!(bulk::bulk_api),
        ),
        (
            "Demand and priorities",
            "Method v2 (docs/method.md): demand from the outcomes ranked high, gaps, floors, focus, actions, advice, lean.",
            exported_module!(demand::demand_api),
        ),
        (
            "Engagement",
            "Method v2: relevance of services to groups, approach limits, capacity, themes.",
            exported_module!(engage::engage_api),
        ),
        (
            "Text helpers",
            "Formatting numbers and lists for reasons.",
            exported_module!(text::text_api),
        ),
        (
            "Decision tables",
            "CSV files in `rules/tables/`, called by file name (docs/rules.md, \"Decision tables\").",
            table::module(),
        ),
    ]
}

/// Every host module a script's engine holds beyond the standard packages: the host package
/// and the decision-table function, registered outside it because it needs the loaded tables.
fn host_modules() -> Vec<rhai::Shared<rhai::Module>> {
    vec![
        HostPackage::new().as_shared_module(),
        table::module().into(),
    ]
}

fn scope_constants() -> Scope<'static> {
    let mut scope = Scope::new();
    scope.push_constant("org", Map::new());
    scope.push_constant("params", Map::new());
    scope.push_constant("weights", Map::new());
    scope
}

/// The `.d.rhai` definitions of the host API and the `org`, `params`, `weights` constants.
pub fn definitions() -> String {
    let mut engine = Engine::new_raw();
    for module in host_modules() {
        engine.register_global_module(module);
    }
    let scope = scope_constants();
    let text = engine
        .definitions_with_scope(&scope)
        .include_standard_packages(false)
        .single_file();
    let text: String = text
        .lines()
        .map(|l| if l.starts_with("fn ") { script_types(l, "?") } else { l.to_string() } + "\n")
        .collect();
    let mut params = String::from(
        "\n// `params` (declared in rules/params.csv): name: default (range, unit): description\n",
    );
    for d in ParamDecls::bundled().params.values() {
        params.push_str(&format!(
            "// params.{}: {} ({}, {}): {}\n",
            d.name,
            crate::rules::show_number(d.default),
            d.range_text(),
            d.unit,
            d.description
        ));
    }
    format!("// Generated by `pmo-advisor rules api`: the host API of pmo-advisor's rule scripts.\n// Do not edit; regenerate after changing src/rules/api/ or rules/params.csv.\n{text}{params}")
}

#[derive(Deserialize)]
struct Metadata {
    #[serde(default)]
    functions: Vec<FnMeta>,
}

#[derive(Deserialize)]
#[serde(rename_all = "camelCase")]
struct FnMeta {
    name: String,
    signature: String,
    #[serde(default)]
    doc_comments: Vec<String>,
}

/// The functions of one topic, sorted by name and arity, with their doc comments.
fn topic_functions(module: rhai::Module) -> Vec<FnMeta> {
    let mut engine = Engine::new_raw();
    engine.register_global_module(module.into());
    let json = engine.gen_fn_metadata_to_json(false).unwrap_or_default();
    let mut meta: Metadata = serde_json::from_str(&json).unwrap_or(Metadata {
        functions: Vec::new(),
    });
    meta.functions
        .retain(|f| !f.name.starts_with("get$") && !f.name.starts_with("set$"));
    meta.functions.sort_by(|a, b| {
        a.name
            .cmp(&b.name)
            .then_with(|| a.signature.cmp(&b.signature))
    });
    meta.functions
}

/// A Rust signature in script terms: `HostResult<INT>` → `int`, `&str` → `string`, `Dynamic` →
/// `any` (the value of `any` in `.d.rhai` files is `?`).
fn script_types(signature: &str, any: &str) -> String {
    let mut s = signature.to_string();
    while let Some(start) = s.find("HostResult<") {
        let inner_start = start + "HostResult<".len();
        let mut depth = 1;
        let mut end = inner_start;
        for (i, c) in s[inner_start..].char_indices() {
            match c {
                '<' => depth += 1,
                '>' => depth -= 1,
                _ => {}
            }
            if depth == 0 {
                end = inner_start + i;
                break;
            }
        }
        if depth != 0 {
            break;
        }
        let inner = s[inner_start..end].trim().to_string();
        s.replace_range(start..=end, &inner);
    }
    let words: [(&str, &str); 9] = [
        ("&str", "string"),
        ("ImmutableString", "string"),
        ("String", "string"),
        ("INT", "int"),
        ("i64", "int"),
        ("FLOAT", "float"),
        ("f64", "float"),
        ("Array", "array"),
        ("Map", "map"),
    ];
    let mut out = String::new();
    let mut token = String::new();
    let flush = |token: &mut String, out: &mut String| {
        let word = words
            .iter()
            .find(|(w, _)| *w == token.as_str())
            .map(|(_, r)| *r);
        out.push_str(match (word, token.as_str()) {
            (Some(r), _) => r,
            (None, "Dynamic") => any,
            (None, t) => t,
        });
        token.clear();
    };
    for c in s.chars() {
        if c.is_alphanumeric() || c == '_' || c == '&' {
            token.push(c);
        } else {
            flush(&mut token, &mut out);
            out.push(c);
        }
    }
    flush(&mut token, &mut out);
    out
}

fn doc_text(comments: &[String]) -> String {
    comments
        .iter()
        .flat_map(|c| c.lines())
        .map(|l| {
            l.trim_start_matches("///")
                .trim_start_matches("/**")
                .trim_end_matches("*/")
                .trim()
        })
        .filter(|l| !l.is_empty())
        .collect::<Vec<_>>()
        .join(" ")
}

/// A fully populated organization, so that every field shows its type.
fn sample_org() -> OrganizationInput {
    let mut input = OrganizationInput::new(
        OrganizationId::new("sample").unwrap_or_else(|_| unreachable!("a valid id")),
    );
    input.baseline = Some(Baseline {
        organization_name: Some("Sample".into()),
        industry: Some(Industry::It),
        employees: Some(100),
        pm_maturity: Some(3.0),
        structure: Some(Structure::Matrix),
        coverage_scope: Some(CoverageScope::Enterprise),
        decision_style: Some(DecisionStyle::Consensus),
        risk_tolerance: Some(3.0),
        change_readiness: Some(3.0),
        regulatory_intensity: Some(3.0),
        scenario: Some(Scenario::Growing),
        existing_pmo: Some(true),
        mandate: Some(Mandate::Advisory),
        strategic_outcomes: vec![OutcomeKey::StrategicAlignment],
        respondents: 2,
        disagreements: vec![Disagreement {
            field: "industry".into(),
            answers: vec![("it".into(), 1)],
            chosen: "it".into(),
        }],
    });
    let mut g = GroupAnswers::default();
    let mut r = Respondent {
        pm_maturity: Likert::new(3),
        satisfaction: Likert::new(3),
        nps: NpsAnswer::new(8),
        ..Respondent::default()
    };
    r.outcomes = [Likert::new(3); OutcomeKey::COUNT];
    g.add(r);
    input.groups.insert(CustomerGroup::Executive, g);
    let level = Likert::new(2);
    input.service_maturity.insert(
        ServiceKey::RiskManagement,
        ServiceMaturity {
            current: level,
            target: level,
        },
    );
    input
}

fn type_word(v: &Dynamic) -> &'static str {
    if v.is_int() {
        "int"
    } else if v.is_float() {
        "float"
    } else if v.is_string() {
        "string"
    } else if v.is_bool() {
        "bool"
    } else if v.is_array() {
        "array"
    } else if v.is_map() {
        "map"
    } else {
        "()"
    }
}

/// `[group]`, `[service]` or `[outcome]` when every key of the map is one of those keys.
fn key_kind(map: &Map) -> Option<&'static str> {
    let all = |parse: fn(&str) -> bool| !map.is_empty() && map.keys().all(|k| parse(k.as_str()));
    if all(|k| CustomerGroup::parse(k).is_ok()) {
        Some("[group]")
    } else if all(|k| ServiceKey::parse(k).is_ok()) {
        Some("[service]")
    } else if all(|k| OutcomeKey::parse(k).is_ok()) {
        Some("[outcome]")
    } else {
        None
    }
}

fn list_fields(path: &str, value: &Dynamic, out: &mut BTreeMap<String, &'static str>) {
    if let Some(map) = value.read_lock::<Map>() {
        let map: &Map = &map;
        if let Some(kind) = key_kind(map) {
            let inner = map.values().next().cloned().unwrap_or(Dynamic::UNIT);
            out.insert(format!("{path}{kind}"), type_word(&inner));
            list_fields(&format!("{path}{kind}"), &inner, out);
            return;
        }
        for (k, v) in map {
            let p = format!("{path}.{k}");
            out.insert(p.clone(), type_word(v));
            list_fields(&p, v, out);
        }
    } else if let Some(array) = value.read_lock::<rhai::Array>() {
        if let Some(first) = array.first().filter(|f| f.is_map()) {
            list_fields(&format!("{path}[i]"), first, out);
        }
    }
}

/// The Markdown reference: every host function by topic, every field of `org`, every param.
pub fn markdown(catalog: Arc<Catalog>) -> String {
    let mut md = String::from(
        "# Rule API reference\n\n<!-- Generated by `pmo-advisor rules api`; do not edit. The guide is docs/rules.md. -->\n\n\
         Every function and field a rule script can use, generated from the registration code in\n\
         `src/rules/api/` and the conversion in `src/rules/convert.rs`. Keys are catalog keys; an\n\
         unknown key is an error (R040) with a \"did you mean\" hint.\n",
    );
    for (title, about, module) in topics() {
        md.push_str(&format!(
            "\n## {title}\n\n{about}\n\n| function | description |\n|---|---|\n"
        ));
        for f in topic_functions(module) {
            let doc = doc_text(&f.doc_comments).replace('|', "\\|");
            md.push_str(&format!(
                "| `{}` | {} |\n",
                script_types(&f.signature, "any").replace('|', "\\|"),
                doc
            ));
        }
    }
    let shared = Shared::new(
        catalog,
        convert::params_map(
            &ParamDecls::bundled()
                .resolve(&BTreeMap::new())
                .unwrap_or_default(),
        ),
        convert::weights_map(&BTreeMap::new()),
    );
    let org = convert::org_to_dynamic(&sample_org(), &shared);
    let mut fields = BTreeMap::new();
    list_fields("org", &org, &mut fields);
    md.push_str("\n## Fields of `org`\n\nRead-only. Every field exists; answers nobody gave are `()` (test with `!= ()`).\n\n| field | type |\n|---|---|\n");
    for (path, ty) in &fields {
        md.push_str(&format!("| `{path}` | {ty} |\n"));
    }
    md.push_str("\n## `params`\n\nDeclared in `rules/params.csv` (the bundled rules' declarations are listed here). \
        Every declared param exists, with its default unless `[rules.params]` in the config or a test \
        case sets another value within its range; a name no rule declares is an error (R071), and so is \
        a value out of range (R072).\n\n| param | default | range | unit | description |\n|---|---|---|---|---|\n");
    for d in ParamDecls::bundled().params.values() {
        md.push_str(&format!(
            "| `params.{}` | {} | {} | {} | {} |\n",
            d.name,
            crate::rules::show_number(d.default),
            d.range_text(),
            d.unit,
            d.description.replace('|', "\\|")
        ));
    }
    md.push_str("\n## `weights`\n\n`weights[group]`: float, 1.0 unless `[rules.group_weights]` says otherwise, for every group.\n");
    md
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::collections::BTreeSet;

    fn catalog() -> Arc<Catalog> {
        let root = std::path::Path::new(env!("CARGO_MANIFEST_DIR"));
        Arc::new(crate::ingest::read_catalog(&root.join("data/catalog")).unwrap())
    }

    #[test]
    fn definitions_declare_the_host_functions_and_constants() {
        let d = definitions();
        assert!(
            d.contains("fn recommend(service: string, priority: string, why: string) -> ();"),
            "{d}"
        );
        assert!(d.contains("fn approach_rank(key: string) -> int;"), "{d}");
        assert!(d.contains("const org: map;"), "{d}");
        assert!(!d.contains("fn sin("), "standard packages are left out");
    }

    /// The signature of every function `engine` holds beyond the standard packages.
    fn signatures(engine: &Engine) -> BTreeSet<String> {
        let json = engine.gen_fn_metadata_to_json(false).unwrap();
        let meta: Metadata = serde_json::from_str(&json).unwrap();
        meta.functions
            .into_iter()
            .filter(|f| !f.name.starts_with("get$") && !f.name.starts_with("set$"))
            .map(|f| f.signature)
            .collect()
    }

    /// The engine scripts really run in (`RuleSet::load` on the bundled rules) against the
    /// reference's topics: a function registered anywhere (the host package, `table::register`,
    /// a future `register_fn`) but not listed in a topic fails here. The committed-files test in
    /// cli/cmd/api.rs could not catch `table()`: it only compares the files with the generator,
    /// and the generator then knew only the host package.
    #[test]
    fn every_function_scripts_can_call_is_in_the_reference() {
        let root = std::path::Path::new(env!("CARGO_MANIFEST_DIR"));
        let set = crate::rules::RuleSet::load(
            &root.join("rules"),
            catalog(),
            crate::rules::RuleSettings::default(),
        )
        .unwrap_or_else(|e| panic!("{e:?}"));
        // Size-checked stand-ins for standard functions (api/strings.rs) are Rhai's to document.
        let mut standard = Engine::new_raw();
        standard.register_global_module(crate::rules::api::sandbox_overrides());
        let overrides = signatures(&standard);
        let registered: BTreeSet<String> = signatures(&set.engine)
            .difference(&overrides)
            .cloned()
            .collect();
        let mut listed = BTreeSet::new();
        for (_, _, module) in topics() {
            listed.extend(topic_functions(module).into_iter().map(|f| f.signature));
        }
        let missing: Vec<_> = registered.difference(&listed).collect();
        assert!(
            missing.is_empty(),
            "registered but not in the reference: {missing:?}"
        );
        let stale: Vec<_> = listed.difference(&registered).collect();
        assert!(
            stale.is_empty(),
            "in the reference but not registered: {stale:?}"
        );
        assert!(
            registered.iter().any(|s| s.starts_with("table(")),
            "{registered:?}"
        );

        let md = markdown(catalog());
        let d = definitions();
        for signature in &registered {
            let shown = script_types(signature, "any").replace('|', "\\|");
            assert!(
                md.contains(&format!("| `{shown}` |")),
                "{shown} not in the Markdown"
            );
            let name = &signature[..signature.find('(').unwrap()];
            assert!(
                d.contains(&format!("fn {name}(")),
                "{name} not in the definitions"
            );
        }
    }

    #[test]
    fn the_table_function_is_documented_from_its_registration() {
        let md = markdown(catalog());
        assert!(md.contains("## Decision tables"), "{md}");
        assert!(
            md.contains("| `table(name: string, inputs: map) -> any` | Calls the decision table `rules/tables/<name>.csv`"),
            "{md}"
        );
        assert!(
            definitions().contains("fn table(name: string, inputs: map) -> ?;"),
            "{}",
            definitions()
        );
        assert!(
            definitions().contains(
                "fn table_column(name: string, input: string, keys: array, output: string) -> map;"
            ),
            "{}",
            definitions()
        );
    }

    #[test]
    fn rust_types_read_as_script_types() {
        assert_eq!(
            script_types("f(a: &str, b: Dynamic) -> HostResult<INT>", "any"),
            "f(a: string, b: any) -> int"
        );
        assert_eq!(script_types("g() -> HostResult<() >", "?"), "g() -> ()");
        assert_eq!(
            script_types("h(m: Map) -> Array", "?"),
            "h(m: map) -> array"
        );
    }

    #[test]
    fn markdown_lists_functions_with_docs_fields_and_params() {
        let md = markdown(catalog());
        assert!(md.contains("## Recording decisions"));
        assert!(md.contains("| `add_score(service: string, points: any, why: string) -> ()` | Adds points (may be negative) to a service's score."), "{md}");
        assert!(
            md.contains("| `org.groups[group].outcomes[outcome]` | float"),
            "{md}"
        );
        assert!(
            md.contains("| `org.baseline.disagreements[i].field` | string"),
            "{md}"
        );
        assert!(
            md.contains("| `org.service_maturity[service].current` | int"),
            "{md}"
        );
        assert!(
            md.contains("| `params.must_cutoff` | 0.75 | 0 to 1 | share of the top demand | share of the top demand from which a service is `must` |"),
            "{md}"
        );
        assert!(definitions()
            .contains("// params.min_respondents: 5 (1 or more, respondents): fewer respondents"));
    }
}
