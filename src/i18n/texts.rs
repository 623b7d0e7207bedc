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

    /// The texts one flow's page carries: the other flow's own texts are left empty
    /// (each page carries its language's texts in full otherwise). Texts both pages
    /// may show (the errors of either flow) stay.
    pub fn for_flow(mut self, whatsapp: bool) -> Self {
        let shared = ["pages_no_task", "pages_no_token"];
        // The add-number page is rendered on the server only: no flow needs its texts.
        let others: &[&str] = match whatsapp {
            true => &["pages_", "add_"],
            false => &["ready_", "add_"],
        };
        for key in Key::ALL {
            let name = key.name();
            if others.iter().any(|p| name.starts_with(p)) && !shared.contains(&name) {
                if let Some(value) = self.values.get_mut(*key as usize) {
                    value.clear();
                }
            }
        }
        self
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
