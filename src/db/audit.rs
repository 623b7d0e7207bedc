use super::{new_id, now_ms, Db};

/// One line of the audit log. Callers pass ids and names, never secrets.
#[derive(Debug, Default)]
pub struct AuditEntry<'a> {
    pub actor_kind: &'a str,
    pub actor_id: Option<&'a str>,
    pub action: &'a str,
    pub target_kind: Option<&'a str>,
    pub target_id: Option<&'a str>,
    pub vendor_id: Option<&'a str>,
    pub source_ip: Option<&'a str>,
    pub detail: Option<&'a str>,
}

#[tracing::instrument(skip_all, fields(action = entry.action))]
pub async fn record(db: &Db, entry: AuditEntry<'_>) -> Result<(), sqlx::Error> {
    record_with(db.writer(), entry).await
}

/// The same, on a connection of the caller's (inside its transaction).
pub async fn record_with<'e>(
    executor: impl sqlx::Executor<'e, Database = sqlx::Any>,
    entry: AuditEntry<'_>,
) -> Result<(), sqlx::Error> {
    sqlx::query(
        "INSERT INTO audit_log (id, occurred_at, actor_kind, actor_id, action, target_kind, target_id, vendor_id, source_ip, detail) \
         VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10)",
    )
    .bind(new_id("aud"))
    .bind(now_ms())
    .bind(entry.actor_kind)
    .bind(entry.actor_id)
    .bind(entry.action)
    .bind(entry.target_kind)
    .bind(entry.target_id)
    .bind(entry.vendor_id)
    .bind(entry.source_ip)
    .bind(entry.detail)
    .execute(executor)
    .await?;
    Ok(())
}

/// A line of the log as it is read, with the email of the staff member or vendor user who
/// acted.
#[derive(Debug, Clone, sqlx::FromRow)]
pub struct AuditLine {
    pub id: String,
    pub occurred_at: i64,
    pub actor_kind: String,
    pub actor_id: Option<String>,
    pub actor_email: Option<String>,
    pub action: String,
    pub target_kind: Option<String>,
    pub target_id: Option<String>,
    pub vendor_id: Option<String>,
    pub source_ip: Option<String>,
    pub detail: Option<String>,
}

/// What to show of the log; empty fields do not filter.
#[derive(Debug, Default, Clone)]
pub struct AuditFilter {
    /// Matches the actor's id or a staff member's email, exactly.
    pub actor: Option<String>,
    /// An action (`vendor.create`) or a family of actions (`vendor.`).
    pub action: Option<String>,
    pub vendor_id: Option<String>,
    pub since: Option<i64>,
    /// Entries strictly before this (time, id): the cursor of the next page.
    pub before: Option<(i64, String)>,
}

/// The newest `limit` entries matching `filter`.
#[tracing::instrument(skip(db))]
pub async fn list(
    db: &Db,
    filter: &AuditFilter,
    limit: i64,
) -> Result<Vec<AuditLine>, sqlx::Error> {
    let (before_at, before_id) = filter.before.clone().unwrap_or((i64::MAX, String::new()));
    let action_prefix = filter
        .action
        .as_deref()
        .filter(|a| a.ends_with('.'))
        .map(|a| format!("{}%", super::like_escape(a)));
    sqlx::query_as(
        "SELECT a.id, a.occurred_at, a.actor_kind, a.actor_id, COALESCE(u.email, vu.email) AS actor_email, \
                a.action, a.target_kind, a.target_id, a.vendor_id, a.source_ip, a.detail \
         FROM audit_log a LEFT JOIN staff_users u ON a.actor_kind = 'staff' AND u.id = a.actor_id \
         LEFT JOIN vendor_users vu ON a.actor_kind = 'vendor_user' AND vu.id = a.actor_id \
         WHERE ($1 IS NULL OR a.actor_id = $1 OR u.email = $1 OR vu.email = $1) \
           AND ($2 IS NULL OR a.action = $2 OR a.action LIKE $3 ESCAPE '\\') \
           AND ($4 IS NULL OR a.vendor_id = $4) \
           AND a.occurred_at >= $5 \
           AND (a.occurred_at < $6 OR (a.occurred_at = $6 AND a.id < $7) OR $7 = '') \
         ORDER BY a.occurred_at DESC, a.id DESC LIMIT $8",
    )
    .bind(filter.actor.as_deref())
    .bind(filter.action.as_deref())
    .bind(action_prefix.unwrap_or_default())
    .bind(filter.vendor_id.as_deref())
    .bind(filter.since.unwrap_or(0))
    .bind(before_at)
    .bind(before_id)
    .bind(limit)
    .fetch_all(db.pool())
    .await
}

/// Deletes up to `batch` entries: failed and throttled sign-ins before `failed_before`, any other
/// entry before `other_before`; returns how many.
pub async fn sweep(
    db: &Db,
    failed_before: i64,
    other_before: i64,
    batch: i64,
) -> Result<u64, sqlx::Error> {
    let done = sqlx::query(
        "DELETE FROM audit_log WHERE id IN (SELECT id FROM audit_log \
         WHERE (action IN ('staff.sign_in_failed', 'staff.sign_in_throttled', \
         'vendor_user.sign_in_failed', 'vendor_user.sign_in_throttled') AND occurred_at < $1) OR occurred_at < $2 \
         ORDER BY occurred_at LIMIT $3)",
    )
    .bind(failed_before)
    .bind(other_before)
    .bind(batch)
    .execute(db.writer())
    .await?;
    Ok(done.rows_affected())
}
