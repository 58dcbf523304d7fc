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

fn main() -> ExitCode {
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
