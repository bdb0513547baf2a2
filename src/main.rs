//! The `pmo-advisor` binary: parse arguments, run, exit with the code the CLI chose.

fn main() {
    let code = pmo_advisor::cli::main_with_args(std::env::args_os());
    std::process::exit(code.code());
}
