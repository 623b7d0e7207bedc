//! The browser's parsed JSON (`JSON.parse`), read through `Reflect`.

use js_sys::{Array, Object, Reflect};
use wasm_bindgen::{JsCast, JsValue};

use super::JsonValue;

impl JsonValue for JsValue {
    fn field(&self, name: &str) -> Option<Self> {
        if !self.is_object() {
            return None;
        }
        Reflect::get(self, &JsValue::from_str(name))
            .ok()
            .filter(|value| !value.is_null() && !value.is_undefined())
    }

    fn text(&self) -> Option<String> {
        self.as_string()
    }

    fn number(&self) -> Option<f64> {
        self.as_f64()
    }

    fn boolean(&self) -> Option<bool> {
        self.as_bool()
    }

    fn items(&self) -> Option<Vec<Self>> {
        Array::is_array(self).then(|| self.unchecked_ref::<Array>().iter().collect())
    }

    fn only_entry(&self) -> Option<(String, Self)> {
        if !self.is_object() || Array::is_array(self) {
            return None;
        }
        let keys = Object::keys(self.unchecked_ref::<Object>());
        if keys.length() != 1 {
            return None;
        }
        let key = keys.get(0);
        let value = Reflect::get(self, &key).ok()?;
        Some((key.as_string()?, value))
    }
}

/// Parses JSON text with the browser's parser.
pub fn parse(text: &str) -> Option<JsValue> {
    js_sys::JSON::parse(text).ok()
}
