use super::Invalid;

/// Which Meta flow a session runs.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum IntegrationType {
    WhatsApp,
    MetaPage,
}

impl IntegrationType {
    pub const FIELD: &'static str = "integrationType";

    /// `"whatsapp"` or `"meta_page"`, exactly.
    pub fn parse(raw: &str) -> Result<Self, Invalid> {
        match raw {
            "whatsapp" => Ok(Self::WhatsApp),
            "meta_page" => Ok(Self::MetaPage),
            _ => Err(Invalid::new(
                "`integrationType` must be \"whatsapp\" or \"meta_page\"",
            )),
        }
    }

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

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn parses_both_names_and_round_trips() {
        for kind in [IntegrationType::WhatsApp, IntegrationType::MetaPage] {
            assert_eq!(IntegrationType::parse(kind.as_str()).unwrap(), kind);
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
