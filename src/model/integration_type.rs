//! Which Meta flow a session runs: one type for the API, the database and the pages.

use serde::{Deserialize, Serialize};

/// The contract's `integrationType`, also the stored value and the connect page's flow.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
pub enum IntegrationType {
    #[serde(rename = "whatsapp")]
    WhatsApp,
    #[serde(rename = "meta_page")]
    MetaPage,
}

impl IntegrationType {
    pub const FIELD: &'static str = "integrationType";

    /// The contract's name, also the stored value.
    pub fn as_str(self) -> &'static str {
        match self {
            Self::WhatsApp => "whatsapp",
            Self::MetaPage => "meta_page",
        }
    }

    /// The path of the connect page for this flow.
    pub fn connect_path(self) -> &'static str {
        match self {
            Self::WhatsApp => "/vendor/connect/whatsapp",
            Self::MetaPage => "/vendor/connect/meta-page",
        }
    }
}

#[cfg(feature = "ssr")]
impl IntegrationType {
    /// `"whatsapp"` or `"meta_page"`, exactly.
    pub fn parse(raw: &str) -> Result<Self, crate::domain::Invalid> {
        match raw {
            "whatsapp" => Ok(Self::WhatsApp),
            "meta_page" => Ok(Self::MetaPage),
            _ => Err(crate::domain::Invalid::new(
                "`integrationType` must be \"whatsapp\" or \"meta_page\"",
            )),
        }
    }
}

/// Decoding a stored value: anything else in the column is a database fault.
#[cfg(feature = "ssr")]
impl TryFrom<String> for IntegrationType {
    type Error = crate::domain::Invalid;

    fn try_from(raw: String) -> Result<Self, Self::Error> {
        Self::parse(&raw)
    }
}

#[cfg(all(test, feature = "ssr"))]
mod tests {
    use super::*;

    #[test]
    fn parses_both_names_and_round_trips() {
        for kind in [IntegrationType::WhatsApp, IntegrationType::MetaPage] {
            assert_eq!(IntegrationType::parse(kind.as_str()).unwrap(), kind);
            let json = serde_json::to_string(&kind).unwrap();
            assert_eq!(json, format!("\"{}\"", kind.as_str()));
        }
    }

    #[test]
    fn connect_paths_follow_the_contract() {
        assert_eq!(
            IntegrationType::WhatsApp.connect_path(),
            "/vendor/connect/whatsapp"
        );
        assert_eq!(
            IntegrationType::MetaPage.connect_path(),
            "/vendor/connect/meta-page"
        );
    }

    #[test]
    fn refuses_other_spellings() {
        for bad in ["WhatsApp", "meta-page", "", "page"] {
            assert!(IntegrationType::parse(bad).is_err(), "{bad}");
        }
    }
}
