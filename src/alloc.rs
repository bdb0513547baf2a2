//! The allocator the binary (and the benchmark, so that its figures are the binary's) runs
//! with: mimalloc, telling the rules sandbox how much each thread holds.
//!
//! Many small, short-lived allocations (reasons, text runs) dominate; mimalloc serves them
//! faster than the system allocator on every platform we build for. Rhai limits each value but
//! not their sum, so the memory budget of one evaluation is counted here (issue 11). The
//! library never installs it: a binary opts in with `#[global_allocator]`.

use std::alloc::{GlobalAlloc, Layout};

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
