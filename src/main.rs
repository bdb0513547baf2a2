//! The `pmo-advisor` binary: parse arguments, run, exit with the code the CLI chose.

// Many small, short-lived allocations (reasons, text runs) dominate; mimalloc serves them
// faster than the system allocator on every platform we build for.
#[global_allocator]
static GLOBAL: mimalloc::MiMalloc = mimalloc::MiMalloc;

fn main() {
    let code = pmo_advisor::cli::main_with_args(std::env::args_os());
    std::process::exit(code.code());
}
