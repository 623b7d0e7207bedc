use super::Invalid;

/// What a staff member may do: admins everything, viewers read only.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum StaffRole {
    Admin,
    Viewer,
}

impl StaffRole {
    pub fn parse(raw: &str) -> Result<Self, Invalid> {
        match raw.trim() {
            "admin" => Ok(Self::Admin),
            "viewer" => Ok(Self::Viewer),
            _ => Err(Invalid::new("`role` must be \"admin\" or \"viewer\"")),
        }
    }

    pub fn as_str(self) -> &'static str {
        match self {
            Self::Admin => "admin",
            Self::Viewer => "viewer",
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn round_trips_and_refuses_others() {
        for role in [StaffRole::Admin, StaffRole::Viewer] {
            assert_eq!(StaffRole::parse(role.as_str()), Ok(role));
        }
        assert!(StaffRole::parse("owner").is_err());
        assert!(StaffRole::parse("Admin").is_err());
    }
}
