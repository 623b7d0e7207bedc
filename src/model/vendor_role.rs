//! What a vendor's user may do in the vendor console.

use serde::{Deserialize, Serialize};

use super::named::{decode_by_name, Named};

/// Owners do everything, their team included; developers change the integration's
/// settings (keys, origins, webhooks, theme); viewers read and change nothing.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum VendorRole {
    Owner,
    Developer,
    Viewer,
}

impl Named for VendorRole {
    const FIELD: &'static str = "role";
    const ALL: &'static [Self] = &[Self::Owner, Self::Developer, Self::Viewer];

    fn as_str(self) -> &'static str {
        match self {
            Self::Owner => "owner",
            Self::Developer => "developer",
            Self::Viewer => "viewer",
        }
    }
}

decode_by_name!(VendorRole);

impl VendorRole {
    /// Whether this role may change the integration's settings.
    pub fn can_change(self) -> bool {
        self != Self::Viewer
    }

    /// Whether this role may invite, reset and remove the vendor's users.
    pub fn manages_team(self) -> bool {
        self == Self::Owner
    }
}

#[cfg(all(test, feature = "ssr"))]
mod tests {
    use super::*;

    #[test]
    fn round_trips_refuses_others_and_orders_powers() {
        for role in VendorRole::ALL.iter().copied() {
            assert_eq!(VendorRole::parse(role.as_str()), Ok(role));
        }
        assert!(VendorRole::parse("admin").is_err());
        assert!(VendorRole::Owner.manages_team() && VendorRole::Owner.can_change());
        assert!(!VendorRole::Developer.manages_team() && VendorRole::Developer.can_change());
        assert!(!VendorRole::Viewer.manages_team() && !VendorRole::Viewer.can_change());
    }
}
