//! Which Meta flow a session runs: one type for the API, the database and the pages.

use serde::{Deserialize, Serialize};

use super::named::{decode_by_name, Named};

/// The contract's `integrationType`, also the stored value and the connect page's flow.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
pub enum IntegrationType {
    #[serde(rename = "whatsapp")]
    WhatsApp,
    #[serde(rename = "meta_page")]
    MetaPage,
}

impl Named for IntegrationType {
    const FIELD: &'static str = "integrationType";
    const ALL: &'static [Self] = &[Self::WhatsApp, Self::MetaPage];

    fn as_str(self) -> &'static str {
        match self {
            Self::WhatsApp => "whatsapp",
            Self::MetaPage => "meta_page",
        }
    }
}

decode_by_name!(IntegrationType);

impl IntegrationType {
    /// The path of the connect page for this flow.
    pub fn connect_path(self) -> &'static str {
        match self {
            Self::WhatsApp => "/vendor/connect/whatsapp",
            Self::MetaPage => "/vendor/connect/meta-page",
        }
    }

    /// The connect page of a session of this flow, by its token (the contract's
    /// `connect_url`).
    pub fn page_url(self, session_token: &str) -> String {
        format!("{}?session_token={session_token}", self.connect_path())
    }

    /// The connect page of a session of this flow, by its id: the address once the
    /// browser holds the session (no token in it).
    pub fn session_page(self, session_id: &str) -> String {
        format!("{}?session={session_id}", self.connect_path())
    }

    /// What the flow connects, as connection histories name it: `whatsapp` or `page`.
    pub fn connection_kind(self) -> &'static str {
        match self {
            Self::WhatsApp => "whatsapp",
            Self::MetaPage => "page",
        }
    }
}

#[cfg(all(test, feature = "ssr"))]
mod tests {
    use super::*;

    #[test]
    fn parses_both_names_and_round_trips() {
        for kind in IntegrationType::ALL.iter().copied() {
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
    fn refuses_other_spellings_naming_the_field() {
        for bad in ["WhatsApp", "meta-page", "", "page"] {
            let error = IntegrationType::parse(bad).unwrap_err();
            assert_eq!(
                error.0,
                "`integrationType` must be \"whatsapp\" or \"meta_page\""
            );
        }
    }
}
