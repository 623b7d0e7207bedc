//! Unicode case conversion without Rust's case tables in the wasm: in the browser the
//! conversion is JavaScript's (`toLowerCase`, `toUpperCase`: the same Unicode default
//! case mapping), on the server Rust's. The page search and the brand's initial use it,
//! since page and vendor names come in every script.

/// `text` in lower case.
pub fn lowercase(text: &str) -> String {
    #[cfg(feature = "hydrate")]
    {
        String::from(js_sys::JsString::from(text).to_lower_case())
    }
    #[cfg(not(feature = "hydrate"))]
    {
        text.to_lowercase()
    }
}

/// `text` in upper case.
pub fn uppercase(text: &str) -> String {
    #[cfg(feature = "hydrate")]
    {
        String::from(js_sys::JsString::from(text).to_upper_case())
    }
    #[cfg(not(feature = "hydrate"))]
    {
        text.to_uppercase()
    }
}

#[cfg(all(test, feature = "ssr"))]
mod tests {
    use super::*;

    #[test]
    fn converts_every_script() {
        assert_eq!(lowercase("Café ÇA Ελλάδα ДОМ"), "café ça ελλάδα дом");
        assert_eq!(uppercase("straße"), "STRASSE");
        assert_eq!(uppercase("é"), "É");
    }
}
