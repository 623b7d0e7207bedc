//! The connect flows' JSON, read and written without serde in the wasm client.
//!
//! The flows' data (the session their page was given, the server's answers, Meta's
//! signup events) arrives as JSON. In the browser it is parsed by the browser's own
//! `JSON.parse` and read here field by field (`FromJson` over a `JsonValue`), and what
//! the flows send is written with `JsonObject`: serde's per-type code and `serde_json`'s
//! parser made up a third of the module's size. The server keeps serde; the shapes read
//! here are serde's (externally tagged enums, `null` for an absent `Option`), and the
//! tests check every type against serde's own encoding.
//!
//! What keeps the two in step: the tests walk one example of every variant (chains built
//! by `match`es without a wildcard, `ConnectError::examples` and the fixtures of
//! `tests.rs`), so a new variant does not compile until it has an example, and its
//! example fails until its reader or writer here knows it. A serde attribute on a type
//! read here (`rename`, `tag`, `untagged`, `skip_serializing_if`, a default) changes the
//! shape: change the reader with it, and the round-trip tests say whether both agree.

mod connect;
mod error;
mod whatsapp;
mod writer;

#[cfg(feature = "hydrate")]
mod browser_value;
#[cfg(test)]
mod serde_value;
#[cfg(test)]
mod tests;

#[cfg(feature = "hydrate")]
pub use browser_value::parse;
pub use writer::{quoted, JsonArray, JsonObject};

/// A parsed JSON value, as the readers below see it: the browser's (`JSON.parse`) in
/// the wasm client, `serde_json`'s in the tests.
pub trait JsonValue: Sized {
    /// The field `name` of an object; `None` when absent, `null`, or not an object.
    fn field(&self, name: &str) -> Option<Self>;
    /// The value as a string, if it is one.
    fn text(&self) -> Option<String>;
    /// The value as a number, if it is one.
    fn number(&self) -> Option<f64>;
    /// The value as a boolean, if it is one.
    fn boolean(&self) -> Option<bool>;
    /// The items of an array, if it is one.
    fn items(&self) -> Option<Vec<Self>>;
    /// The one key of an object and its value (how serde writes an enum's variant that
    /// carries data).
    fn only_entry(&self) -> Option<(String, Self)>;
}

/// A type read from JSON in serde's shape.
pub trait FromJson: Sized {
    fn from_json<V: JsonValue>(value: &V) -> Option<Self>;
}

/// A type written as JSON in the shape its reader (serde on the server, Meta's SDK, the
/// vendor's page) expects.
pub trait ToJson {
    fn to_json(&self) -> String;
}

impl FromJson for String {
    fn from_json<V: JsonValue>(value: &V) -> Option<Self> {
        value.text()
    }
}

impl FromJson for bool {
    fn from_json<V: JsonValue>(value: &V) -> Option<Self> {
        value.boolean()
    }
}

impl<T: FromJson> FromJson for Vec<T> {
    fn from_json<V: JsonValue>(value: &V) -> Option<Self> {
        value.items()?.iter().map(T::from_json).collect()
    }
}

/// The required field `name`.
fn field<T: FromJson, V: JsonValue>(value: &V, name: &str) -> Option<T> {
    T::from_json(&value.field(name)?)
}

/// The optional field `name`: `Some(None)` when absent or `null`, `None` when present
/// but not a `T`.
fn optional<T: FromJson, V: JsonValue>(value: &V, name: &str) -> Option<Option<T>> {
    match value.field(name) {
        None => Some(None),
        Some(inner) => T::from_json(&inner).map(Some),
    }
}

/// The required boolean field `name`.
fn flag<V: JsonValue>(value: &V, name: &str) -> Option<bool> {
    value.field(name)?.boolean()
}

/// An enum value as serde writes it: a variant without data is its name (`"Busy"`),
/// one with data an object of one key (`{"RateLimited":{"minutes":5}}`).
fn variant<V: JsonValue>(value: &V) -> Option<(String, Option<V>)> {
    if let Some(name) = value.text() {
        return Some((name, None));
    }
    let (name, inner) = value.only_entry()?;
    Some((name, Some(inner)))
}
