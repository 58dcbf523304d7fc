//! Emit: IR → Rust files in memory. One emitter per construct; this module only assembles files.

mod client;
mod entities;
mod enum_;
mod events;
mod features;
mod format;
mod imports;
mod lib_rs;
mod module;
mod names;
mod runtime;
mod struct_;
mod tagged;
mod union;

use std::collections::BTreeMap;

use crate::error::Error;
use crate::ir::Api;
use crate::output::GeneratedFile;

pub use format::header;

/// Renders every file of the bindings, in a fixed order.
pub fn emit(api: &Api, spec_label: &str, fingerprint: &str) -> Result<Vec<GeneratedFile>, Error> {
    let homes: BTreeMap<String, String> = api
        .types
        .iter()
        .map(|def| (def.name.clone(), def.module.clone()))
        .collect();
    let mut files = vec![GeneratedFile {
        path: "lib.rs".to_owned(),
        contents: format::render(lib_rs::emit(api, fingerprint), spec_label, "lib.rs")?,
    }];
    for module in &api.modules {
        let path = format!("{}.rs", module.name);
        let tokens = module::emit(api, module, &homes);
        let contents = format::render(tokens, spec_label, &path)?;
        files.push(GeneratedFile { path, contents });
    }
    Ok(files)
}
