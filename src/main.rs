//! The `pmo-advisor` binary: parse arguments, run, exit with the code the CLI chose.

// The binary's allocator: mimalloc, counting per thread for the rules' memory budget
// (`pmo_advisor::alloc`).
#[global_allocator]
static GLOBAL: pmo_advisor::alloc::Counted = pmo_advisor::alloc::Counted(mimalloc::MiMalloc);

// Its options, set before `main` and before anything allocates (`alloc::tune_allocator`).
#[cfg(target_os = "linux")]
#[used]
#[link_section = ".init_array"]
static TUNE_ALLOCATOR: extern "C" fn() = pmo_advisor::alloc::tune_allocator;

fn main() {
    let code = pmo_advisor::cli::main_with_args(std::env::args_os());
    std::process::exit(code.code());
}
