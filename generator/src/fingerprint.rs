//! The spec fingerprint recorded in `generated/lib.rs`.
//!
//! Shared verbatim with the root `build.rs` (through `#[path]`), so it must stay free of
//! dependencies. FNV-1a is enough here: it detects edits, it does not defend against forgery.

/// Fingerprint of a spec's text: `fnv1a64:` and 16 hex digits. Line endings are normalised first,
/// so a checkout with CRLF line endings has the same fingerprint as one with LF.
pub fn of_text(text: &str) -> String {
    let mut hash: u64 = 0xcbf2_9ce4_8422_2325;
    for &byte in text.replace("\r\n", "\n").as_bytes() {
        hash ^= u64::from(byte);
        hash = hash.wrapping_mul(0x0000_0100_0000_01b3);
    }
    format!("fnv1a64:{hash:016x}")
}

/// The fingerprint recorded in the text of a generated `lib.rs`, if any.
pub fn recorded_in(lib_rs: &str) -> Option<&str> {
    const MARKER: &str = "pub const SPEC_FINGERPRINT: &str = \"";
    let start = lib_rs.find(MARKER)? + MARKER.len();
    let len = lib_rs[start..].find('"')?;
    Some(&lib_rs[start..start + len])
}
