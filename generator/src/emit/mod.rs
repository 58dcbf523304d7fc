//! Emit: IR → Rust files in memory. One emitter per construct; this module only assembles files.

mod client;
mod entities;
mod enum_;
mod events;
mod features;
mod format;
mod front_page;
mod imports;
mod lib_rs;
mod limits;
mod module;
mod names;
mod runtime;
mod struct_;
mod tagged;
mod union;

use std::collections::BTreeMap;
use std::sync::atomic::{AtomicUsize, Ordering};

use crate::error::Error;
use crate::ir::{Api, Module};
use crate::output::GeneratedFile;

pub use format::header;

/// Renders every file of the bindings, in a fixed order.
///
/// Files are independent, so they are rendered on up to one thread per core (tokens are not
/// `Send`: each thread builds and prints its own files); the output is the same whatever the
/// number of threads.
pub fn emit(api: &Api, spec_label: &str, fingerprint: &str) -> Result<Vec<GeneratedFile>, Error> {
    let homes: BTreeMap<String, String> = api
        .types
        .iter()
        .map(|def| (def.name.clone(), def.module.clone()))
        .collect();
    let exports = lib_rs::ROOT_EXPORTS_FILE;
    let mut files = vec![
        GeneratedFile {
            path: "lib.rs".to_owned(),
            contents: format::render(lib_rs::emit(api, fingerprint), spec_label, "lib.rs")?,
        },
        GeneratedFile {
            path: exports.to_owned(),
            contents: format::render(lib_rs::root_exports(api), spec_label, exports)?,
        },
    ];
    let render = |module: &Module| -> Result<GeneratedFile, Error> {
        let path = format!("{}.rs", module.name);
        let tokens = module::emit(api, module, &homes);
        let contents = format::render(tokens, spec_label, &path)?;
        Ok(GeneratedFile { path, contents })
    };
    let threads = std::thread::available_parallelism()
        .map_or(1, std::num::NonZeroUsize::get)
        .min(api.modules.len());
    if threads <= 1 {
        for module in &api.modules {
            files.push(render(module)?);
        }
        return Ok(files);
    }
    // Each thread takes the next module not taken yet; results go back to module order.
    let next = AtomicUsize::new(0);
    let rendered: Vec<Vec<(usize, Result<GeneratedFile, Error>)>> = std::thread::scope(|scope| {
        let workers: Vec<_> = (0..threads)
            .map(|_| {
                scope.spawn(|| {
                    let mut done = Vec::new();
                    loop {
                        let index = next.fetch_add(1, Ordering::Relaxed);
                        let Some(module) = api.modules.get(index) else {
                            break done;
                        };
                        done.push((index, render(module)));
                    }
                })
            })
            .collect();
        workers
            .into_iter()
            .map(|worker| {
                worker
                    .join()
                    .unwrap_or_else(|panic| std::panic::resume_unwind(panic))
            })
            .collect()
    });
    let mut ordered: Vec<(usize, Result<GeneratedFile, Error>)> =
        rendered.into_iter().flatten().collect();
    ordered.sort_by_key(|(index, _)| *index);
    for (_, file) in ordered {
        files.push(file?);
    }
    Ok(files)
}
