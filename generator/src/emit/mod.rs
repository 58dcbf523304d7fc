//! Emit: IR → Rust files in memory. One emitter per construct; this module only assembles files.

mod client;
mod client_text;
mod constructor_text;
mod decode_text;
mod entities;
mod enum_;
mod enum_text;
mod events;
mod features;
mod format;
mod front_page;
mod imports;
mod lib_rs;
mod limits;
mod limits_text;
mod method_text;
mod module;
mod names;
mod runtime;
mod struct_;
mod struct_text;
mod tagged;
#[cfg(test)]
mod text_tests;
mod union;

use std::collections::BTreeMap;
use std::sync::atomic::{AtomicUsize, Ordering};

use crate::error::Error;
use crate::ir::{Api, Module};
use crate::output::GeneratedFile;

pub use format::header;

/// Renders every file of the bindings, in a fixed order. The spec's fingerprint is asked for
/// only when `lib.rs` is rendered: the modules are rendered meanwhile (an import writes the
/// spec's text while they are).
///
/// Files are independent, so they are rendered on up to one thread per core (tokens are not
/// `Send`: each thread builds and prints its own files); the output is the same whatever the
/// number of threads.
pub fn emit(
    api: &Api,
    spec_label: &str,
    fingerprint: impl FnOnce() -> Result<String, Error> + Send,
) -> Result<Vec<GeneratedFile>, Error> {
    let homes: imports::Homes = api
        .types
        .iter()
        .map(|def| (def.name.clone(), def.module.clone()))
        .collect();
    let checks = limits::Checks::new(api);
    let exports = lib_rs::ROOT_EXPORTS_FILE;
    let front = || -> Result<Vec<GeneratedFile>, Error> {
        let fingerprint = fingerprint()?;
        Ok(vec![
            GeneratedFile {
                path: "lib.rs".to_owned(),
                contents: format::render(lib_rs::emit(api, &fingerprint), spec_label, "lib.rs")?,
            },
            GeneratedFile {
                path: exports.to_owned(),
                contents: match lib_rs::root_exports_text(api) {
                    Some(text) => format::render_text(&text, spec_label),
                    None => format::render(lib_rs::root_exports(api), spec_label, exports)?,
                },
            },
        ])
    };
    let render = |module: &Module| -> Result<GeneratedFile, Error> {
        let path = format!("{}.rs", module.name);
        let (tokens, splices) = module::emit(api, module, &homes, &checks);
        let contents = format::render_with(tokens, splices, spec_label, &path)?;
        Ok(GeneratedFile { path, contents })
    };
    let threads = crate::threads::count().min(api.modules.len());
    if threads <= 1 {
        let mut files = front()?;
        for module in &api.modules {
            files.push(render(module)?);
        }
        return Ok(files);
    }
    // The pool's threads take the largest module not taken yet (the biggest last would leave
    // one thread working alone at the end); this one renders `lib.rs` first (it waits for the
    // fingerprint, which is ready or nearly so). Results go back to module order.
    let order = largest_first(api);
    let next = AtomicUsize::new(0);
    let work = || {
        let mut done = Vec::new();
        loop {
            let taken = next.fetch_add(1, Ordering::Relaxed);
            let Some(&index) = order.get(taken) else {
                break done;
            };
            done.push((index, render(&api.modules[index])));
        }
    };
    let ((front, mut rendered), others) = crate::threads::join(
        || (front(), work()),
        || crate::threads::spread(threads - 1, &work),
    );
    rendered.extend(others.into_iter().flatten());
    let mut files = front?;
    rendered.sort_by_key(|(index, _)| *index);
    for (_, file) in rendered {
        files.push(file?);
    }
    Ok(files)
}

/// Module indexes, the module with the most types and operations first (ties in module order).
fn largest_first(api: &Api) -> Vec<usize> {
    let mut types: BTreeMap<&str, usize> = BTreeMap::new();
    for def in &api.types {
        *types.entry(def.module.as_str()).or_default() += 1;
    }
    let mut operations: BTreeMap<&str, usize> = BTreeMap::new();
    for operation in &api.operations {
        *operations.entry(operation.resource.as_str()).or_default() += 1;
    }
    let weight = |module: &Module| {
        let types = types.get(module.name.as_str()).copied().unwrap_or(0);
        let operations = module
            .resource
            .as_deref()
            .and_then(|resource| operations.get(resource).copied())
            .unwrap_or(0);
        types + operations
    };
    let mut order: Vec<usize> = (0..api.modules.len()).collect();
    order.sort_by_key(|&index| std::cmp::Reverse(weight(&api.modules[index])));
    order
}
