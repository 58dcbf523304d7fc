//! The generator's threads: one pool, started on first use with a thread per core, whose threads
//! live as long as the program. The work is split in a few large parts (two sources, two halves
//! of the components, the modules to render); threads started per part would each allocate in
//! memory of their own (an allocator keeps a heap per thread), and fresh memory is what the
//! import pays most for, while the pool's threads reuse what they freed in the parts before.
//!
//! The rule that keeps a pool of any size from waiting on itself: in [`join`], `a` starts at once
//! on the calling thread and `b` runs beside it or after it, so `b` may wait for something `a`
//! sends, never the other way round.

use std::sync::OnceLock;

use rayon_core::{ThreadPool, ThreadPoolBuilder};

/// A pool thread's stack: the main thread's size, as the readers recurse as deep as a document
/// nests (within the depth limits in `parse`).
const STACK: usize = 8 << 20;

/// The pool, or `None` when it could not be started (the work then runs on the caller's thread).
fn pool() -> Option<&'static ThreadPool> {
    static POOL: OnceLock<Option<ThreadPool>> = OnceLock::new();
    POOL.get_or_init(|| {
        let threads = std::thread::available_parallelism().map_or(1, std::num::NonZeroUsize::get);
        ThreadPoolBuilder::new()
            .num_threads(threads)
            .stack_size(STACK)
            .thread_name(|index| format!("mews-codegen-{index}"))
            .build()
            .ok()
    })
    .as_ref()
}

/// Runs `work` on the pool and gives its result back here: the command's whole work, so that
/// it allocates on the pool's threads only. A panic resumes here.
pub fn install<R: Send>(work: impl FnOnce() -> R + Send) -> R {
    match pool() {
        Some(pool) => pool.install(work),
        None => work(),
    }
}

/// Runs `a` and `b`, at once on two threads when the pool has a second one free: `a` starts at
/// once on this thread, `b` beside it or after it (see the module's rule). A panic in either
/// resumes here, as a bug either way, rather than becoming an error value.
pub(crate) fn join<RA: Send, RB: Send>(
    a: impl FnOnce() -> RA + Send,
    b: impl FnOnce() -> RB + Send,
) -> (RA, RB) {
    match pool() {
        Some(pool) => pool.join(a, b),
        None => (a(), b()),
    }
}

/// How many parts are worth splitting work into: the pool's threads.
pub(crate) fn count() -> usize {
    pool().map_or(1, ThreadPool::current_num_threads)
}

/// `work` run `copies` times at once (as far as the pool has threads), the results in order.
/// The copies share their work through what `work` borrows (an index of the next item to take).
pub(crate) fn spread<T: Send>(copies: usize, work: &(impl Fn() -> T + Sync)) -> Vec<T> {
    match copies {
        0 => Vec::new(),
        1 => vec![work()],
        _ => {
            let (first, mut rest) = join(work, || spread(copies - 1, work));
            rest.insert(0, first);
            rest
        }
    }
}

/// A scoped thread's result (the file writers', which wait on the disk rather than work), its
/// panic resumed on this thread.
pub(crate) fn joined<T>(handle: std::thread::ScopedJoinHandle<'_, T>) -> T {
    handle
        .join()
        .unwrap_or_else(|panic| std::panic::resume_unwind(panic))
}

/// Frees `value` on a pool thread when one is free, so that taking a large tree apart is not on
/// the way of the work that follows (a command may end first: the system then reclaims it).
/// Freed here when there is no pool.
pub(crate) fn free_beside<T: Send + 'static>(value: T) {
    match pool() {
        Some(pool) => pool.spawn(move || drop(value)),
        None => drop(value),
    }
}

#[cfg(test)]
mod tests {
    use std::sync::atomic::{AtomicUsize, Ordering};

    use super::{join, spread};

    /// `b` may wait for what `a` sends, whatever the pool's size (here it has at least one).
    #[test]
    fn b_may_wait_for_a() {
        let (sender, receiver) = std::sync::mpsc::channel();
        let (a, b) = join(
            || {
                sender.send(7).expect("receiver");
                1
            },
            move || receiver.recv().expect("sent"),
        );
        assert_eq!((a, b), (1, 7));
    }

    /// Every copy runs once and shares the items; nothing is taken twice or left.
    #[test]
    fn spread_takes_every_item_once() {
        let next = AtomicUsize::new(0);
        let work = || {
            let mut taken = Vec::new();
            loop {
                let index = next.fetch_add(1, Ordering::Relaxed);
                if index >= 100 {
                    break taken;
                }
                taken.push(index);
            }
        };
        let parts = spread(3, &work);
        assert_eq!(parts.len(), 3);
        let mut all: Vec<usize> = parts.into_iter().flatten().collect();
        all.sort_unstable();
        assert_eq!(all, (0..100).collect::<Vec<_>>());
        assert!(spread(0, &work).is_empty());
    }

    /// A panic in `b` reaches the caller.
    #[test]
    fn a_panic_in_b_resumes_here() {
        let caught = std::panic::catch_unwind(|| join(|| 1, || -> i32 { panic!("in b") }));
        assert!(caught.is_err());
    }
}
