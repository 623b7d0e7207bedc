//! A setting that must never be printed: API secrets, encryption keys.

use std::{convert::Infallible, fmt, str::FromStr};

/// A secret value from the configuration. `Debug` prints `(redacted)` and there is no
/// `Display`, so neither a `{:?}` of the settings nor a log line can reveal it; the
/// value is read only through `expose`, where it is used.
#[derive(Clone, Default, PartialEq, Eq)]
pub struct Secret(String);

impl Secret {
    pub fn new(value: impl Into<String>) -> Self {
        Self(value.into())
    }

    /// The secret itself, for the one place that uses it.
    pub fn expose(&self) -> &str {
        &self.0
    }

    pub fn is_empty(&self) -> bool {
        self.0.is_empty()
    }
}

impl fmt::Debug for Secret {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("(redacted)")
    }
}

impl From<&str> for Secret {
    fn from(value: &str) -> Self {
        Self::new(value)
    }
}

impl From<String> for Secret {
    fn from(value: String) -> Self {
        Self(value)
    }
}

/// Lets command-line flags and environment variables be read straight into a secret.
impl FromStr for Secret {
    type Err = Infallible;

    fn from_str(value: &str) -> Result<Self, Self::Err> {
        Ok(Self::new(value))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn debug_never_shows_the_value() {
        let secret = Secret::new("hunter2-very-secret");
        assert_eq!(format!("{secret:?}"), "(redacted)");
        assert_eq!(format!("{:?}", Some(secret.clone())), "Some((redacted))");
        assert_eq!(secret.expose(), "hunter2-very-secret");
    }
}
