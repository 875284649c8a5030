//! Large tables read at random, on huge pages.
//!
//! Counting a corpus makes random accesses into per-thread tables of tens of
//! MB. With 4 KiB pages nearly every such access also misses the TLB, and
//! first touching the table costs one page fault per 4 KiB. Linux's
//! transparent huge pages are commonly enabled only for memory that asks for
//! them (`madvise` mode): [`filled`] asks, for buffers large enough to
//! contain whole 2 MiB pages. Elsewhere, or if the kernel declines, the
//! buffer is an ordinary one; nothing but speed depends on the hint.
//!
//! Buffers written from start to end do not ask: the CSR arrays and the
//! rows workers keep, and the chunk cache's entries, which are read at
//! random but appended to. (They were meant to grow by `realloc`, which
//! remaps a large buffer's pages; but their 32-byte alignment is more than
//! `realloc` promises, so Rust's allocator copies them into a new buffer at
//! each doubling: 4,300 of the 52,000 page faults of a 100 MB fit, perf.)
//! A huge page costs far more than 512 small
//! ones where the kernel must first get the memory back from a hypervisor.
//! On a 2-core Firecracker VM (free page reporting: memory another process
//! freed seconds before has gone back to the host), first touching 64 MB
//! took 0.7–4 ms a MB on huge pages and 0.6–0.8 on small ones. A Python
//! `fit_transform` of 100 MB run after another process (as benchmarks and
//! notebooks run): 0.95 times the wall time with the write-once buffers on
//! small pages, and 0.97 more with the entries too (8 alternating pairs
//! each); run right after itself, with the pages it freed still at hand,
//! 1.02 and then 0.98. Every table on small pages was 1.02–1.035 times slower.

/// A `Vec` of `n` copies of `value`, on huge pages where the system allows:
/// for a table that is read before it is written (a hash index, counters).
///
/// Every page is written now. `vec![0; n]` would take fresh pages from the
/// kernel that read as zero: a page first read is mapped to the kernel's
/// shared zero page, and the write that follows faults again, copies and
/// flushes every thread's TLB.
pub(crate) fn filled<T: Clone>(n: usize, value: T) -> Vec<T> {
    let mut v: Vec<T> = Vec::with_capacity(n);
    // Advised before the first write, so the first touch of each 2 MiB
    // stretch faults in one huge page instead of 512 small ones.
    advise_huge_pages(v.as_ptr().cast(), n * std::mem::size_of::<T>());
    v.resize(n, value);
    v
}

/// [`filled`], with each thread of the caller's pool writing its own stretch
/// of the pages: for a table of millions of entries made between two
/// parallel steps, where one thread faulting in every page was all the work
/// running (the document frequencies of 5 million word pairs: 41 MB, a
/// tenth of a second, perf).
pub(crate) fn filled_in_parallel<T: Clone + Send + Sync>(n: usize, value: T) -> Vec<T> {
    use rayon::prelude::*;
    let mut v: Vec<T> = Vec::with_capacity(n);
    advise_huge_pages(v.as_ptr().cast(), n * std::mem::size_of::<T>());
    // Written in place: the capacity is already there, so nothing moves.
    rayon::iter::repeat_n(value, n).collect_into_vec(&mut v);
    v
}

/// Smallest buffer worth advising: below this it rarely spans a whole huge page.
const MIN_ADVISED: usize = 4 << 20;

#[cfg(target_os = "linux")]
fn advise_huge_pages(ptr: *const u8, len: usize) {
    const HUGE: usize = 2 << 20;
    if len < MIN_ADVISED {
        return;
    }
    let start = (ptr as usize).next_multiple_of(HUGE);
    let end = (ptr as usize + len) / HUGE * HUGE;
    if end > start {
        // SAFETY: MADV_HUGEPAGE changes no memory contents and no mapping's
        // validity: it only tells the kernel how to serve later page faults
        // in this range, which lies inside an allocation this Vec owns.
        // Failure (no THP support, THP disabled) is harmless and ignored.
        unsafe {
            libc::madvise(start as *mut libc::c_void, end - start, libc::MADV_HUGEPAGE);
        }
    }
}

#[cfg(not(target_os = "linux"))]
fn advise_huge_pages(_: *const u8, _: usize) {}

/// Hints the processor to load the cache line at the start of `row`, for
/// a read to come: unlike a load, it never waits, so the work between the
/// hint and the read hides the miss.
#[inline(always)]
pub(crate) fn prefetch<T>(row: &[T]) {
    #[cfg(target_arch = "x86_64")]
    // SAFETY: a prefetch is only a hint; it never faults, even on a bad address.
    unsafe {
        core::arch::x86_64::_mm_prefetch(
            row.as_ptr() as *const i8,
            core::arch::x86_64::_MM_HINT_T0,
        );
    }
    #[cfg(not(target_arch = "x86_64"))]
    let _ = row;
}

#[cfg(test)]
mod tests {
    use super::filled;

    #[test]
    fn filled_holds_the_values_small_and_large() {
        assert_eq!(filled(3, 7u8), [7, 7, 7]);
        let big = filled(3 << 20, (1u32, 2u32));
        assert_eq!(big.len(), 3 << 20);
        assert!(big.iter().all(|&p| p == (1, 2)));
        assert!(filled::<u64>(0, 1).is_empty());
    }

    #[test]
    fn filled_in_parallel_is_filled_in_place() {
        use super::filled_in_parallel;
        let big = filled_in_parallel(3 << 20, (1u32, 2u32));
        assert_eq!(big.len(), 3 << 20);
        assert_eq!(big.capacity(), 3 << 20);
        assert!(big.iter().all(|&p| p == (1, 2)));
        assert_eq!(filled_in_parallel(3, 7u8), [7, 7, 7]);
        assert!(filled_in_parallel::<u64>(0, 1).is_empty());
    }
}
