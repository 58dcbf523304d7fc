//! Names in upper camel and snake case, as heck 0.5 makes them. The generator converts names by
//! the thousand (types, fields, variants, modules, on both sides of an import) and heck writes
//! each character through `fmt`; an ASCII name (all that OpenAPI specs give in practice) takes
//! the byte path below instead, which splits words exactly as heck's `transform` does. Any other
//! name goes to heck itself, so the answers never differ.

/// `to_upper_camel_case` and `to_snake_case`, named as heck names them.
pub(crate) trait Case {
    /// `Words` from `words`, `ASCIIName`, `some-name` (heck's upper camel case).
    fn to_upper_camel_case(&self) -> String;
    /// `words` from `Words`, `ascii_name`, `SomeName` (heck's snake case).
    fn to_snake_case(&self) -> String;
}

impl Case for str {
    fn to_upper_camel_case(&self) -> String {
        if !self.is_ascii() {
            return heck::AsUpperCamelCase(self).to_string();
        }
        let mut out = Vec::with_capacity(self.len());
        words(self.as_bytes(), |word| {
            if let Some((first, rest)) = word.split_first() {
                out.push(first.to_ascii_uppercase());
                out.extend(rest.iter().map(u8::to_ascii_lowercase));
            }
        });
        ascii(out)
    }

    fn to_snake_case(&self) -> String {
        if !self.is_ascii() {
            return heck::AsSnakeCase(self).to_string();
        }
        let mut out = Vec::with_capacity(self.len() + 4);
        words(self.as_bytes(), |word| {
            if !out.is_empty() {
                out.push(b'_');
            }
            out.extend(word.iter().map(u8::to_ascii_lowercase));
        });
        ascii(out)
    }
}

/// The bytes made from an ASCII name, which are ASCII too.
fn ascii(bytes: Vec<u8>) -> String {
    String::from_utf8(bytes).unwrap_or_default()
}

/// The case of the last cased letter since a word began (heck's `WordMode`).
#[derive(Clone, Copy, PartialEq)]
enum Mode {
    Boundary,
    Lower,
    Upper,
}

/// Calls `word` with each word of an ASCII name, never an empty one: runs of letters and digits
/// split where a lower case letter (or digits after one) meets an upper case one (`fooBar`), and
/// before the last of several capitals that starts a lower case word (`HTTPServer`).
fn words(name: &[u8], mut word: impl FnMut(&[u8])) {
    for run in name.split(|b| !b.is_ascii_alphanumeric()) {
        let mut start = 0;
        let mut mode = Mode::Boundary;
        for (at, &byte) in run.iter().enumerate() {
            let Some(&next) = run.get(at + 1) else {
                word(&run[start..]);
                break;
            };
            let next_mode = if byte.is_ascii_lowercase() {
                Mode::Lower
            } else if byte.is_ascii_uppercase() {
                Mode::Upper
            } else {
                mode
            };
            if next_mode == Mode::Lower && next.is_ascii_uppercase() {
                word(&run[start..=at]);
                start = at + 1;
                mode = Mode::Boundary;
            } else if mode == Mode::Upper && byte.is_ascii_uppercase() && next.is_ascii_lowercase()
            {
                word(&run[start..at]);
                start = at;
                mode = Mode::Boundary;
            } else {
                mode = next_mode;
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::Case;

    fn agrees(name: &str) {
        assert_eq!(
            Case::to_upper_camel_case(name),
            heck::ToUpperCamelCase::to_upper_camel_case(name),
            "upper camel case of {name:?}"
        );
        assert_eq!(
            Case::to_snake_case(name),
            heck::ToSnakeCase::to_snake_case(name),
            "snake case of {name:?}"
        );
    }

    /// Every name of up to six characters over letters of both cases, a digit and two
    /// separators, as heck converts it.
    #[test]
    fn short_names_convert_as_heck_converts_them() {
        let alphabet = ['a', 'B', 'c', 'D', '1', '_', ' '];
        let mut names = vec![String::new()];
        let mut checked = 0;
        for _ in 0..6 {
            let mut longer = Vec::with_capacity(names.len() * alphabet.len());
            for name in &names {
                for c in alphabet {
                    let mut next = name.clone();
                    next.push(c);
                    agrees(&next);
                    checked += 1;
                    longer.push(next);
                }
            }
            names = longer;
        }
        assert_eq!(checked, (1..=6).map(|n| 7usize.pow(n)).sum::<usize>());
    }

    /// Longer names, pseudo-random over printable ASCII, and the names a spec gives.
    #[test]
    fn other_names_convert_as_heck_converts_them() {
        let mut state: u64 = 0x9e37_79b9_7f4a_7c15;
        for _ in 0..20_000 {
            let length = (state % 24) as usize;
            let name: String = (0..length)
                .map(|_| {
                    state ^= state << 13;
                    state ^= state >> 7;
                    state ^= state << 17;
                    char::from(b' ' + (state % 95) as u8)
                })
                .collect();
            agrees(&name);
        }
        for name in [
            "HTTPServer",
            "getHTTPResponseCode",
            "Reservation_v2",
            "ABC1Def",
            "a1B",
            "x-mews-id",
            "OAuth2Token",
            "IDs",
            "__init__",
            "Σίσυφος ΣΑΣ",
            "café_Crème",
            "ǅungla",
        ] {
            agrees(name);
        }
    }
}
