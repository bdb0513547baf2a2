//! Issue 16: the binary sets mimalloc's `arena_eager_commit` and `purge_delay` before anything
//! allocates, unless the user set them. mimalloc prints its options with
//! `MIMALLOC_VERBOSE=1`, which also checks that our option numbers name those options. Linux
//! only: elsewhere the binary keeps mimalloc's defaults.

use crate::support::Case;

fn options(case: Case) -> String {
    let run = case
        .env("MIMALLOC_VERBOSE", "1")
        .args(["--version"])
        .run()
        .expect_code(0);
    run.stderr()
}

#[test]
fn the_binary_returns_freed_memory_soon_and_commits_arenas_on_use() {
    let printed = options(Case::sample());
    assert!(
        printed.contains("option 'arena_eager_commit': 0"),
        "{printed}"
    );
    assert!(printed.contains("option 'purge_delay': 10 "), "{printed}");
}

#[test]
fn a_users_mimalloc_setting_wins() {
    let printed = options(Case::sample().env("MIMALLOC_PURGE_DELAY", "250"));
    assert!(printed.contains("option 'purge_delay': 250"), "{printed}");
    assert!(
        printed.contains("option 'arena_eager_commit': 0"),
        "{printed}"
    );
}
