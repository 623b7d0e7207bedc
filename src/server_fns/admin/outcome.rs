//! How an admin change ends for a form posted without JavaScript: where it goes, and
//! the one-time message it leaves there.

use crate::model::admin::{Flash, FlashKind};

/// Where a successful form post goes, and what it says there.
#[derive(Debug, Default)]
pub struct Outcome {
    pub redirect: Option<String>,
    pub flash: Option<Flash>,
}

impl Outcome {
    /// Back to the page the form was on, saying `text`.
    pub fn notice(text: impl Into<String>) -> Self {
        Self {
            redirect: None,
            flash: Some(Flash {
                kind: FlashKind::Notice,
                text: text.into(),
                secret: None,
            }),
        }
    }

    /// Back to the page the form was on, showing `secret` once.
    pub fn secret(text: impl Into<String>, secret: impl Into<String>) -> Self {
        Self {
            redirect: None,
            flash: Some(Flash {
                kind: FlashKind::Notice,
                text: text.into(),
                secret: Some(secret.into()),
            }),
        }
    }

    /// To `path` (a page of the admin area).
    pub fn go_to(mut self, path: impl Into<String>) -> Self {
        self.redirect = Some(path.into());
        self
    }
}
