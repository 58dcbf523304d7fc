//! One frame → its items: the message `{"Events": [...]}` split into events, each decoded on
//! its own so one bad event costs only itself.

use serde::de::DeserializeOwned;
use serde::Deserialize;
use serde_json::value::RawValue;

use super::item::{Item, Malformed};
use crate::error::Redactor;
use crate::transport::decode_json;

/// The message envelope; other top-level fields are ignored.
#[derive(Deserialize)]
struct Message {
    #[serde(rename = "Events")]
    events: Vec<Box<RawValue>>,
}

/// Decodes a text or binary frame into one item per event, in order.
pub(crate) fn items<E: DeserializeOwned>(frame: &[u8], redactor: &Redactor) -> Vec<Item<E>> {
    let message = match decode_json::<Message>(frame) {
        Ok(message) => message,
        Err(error) => {
            return vec![Item::Malformed(Malformed {
                path: error.path,
                message: redactor.redact(&error.error.to_string()).into_owned(),
                index: None,
                raw: redactor
                    .redact(&String::from_utf8_lossy(frame))
                    .into_owned(),
            })]
        }
    };
    message
        .events
        .into_iter()
        .enumerate()
        .map(
            |(index, raw)| match decode_json::<E>(raw.get().as_bytes()) {
                Ok(event) => Item::Event(event),
                Err(error) => {
                    let inner = if error.path == "." {
                        String::new()
                    } else {
                        format!(".{}", error.path)
                    };
                    Item::Malformed(Malformed {
                        path: format!("Events[{index}]{inner}"),
                        message: redactor.redact(&error.error.to_string()).into_owned(),
                        index: Some(index),
                        raw: redactor.redact(raw.get()).into_owned(),
                    })
                }
            },
        )
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[derive(Debug, PartialEq, Deserialize)]
    struct Event {
        #[serde(rename = "Type")]
        kind: String,
        #[serde(rename = "Id")]
        id: u32,
    }

    fn decode(frame: &str) -> Vec<Item<Event>> {
        items(frame.as_bytes(), &Redactor::new(&["SECRET"]))
    }

    fn malformed(item: &Item<Event>) -> &Malformed {
        match item {
            Item::Malformed(m) => m,
            other => panic!("expected a malformed item, got {other:?}"),
        }
    }

    #[test]
    fn events_come_out_in_order_and_a_bad_one_costs_only_itself() {
        let items = decode(
            r#"{"Events":[{"Type":"A","Id":1},{"Type":"B","Id":"x"},{"Type":"C","Id":3}],"New":1}"#,
        );
        assert_eq!(items.len(), 3);
        assert_eq!(
            items[0],
            Item::Event(Event {
                kind: "A".into(),
                id: 1
            })
        );
        let bad = malformed(&items[1]);
        assert_eq!(bad.path, "Events[1].Id");
        assert_eq!(bad.index, Some(1));
        assert_eq!(bad.raw, r#"{"Type":"B","Id":"x"}"#);
        assert!(matches!(&items[2], Item::Event(Event { id: 3, .. })));
    }

    #[test]
    fn a_bad_message_is_one_item_naming_where() {
        let not_json = decode("SECRET is not json");
        let bad = malformed(&not_json[0]);
        assert_eq!((bad.path.as_str(), bad.index), (".", None));
        assert!(!bad.raw.contains("SECRET"), "{}", bad.raw);
        let no_events = decode(r#"{"Other":[]}"#);
        assert!(malformed(&no_events[0]).message.contains("Events"));
        let not_array = decode(r#"{"Events":{"Type":"A"}}"#);
        assert_eq!(malformed(&not_array[0]).path, "Events");
        let not_object = decode(r#"{"Events":[7]}"#);
        assert_eq!(malformed(&not_object[0]).path, "Events[0]");
        assert!(decode(r#"{"Events":[]}"#).is_empty());
    }
}
