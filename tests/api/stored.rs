//! What the database holds, read directly for assertions (the product has no reads of
//! these shapes yet).

use crate::support::app::TestApp;

/// A stored session as the tests check it.
#[derive(Debug, sqlx::FromRow)]
pub struct StoredSession {
    pub integration_type: String,
    pub origin: String,
    pub state: Option<String>,
    pub created_at: i64,
    pub expires_at: i64,
    pub consumed_at: Option<i64>,
}

impl TestApp {
    /// The session stored under a raw token's hash.
    pub async fn stored_session(&self, token: &str) -> Option<StoredSession> {
        let hash = whatsportal::domain::SessionToken::parse(token)
            .unwrap()
            .hash();
        sqlx::query_as(
            "SELECT integration_type, origin, state, created_at, expires_at, consumed_at \
             FROM connect_sessions WHERE token_hash = $1",
        )
        .bind(hash.as_str())
        .fetch_optional(self.db.pool())
        .await
        .unwrap()
    }

    /// How many workspaces a vendor has for an externalId.
    pub async fn workspace_count(&self, vendor_id: &str, external_id: &str) -> i64 {
        let (count,): (i64,) = sqlx::query_as(
            "SELECT COUNT(*) FROM workspaces WHERE vendor_id = $1 AND external_id = $2",
        )
        .bind(vendor_id)
        .bind(external_id)
        .fetch_one(self.db.pool())
        .await
        .unwrap();
        count
    }

    /// The current name of a vendor's workspace.
    pub async fn workspace_name(&self, vendor_id: &str, external_id: &str) -> Option<String> {
        let row: Option<(String,)> =
            sqlx::query_as("SELECT name FROM workspaces WHERE vendor_id = $1 AND external_id = $2")
                .bind(vendor_id)
                .bind(external_id)
                .fetch_optional(self.db.pool())
                .await
                .unwrap();
        row.map(|(name,)| name)
    }

    /// When a key was last used, if ever.
    pub async fn key_last_used(&self, key_id: &str) -> Option<i64> {
        let (at,): (Option<i64>,) =
            sqlx::query_as("SELECT last_used_at FROM api_keys WHERE id = $1")
                .bind(key_id)
                .fetch_one(self.db.pool())
                .await
                .unwrap();
        at
    }

    /// The audited actions on a target, oldest first.
    pub async fn audit_actions(&self, target_id: &str) -> Vec<String> {
        let rows: Vec<(String,)> = sqlx::query_as(
            "SELECT action FROM audit_log WHERE target_id = $1 ORDER BY occurred_at, id",
        )
        .bind(target_id)
        .fetch_all(self.db.pool())
        .await
        .unwrap();
        rows.into_iter().map(|(action,)| action).collect()
    }

    /// How many vendors exist.
    pub async fn vendor_count(&self) -> i64 {
        let (count,): (i64,) = sqlx::query_as("SELECT COUNT(*) FROM vendors")
            .fetch_one(self.db.pool())
            .await
            .unwrap();
        count
    }
}
