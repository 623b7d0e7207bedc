//! Reading and replacing sealed values table by table, for re-encrypting them under the
//! current key (`services::keys::reseal`). A table is described by its key column, the
//! ciphertext columns that key seals and its primary key; every statement is built from
//! those fixed names only.

use sqlx::Row;

use super::Db;

/// A table holding sealed values.
#[derive(Debug, Clone, Copy)]
pub struct SealedTable {
    pub table: &'static str,
    /// The primary key's columns, in order.
    pub ids: &'static [&'static str],
    /// The column naming the key that sealed the row's values.
    pub key_column: &'static str,
    /// The columns sealed with that key (each may be NULL).
    pub sealed: &'static [&'static str],
}

/// One row sealed with another key than the current one.
#[derive(Debug, Clone)]
pub struct SealedRow {
    pub ids: Vec<String>,
    pub key_id: String,
    /// In the order of `SealedTable::sealed`.
    pub values: Vec<Option<String>>,
}

fn tuple(columns: &[&str]) -> String {
    format!("({})", columns.join(", "))
}

/// `($first, $first+1, …)` for `n` parameters.
fn params(first: usize, n: usize) -> String {
    let list: Vec<String> = (first..first + n).map(|i| format!("${i}")).collect();
    format!("({})", list.join(", "))
}

/// Up to `limit` rows not sealed with `current_key`, after `after` (primary key order).
pub async fn not_under(
    db: &Db,
    table: &SealedTable,
    current_key: &str,
    after: Option<&[String]>,
    limit: i64,
) -> Result<Vec<SealedRow>, sqlx::Error> {
    let columns: Vec<&str> = table
        .ids
        .iter()
        .chain([&table.key_column])
        .chain(table.sealed)
        .copied()
        .collect();
    let after_clause = match after {
        Some(_) => format!(" AND {} > {}", tuple(table.ids), params(3, table.ids.len())),
        None => String::new(),
    };
    let sql = format!(
        "SELECT {} FROM {} WHERE {key} IS NOT NULL AND {key} <> $1{after_clause} ORDER BY {} LIMIT $2",
        columns.join(", "),
        table.table,
        table.ids.join(", "),
        key = table.key_column,
    );
    let mut query = sqlx::query(sqlx::AssertSqlSafe(sql))
        .bind(current_key.to_owned())
        .bind(limit);
    for id in after.unwrap_or_default() {
        query = query.bind(id.clone());
    }
    let rows = query.fetch_all(db.pool()).await?;
    let n = table.ids.len();
    rows.iter()
        .map(|row| {
            let ids = (0..n)
                .map(|i| row.try_get::<String, _>(i))
                .collect::<Result<_, _>>()?;
            let values = (0..table.sealed.len())
                .map(|i| row.try_get::<Option<String>, _>(n + 1 + i))
                .collect::<Result<_, _>>()?;
            Ok(SealedRow {
                ids,
                key_id: row.try_get(n)?,
                values,
            })
        })
        .collect()
}

/// Replaces a row's sealed values and key, only if the row still holds what was read
/// (an instance that changed it meanwhile sealed it anew itself); whether it did.
pub async fn replace(
    db: &Db,
    table: &SealedTable,
    read: &SealedRow,
    key_id: &str,
    values: &[Option<String>],
) -> Result<bool, sqlx::Error> {
    let sealed = table.sealed.len();
    let set: Vec<String> = table
        .sealed
        .iter()
        .enumerate()
        .map(|(i, column)| format!("{column} = ${}", i + 2))
        .collect();
    // Parameters: $1 the new key, $2.. the new values, then the ids, the old key, and the
    // old values (NULL-safe comparison).
    let ids_from = sealed + 2;
    let key_at = ids_from + table.ids.len();
    let ids_match: Vec<String> = table
        .ids
        .iter()
        .enumerate()
        .map(|(i, column)| format!("{column} = ${}", ids_from + i))
        .collect();
    let unchanged: Vec<String> = table
        .sealed
        .iter()
        .enumerate()
        .map(|(i, column)| {
            let at = key_at + 1 + i;
            format!("(({column} IS NULL AND ${at} IS NULL) OR {column} = ${at})")
        })
        .collect();
    let sql = format!(
        "UPDATE {} SET {} = $1, {} WHERE {} AND {} = ${key_at} AND {}",
        table.table,
        table.key_column,
        set.join(", "),
        ids_match.join(" AND "),
        table.key_column,
        unchanged.join(" AND "),
    );
    let mut query = sqlx::query(sqlx::AssertSqlSafe(sql)).bind(key_id.to_owned());
    for value in values {
        query = query.bind(value.clone());
    }
    for id in &read.ids {
        query = query.bind(id.clone());
    }
    query = query.bind(read.key_id.clone());
    for value in &read.values {
        query = query.bind(value.clone());
    }
    let done = query.execute(db.writer()).await?;
    Ok(done.rows_affected() == 1)
}
