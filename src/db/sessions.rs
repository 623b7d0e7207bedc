use crate::model::Named;

use super::{new_id, session_batch::SessionRow, Db};
use crate::{
    domain::{ExternalId, Origin, ReturnUrl, SessionState, TokenHash, WorkspaceName},
    i18n::Locale,
    model::{IntegrationType, Mode},
};

/// What a new connect session records, with the workspace it belongs to.
#[derive(Debug)]
pub struct NewSession<'a> {
    /// The session's id (`ses_…`), which its vendor may read it back by.
    pub id: &'a str,
    pub token_hash: &'a TokenHash,
    pub vendor_id: &'a str,
    pub api_key_id: &'a str,
    pub mode: Mode,
    pub external_id: &'a ExternalId,
    pub workspace_name: &'a WorkspaceName,
    pub integration_type: IntegrationType,
    pub origin: &'a Origin,
    pub state: Option<&'a SessionState>,
    /// The page's language, when the vendor chose one.
    pub locale: Option<Locale>,
    /// Whether the WhatsApp page offers coexistence; `None`: the vendor's default.
    pub coexistence: Option<bool>,
    /// One of the vendor's registered return URLs, checked by the caller.
    pub return_url: Option<&'a ReturnUrl>,
    /// The setup link the session was opened from, if any.
    pub setup_link_id: Option<&'a str>,
    /// What Meta's dialog is pre-filled with (checked JSON), if anything.
    pub prefill: Option<&'a str>,
    /// The number is added on the connect page (Meta's window shares only the account).
    pub number_on_page: bool,
    pub created_at: i64,
    pub expires_at: i64,
}

pub use super::session_batch::WorkspaceRef;

/// Creates (or renames) the session's workspace and stores the session, atomically
/// (both rows or neither), in the group committer's next batch (see `session_batch`).
/// `None` when the origin is not among the vendor's allowed origins: then no session
/// was stored.
#[tracing::instrument(level = "debug", skip_all)]
pub async fn create_with_workspace(
    db: &Db,
    session: NewSession<'_>,
) -> Result<Option<WorkspaceRef>, sqlx::Error> {
    let row = SessionRow {
        workspace_id: new_id("wsp"),
        account_id: new_id("wp"),
        vendor_id: session.vendor_id.to_owned(),
        mode: session.mode.as_str(),
        external_id: session.external_id.as_str().to_owned(),
        workspace_name: session.workspace_name.as_str().to_owned(),
        created_at: session.created_at,
        origin: session.origin.as_str().to_owned(),
        id: session.id.to_owned(),
        token_hash: session.token_hash.as_str().to_owned(),
        api_key_id: session.api_key_id.to_owned(),
        integration_type: session.integration_type.as_str(),
        state: session.state.map(|s| s.as_str().to_owned()),
        expires_at: session.expires_at,
        locale: session.locale.map(Locale::tag),
        coexistence: session.coexistence.map(i64::from),
        return_url: session.return_url.map(|url| url.as_str().to_owned()),
        setup_link_id: session.setup_link_id.map(str::to_owned),
        prefill: session.prefill.map(str::to_owned),
        number_on_page: i64::from(session.number_on_page),
    };
    db.group_commit().store_session(row).await
}

/// Deletes up to `batch` sessions that expired before `expired_before`; returns how many.
#[tracing::instrument(skip(db))]
pub async fn sweep_expired(db: &Db, expired_before: i64, batch: i64) -> Result<u64, sqlx::Error> {
    let done = sqlx::query(
        "DELETE FROM connect_sessions WHERE id IN \
         (SELECT id FROM connect_sessions WHERE expires_at < $1 ORDER BY expires_at LIMIT $2)",
    )
    .bind(expired_before)
    .bind(batch)
    .execute(db.writer())
    .await?;
    Ok(done.rows_affected())
}

/// A session as its vendor reads it back: where it stands and, once completed, what
/// the connect page posted.
#[derive(Debug, sqlx::FromRow)]
pub struct SessionRecord {
    pub id: String,
    #[sqlx(try_from = "String")]
    pub integration_type: IntegrationType,
    pub external_id: String,
    pub account_id: String,
    pub created_at: i64,
    pub expires_at: i64,
    pub opened_at: Option<i64>,
    pub consumed_at: Option<i64>,
    pub completed_result: Option<String>,
}

/// The session `id` of `vendor_id` in `mode`; `None` for another vendor's or mode's.
#[tracing::instrument(skip(db))]
pub async fn of_vendor(
    db: &Db,
    vendor_id: &str,
    mode: Mode,
    id: &str,
) -> Result<Option<SessionRecord>, sqlx::Error> {
    sqlx::query_as(
        "SELECT s.id, s.integration_type, w.external_id, w.account_id, s.created_at,          s.expires_at, s.opened_at, s.consumed_at, s.completed_result          FROM connect_sessions s JOIN workspaces w ON w.id = s.workspace_id          WHERE s.id = $1 AND s.vendor_id = $2 AND s.mode = $3",
    )
    .bind(id)
    .bind(vendor_id)
    .bind(mode.as_str())
    .fetch_optional(db.pool())
    .await
}
