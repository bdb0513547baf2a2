//! Subcommands, configuration, exit codes and terminal output: the only module that imports
//! clap, reads the environment, chooses output paths and decides exit codes.

use std::ffi::OsString;

use clap::{Parser, Subcommand};

mod args;
mod cmd;
mod config;
mod error;
mod exit;
mod input_origin;
mod load;
mod term;

pub use exit::ExitCode;

use crate::cli::args::OutputArgs;
use crate::cli::term::Term;

/// Turns PMO customer-survey exports into recommendation reports (PDF + JSON).
#[derive(Debug, Parser)]
#[command(name = "pmo-advisor", version, about, long_about = None, max_term_width = 100)]
struct Cli {
    #[command(subcommand)]
    command: Command,
    #[command(flatten)]
    output: OutputArgs,
}

#[derive(Debug, Subcommand)]
enum Command {
    /// Read the surveys, evaluate the rules and write reports/<period>/ (PDF, JSON, manifest)
    Run(cmd::run::RunArgs),
    /// Compile the rules and validate the inputs without writing reports
    Check(cmd::check::CheckArgs),
    /// Explain one organization's recommendation: each decision with its inputs and rules
    Explain(cmd::explain::ExplainArgs),
    /// Show what a survey export is (platform, encoding, delimiter, columns); --emit-config writes a starter mapping
    Inspect(cmd::inspect::InspectArgs),
    /// Run the rule test cases of rules/tests/*.toml (with --coverage, --watch)
    Test(cmd::test::TestArgs),
    /// Rule authoring tools: `rules api` writes the host API reference (.d.rhai and Markdown)
    Rules(cmd::api::RulesArgs),
    /// Print the JSON Schema of the config or of the rule test files (for editors)
    Schema(cmd::schema::SchemaArgs),
    /// Join the period folders of `run --shard K/N` into one period (summary and manifest included)
    Merge(cmd::merge::MergeArgs),
    /// What changed between two periods (or, with --rules-base, two versions of the rules)
    Diff(cmd::diff::DiffArgs),
    /// List the periods under the reports root with their manifest summary
    History(cmd::history::HistoryArgs),
}

/// Stack of every thread that parses or evaluates rules. Rhai's parser and evaluator recurse
/// on the native stack; the depth limits (`docs/security.md`) are sized against this known
/// stack, not against whatever the platform gives a main or worker thread (issue 11).
pub(crate) const RULES_STACK_BYTES: usize = 64 * 1024 * 1024;

/// Checks config text as `run` reads it (keys, types, ranges), without touching files: the
/// entry point of the config fuzzer in tests/hostile/fuzz.rs. The error names line and column.
pub fn check_config_text(text: &str) -> Result<(), String> {
    config::parse_config(text, "config")
        .map(drop)
        .map_err(|e| e.to_string())
}

/// Parses `args` (program name first), runs the subcommand and returns the exit code.
pub fn main_with_args(args: impl IntoIterator<Item = OsString>) -> ExitCode {
    let args: Vec<OsString> = args.into_iter().collect();
    // The global pool (check, up-to-date runs) gets the same stack; it may be built already
    // when this runs twice in one process (tests), which is fine.
    let _ = rayon::ThreadPoolBuilder::new()
        .stack_size(RULES_STACK_BYTES)
        .build_global();
    let shared = std::sync::Arc::new(args);
    let for_thread = std::sync::Arc::clone(&shared);
    let main = std::thread::Builder::new()
        .name("pmo-advisor".into())
        .stack_size(RULES_STACK_BYTES)
        .spawn(move || main_on_this_thread(for_thread.to_vec()));
    match main {
        Ok(handle) => match handle.join() {
            Ok(code) => code,
            // A bug: keep Rust's panic exit (the hook already printed the message).
            Err(payload) => std::panic::resume_unwind(payload),
        },
        // No thread to be had: run here, on the platform's main stack.
        Err(_) => main_on_this_thread(shared.to_vec()),
    }
}

fn main_on_this_thread(args: Vec<OsString>) -> ExitCode {
    let cli = match Cli::try_parse_from(args) {
        Ok(cli) => cli,
        Err(e) => {
            // --help and --version are successes; every other parse problem is a usage error.
            let _ = e.print();
            return if e.use_stderr() {
                ExitCode::Usage
            } else {
                ExitCode::Ok
            };
        }
    };
    let term = Term::new(cli.output.color, cli.output.verbosity());
    let result = match &cli.command {
        Command::Run(args) => cmd::run::run(args, &term),
        Command::Check(args) => cmd::check::check(args, &term),
        Command::Explain(args) => cmd::explain::explain(args, &term),
        Command::Inspect(args) => cmd::inspect::inspect(args, &term),
        Command::Test(args) => cmd::test::test(args, &term),
        Command::Rules(args) => cmd::api::rules(args, &term),
        Command::Schema(args) => cmd::schema::schema(args),
        Command::Merge(args) => cmd::merge::merge(args, &term),
        Command::Diff(args) => cmd::diff::diff(args, &term),
        Command::History(args) => cmd::history::history(args, &term),
    };
    match result {
        Ok(code) => code,
        Err(error) => error.report(&term),
    }
}
