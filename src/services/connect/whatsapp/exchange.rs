//! The code, exchanged the moment it arrives (it lives 30 seconds and is single use),
//! and the business token checked with `debug_token` for what it can still say in 2026:
//! valid, our app's, not expired. The token is kept sealed against the session.

use super::Signup;
use crate::{
    db,
    domain::{AttemptId, MetaCredential},
    meta::graph::DebugToken,
    model::connect::ConnectError,
    services::connect::claim::{code_failure, graph_failure},
};

/// What `debug_token` must say of a business token: valid, issued to our app, not past
/// its expiry (unix seconds; none for tokens that do not expire by date).
fn check(token: &DebugToken, our_app_id: &str, now_s: i64) -> Result<(), ConnectError> {
    if !token.is_valid || token.expires_at.is_some_and(|at| at <= now_s) {
        return Err(ConnectError::TokenInvalid);
    }
    if token.app_id != our_app_id {
        tracing::warn!(app_id = %token.app_id, "a business token of another app was refused");
        return Err(ConnectError::ForeignToken);
    }
    Ok(())
}

pub(super) async fn exchange_and_keep(
    signup: &Signup<'_>,
    attempt: &AttemptId,
    code: &MetaCredential,
) -> Result<(), ConnectError> {
    let graph = &signup.meta.graph;
    let token = graph
        .exchange_code(code.expose())
        .await
        .map_err(|e| code_failure(&e))?;
    let info = graph
        .debug_token(&token)
        .await
        .map_err(|e| graph_failure(&e))?;
    check(&info, graph.app_id(), db::now_ms() / 1000)?;
    let session_id = &signup.session.id;
    let sealed = signup.meta.keyring.seal(
        token.as_bytes(),
        &crate::services::connect::token_rows::signup(session_id),
    );
    db::whatsapp_signups::keep_token(
        signup.db,
        session_id,
        attempt.as_str(),
        &sealed.ciphertext,
        &sealed.key_id,
        info.expires_at,
    )
    .await
    .map_err(ConnectError::from)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn token(is_valid: bool, app_id: &str, expires_at: Option<i64>) -> DebugToken {
        DebugToken {
            is_valid,
            app_id: app_id.into(),
            expires_at,
        }
    }

    #[test]
    fn only_a_valid_unexpired_token_of_our_app_passes() {
        let now = 1_800_000_000;
        assert_eq!(check(&token(true, "42", None), "42", now), Ok(()));
        assert_eq!(check(&token(true, "42", Some(now + 60)), "42", now), Ok(()));
        assert_eq!(
            check(&token(false, "42", None), "42", now),
            Err(ConnectError::TokenInvalid)
        );
        assert_eq!(
            check(&token(true, "42", Some(now)), "42", now),
            Err(ConnectError::TokenInvalid)
        );
        assert_eq!(
            check(&token(true, "43", None), "42", now),
            Err(ConnectError::ForeignToken)
        );
    }
}
