//! What Graph's answers share: cursor paging, and `{"success": true}`.

use serde::Deserialize;
use serde_json::Value;

use super::GraphError;

/// Meta's cursor paging. The `next` URL carries the token in its query, so it is never
/// followed as given: only its presence says there is more.
#[derive(Deserialize)]
pub(super) struct Paging {
    cursors: Option<Cursors>,
    next: Option<String>,
}

impl Paging {
    /// The cursor of the next page, when there is one.
    pub(super) fn next_cursor(self) -> Option<String> {
        self.next.as_ref()?;
        self.cursors?.after
    }
}

#[derive(Deserialize)]
struct Cursors {
    after: Option<String>,
}

/// A call answered `{"success": true}`, or Meta's answer is malformed.
pub(super) fn expect_success(body: &Value, call: &str) -> Result<(), GraphError> {
    match body.get("success").and_then(Value::as_bool) {
        Some(true) => Ok(()),
        _ => Err(GraphError::Malformed(format!(
            "{call} did not answer success"
        ))),
    }
}
