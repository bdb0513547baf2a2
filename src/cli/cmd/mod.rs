//! One file per subcommand.

pub mod check;
pub mod inspect;
pub mod run;
pub mod test;
pub mod test_format;
pub mod watch;
