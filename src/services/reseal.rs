//! `whatsportal keys reseal`: re-encrypts every sealed value under the first configured
//! key, so an old key can be removed. Table by table, in batches, each row replaced only
//! if it still holds what was read: safe while instances serve (a row they changed
//! meanwhile was sealed by them, with the same first key), and resumable (a second run
//! finds only what is left). A value that does not open is reported and left as it is.

use serde::Serialize;

use crate::{
    crypto::Keyring,
    db::{
        self,
        sealed_values::{SealedRow, SealedTable},
    },
    model::Mode,
    services::{connect::token_rows, webhooks::delivery::secret_row},
};

/// Every table holding sealed values, and what each value is sealed to.
const TABLES: [(SealedTable, RowOf); 10] = [
    (
        SealedTable {
            table: "whatsapp_connections",
            ids: &["workspace_id"],
            key_column: "key_id",
            sealed: &["token_ciphertext", "pin_ciphertext"],
        },
        |ids, column| match column {
            0 => token_rows::whatsapp(&ids[0]),
            _ => token_rows::legacy_pin(&ids[0]),
        },
    ),
    (
        SealedTable {
            table: "page_connections",
            ids: &["workspace_id", "page_id"],
            key_column: "key_id",
            sealed: &["token_ciphertext"],
        },
        |ids, _| token_rows::page(&ids[0], &ids[1]),
    ),
    (
        SealedTable {
            table: "pending_page_tokens",
            ids: &["session_id", "page_id"],
            key_column: "key_id",
            sealed: &["token_ciphertext"],
        },
        |ids, _| token_rows::pending_page(&ids[0], &ids[1]),
    ),
    (
        SealedTable {
            table: "whatsapp_signups",
            ids: &["session_id"],
            key_column: "key_id",
            sealed: &["token_ciphertext"],
        },
        |ids, _| token_rows::signup(&ids[0]),
    ),
    (
        SealedTable {
            table: "whatsapp_signups",
            ids: &["session_id"],
            key_column: "pin_key_id",
            sealed: &["pin_ciphertext"],
        },
        |ids, _| token_rows::signup_pin(&ids[0]),
    ),
    (
        SealedTable {
            table: "phone_pins",
            ids: &["mode", "phone_number_id"],
            key_column: "key_id",
            sealed: &["pin_ciphertext"],
        },
        |ids, _| token_rows::phone_pin(mode_of(&ids[0]), &ids[1]),
    ),
    (
        SealedTable {
            table: "number_readiness",
            ids: &["workspace_id", "phone_number_id"],
            key_column: "key_id",
            sealed: &["pin_ciphertext"],
        },
        |ids, _| token_rows::deferred_pin(&ids[0], &ids[1]),
    ),
    (
        SealedTable {
            table: "whatsapp_numbers",
            ids: &["workspace_id", "phone_number_id"],
            key_column: "key_id",
            sealed: &["token_ciphertext"],
        },
        |ids, _| token_rows::number(&ids[0], &ids[1]),
    ),
    (
        SealedTable {
            table: "webhook_endpoints",
            ids: &["vendor_id", "mode"],
            key_column: "key_id",
            sealed: &["secret_ciphertext"],
        },
        |ids, _| secret_row(&ids[0], mode_of(&ids[1])),
    ),
    (
        SealedTable {
            table: "staff_sessions",
            ids: &["token_hash"],
            key_column: "flash_key_id",
            sealed: &["flash_ciphertext"],
        },
        |ids, _| ids[0].clone(),
    ),
];

/// What a value of a row is sealed to, from the row's ids and the value's column index.
type RowOf = fn(&[String], usize) -> String;

/// A stored mode column: `test`, or live.
fn mode_of(stored: &str) -> Mode {
    if stored == "test" {
        Mode::Test
    } else {
        Mode::Live
    }
}

/// What a run did to one table.
#[derive(Debug, Default, Serialize, PartialEq, Eq)]
pub struct TableReport {
    pub table: &'static str,
    /// Rows now sealed with the first key.
    pub resealed: u64,
    /// Rows changed by an instance while being read (sealed anew by it).
    pub changed_meanwhile: u64,
    /// Rows whose values did not open: their key is not configured, or they are damaged.
    pub failed: u64,
}

/// Re-seals every table, `batch` rows at a time.
pub async fn reseal_all(
    db: &db::Db,
    keyring: &Keyring,
    batch: i64,
) -> Result<Vec<TableReport>, sqlx::Error> {
    let mut reports = Vec::new();
    for (table, row_of) in &TABLES {
        reports.push(reseal_table(db, keyring, table, *row_of, batch).await?);
    }
    Ok(reports)
}

/// The row's values opened and sealed again with the first key; `None` if one does not open.
fn sealed_again(keyring: &Keyring, row: &SealedRow, row_of: RowOf) -> Option<Vec<Option<String>>> {
    let mut values = Vec::with_capacity(row.values.len());
    for (column, value) in row.values.iter().enumerate() {
        let Some(ciphertext) = value else {
            values.push(None);
            continue;
        };
        let aad = row_of(&row.ids, column);
        let plain = keyring.open(&row.key_id, ciphertext, &aad).ok()?;
        values.push(Some(keyring.seal(&plain, &aad).ciphertext));
    }
    Some(values)
}

async fn reseal_table(
    db: &db::Db,
    keyring: &Keyring,
    table: &SealedTable,
    row_of: RowOf,
    batch: i64,
) -> Result<TableReport, sqlx::Error> {
    let mut report = TableReport {
        table: table.table,
        ..TableReport::default()
    };
    let current = keyring.current_key_id();
    let mut after: Option<Vec<String>> = None;
    loop {
        let rows =
            db::sealed_values::not_under(db, table, current, after.as_deref(), batch).await?;
        let Some(last) = rows.last() else { break };
        after = Some(last.ids.clone());
        for row in &rows {
            match sealed_again(keyring, row, row_of) {
                Some(values) => {
                    if db::sealed_values::replace(db, table, row, current, &values).await? {
                        report.resealed += 1;
                    } else {
                        report.changed_meanwhile += 1;
                    }
                }
                None => {
                    tracing::warn!(table = table.table, key_id = %row.key_id, "a sealed value does not open");
                    report.failed += 1;
                }
            }
        }
        let fetched = i64::try_from(rows.len()).unwrap_or(i64::MAX);
        if fetched < batch {
            break;
        }
    }
    Ok(report)
}
