//! Live or test: what a key, its sessions and their workspaces run against.

use serde::{Deserialize, Serialize};

use super::named::{decode_by_name, Named};

/// A live key's sessions reach Meta; a test key's run against the Meta simulator and
/// have workspaces of their own. Results carry `livemode`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum Mode {
    Live,
    Test,
}

impl Named for Mode {
    const FIELD: &'static str = "mode";
    const ALL: &'static [Self] = &[Self::Live, Self::Test];

    fn as_str(self) -> &'static str {
        match self {
            Self::Live => "live",
            Self::Test => "test",
        }
    }
}

decode_by_name!(Mode);

impl Mode {
    /// The `livemode` field of results and events.
    pub fn is_live(self) -> bool {
        self == Self::Live
    }
}

#[cfg(all(test, feature = "ssr"))]
mod tests {
    use super::*;

    #[test]
    fn round_trips_and_refuses_others() {
        for mode in Mode::ALL.iter().copied() {
            assert_eq!(Mode::parse(mode.as_str()), Ok(mode));
        }
        assert!(Mode::Live.is_live() && !Mode::Test.is_live());
        for bad in ["", "Live", "prod"] {
            assert_eq!(
                Mode::parse(bad).unwrap_err().0,
                "`mode` must be \"live\" or \"test\""
            );
        }
    }
}
