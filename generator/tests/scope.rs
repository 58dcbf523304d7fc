//! What the generator cannot honour it refuses: one hostile fixture per construct
//! (tests/fixtures/scope/), each exiting 2 with its JSON pointer, the output folder untouched.

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};
use std::process::{Command, Output};

fn codegen(args: &[&str]) -> Output {
    Command::new(env!("CARGO_BIN_EXE_mews-codegen"))
        .args(args)
        .output()
        .expect("run mews-codegen")
}

fn fixture(name: &str) -> String {
    Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("tests/fixtures/scope")
        .join(name)
        .display()
        .to_string()
}

fn snapshot(dir: &Path) -> BTreeMap<PathBuf, Vec<u8>> {
    std::fs::read_dir(dir)
        .expect("read dir")
        .map(|entry| {
            let path = entry.expect("entry").path();
            let bytes = std::fs::read(&path).expect("read");
            (path, bytes)
        })
        .collect()
}

/// (fixture, the pointer the refusal names, a word of its reason)
const REFUSED: &[(&str, &str, &str)] = &[
    ("header_parameter", "#/paths/~1api~1v1~1kites~1getAll/post/parameters/0", "header parameter `X-Request-Tag`"),
    ("query_parameter", "#/paths/~1api~1v1~1kites~1getAll/post/parameters/0", "query parameter `colour`"),
    ("cookie_parameter", "#/paths/~1api~1v1~1kites~1getAll/post/parameters/0", "cookie parameter `session`"),
    ("path_parameter", "#/paths/~1api~1v1~1kites~1getAll/parameters/0", "header parameter `X-Tenant`"),
    ("http_bearer_security", "#/security/0/bearerAuth", "HTTP `bearer` authentication"),
    ("oauth2_operation_security", "#/paths/~1api~1v1~1kites~1getAll/post/security/0/kiteAuth", "OAuth2"),
    ("api_key_header_security", "#/security/0/kiteKey", "an API key `X-Kite-Key` in the header"),
    ("get_method", "#/paths/~1api~1v1~1kites~1getAll/get", "unsupported method `get`"),
    ("put_method", "#/paths/~1api~1v1~1kites~1getAll/put", "unsupported method `put`"),
    ("created_response", "#/paths/~1api~1v1~1kites~1getAll/post/responses/201", "response status `201`"),
    ("default_response", "#/paths/~1api~1v1~1kites~1getAll/post/responses/default", "a `default` response"),
    ("response_headers", "#/paths/~1api~1v1~1kites~1getAll/post/responses/200/headers/X-Rate-Remaining", "response headers"),
    ("text_response", "#/paths/~1api~1v1~1kites~1getAll/post/responses/200/content/text~1plain", "content type `text/plain`"),
    ("form_request", "#/paths/~1api~1v1~1kites~1getAll/post/requestBody/content/application~1x-www-form-urlencoded", "content type `application/x-www-form-urlencoded`"),
    ("operation_servers", "#/paths/~1api~1v1~1kites~1getAll/post/servers", "servers on a path or an operation"),
    ("path_servers", "#/paths/~1api~1v1~1kites~1getAll/servers", "servers on a path or an operation"),
    ("server_variables", "#/servers/0/variables", "server variables"),
    ("callbacks", "#/paths/~1api~1v1~1kites~1getAll/post/callbacks/landed", "callbacks"),
];

#[test]
fn each_refused_construct_exits_2_with_its_pointer_and_writes_nothing() {
    let dir = tempfile::tempdir().expect("tempdir");
    let out = dir.path().join("generated");
    let out_arg = out.to_str().expect("utf-8");
    let base = codegen(&[
        "generate",
        "--spec",
        &fixture("kites.yaml"),
        "--out",
        out_arg,
    ]);
    assert_eq!(base.status.code(), Some(0), "{base:?}");
    let before = snapshot(&out);
    let listed: Vec<String> = std::fs::read_dir(fixture(""))
        .expect("fixtures")
        .map(|entry| {
            entry
                .expect("entry")
                .file_name()
                .to_string_lossy()
                .into_owned()
        })
        .filter(|name| !matches!(name.as_str(), "kites.yaml" | "envelope_security.yaml"))
        .collect();
    assert_eq!(
        listed.len(),
        REFUSED.len(),
        "one row per hostile fixture: {listed:?}"
    );
    for (name, at, reason) in REFUSED {
        let spec = fixture(&format!("{name}.yaml"));
        let text = std::fs::read_to_string(&spec).expect("fixture");
        assert!(
            text.contains(at),
            "{name}: the fixture's header names another pointer"
        );
        let output = codegen(&["generate", "--spec", &spec, "--out", out_arg]);
        let stderr = String::from_utf8_lossy(&output.stderr);
        assert_eq!(output.status.code(), Some(2), "{name}: {stderr}");
        assert!(
            stderr.contains(&format!("error: {at}: ")) && stderr.contains(reason),
            "{name}: `{at}` / `{reason}` not in:\n{stderr}"
        );
        assert!(stderr.contains("nothing was written"), "{name}: {stderr}");
        assert_eq!(snapshot(&out), before, "{name}: the output folder changed");
        // `check` refuses it the same way.
        let check = codegen(&["check", "--spec", &spec, "--out", out_arg]);
        assert_eq!(check.status.code(), Some(2), "{name}: check");
    }
}

#[test]
fn api_key_schemes_that_name_envelope_fields_are_the_envelope() {
    let dir = tempfile::tempdir().expect("tempdir");
    let out = dir.path().join("generated");
    let output = codegen(&[
        "generate",
        "--spec",
        &fixture("envelope_security.yaml"),
        "--out",
        out.to_str().expect("utf-8"),
    ]);
    assert_eq!(output.status.code(), Some(0), "{output:?}");
    let kites = std::fs::read_to_string(out.join("kites.rs")).expect("generated");
    assert!(
        !kites.contains("pub client_token"),
        "envelope fields stay out of the request"
    );
}
