//! One file per subcommand.

pub mod api;
pub mod check;
pub mod explain;
pub mod inspect;
pub mod run;
pub mod schema;
#[cfg(test)]
mod schema_check;
pub mod test;
pub mod test_format;
pub mod watch;
