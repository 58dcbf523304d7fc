//! `mews-codegen`: regenerate the bindings, or check that they are fresh; import a spec from the
//! Mews docs or from Mews' OpenAPI spec; diff two specs; cross-check the two sources; write the
//! example round-trip program. The commands and their options are in [`cli`].
//!
//! Exit codes: 0 success (or fresh); 1 stale bindings (`check`), something skipped under
//! `import --strict` or an imported spec the generator rejects, a breaking change (`diff`), an
//! undecided disagreement that matters (`crosscheck`); 2 bad input or usage.

use std::io::Write;
use std::process::ExitCode;

// `println!`/`print!` panic when standard output is a closed pipe (`mews-codegen diff a b |
// head`); these end the program quietly instead, as other command-line tools do. Defined before
// `mod cli` so that every command module uses them.
macro_rules! println {
    ($($arg:tt)*) => { $crate::write_stdout(format_args!("{}\n", format_args!($($arg)*))) };
}
macro_rules! print {
    ($($arg:tt)*) => { $crate::write_stdout(format_args!($($arg)*)) };
}

mod cli;

/// The command allocates and frees per token, per YAML node and per tree node; mimalloc does that
/// in a fraction of glibc malloc's instructions. Set here, in the binary: the library leaves the
/// allocator to the program that uses it.
#[global_allocator]
static ALLOCATOR: mimalloc::MiMalloc = mimalloc::MiMalloc;

/// `mi_option_purge_delay` in mimalloc v2's `mi_option_e` (libmimalloc-sys names no constant for
/// it; `purge_delay_is_the_option_that_defaults_to_10_ms` holds the index to the header's order).
const MI_OPTION_PURGE_DELAY: libmimalloc_sys::mi_option_t = 15;

/// How long freed memory stays with the process before mimalloc returns it to the system: v2's
/// 10 ms returns pages between one stage of an import and the next, which then faults them in
/// again a small page at a time (about 1,500 faults a run); a command's stages are done in well
/// under a second.
const PURGE_DELAY_MS: std::ffi::c_long = 1_000;

fn main() -> ExitCode {
    // SAFETY: an option of the allocator, set before any thread of ours is started (mimalloc
    // asks for that: setting options is not thread-safe).
    unsafe { libmimalloc_sys::mi_option_set(MI_OPTION_PURGE_DELAY, PURGE_DELAY_MS) };
    cli::run()
}

/// Writes to standard output; a reader that went away ends the program with 0, any other write
/// error with 2.
fn write_stdout(text: std::fmt::Arguments<'_>) {
    if let Err(error) = std::io::stdout().lock().write_fmt(text) {
        if error.kind() == std::io::ErrorKind::BrokenPipe {
            std::process::exit(0);
        }
        eprintln!("error: cannot write to standard output: {error}");
        std::process::exit(2);
    }
}

#[cfg(test)]
mod tests {
    use super::MI_OPTION_PURGE_DELAY;

    /// The index is the one after `eager_commit_delay` in the header (which the crate names), and
    /// mimalloc reads it as the option whose default is v2's 10 ms purge delay.
    #[test]
    fn purge_delay_is_the_option_that_defaults_to_10_ms() {
        assert_eq!(
            MI_OPTION_PURGE_DELAY,
            libmimalloc_sys::mi_option_eager_commit_delay + 1
        );
        if std::env::var_os("MIMALLOC_PURGE_DELAY").is_none() {
            // SAFETY: reads an option; main, which sets it, does not run in tests.
            let value = unsafe { libmimalloc_sys::mi_option_get(MI_OPTION_PURGE_DELAY) };
            assert_eq!(value, 10);
        }
    }
}
