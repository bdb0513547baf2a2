//! End-to-end tests of the `pmo-advisor` binary: one module per subcommand.

#[cfg(target_os = "linux")]
mod allocator;
mod authoring;
mod budget;
mod check;
mod ci_docs;
mod ci_formats;
mod diff;
mod errors;
mod explain;
mod history;
mod impact;
#[path = "../ingest_support/mod.rs"]
mod ingest_support;
mod inspect;
mod onboarding;
#[path = "../report_support/pdf_reader.rs"]
mod pdf_reader;
mod pdf_text;
mod period_safety;
mod periods;
mod report_v2;
mod run;
mod sheets;
mod support;
mod test_cmd;
mod what_if;
#[path = "../ingest_support/workbook.rs"]
mod workbook;
