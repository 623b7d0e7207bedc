//! One language's texts, as a page holds them.

use serde::{Deserialize, Serialize};

use super::{Key, Locale};

/// The texts of one language, in the order of `Key::ALL`: what a connect page (and its
/// flow in the browser) needs, and nothing of the other languages.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Texts {
    pub locale: Locale,
    values: Vec<String>,
}

impl Texts {
    /// Texts in `Key::ALL` order.
    pub fn new(locale: Locale, values: Vec<String>) -> Self {
        Self { locale, values }
    }

    /// The text of `key` (empty if the list is short, which the catalogue never makes).
    pub fn get(&self, key: Key) -> &str {
        self.values.get(key as usize).map_or("", String::as_str)
    }

    /// The text of `key` with each `{name}` replaced by its value.
    pub fn fill(&self, key: Key, values: &[(&str, &str)]) -> String {
        let mut text = self.get(key).to_owned();
        for (name, value) in values {
            text = text.replace(&["{", name, "}"].concat(), value);
        }
        text
    }
}
