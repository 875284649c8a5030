//! How many threads a library call uses.
//!
//! The rule, for every front (a program's `--threads`, a Python `n_jobs`, a
//! Spark executor's cores):
//!
//! - A function that takes a thread count, `threads` (such as
//!   [`TfidfVectorizer::fit_transform`](crate::vectorize::TfidfVectorizer::fit_transform)),
//!   does all of its work on that many threads: its counting workers, and
//!   every parallel step after them (merging, weighting) on a rayon pool of
//!   `threads` threads, built for the call unless the caller is already on
//!   a pool of that size.
//! - Every other function runs its parallel steps on the caller's rayon
//!   pool: the global pool (one thread per core) unless the call is made
//!   inside [`with_threads`] or another pool's `install`.
//!
//! Results never depend on the thread count.
//!
//! ```
//! let threads = tahlil::parallel::with_threads(2, rayon::current_num_threads)?;
//! assert_eq!(threads, 2);
//! # Ok::<(), tahlil::Error>(())
//! ```

use crate::error::{Error, ParamError, Result};

/// Runs `f` with its rayon work on a pool of `threads` threads (the
/// caller's own pool when it already has that many).
pub fn with_threads<T: Send>(threads: usize, f: impl FnOnce() -> T + Send) -> Result<T> {
    if threads == 0 {
        return Err(ParamError::Threads(threads).into());
    }
    if rayon::current_num_threads() == threads {
        return Ok(f());
    }
    let pool = rayon::ThreadPoolBuilder::new()
        .num_threads(threads)
        .build()
        .map_err(|e| Error::Threads {
            threads,
            message: e.to_string(),
        })?;
    #[cfg(test)]
    let sink = probe::current();
    Ok(pool.install(|| {
        #[cfg(test)]
        probe::set(sink);
        f()
    }))
}

/// Writes the text of items `0..n` to `w` in order, made `block` items at a
/// time on the caller's rayon pool, a few blocks per thread at once so that
/// memory holds a few MB whatever `n` is.
///
/// For the long lists of a result (millions of terms with word pairs), whose
/// writing is mostly formatting: `text` makes one block's bytes.
pub(crate) fn write_in_blocks(
    w: &mut dyn std::io::Write,
    n: usize,
    block: usize,
    text: impl Fn(std::ops::Range<usize>) -> Vec<u8> + Sync,
) -> std::io::Result<()> {
    use rayon::prelude::*;
    let blocks: Vec<std::ops::Range<usize>> = (0..n)
        .step_by(block.max(1))
        .map(|a| a..(a + block).min(n))
        .collect();
    let at_once = 2 * rayon::current_num_threads();
    let mut texts = Vec::with_capacity(at_once);
    for group in blocks.chunks(at_once) {
        group
            .par_iter()
            .map(|r| text(r.clone()))
            .collect_into_vec(&mut texts);
        for t in &texts {
            w.write_all(t)?;
        }
    }
    Ok(())
}

/// Records the size of the pool each parallel step of a call runs on, so
/// tests can check the rule above. A test starts a sink on its thread;
/// [`with_threads`] carries it onto the pool thread it runs the call on.
#[cfg(test)]
pub(crate) mod probe {
    use std::cell::RefCell;
    use std::sync::{Arc, Mutex};

    pub(crate) type Sink = Arc<Mutex<Vec<usize>>>;

    thread_local! {
        static SINK: RefCell<Option<Sink>> = const { RefCell::new(None) };
    }

    /// A new sink for the steps run from this thread.
    pub(crate) fn start() -> Sink {
        let sink = Sink::default();
        set(Some(sink.clone()));
        sink
    }

    pub(crate) fn current() -> Option<Sink> {
        SINK.with(|s| s.borrow().clone())
    }

    pub(crate) fn set(sink: Option<Sink>) {
        SINK.with(|s| *s.borrow_mut() = sink);
    }

    /// Notes the current pool's size, if this thread has a sink.
    pub(crate) fn note() {
        if let Some(sink) = current() {
            sink.lock().unwrap().push(rayon::current_num_threads());
        }
    }

    /// The sizes noted so far, emptied.
    pub(crate) fn take(sink: &Sink) -> Vec<usize> {
        std::mem::take(&mut *sink.lock().unwrap())
    }
}

/// Notes the pool size in tests; nothing otherwise.
#[inline]
pub(crate) fn note_pool() {
    #[cfg(test)]
    probe::note();
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn zero_threads_is_an_error_naming_the_parameter() {
        let e = with_threads(0, || ()).unwrap_err();
        assert!(matches!(e, Error::Param(ParamError::Threads(0))), "{e}");
        assert_eq!(e.to_string(), "`threads` 0: need at least 1 thread");
    }

    #[test]
    fn work_runs_on_the_pool_asked_for_and_nests() {
        assert_eq!(with_threads(3, rayon::current_num_threads).unwrap(), 3);
        let inner = with_threads(3, || with_threads(1, rayon::current_num_threads).unwrap());
        assert_eq!(inner.unwrap(), 1);
    }
}
