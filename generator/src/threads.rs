//! The one rule for the generator's scoped threads: their work is ours, so a panic there goes
//! on as a panic here (it is a bug either way) rather than becoming an error value.

/// A scoped thread's result, its panic resumed on this thread.
pub(crate) fn joined<T>(handle: std::thread::ScopedJoinHandle<'_, T>) -> T {
    handle
        .join()
        .unwrap_or_else(|panic| std::panic::resume_unwind(panic))
}
