//! The allocator the binary (and the benchmark, so that its figures are the binary's) runs
//! with: mimalloc, telling the rules sandbox how much each thread holds.
//!
//! Many small, short-lived allocations (reasons, text runs) dominate; mimalloc serves them
//! faster than the system allocator on every platform we build for. Rhai limits each value but
//! not their sum, so the memory budget of one evaluation is counted here (issue 11). The
//! library never installs it: a binary opts in with `#[global_allocator]`.

use std::alloc::{GlobalAlloc, Layout};
use std::ffi::{c_char, c_int, c_long, CStr};

/// mimalloc's options this batch tool sets, each unless its `MIMALLOC_*` variable is set:
/// (the option's number in mimalloc 3's `mi_option_e`, its variable, our value). A CLI test
/// reads them back as mimalloc prints them, so a renumbering would fail it.
///
/// - `arena_eager_commit` 0: mimalloc commits each 1 GiB arena as it reserves it on Linux,
///   so memory another thread freed stays resident; committed on use, a run's peak at
///   5,000 x 200 fell by about 30 MB.
/// - `purge_delay` 10 ms (mimalloc 3 waits 1 s; mimalloc 2 waited 10 ms): a run frees a
///   report's buffers every few milliseconds, and a second's worth of them was resident.
///
/// The two together: 215 → 161 MB at 5,000 x 200, same time (issue 16). The `no_thp`
/// feature also keeps mimalloc from asking for transparent huge pages, whose faults showed
/// in its allocation path under `perf`.
const OPTIONS: [(c_int, &CStr, c_long); 2] = [
    (4, c"MIMALLOC_ARENA_EAGER_COMMIT", 0),
    (15, c"MIMALLOC_PURGE_DELAY", 10),
];

unsafe extern "C" {
    // libc's.
    fn getenv(name: *const c_char) -> *mut c_char;
    // mimalloc's (linked in by the `mimalloc` crate).
    fn mi_option_set(option: c_int, value: c_long);
    fn mi_collect(force: bool);
}

/// Sets `OPTIONS`. Must run before the first allocation, as a binary's `.init_array` entry:
/// mimalloc reserves its first arena on the first allocation, and reads its variables in its
/// own constructor, which runs earlier (priority 101). Allocates nothing.
pub extern "C" fn tune_allocator() {
    for (option, variable, value) in OPTIONS {
        // SAFETY: `variable` is a NUL-terminated literal; the result is only null-checked.
        let set_by_user = unsafe { !getenv(variable.as_ptr()).is_null() };
        if !set_by_user {
            // SAFETY: a plain store into mimalloc's option table; `option` is a valid index.
            unsafe { mi_option_set(option, value) };
        }
    }
}

/// Returns the memory mimalloc holds free to the system now, not after its purge delay: for
/// a phase boundary after which the freed memory is not needed again soon (ingest's end). A
/// few milliseconds; harmless where mimalloc is not the global allocator (its heaps are then
/// empty).
pub fn release_free_memory() {
    // SAFETY: `mi_collect` takes no pointers and may be called from any thread at any time.
    unsafe { mi_collect(true) };
}

/// mimalloc with every allocation reported to `rules::note_allocation`.
pub struct Counted(pub mimalloc::MiMalloc);

fn signed(size: usize) -> isize {
    isize::try_from(size).unwrap_or(isize::MAX)
}

// SAFETY: every call is forwarded to mimalloc unchanged; the counting neither allocates nor
// touches the memory.
unsafe impl GlobalAlloc for Counted {
    unsafe fn alloc(&self, layout: Layout) -> *mut u8 {
        crate::rules::note_allocation(signed(layout.size()));
        // SAFETY: the caller upholds `GlobalAlloc::alloc`'s contract, passed on as is.
        unsafe { self.0.alloc(layout) }
    }

    unsafe fn alloc_zeroed(&self, layout: Layout) -> *mut u8 {
        crate::rules::note_allocation(signed(layout.size()));
        // SAFETY: as `alloc`.
        unsafe { self.0.alloc_zeroed(layout) }
    }

    unsafe fn dealloc(&self, ptr: *mut u8, layout: Layout) {
        crate::rules::note_allocation(-signed(layout.size()));
        // SAFETY: `ptr` came from this allocator with `layout`, as the caller guarantees.
        unsafe { self.0.dealloc(ptr, layout) }
    }

    unsafe fn realloc(&self, ptr: *mut u8, layout: Layout, new_size: usize) -> *mut u8 {
        crate::rules::note_allocation(signed(new_size).wrapping_sub(signed(layout.size())));
        // SAFETY: as `dealloc`, and `new_size` is valid for `layout`'s alignment.
        unsafe { self.0.realloc(ptr, layout, new_size) }
    }
}
