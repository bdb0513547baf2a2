//! The host API: every function a rule script can call, registered in this one place.
//!
//! Each topic is a plugin module (`#[export_module]`): `catalog` reads the catalog, `read`
//! reads the decisions made so far, `decide` records one decision, `bulk` applies a formula to
//! many items at once (Rust speed, script-chosen wording), `demand` and `engage` hold the
//! method's demand, priority and engagement steps (docs/method.md), decisions with their reasons and rule
//! locations, `text` formats numbers and lists for reasons. `HostPackage` bundles them; the
//! engine registers nothing else. Host functions are pure: no files, no clock, no randomness.

use rhai::def_package;
use rhai::plugin::*;

pub(crate) mod bulk;
pub(crate) mod catalog;
pub(crate) mod decide;
pub(crate) mod demand;
pub(crate) mod engage;
pub(crate) mod keys;
pub(crate) mod lists;
pub(crate) mod options;
pub(crate) mod read;
pub(crate) mod strings;
pub(crate) mod text;

/// Standard functions replaced by size-checked (`strings.rs`) or faster (`lists.rs`) ones;
/// registered after the standard packages, which they shadow, and kept out of the host API
/// reference.
pub(crate) fn sandbox_overrides() -> rhai::Shared<rhai::Module> {
    let mut module = rhai::Module::new();
    combine_with_exported_module!(&mut module, "strings", strings::strings_api);
    combine_with_exported_module!(&mut module, "lists", lists::lists_api);
    module.into()
}

def_package! {
    /// Everything scripts can call beyond the standard packages.
    pub HostPackage(lib) {
        combine_with_exported_module!(lib, "catalog", catalog::catalog_api);
        combine_with_exported_module!(lib, "read", read::read_api);
        combine_with_exported_module!(lib, "decide", decide::decide_api);
        combine_with_exported_module!(lib, "text", text::text_api);
        combine_with_exported_module!(lib, "bulk", bulk::bulk_api);
        combine_with_exported_module!(lib, "demand", demand::demand_api);
        combine_with_exported_module!(lib, "engage", engage::engage_api);
    }
}
