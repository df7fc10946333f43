//! Handing freed memory back to the system between stages.
//!
//! The binary allocates with mimalloc (src/main.rs), which keeps freed pages for a while to
//! reuse them. A build frees its whole content model before the downloads, whose allocations
//! are of other sizes and did not reuse those pages: the peak RSS was the model's pages plus
//! the downloads' (docs/benchmarks.md). Collecting on every thread first returns them.

/// Return the pages freed so far to the system, on this thread and every rayon worker (each
/// mimalloc heap belongs to one thread, and only that thread can collect it). Where another
/// allocator is in use (the library's own tests), mimalloc's heaps are empty and this does
/// nothing.
pub fn release_freed() {
    rayon::broadcast(|_| collect());
    collect();
}

fn collect() {
    // SAFETY: mi_collect takes no pointer and may be called on any thread at any time.
    unsafe { libmimalloc_sys::mi_collect(true) }
}
