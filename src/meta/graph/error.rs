//! What a failed Graph call means, classified as docs/meta.md describes Meta's error codes.

use serde_json::Value;

/// What kind of Graph failure this is.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum GraphErrorKind {
    /// Codes 1 and 2, or `is_transient`: worth one retry after a pause.
    Transient,
    /// Codes 4, 17, 32, 613 (app and user), 80001 (page), 80007 (WABA), 130429
    /// (throughput), 133016 (a number's register quota): back off.
    RateLimited,
    /// Code 190 (subcodes 458 app removed, 460 password changed, 463 expired), 102, 0:
    /// the token is no longer valid.
    InvalidToken,
    /// Codes 10 and 200-299, and 3 (a capability the app lacks; it arrives as HTTP 500
    /// and is not transient).
    PermissionDenied,
    /// Anything else Meta refused (a bad parameter, a used code, a wrong PIN, ...).
    Rejected,
}

impl GraphErrorKind {
    pub fn of(code: i64, is_transient: bool) -> Self {
        match code {
            _ if is_transient => Self::Transient,
            1 | 2 => Self::Transient,
            4 | 17 | 32 | 613 | 80001 | 80007 | 130429 | 133016 => Self::RateLimited,
            190 | 102 | 0 => Self::InvalidToken,
            3 | 10 | 200..=299 => Self::PermissionDenied,
            _ => Self::Rejected,
        }
    }
}

/// A failed Graph call.
#[derive(Debug, Clone, thiserror::Error)]
pub enum GraphError {
    #[error("Graph error {code}/{subcode:?} ({kind:?}): {message}")]
    Api {
        kind: GraphErrorKind,
        http_status: u16,
        code: i64,
        subcode: Option<i64>,
        message: String,
        fbtrace_id: Option<String>,
        /// `error_data.details`: Meta's own explanation, for the log.
        details: Option<String>,
        /// From `X-Business-Use-Case-Usage` (`estimated_time_to_regain_access`), when
        /// Meta said how long a rate limit lasts.
        retry_after_minutes: Option<u32>,
    },
    #[error("the Graph call timed out")]
    Timeout,
    /// The request may have reached Meta: the failure came after it was sent.
    #[error("the Graph call failed on the way: {0}")]
    Network(String),
    /// The request never left: the connection to Meta could not be made.
    #[error("could not reach the Graph API: {0}")]
    Unreached(String),
    /// An HTTP 5xx without Meta's error object: Meta's side failed.
    #[error("the Graph API answered {0} without an error object")]
    Unavailable(u16),
    #[error("unexpected Graph response: {0}")]
    Malformed(String),
}

/// The longest `estimated_time_to_regain_access` in an `X-Business-Use-Case-Usage`
/// header: `{"<business id>": [{"type": ..., "estimated_time_to_regain_access": N}]}`.
pub fn regain_access_minutes(header: &str) -> Option<u32> {
    let usage: Value = serde_json::from_str(header).ok()?;
    usage
        .as_object()?
        .values()
        .filter_map(Value::as_array)
        .flatten()
        .filter_map(|entry| entry.get("estimated_time_to_regain_access")?.as_u64())
        .max()
        .filter(|minutes| *minutes > 0)
        .map(|minutes| u32::try_from(minutes).unwrap_or(u32::MAX))
}

impl GraphError {
    /// Reads Meta's `{"error": {"message", "type", "code", "error_subcode",
    /// "error_data": {"details"}, "is_transient", "fbtrace_id"}}`.
    pub(super) fn from_body(
        http_status: u16,
        body: &Value,
        retry_after_minutes: Option<u32>,
    ) -> Option<Self> {
        let error = body.get("error")?;
        let code = error.get("code").and_then(Value::as_i64).unwrap_or(0);
        let is_transient = error
            .get("is_transient")
            .and_then(Value::as_bool)
            .unwrap_or(false);
        let text = |field: &str| error.get(field).and_then(Value::as_str).map(str::to_owned);
        Some(Self::Api {
            kind: GraphErrorKind::of(code, is_transient),
            http_status,
            code,
            subcode: error.get("error_subcode").and_then(Value::as_i64),
            message: text("message").unwrap_or_default(),
            fbtrace_id: text("fbtrace_id"),
            details: error
                .pointer("/error_data/details")
                .and_then(Value::as_str)
                .map(str::to_owned),
            retry_after_minutes,
        })
    }

    /// A transport failure; the URL (with its secrets) is dropped first.
    pub(super) fn from_transport(error: reqwest::Error) -> Self {
        if error.is_timeout() {
            Self::Timeout
        } else if error.is_connect() {
            Self::Unreached(error.without_url().to_string())
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

    /// The failure's class, as the metrics label it.
    pub fn class(&self) -> &'static str {
        match self {
            Self::Timeout => "timeout",
            Self::Network(_) | Self::Unreached(_) => "network",
            Self::Unavailable(_) => "unavailable",
            Self::Malformed(_) => "malformed",
            Self::Api { kind, .. } => match kind {
                GraphErrorKind::Transient => "transient",
                GraphErrorKind::RateLimited => "rate_limited",
                GraphErrorKind::InvalidToken => "invalid_token",
                GraphErrorKind::PermissionDenied => "permission_denied",
                GraphErrorKind::Rejected => "rejected",
            },
        }
    }

    /// Meta's error code, when Meta sent one.
    pub fn code(&self) -> Option<i64> {
        match self {
            Self::Api { code, .. } => Some(*code),
            _ => None,
        }
    }

    pub fn subcode(&self) -> Option<i64> {
        match self {
            Self::Api { subcode, .. } => *subcode,
            _ => None,
        }
    }

    /// Worth one retry: Graph codes 1 and 2 or `is_transient`, a 5xx without an error
    /// object, or no connection at all. A timeout is not: the call may have happened.
    pub fn is_transient(&self) -> bool {
        matches!(
            self,
            Self::Network(_) | Self::Unreached(_) | Self::Unavailable(_)
        ) || self.kind() == Some(GraphErrorKind::Transient)
    }

    /// Logs the failure with Meta's trace id and details, never a token.
    pub(super) fn log(&self, call: &str, what: &str) {
        match self {
            Self::Api {
                code,
                subcode,
                fbtrace_id,
                http_status,
                message,
                details,
                kind,
                ..
            } => tracing::warn!(
                call,
                http_status,
                code,
                subcode,
                kind = ?kind,
                fbtrace_id = fbtrace_id.as_deref().unwrap_or(""),
                details = details.as_deref().unwrap_or(""),
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
    fn codes_map_to_kinds_as_meta_md_says() {
        use GraphErrorKind::*;
        for (code, kind) in [
            (1, Transient),
            (2, Transient),
            (4, RateLimited),
            (17, RateLimited),
            (32, RateLimited),
            (613, RateLimited),
            (80001, RateLimited),
            (80007, RateLimited),
            (130429, RateLimited),
            (133016, RateLimited),
            (190, InvalidToken),
            (102, InvalidToken),
            (0, InvalidToken),
            (3, PermissionDenied),
            (10, PermissionDenied),
            (200, PermissionDenied),
            (299, PermissionDenied),
            (100, Rejected),
            (133005, Rejected),
            (133006, Rejected),
        ] {
            assert_eq!(GraphErrorKind::of(code, false), kind, "code {code}");
        }
        assert_eq!(GraphErrorKind::of(100, true), Transient);
    }

    #[test]
    fn code_3_over_http_500_is_not_transient() {
        let body = json!({"error": {"message": "(#3) Application does not have the capability", "code": 3}});
        let error = GraphError::from_body(500, &body, None).unwrap();
        assert_eq!(error.kind(), Some(GraphErrorKind::PermissionDenied));
        assert!(!error.is_transient());
        assert!(GraphError::Unavailable(503).is_transient());
        assert!(!GraphError::Timeout.is_transient());
    }

    #[test]
    fn reads_metas_error_body() {
        let body = json!({"error": {"message": "Invalid OAuth access token.", "type": "OAuthException",
            "code": 190, "error_subcode": 463, "fbtrace_id": "AbC123",
            "error_data": {"details": "Session has expired"}}});
        let GraphError::Api {
            kind,
            code,
            subcode,
            fbtrace_id,
            details,
            ..
        } = GraphError::from_body(400, &body, None).unwrap()
        else {
            panic!("not an API error");
        };
        assert_eq!(
            (
                kind,
                code,
                subcode,
                fbtrace_id.as_deref(),
                details.as_deref()
            ),
            (
                GraphErrorKind::InvalidToken,
                190,
                Some(463),
                Some("AbC123"),
                Some("Session has expired")
            )
        );
        assert!(GraphError::from_body(200, &json!({"success": true}), None).is_none());
    }

    #[test]
    fn reads_the_time_to_regain_access() {
        let header = r#"{"2729063490586005":[{"type":"whatsapp","call_count":100,"estimated_time_to_regain_access":12},{"type":"pages","estimated_time_to_regain_access":3}]}"#;
        assert_eq!(regain_access_minutes(header), Some(12));
        assert_eq!(
            regain_access_minutes(r#"{"1":[{"estimated_time_to_regain_access":0}]}"#),
            None
        );
        assert_eq!(regain_access_minutes("not json"), None);
    }
}
