//! Diagnostics shared by every stage: where a problem is, what it is, and how to show it.
//!
//! A leaf module: it knows nothing of CSV, Rhai or PDF. Stages translate their foreign errors
//! into these types in their own folder, and only `cli` decides how and where to print them.

mod codes;
mod diagnostic;
mod location;
mod render;
mod sarif;
mod suggest;

pub use codes::describe;
pub use diagnostic::{shorten, Diagnostic, Severity, MAX_VALUE_CHARS};
pub use location::{ColumnRef, Location};
pub use render::{render_human, render_location};
pub use sarif::{github_data, github_property, render_github, render_sarif, SARIF_SCHEMA};
pub use suggest::{closest, did_you_mean, edit_distance, nearest};
