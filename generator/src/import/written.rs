//! The import's last step: the spec's text written while the generator reads the same spec from
//! its tree (and, when asked, generates the bindings from that reading) beside it.

use std::sync::mpsc;

use super::{spec_writer, Options};
use crate::error::{Diagnostic, Error};
use crate::json::Value;
use crate::Generation;

/// What the generator made of the spec: the bindings when [`Options::generate_as`] asked (else
/// `None`), or why it refuses the spec.
pub(super) type Generated = Result<Option<Generation>, Error>;

/// Writes the spec's text from `tree` and, when the options ask, reads it as the generator does
/// beside it (the `None` of the second half when they do not). The bindings' modules are
/// rendered while the text is still being written: only `lib.rs` waits for it (it holds the
/// text's fingerprint). `leftovers`, what the caller no longer needs, are freed once the text
/// is written, while the generator works.
pub(super) fn render_and_check(
    tree: &Value,
    provenance: &spec_writer::Provenance<'_>,
    options: &Options,
    leftovers: impl Send,
) -> (Result<String, String>, Option<Generated>) {
    if !options.check_generation && options.generate_as.is_none() {
        drop(leftovers);
        return (spec_writer::render(tree, provenance), None);
    }
    let (fingerprint_sender, fingerprint) = mpsc::channel::<String>();
    // The text first (`check` waits for its fingerprint, so the text is the half that starts
    // at once), the reading and the bindings beside it.
    let (spec, generated) = crate::threads::join(
        move || {
            let spec = spec_writer::render(tree, provenance);
            if let Ok(text) = &spec {
                // The receiver is gone only when the generator refused the spec already.
                let _ = fingerprint_sender.send(crate::fingerprint::of_text(text));
            }
            drop(fingerprint_sender);
            drop(leftovers);
            spec
        },
        || check(tree, options, fingerprint),
    );
    (spec, Some(generated))
}

/// The generator's reading of the spec's tree and, when the options ask, its bindings; `lib.rs`
/// waits for the text's fingerprint from `fingerprint`.
fn check(tree: &Value, options: &Options, fingerprint: mpsc::Receiver<String>) -> Generated {
    let spec = crate::parse::from_tree(tree)?;
    let api = crate::ir::lower(&spec);
    // Freed beside the rendering rather than after it (the tree is borrowed: only openapiv3's
    // reading is ours to free).
    crate::threads::free_beside(spec.openapi);
    let api = api?;
    let Some(label) = &options.generate_as else {
        return Ok(None);
    };
    let fingerprint = move || {
        fingerprint.recv().map_err(|_| {
            Error::one(Diagnostic::plain(
                "the spec's text was not written: no fingerprint for lib.rs".to_owned(),
            ))
        })
    };
    let generated = crate::generate_deferred(&api, label, fingerprint);
    // The IR is not needed once its bindings are rendered.
    crate::threads::free_beside(api);
    generated.map(Some)
}
