//! The ordered JSON value: what serde_json makes of the same text, pointers, key order.

use super::*;

#[test]
fn the_direct_copy_is_what_deserializing_gives() {
    let text = r#"{"b":1,"a":{"z":[1.5,null,-3,18446744073709551615,"s"],"y":true},"e":{},"l":[]}"#;
    let value: Value = serde_json::from_str(text).unwrap();
    let deserialized: serde_json::Value = from_value(&value).unwrap();
    assert_eq!(value.to_serde_json(), deserialized);
    assert_eq!(
        deserialized,
        serde_json::from_str::<serde_json::Value>(text).unwrap()
    );
}

/// Pointers find what serde_json's find, escaped tokens included, and the pointers the
/// generator builds (`error::pointer`) lead back to their key.
#[test]
fn pointers_read_as_serde_json_reads_them() {
    let text = r#"{"paths":{"/a/{id}":{"get":{"x~y":[0,{"k":1}]}}},"a~1b":2,"":3}"#;
    let value: Value = serde_json::from_str(text).unwrap();
    let theirs: serde_json::Value = serde_json::from_str(text).unwrap();
    for pointer in [
        "",
        "/paths/~1a~1{id}/get/x~0y/1/k",
        "/paths/~1a~1{id}/get/x~0y/0",
        "/a~01b",
        "/a~1b",
        "/",
        "/paths/missing",
        "/paths/~1a~1{id}/get/x~0y/01",
    ] {
        assert_eq!(
            value.pointer(pointer).map(Value::to_serde_json).as_ref(),
            theirs.pointer(pointer),
            "{pointer:?}"
        );
    }
    let built = crate::error::pointer(&crate::error::pointer("", "paths"), "/a/{id}");
    assert_eq!(built, "/paths/~1a~1{id}");
    assert!(value.pointer(&built).is_some());
    assert_eq!(crate::error::pointer("#", "x~y"), "#/x~0y");
    let mut value = value;
    *value.pointer_mut("/a~01b").unwrap() = Value::Bool(true);
    assert_eq!(value.pointer("/a~01b"), Some(&Value::Bool(true)));
}

#[test]
fn keys_keep_document_order() {
    let value: Value = serde_json::from_str(r#"{"b":1,"a":{"z":[1.5,null],"y":true}}"#).unwrap();
    let keys: Vec<&String> = value.as_object().unwrap().keys().collect();
    assert_eq!(keys, ["b", "a"]);
    assert_eq!(
        value.to_string(),
        r#"{"b":1,"a":{"z":[1.5,null],"y":true}}"#
    );
    let yaml: Value = yaml_serde::from_str("b: 1\na:\n  200: x\n").unwrap();
    assert_eq!(yaml.to_string(), r#"{"b":1,"a":{"200":"x"}}"#);
}

#[test]
fn the_macro_writes_keys_as_given() {
    let name = "Widget".to_owned();
    let list = vec!["a".to_owned()];
    let value =
        json!({"z": name, "a": [1, {"q": null, "p": list}], "m": format!("#/{}", 1), "e": {}});
    assert_eq!(
        value.to_string(),
        r##"{"z":"Widget","a":[1,{"q":null,"p":["a"]}],"m":"#/1","e":{}}"##
    );
    assert_eq!(json!([]), Value::Array(Vec::new()));
    assert_eq!(json!(Some(2_u32)), json!(2));
}

#[test]
fn lookups_behave_like_serde_json() {
    let mut value = json!({"a": [10, {"b~/c": "x"}]});
    assert_eq!(value.pointer("/a/1/b~0~1c"), Some(&json!("x")));
    assert_eq!(value.pointer("/a/01"), None);
    assert_eq!(value["a"][0], 10_i64);
    assert!(value["missing"]["deeper"].is_null());
    value["new"]["inner"] = json!(true);
    assert_eq!(value["new"], json!({"inner": true}));
    assert_eq!(
        value
            .get("a")
            .and_then(|a| a.get(1))
            .and_then(|b| b.get("b~/c")),
        Some(&json!("x"))
    );
    if let Some(target) = value.pointer_mut("/a/0") {
        *target = json!("changed");
    }
    assert_eq!(value["a"][0], "changed");
}
