use super::{new_id, now_ms, Db};
use crate::domain::{ExternalId, WorkspaceName};

/// The ids of a workspace that the session flow needs.
#[derive(Debug, Clone, PartialEq, Eq, sqlx::FromRow)]
pub struct WorkspaceRef {
    pub id: String,
    pub account_id: String,
}

/// Creates the workspace for (vendor, mode, externalId) or, when it exists, renames it to
/// the latest name. One statement, so concurrent first calls still make exactly one.
#[tracing::instrument(skip(db))]
pub async fn upsert(
    db: &Db,
    vendor_id: &str,
    mode: &str,
    external_id: &ExternalId,
    name: &WorkspaceName,
) -> Result<WorkspaceRef, sqlx::Error> {
    sqlx::query_as(
        "INSERT INTO workspaces (id, vendor_id, mode, external_id, name, account_id, created_at, updated_at) \
         VALUES ($1, $2, $3, $4, $5, $6, $7, $7) \
         ON CONFLICT (vendor_id, mode, external_id) \
         DO UPDATE SET name = excluded.name, updated_at = excluded.updated_at \
         RETURNING id, account_id",
    )
    .bind(new_id("wsp"))
    .bind(vendor_id)
    .bind(mode)
    .bind(external_id.as_str())
    .bind(name.as_str())
    .bind(new_id("wp"))
    .bind(now_ms())
    .fetch_one(db.pool())
    .await
}

/// How many workspaces a vendor has for an externalId (0 or 1 by the schema's rule).
pub async fn count_for_external_id(
    db: &Db,
    vendor_id: &str,
    external_id: &str,
) -> Result<i64, sqlx::Error> {
    let (count,): (i64,) =
        sqlx::query_as("SELECT COUNT(*) FROM workspaces WHERE vendor_id = $1 AND external_id = $2")
            .bind(vendor_id)
            .bind(external_id)
            .fetch_one(db.pool())
            .await?;
    Ok(count)
}

/// The current name of a vendor's workspace, if it exists.
pub async fn name_of(
    db: &Db,
    vendor_id: &str,
    external_id: &str,
) -> Result<Option<String>, sqlx::Error> {
    let row: Option<(String,)> =
        sqlx::query_as("SELECT name FROM workspaces WHERE vendor_id = $1 AND external_id = $2")
            .bind(vendor_id)
            .bind(external_id)
            .fetch_optional(db.pool())
            .await?;
    Ok(row.map(|(n,)| n))
}
