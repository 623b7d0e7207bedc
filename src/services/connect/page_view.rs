//! What a connect page shows for its token. Viewing records when the session was first
//! opened, and never consumes it.

use super::meta_context::MetaContexts;
use crate::{
    db,
    domain::SessionToken,
    model::{
        connect::{Branding, ReadySession, SessionView},
        IntegrationType, Mode,
    },
};

#[tracing::instrument(skip_all, fields(?flow))]
pub async fn session_view(
    db: &db::Db,
    metas: &MetaContexts,
    raw_token: &str,
    flow: IntegrationType,
) -> Result<SessionView, sqlx::Error> {
    let Ok(token) = SessionToken::parse(raw_token) else {
        return Ok(SessionView::Unknown);
    };
    let Some(session) = db::session_claims::find_for_page(db, &token.hash()).await? else {
        return Ok(SessionView::Unknown);
    };
    if session.integration_type != flow {
        return Ok(SessionView::Unknown);
    }
    if session.vendor_deactivated_at.is_some() {
        return Ok(SessionView::VendorInactive);
    }
    let branding = Branding {
        vendor_name: session.vendor_name,
        logo_url: session.vendor_logo_url,
    };
    if session.consumed_at.is_some() {
        return Ok(SessionView::Used(branding));
    }
    if session.expires_at <= db::now_ms() {
        return Ok(SessionView::Expired(branding));
    }
    // Only the first view writes: later views of an opened page are reads.
    if session.opened_at.is_none() {
        db::session_claims::mark_opened(db, &session.id).await?;
    }
    let reconnecting =
        db::connection_state::has_broken(db, &session.workspace_id, flow.connection_kind()).await?;
    Ok(SessionView::Ready(ReadySession {
        reconnecting,
        branding,
        meta: metas.for_mode(session.mode).client.clone(),
        test_mode: session.mode == Mode::Test,
        target_origin: session.origin,
    }))
}
