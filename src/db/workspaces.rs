use super::Db;

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
