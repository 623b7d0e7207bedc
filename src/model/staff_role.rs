//! What a staff member may do in the admin area.

use serde::{Deserialize, Serialize};

use super::named::{decode_by_name, Named};

/// Admins do everything; viewers read everything and change nothing.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum StaffRole {
    Admin,
    Viewer,
}

impl Named for StaffRole {
    const FIELD: &'static str = "role";
    const ALL: &'static [Self] = &[Self::Admin, Self::Viewer];

    fn as_str(self) -> &'static str {
        match self {
            Self::Admin => "admin",
            Self::Viewer => "viewer",
        }
    }
}

decode_by_name!(StaffRole);

impl StaffRole {
    /// Whether this role may change anything.
    pub fn can_change(self) -> bool {
        self == Self::Admin
    }
}

#[cfg(all(test, feature = "ssr"))]
mod tests {
    use super::*;

    #[test]
    fn round_trips_and_refuses_others() {
        for role in StaffRole::ALL.iter().copied() {
            assert_eq!(StaffRole::parse(role.as_str()), Ok(role));
        }
        assert!(StaffRole::parse("owner").is_err());
        assert!(StaffRole::parse("Admin").is_err());
        assert!(StaffRole::Admin.can_change() && !StaffRole::Viewer.can_change());
    }
}
