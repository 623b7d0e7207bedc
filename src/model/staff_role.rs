//! What a staff member may do in the admin area.

use serde::{Deserialize, Serialize};

/// Admins do everything; viewers read everything and change nothing.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum StaffRole {
    Admin,
    Viewer,
}

impl StaffRole {
    /// The stored value.
    pub fn as_str(self) -> &'static str {
        match self {
            Self::Admin => "admin",
            Self::Viewer => "viewer",
        }
    }

    /// Whether this role may change anything.
    pub fn can_change(self) -> bool {
        self == Self::Admin
    }
}

#[cfg(feature = "ssr")]
impl StaffRole {
    pub fn parse(raw: &str) -> Result<Self, crate::domain::Invalid> {
        match raw.trim() {
            "admin" => Ok(Self::Admin),
            "viewer" => Ok(Self::Viewer),
            _ => Err(crate::domain::Invalid::new(
                "`role` must be \"admin\" or \"viewer\"",
            )),
        }
    }
}

/// Decoding a stored value: anything else in the column is a database fault.
#[cfg(feature = "ssr")]
impl TryFrom<String> for StaffRole {
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
        for role in [StaffRole::Admin, StaffRole::Viewer] {
            assert_eq!(StaffRole::parse(role.as_str()), Ok(role));
        }
        assert!(StaffRole::parse("owner").is_err());
        assert!(StaffRole::parse("Admin").is_err());
        assert!(StaffRole::Admin.can_change() && !StaffRole::Viewer.can_change());
    }
}
