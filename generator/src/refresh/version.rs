//! The crate's version in its manifest, and the semver step a refresh takes.

/// A `major.minor.patch` version.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord)]
pub struct Version {
    pub major: u64,
    pub minor: u64,
    pub patch: u64,
}

impl std::fmt::Display for Version {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "{}.{}.{}", self.major, self.minor, self.patch)
    }
}

impl std::str::FromStr for Version {
    type Err = String;

    fn from_str(text: &str) -> Result<Version, String> {
        let parts: Vec<&str> = text.trim().split('.').collect();
        let number = |part: &str| {
            part.parse::<u64>()
                .map_err(|_| format!("version `{text}` is not major.minor.patch"))
        };
        match parts.as_slice() {
            [major, minor, patch] => Ok(Version {
                major: number(major)?,
                minor: number(minor)?,
                patch: number(patch)?,
            }),
            _ => Err(format!("version `{text}` is not major.minor.patch")),
        }
    }
}

impl Version {
    /// The next version for a release with (`breaking`) or without breaking changes: before
    /// 1.0 a breaking release bumps the minor and any other the patch; from 1.0 a breaking
    /// release bumps the major and any other the minor (it adds API).
    pub fn next(self, breaking: bool) -> Version {
        match (self.major, breaking) {
            (0, true) => Version {
                minor: self.minor + 1,
                patch: 0,
                ..self
            },
            (0, false) => Version {
                patch: self.patch + 1,
                ..self
            },
            (major, true) => Version {
                major: major + 1,
                minor: 0,
                patch: 0,
            },
            (_, false) => Version {
                minor: self.minor + 1,
                patch: 0,
                ..self
            },
        }
    }
}

/// The `version` of the manifest's `[package]` table, and the byte range of its value.
fn package_version(manifest: &str) -> Result<(Version, std::ops::Range<usize>), String> {
    let mut in_package = false;
    let mut offset = 0;
    for line in manifest.split_inclusive('\n') {
        let trimmed = line.trim();
        if trimmed.starts_with('[') {
            in_package = trimmed == "[package]";
        } else if in_package {
            if let Some(rest) = trimmed.strip_prefix("version") {
                let rest = rest.trim_start();
                if let Some(value) = rest.strip_prefix('=') {
                    let value = value.trim();
                    let inner = value
                        .strip_prefix('"')
                        .and_then(|v| v.strip_suffix('"'))
                        .ok_or_else(|| "[package] version is not a plain string".to_owned())?;
                    let start = offset
                        + line
                            .find(inner)
                            .ok_or_else(|| "[package] version not found".to_owned())?;
                    return Ok((inner.parse()?, start..start + inner.len()));
                }
            }
        }
        offset += line.len();
    }
    Err("the manifest has no [package] version".to_owned())
}

/// The crate's version.
pub fn read(manifest: &str) -> Result<Version, String> {
    package_version(manifest).map(|(version, _)| version)
}

/// The manifest with its `[package]` version set to `version`, nothing else touched.
pub fn write(manifest: &str, version: Version) -> Result<String, String> {
    let (_, range) = package_version(manifest)?;
    let mut out = manifest.to_owned();
    out.replace_range(range, &version.to_string());
    Ok(out)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn bumps_by_semver() {
        let v: Version = "0.1.0".parse().expect("version");
        assert_eq!(v.next(true).to_string(), "0.2.0");
        assert_eq!(v.next(false).to_string(), "0.1.1");
        let one: Version = "1.4.2".parse().expect("version");
        assert_eq!(one.next(true).to_string(), "2.0.0");
        assert_eq!(one.next(false).to_string(), "1.5.0");
        assert!("1.2".parse::<Version>().is_err());
    }

    #[test]
    fn rewrites_only_the_package_version() {
        let manifest = "[workspace]\nversion = \"9.9.9\"\n\n[package]\nname = \"x\"\nversion = \"0.1.0\"\n\n[dependencies]\ny = { version = \"1\" }\n";
        assert_eq!(read(manifest).expect("read").to_string(), "0.1.0");
        let written = write(manifest, "0.2.0".parse().expect("v")).expect("write");
        assert_eq!(written, manifest.replace("\"0.1.0\"", "\"0.2.0\""));
    }
}
