//! Live or test: what a key, its sessions and their workspaces run against.

use serde::{Deserialize, Serialize};

/// A live key's sessions reach Meta; a test key's run against the Meta simulator and
/// have workspaces of their own. Results carry `livemode`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum Mode {
    Live,
    Test,
}

impl Mode {
    /// The stored value.
    pub fn as_str(self) -> &'static str {
        match self {
            Self::Live => "live",
            Self::Test => "test",
        }
    }

    /// The `livemode` field of results and events.
    pub fn is_live(self) -> bool {
        self == Self::Live
    }
}

#[cfg(feature = "ssr")]
impl Mode {
    /// `"live"` or `"test"`.
    pub fn parse(raw: &str) -> Result<Self, crate::domain::Invalid> {
        match raw.trim() {
            "live" => Ok(Self::Live),
            "test" => Ok(Self::Test),
            _ => Err(crate::domain::Invalid::new(
                "`mode` must be \"live\" or \"test\"",
            )),
        }
    }
}

/// Decoding a stored value: anything else in the column is a database fault.
#[cfg(feature = "ssr")]
impl TryFrom<String> for Mode {
    type Error = crate::domain::Invalid;

    fn try_from(raw: String) -> Result<Self, Self::Error> {
        Self::parse(&raw)
    }
}

#[cfg(all(test, feature = "ssr"))]
mod tests {
    use super::*;

    #[test]
    fn round_trips_and_refuses_others() {
        for mode in [Mode::Live, Mode::Test] {
            assert_eq!(Mode::parse(mode.as_str()), Ok(mode));
        }
        assert!(Mode::Live.is_live() && !Mode::Test.is_live());
        for bad in ["", "Live", "prod"] {
            assert!(Mode::parse(bad).is_err(), "{bad}");
        }
    }
}
