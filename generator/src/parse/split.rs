//! openapiv3's reading of a spec's tree, its two large parts apart. `OpenAPI` derives its
//! deserializer with a flattened field (the extensions), so serde first copies the whole
//! document into a buffer of its own and reads every field from that copy; the paths and the
//! components are read straight from the tree instead, the components beside them.

use openapiv3::{Components, OpenAPI, Paths};
use serde::de::value::Error;

use super::locate;
use crate::json::{from_value, Map, Value};

/// The document as openapiv3 reads it: `None` when openapiv3 panicked on a node, as
/// [`locate::quietly`] gives it.
pub(super) fn read(tree: &Value) -> Option<Result<OpenAPI, Error>> {
    apart(tree).or_else(|| whole(tree))
}

/// One reading of the whole document, which names what is wrong when a part is.
fn whole(tree: &Value) -> Option<Result<OpenAPI, Error>> {
    locate::quietly(|| from_value::<OpenAPI>(tree))
}

/// The document read in parts; `None` when a part is missing or not what openapiv3 takes (the
/// whole reading then gives the answer, or the error).
fn apart(tree: &Value) -> Option<Result<OpenAPI, Error>> {
    let Value::Object(root) = tree else {
        return None;
    };
    let paths = root.get("paths")?;
    let components = root.get("components");
    // The rest, with empty paths: `paths` is required, and its value is read apart.
    let mut rest: Map = root
        .iter()
        .filter(|(key, _)| *key != "paths" && *key != "components")
        .map(|(key, value)| (key.clone(), value.clone()))
        .collect();
    rest.insert("paths".to_owned(), Value::Object(Map::default()));
    // The components, the larger part, start at once; the paths and the rest go beside them
    // (in an import, once the spec's text is written on the other thread).
    let (components, (paths, rest)) = crate::threads::join(
        || components.map(|components| locate::quietly(|| from_value::<Components>(components))),
        || {
            let paths = locate::quietly(|| from_value::<Paths>(paths));
            (
                paths,
                locate::quietly(|| from_value::<OpenAPI>(&Value::Object(rest))),
            )
        },
    );
    let components = match components {
        Some(read) => Some(read?.ok()?),
        None => None,
    };
    let mut openapi = rest?.ok()?;
    openapi.paths = paths?.ok()?;
    openapi.components = components;
    Some(Ok(openapi))
}

#[cfg(test)]
mod tests {
    use super::{apart, whole};

    fn tree(text: &str) -> crate::json::Value {
        crate::json::yaml::from_str(text).expect("YAML")
    }

    /// The committed spec and the fixtures read the same in parts as whole.
    #[test]
    fn the_parts_are_what_the_whole_reading_gives() {
        let root = concat!(env!("CARGO_MANIFEST_DIR"), "/..");
        let mut read = 0;
        for path in [
            "spec/connector.yaml",
            "generator/tests/fixtures/recursive.yaml",
            "generator/tests/fixtures/events.yaml",
            "generator/tests/fixtures/hostile.yaml",
        ] {
            let text = std::fs::read_to_string(format!("{root}/{path}")).expect(path);
            let tree = tree(&text);
            let Some(Ok(expected)) = whole(&tree) else {
                continue;
            };
            let parts = apart(&tree).and_then(Result::ok);
            assert!(
                parts.as_ref() == Some(&expected),
                "{path} read apart differs"
            );
            read += 1;
        }
        assert!(read >= 3, "only {read} documents read");
    }

    /// Without components, or with a part openapiv3 refuses, the parts give way to the whole
    /// reading.
    #[test]
    fn what_the_parts_do_not_take_is_left_to_the_whole_reading() {
        let without =
            tree("openapi: 3.0.3\ninfo: {title: T, version: '1'}\npaths: {}\nx-note: kept\n");
        let read = apart(&without).and_then(Result::ok).expect("read apart");
        assert!(read.components.is_none());
        assert_eq!(Some(read), whole(&without).and_then(Result::ok));

        let null =
            tree("openapi: 3.0.3\ninfo: {title: T, version: '1'}\npaths: {}\ncomponents: null\n");
        assert!(apart(&null).is_none());
        assert!(super::read(&null).is_some_and(|read| read.is_ok()));

        let broken = tree(
            "openapi: 3.0.3\ninfo: {title: T, version: '1'}\npaths: {}\ncomponents: {schemas: 3}\n",
        );
        assert!(apart(&broken).is_none());
        assert!(super::read(&broken).is_some_and(|read| read.is_err()));
    }
}
