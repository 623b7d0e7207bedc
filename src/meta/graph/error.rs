use serde_json::Value;

/// What kind of Graph failure this is, from Meta's error codes.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum GraphErrorKind {
    /// Codes 1 and 2, or an HTTP 5xx: worth one retry.
    Transient,
    /// Codes 4, 17, 32, 613.
    RateLimited,
    /// Code 190: the token is invalid or expired.
    InvalidToken,
    /// Codes 10 and 200-299: a permission is missing.
    PermissionDenied,
    /// Anything else Meta refused (bad parameter, used code, ...).
    Rejected,
}

impl GraphErrorKind {
    pub fn of(code: i64, http_status: u16) -> Self {
        match code {
            1 | 2 => Self::Transient,
            4 | 17 | 32 | 613 => Self::RateLimited,
            190 => Self::InvalidToken,
            10 | 200..=299 => Self::PermissionDenied,
            _ if http_status >= 500 => Self::Transient,
            _ => Self::Rejected,
        }
    }
}

/// A failed Graph call.
#[derive(Debug, Clone, thiserror::Error)]
pub enum GraphError {
    #[error("Graph error {code} ({kind:?}): {message}")]
    Api {
        kind: GraphErrorKind,
        http_status: u16,
        code: i64,
        subcode: Option<i64>,
        message: String,
        fbtrace_id: Option<String>,
    },
    #[error("the Graph call timed out")]
    Timeout,
    #[error("could not reach the Graph API: {0}")]
    Network(String),
    #[error("unexpected Graph response: {0}")]
    Malformed(String),
}

impl GraphError {
    /// Reads Meta's `{"error": {"message", "type", "code", "error_subcode", "fbtrace_id"}}`.
    pub(super) fn from_body(http_status: u16, body: &Value) -> Option<Self> {
        let error = body.get("error")?;
        let code = error.get("code").and_then(Value::as_i64).unwrap_or(0);
        Some(Self::Api {
            kind: GraphErrorKind::of(code, http_status),
            http_status,
            code,
            subcode: error.get("error_subcode").and_then(Value::as_i64),
            message: error
                .get("message")
                .and_then(Value::as_str)
                .unwrap_or("")
                .to_owned(),
            fbtrace_id: error
                .get("fbtrace_id")
                .and_then(Value::as_str)
                .map(str::to_owned),
        })
    }

    /// A transport failure; the URL (with its secrets) is dropped first.
    pub(super) fn from_transport(error: reqwest::Error) -> Self {
        if error.is_timeout() {
            Self::Timeout
        } else {
            Self::Network(error.without_url().to_string())
        }
    }

    pub fn kind(&self) -> Option<GraphErrorKind> {
        match self {
            Self::Api { kind, .. } => Some(*kind),
            _ => None,
        }
    }

    /// Worth one retry: HTTP 5xx, Graph codes 1 and 2, or no connection at all.
    pub fn is_transient(&self) -> bool {
        matches!(self, Self::Network(_)) || self.kind() == Some(GraphErrorKind::Transient)
    }

    /// Logs the failure with Meta's trace id, never a token.
    pub(super) fn log(&self, call: &str, what: &str) {
        match self {
            Self::Api {
                code,
                subcode,
                fbtrace_id,
                http_status,
                message,
                ..
            } => tracing::warn!(
                call,
                http_status,
                code,
                subcode,
                fbtrace_id = fbtrace_id.as_deref().unwrap_or(""),
                message = message.as_str(),
                "Graph call {what}"
            ),
            other => tracing::warn!(call, error = %other, "Graph call {what}"),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    #[test]
    fn codes_map_to_kinds() {
        assert_eq!(GraphErrorKind::of(2, 500), GraphErrorKind::Transient);
        assert_eq!(GraphErrorKind::of(1, 400), GraphErrorKind::Transient);
        assert_eq!(GraphErrorKind::of(613, 400), GraphErrorKind::RateLimited);
        assert_eq!(GraphErrorKind::of(190, 400), GraphErrorKind::InvalidToken);
        assert_eq!(
            GraphErrorKind::of(200, 403),
            GraphErrorKind::PermissionDenied
        );
        assert_eq!(GraphErrorKind::of(100, 400), GraphErrorKind::Rejected);
        assert_eq!(GraphErrorKind::of(100, 503), GraphErrorKind::Transient);
    }

    #[test]
    fn reads_metas_error_body() {
        let body = json!({"error": {"message": "Invalid OAuth access token.", "type": "OAuthException",
            "code": 190, "error_subcode": 463, "fbtrace_id": "AbC123"}});
        let GraphError::Api {
            kind,
            code,
            subcode,
            fbtrace_id,
            ..
        } = GraphError::from_body(400, &body).unwrap()
        else {
            panic!("not an API error");
        };
        assert_eq!(
            (kind, code, subcode, fbtrace_id.as_deref()),
            (GraphErrorKind::InvalidToken, 190, Some(463), Some("AbC123"))
        );
        assert!(GraphError::from_body(200, &json!({"success": true})).is_none());
    }
}
