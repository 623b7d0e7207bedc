use super::{new_id, now_ms, Db};

/// One line of the audit log. Callers pass ids and names, never secrets.
#[derive(Debug, Default)]
pub struct AuditEntry<'a> {
    pub actor_kind: &'a str,
    pub actor_id: Option<&'a str>,
    pub action: &'a str,
    pub target_kind: Option<&'a str>,
    pub target_id: Option<&'a str>,
    pub source_ip: Option<&'a str>,
    pub detail: Option<&'a str>,
}

#[tracing::instrument(skip_all, fields(action = entry.action))]
pub async fn record(db: &Db, entry: AuditEntry<'_>) -> Result<(), sqlx::Error> {
    sqlx::query(
        "INSERT INTO audit_log (id, occurred_at, actor_kind, actor_id, action, target_kind, target_id, source_ip, detail) \
         VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9)",
    )
    .bind(new_id("aud"))
    .bind(now_ms())
    .bind(entry.actor_kind)
    .bind(entry.actor_id)
    .bind(entry.action)
    .bind(entry.target_kind)
    .bind(entry.target_id)
    .bind(entry.source_ip)
    .bind(entry.detail)
    .execute(db.writer())
    .await?;
    Ok(())
}
