//! `serde_json`'s values, so the tests read serde's own encoding with the readers the
//! browser runs.

use serde_json::Value;

use super::JsonValue;

impl JsonValue for Value {
    fn field(&self, name: &str) -> Option<Self> {
        self.get(name).filter(|value| !value.is_null()).cloned()
    }

    fn text(&self) -> Option<String> {
        self.as_str().map(str::to_owned)
    }

    fn number(&self) -> Option<f64> {
        self.as_f64()
    }

    fn boolean(&self) -> Option<bool> {
        self.as_bool()
    }

    fn items(&self) -> Option<Vec<Self>> {
        self.as_array().cloned()
    }

    fn only_entry(&self) -> Option<(String, Self)> {
        let object = self.as_object()?;
        let mut entries = object.iter();
        let (key, value) = entries.next()?;
        entries
            .next()
            .is_none()
            .then(|| (key.clone(), value.clone()))
    }
}
