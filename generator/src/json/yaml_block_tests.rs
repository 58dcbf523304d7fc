//! The line reader against the saphyr path (itself held to yaml_serde): the same tree for what
//! it takes, and `None` for what it leaves.

use super::read;
use crate::json::yaml::read_events;

/// Documents the line reader must take, each read as the saphyr path reads it.
const TAKEN: &[&str] = &[
    "a: 1\nb: two\n",
    "# a comment\n\nroot:\n  child: x\n  list:\n  - 1\n  - -2\n  - '-3'\n  empty: []\n  none: {}\n",
    "a:\n  - b: 1\n    c: 2\n  - d\n  -   e: 3\n      f: 4\n",
    "a:\n- - x\n  - y\n- z\n",
    "text: a plain scalar\n  folded over\n\n  lines\nnext: 1\n",
    "text: starts\n  `code` and [link](x) and *stress* and 'quotes' and -dash\n",
    "q: 'it''s quoted\n  and folded  \n\n  twice'\n",
    "d: \"escapes \\\" \\\\ \\/ \\n \\t \\u00e9 \\x41 \\U0001F600\"\n",
    "d: \"folded\\\n  \\ with an escaped break and a\n  plain one\"\n",
    "k: null\nt: true\nf: False\nn: ~\ni: 0x1F\no: 0o17\nfl: 1.5e3\ns: 007\nneg: -1\n",
    "'200':\n  description: ok\n'quoted key': v\n",
    "empty:\nnext: 1\n",
    "a: &anchor\n  x: 1\nb: *anchor\nc:\n- *anchor\n",
    "url: https://docs.mews.com/a#b\npath: /api/connector/v1/x\nref: '#/components/schemas/A'\n",
    "deep:\n  a:\n    b:\n      c: []\n",
    "l: |-\n  one\n\n    two\nm: |\n  clip\n\n\nn: |+\n  keep\n\n\no: |2-\n    indented\n  back\np:\n- |-\n  item\n  text\n",
    "end: |+\n  kept\n\n",
    "end: |\n  clipped\n",
    "trailing:\n  - a\n\n\n",
    "colon: a:b\nq: what? yes\ndash: a - b\n",
    "a#b: c#d\nurl: http://x:80/y#z\ntail: x\n  y::z\n",
];

/// Documents it leaves to the other paths.
const LEFT: &[&str] = &[
    "a:\tb\n",
    "a: b # comment\n",
    "a: >\n  folded\n",
    "a: [1, 2]\n",
    "a: {b: 1}\n",
    "a: !tag b\n",
    "---\na: 1\n",
    "- a\n- b\n",
    "a: b\na: c\n",
    "\"double key\": 1\n",
    "a: b: c\n",
    "a: x\n  - y\n",
    "a: 1\n b: 2\n",
    "a: 'unclosed\n",
    "a: *missing\n",
    "a: \"bad \\q escape\"\n",
    "a: b \n",
    "a: text\n  # a comment line\n",
    "a: text\n  - dash\n",
    "end: |+\n  no final break",
    "end: |+\n",
    "end: |-\n\n",
    "a: |\n     \n  less\n",
    "a #b: c\n",
    "a: b:\n",
    "a: x\n  y: z\n",
    "a: x\n  y #z\n",
];

#[test]
fn what_it_takes_it_reads_as_the_saphyr_path_does() {
    for text in TAKEN {
        let fast = read(text).unwrap_or_else(|| panic!("the line reader leaves {text:?}"));
        assert_eq!(Some(fast), read_events(text), "{text:?}");
    }
}

#[test]
fn what_it_leaves_goes_to_the_other_paths() {
    for text in LEFT {
        assert_eq!(read(text), None, "{text:?}");
    }
}

#[test]
fn the_committed_spec_is_read_as_the_saphyr_path_reads_it() {
    let path = concat!(env!("CARGO_MANIFEST_DIR"), "/../spec/connector.yaml");
    let text = std::fs::read_to_string(path).expect("spec/connector.yaml");
    let fast = read(&text).expect("the line reader takes the committed spec");
    assert!(fast == read_events(&text).expect("saphyr takes it"));
}
