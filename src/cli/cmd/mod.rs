//! One file per subcommand.

pub mod api;
pub mod check;
pub mod config_folder;
pub mod diff;
pub mod explain;
pub mod history;
pub mod impact;
pub mod impact_replay;
pub mod inspect;
pub mod inspect_hints;
pub mod merge;
pub mod period;
pub mod run;
pub mod run_ci;
pub mod schema;
#[cfg(test)]
mod schema_check;
pub mod shard;
pub mod test;
mod test_file;
pub mod test_format;
pub mod watch;
