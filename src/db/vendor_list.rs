//! The staff's view of all vendors: search and pages.

use super::Db;

/// One line of the vendor list.
#[derive(Debug, Clone, sqlx::FromRow)]
pub struct VendorSummary {
    pub id: String,
    pub name: String,
    pub created_at: i64,
    pub deactivated_at: Option<i64>,
}

/// `%text%` for LIKE, with LIKE's own wildcards taken literally.
fn contains_pattern(text: &str) -> String {
    format!("%{}%", super::like_escape(&text.to_lowercase()))
}

/// One page of vendors, newest first, whose name contains `search` (any case) or whose
/// id is `search`; and how many match in all.
#[tracing::instrument(skip(db))]
pub async fn page(
    db: &Db,
    search: Option<&str>,
    offset: i64,
    limit: i64,
) -> Result<(Vec<VendorSummary>, i64), sqlx::Error> {
    let search = search.map(str::trim).filter(|s| !s.is_empty());
    let pattern = search.map(contains_pattern);
    let filter = "($1 IS NULL OR LOWER(name) LIKE $2 ESCAPE '\\' OR id = $1)";
    let rows = sqlx::query_as(sqlx::AssertSqlSafe(format!(
        "SELECT id, name, created_at, deactivated_at FROM vendors WHERE {filter} \
         ORDER BY created_at DESC, id DESC LIMIT $3 OFFSET $4"
    )))
    .bind(search)
    .bind(pattern.as_deref().unwrap_or(""))
    .bind(limit)
    .bind(offset)
    .fetch_all(db.pool())
    .await?;
    let (total,): (i64,) = sqlx::query_as(sqlx::AssertSqlSafe(format!(
        "SELECT COUNT(*) FROM vendors WHERE {filter}"
    )))
    .bind(search)
    .bind(pattern.as_deref().unwrap_or(""))
    .fetch_one(db.pool())
    .await?;
    Ok((rows, total))
}

#[cfg(test)]
mod tests {
    use super::contains_pattern;

    #[test]
    fn like_wildcards_are_literal() {
        assert_eq!(contains_pattern("Acme"), "%acme%");
        assert_eq!(contains_pattern("50%_off\\"), "%50\\%\\_off\\\\%");
    }
}
