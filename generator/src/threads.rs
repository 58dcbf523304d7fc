//! The one rule for the generator's scoped threads: their work is ours, so a panic there goes
//! on as a panic here (it is a bug either way) rather than becoming an error value.

/// A scoped thread's result, its panic resumed on this thread.
pub(crate) fn joined<T>(handle: std::thread::ScopedJoinHandle<'_, T>) -> T {
    handle
        .join()
        .unwrap_or_else(|panic| std::panic::resume_unwind(panic))
}

/// Frees `value` on a thread of its own, so that taking a large tree apart is not on the way of
/// the work that follows (a command may end first: the system then reclaims it). Freed here when
/// no thread can be started.
pub(crate) fn free_beside<T: Send + 'static>(value: T) {
    // A spawn that fails drops the closure, and `value` with it, here.
    let _ = std::thread::Builder::new().spawn(move || drop(value));
}
