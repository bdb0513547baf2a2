//! pmo-advisor: survey exports in, PMO recommendation reports out.
//!
//! The pipeline, one stage per folder; each stage imports only those to its left:
//!
//! ```text
//! diag, atomic_file ─► model ─► ingest  (CSV exports, catalog files → SurveySet + findings)
//!                            ├► rules   (sandboxed Rhai scripts: OrganizationInput → Recommendation)
//!                            └► report  (Recommendation → JSON, PDF, manifest)
//!                                 └► history (period folders: lock, staging, atomic commit,
//!                                       │     verification, results read back)
//!                                       └► cli (subcommands, config, exit codes)
//! ```
//!
//! ingest, rules and report never import each other: they meet in `model` types. `history`
//! sits above `report`, whose result and manifest types it reads back. Foreign crates each
//! have one home: csv in `ingest`, rhai in `rules`, printpdf in `report/backend/pdf.rs` (and
//! `pdf/`), clap in `cli`.

#![warn(missing_docs)]

pub mod alloc;
pub mod atomic_file;
pub mod cli;
pub mod diag;
pub mod history;
pub mod ingest;
pub mod model;
pub mod report;
pub mod rules;
#[cfg(test)]
mod test_random;
