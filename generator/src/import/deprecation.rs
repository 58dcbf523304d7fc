//! Deprecations the sources state in prose: an enum value whose description says it is
//! deprecated (`Blacklist` – "Deprecated, use Blocklist instead.", `CreditCard` – "… –
//! deprecated, only for existing partners"). Both importers read them into
//! `Schema::values_deprecated`, which the bindings turn into `#[deprecated]` variants. The note
//! is ours: the facts (deprecated, the replacement, who may still use it), not Mews' sentence.

/// Our note for a value whose description marks it deprecated; `None` when it does not.
pub fn value_note(description: &str) -> Option<String> {
    let plain = super::markdown::plain_text(description);
    let lower = plain.to_lowercase();
    if !has_word(&lower, "deprecated") {
        return None;
    }
    let mut note = "Deprecated by Mews".to_owned();
    if let Some(replacement) = replacement(&plain) {
        note.push_str(&format!("; use `{replacement}` instead"));
    }
    if lower.contains("existing partners") {
        note.push_str("; still accepted for existing partners");
    }
    note.push('.');
    Some(note)
}

/// Whether `word` stands in `text` as a word of its own.
fn has_word(text: &str, word: &str) -> bool {
    text.match_indices(word).any(|(at, _)| {
        let before = text.get(..at).and_then(|t| t.chars().last());
        let after = text.get(at + word.len()..).and_then(|t| t.chars().next());
        !before.is_some_and(char::is_alphanumeric) && !after.is_some_and(char::is_alphanumeric)
    })
}

/// `X` of "use X instead" / "Use X.": the word after `use`, when it reads as a value name.
fn replacement(text: &str) -> Option<String> {
    let words: Vec<&str> = text.split_whitespace().collect();
    let at = words
        .iter()
        .position(|word| word.eq_ignore_ascii_case("use"))?;
    let name = words
        .get(at + 1)?
        .trim_matches(|c: char| !c.is_alphanumeric() && c != '_');
    let value_like = name.chars().next().is_some_and(char::is_uppercase)
        && name.chars().all(|c| c.is_alphanumeric() || c == '_');
    value_like.then(|| name.to_owned())
}

#[cfg(test)]
mod tests {
    use super::value_note;

    #[test]
    fn reads_deprecations_in_value_descriptions() {
        assert_eq!(
            value_note("Deprecated, use Blocklist instead.").as_deref(),
            Some("Deprecated by Mews; use `Blocklist` instead.")
        );
        assert_eq!(
            value_note("Credit card – deprecated, only for existing partners").as_deref(),
            Some("Deprecated by Mews; still accepted for existing partners.")
        );
        assert_eq!(value_note("Credit card"), None);
        assert_eq!(value_note("Not undeprecated anywhere"), None);
    }
}
