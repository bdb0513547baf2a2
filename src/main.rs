//! The `pmo-advisor` binary: parse arguments, run, exit with the code the CLI chose.

fn main() {}
