//! The envelope as data: which body fields every request carries (the spec's `x-envelope`),
//! which of them `build()` requires and which are secrets, and the values a client was built
//! with. Mews' Connector API (`ClientToken`, `AccessToken`, `Client`, optional `LanguageCode` and
//! `CultureCode`) is [`Envelope::MEWS`], the default; a generated crate passes its own through
//! [`ApiClient::ENVELOPE`].

use std::fmt;

use crate::error::ConfigError;

/// One body field the client adds to every request.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct EnvelopeField {
    /// The wire name, e.g. `ClientToken`.
    pub name: &'static str,
    /// [`ClientBuilder::build`](crate::ClientBuilder::build) fails when it is not set.
    pub required: bool,
    /// Never shown: redacted in `Debug` output, logged bodies and error messages.
    pub secret: bool,
}

/// The body fields the client adds to every request, in the order they are sent.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Envelope {
    /// Every field, in wire order.
    pub fields: &'static [EnvelopeField],
}

impl Envelope {
    /// Mews' Connector API: `ClientToken` and `AccessToken` (secrets) and `Client`, required;
    /// `LanguageCode` and `CultureCode`, optional and set together.
    pub const MEWS: Envelope = Envelope {
        fields: &[
            EnvelopeField {
                name: "ClientToken",
                required: true,
                secret: true,
            },
            EnvelopeField {
                name: "AccessToken",
                required: true,
                secret: true,
            },
            EnvelopeField {
                name: "Client",
                required: true,
                secret: false,
            },
            EnvelopeField {
                name: "LanguageCode",
                required: false,
                secret: false,
            },
            EnvelopeField {
                name: "CultureCode",
                required: false,
                secret: false,
            },
        ],
    };

    /// The field named `name`, if the envelope has it.
    pub fn field(&self, name: &str) -> Option<&'static EnvelopeField> {
        self.fields.iter().find(|field| field.name == name)
    }
}

/// What [`ClientBuilder::build`](crate::ClientBuilder::build) returns: this crate's
/// [`Client`](crate::Client), or a generated crate's own client, which wraps it and names the
/// envelope of its API.
pub trait ApiClient: From<crate::Client> {
    /// The body fields every request of the API carries.
    const ENVELOPE: &'static Envelope;
}

impl ApiClient for crate::Client {
    const ENVELOPE: &'static Envelope = &Envelope::MEWS;
}

/// The setter that fills a field, for the message of a missing one.
fn setter(name: &str) -> String {
    match name {
        "ClientToken" => "ClientBuilder::client_token".to_owned(),
        "AccessToken" => "ClientBuilder::access_token".to_owned(),
        "Client" => "ClientBuilder::client".to_owned(),
        other => format!("ClientBuilder::envelope_field({other:?}, ..)"),
    }
}

/// The values a builder collected, checked against its envelope by [`finish`](Self::finish).
#[derive(Clone)]
pub(crate) struct EnvelopeValues {
    envelope: &'static Envelope,
    /// In the order set; a later value for a name replaces the earlier one.
    values: Vec<(String, String)>,
}

impl EnvelopeValues {
    pub(crate) fn new(envelope: &'static Envelope) -> Self {
        EnvelopeValues {
            envelope,
            values: Vec::new(),
        }
    }

    pub(crate) fn set(&mut self, name: String, value: String) {
        self.values.retain(|(set, _)| *set != name);
        self.values.push((name, value));
    }

    fn get(&self, name: &str) -> Option<&str> {
        self.values
            .iter()
            .find(|(set, _)| set == name)
            .map(|(_, value)| value.as_str())
    }

    /// The envelope filled in wire order: every value names a field of the envelope (nothing
    /// set is silently left out), every required field has a value that is not blank, and
    /// `LanguageCode`/`CultureCode` (when the envelope has both) are set together.
    pub(crate) fn finish(&self) -> Result<FilledEnvelope, ConfigError> {
        if let Some((name, _)) = self
            .values
            .iter()
            .find(|(name, _)| self.envelope.field(name).is_none())
        {
            let names: Vec<&str> = self.envelope.fields.iter().map(|f| f.name).collect();
            return Err(ConfigError::new(format!(
                "`{name}` is not a body field of this API, whose requests carry {}",
                names.join(", ")
            )));
        }
        for field in self.envelope.fields.iter().filter(|field| field.required) {
            if self.get(field.name).is_none_or(|v| v.trim().is_empty()) {
                return Err(ConfigError::new(format!(
                    "{} is required; set it with {}",
                    field.name,
                    setter(field.name)
                )));
            }
        }
        let paired = ["LanguageCode", "CultureCode"];
        if paired
            .iter()
            .all(|name| self.envelope.field(name).is_some())
            && paired
                .iter()
                .filter(|name| self.get(name).is_some())
                .count()
                == 1
        {
            return Err(ConfigError::new(
                "LanguageCode and CultureCode must be set together (Mews ignores one alone)",
            ));
        }
        let fields = self
            .envelope
            .fields
            .iter()
            .filter_map(|field| Some((field, self.get(field.name)?.to_owned())))
            .collect();
        Ok(FilledEnvelope { fields })
    }
}

impl fmt::Debug for EnvelopeValues {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let mut map = f.debug_map();
        for (name, value) in &self.values {
            let secret = self.envelope.field(name).is_none_or(|field| field.secret);
            if secret {
                map.entry(name, &Redacted);
            } else {
                map.entry(name, value);
            }
        }
        map.finish()
    }
}

/// The fields a client sends, with their values, in wire order.
#[derive(Clone)]
pub(crate) struct FilledEnvelope {
    pub(crate) fields: Vec<(&'static EnvelopeField, String)>,
}

impl FilledEnvelope {
    /// The value sent for the field `name`, if the envelope has it and it was set.
    #[cfg_attr(not(feature = "websocket"), allow(dead_code))]
    pub(crate) fn value(&self, name: &str) -> Option<&str> {
        self.fields
            .iter()
            .find(|(field, _)| field.name == name)
            .map(|(_, value)| value.as_str())
    }

    /// The secret values, for the redactor.
    pub(crate) fn secrets(&self) -> impl Iterator<Item = &str> {
        self.fields
            .iter()
            .filter(|(field, _)| field.secret)
            .map(|(_, value)| value.as_str())
    }

    /// What the client-side rate limit is shared by: the `AccessToken` Mews counts requests
    /// by, else every secret (else every value) of the envelope.
    pub(crate) fn rate_limit_key(&self) -> String {
        if let Some((_, token)) = self.fields.iter().find(|(f, _)| f.name == "AccessToken") {
            return token.clone();
        }
        let secrets: Vec<&str> = self.secrets().collect();
        if secrets.is_empty() {
            let values: Vec<&str> = self.fields.iter().map(|(_, v)| v.as_str()).collect();
            return values.join("\u{0}");
        }
        secrets.join("\u{0}")
    }
}

impl fmt::Debug for FilledEnvelope {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let mut map = f.debug_map();
        for (field, value) in &self.fields {
            if field.secret {
                map.entry(&field.name, &Redacted);
            } else {
                map.entry(&field.name, value);
            }
        }
        map.finish()
    }
}

/// Stands in for a secret in `Debug` output.
pub(crate) struct Redacted;

impl fmt::Debug for Redacted {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("<redacted>")
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    static BOOKING: Envelope = Envelope {
        fields: &[
            EnvelopeField {
                name: "Client",
                required: true,
                secret: false,
            },
            EnvelopeField {
                name: "ConfigurationId",
                required: true,
                secret: true,
            },
        ],
    };

    #[test]
    fn another_envelope_needs_only_its_own_fields() {
        let mut values = EnvelopeValues::new(&BOOKING);
        values.set("ConfigurationId".into(), "config-1".into());
        values.set("Client".into(), "Kiosk 1.0".into());
        let filled = values.finish().expect("complete");
        let names: Vec<&str> = filled.fields.iter().map(|(f, _)| f.name).collect();
        assert_eq!(
            names,
            ["Client", "ConfigurationId"],
            "wire order, not set order"
        );
        assert_eq!(filled.rate_limit_key(), "config-1");
        let debug = format!("{values:?} {filled:?}");
        assert!(
            !debug.contains("config-1") && debug.contains("Kiosk 1.0"),
            "{debug}"
        );
    }

    #[test]
    fn a_value_the_envelope_does_not_name_is_an_error() {
        let mut values = EnvelopeValues::new(&BOOKING);
        values.set("Client".into(), "Kiosk 1.0".into());
        values.set("ConfigurationId".into(), "config-1".into());
        values.set("AccessToken".into(), "secret".into());
        let error = values.finish().expect_err("AccessToken is Mews'");
        assert!(
            error.message.contains("`AccessToken` is not a body field")
                && error.message.contains("Client, ConfigurationId"),
            "{error}"
        );
        assert!(
            !format!("{values:?}").contains("secret"),
            "unknown names are redacted"
        );
    }

    #[test]
    fn a_missing_required_field_names_its_setter() {
        let mut values = EnvelopeValues::new(&BOOKING);
        values.set("Client".into(), "Kiosk 1.0".into());
        let error = values.finish().expect_err("no configuration id");
        assert!(
            error
                .message
                .contains("ConfigurationId is required; set it with ClientBuilder::envelope_field(\"ConfigurationId\", ..)"),
            "{error}"
        );
        let error = EnvelopeValues::new(&Envelope::MEWS)
            .finish()
            .expect_err("no tokens");
        assert!(
            error.message.contains("ClientBuilder::client_token"),
            "{error}"
        );
    }
}
