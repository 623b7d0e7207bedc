//! The body of a Meta webhook delivery, split into its changes:
//! `{"object", "entry": [{"id", "time", "changes": [{"field", "value"}]}]}`.

use serde::Deserialize;
use serde_json::Value;
use sha2::{Digest, Sha256};

/// The most changes one delivery may carry (Meta batches up to 1,000 updates; the app's
/// fields arrive a few at a time).
const MAX_CHANGES: usize = 1_000;

#[derive(Deserialize)]
struct Delivery {
    object: String,
    entry: Vec<Entry>,
}

#[derive(Deserialize)]
struct Entry {
    id: Value,
    #[serde(default)]
    time: Option<i64>,
    #[serde(default)]
    changes: Vec<RawChange>,
}

#[derive(Deserialize)]
struct RawChange {
    field: String,
    #[serde(default)]
    value: Value,
}

/// One change of one entry, with what the lifecycle keys it by.
#[derive(Debug, Clone, PartialEq)]
pub struct Change {
    /// The same change delivered again (Meta's retries) has the same key.
    pub entry_key: String,
    pub object: String,
    pub field: String,
    /// `account_update`'s `event`, the quality update's `event`, the name update's
    /// `decision`.
    pub event: Option<String>,
    /// `account_update` names the WABA in `value.waba_info.waba_id`; the phone number
    /// fields arrive on the WABA's entry (`entry.id`).
    pub waba_id: Option<String>,
    pub entry_time: Option<i64>,
    pub value: Value,
}

/// Why a delivery could not be read.
#[derive(Debug, thiserror::Error, PartialEq, Eq)]
pub enum DeliveryError {
    #[error("the body is not a Meta webhook delivery")]
    NotADelivery,
    #[error("the delivery carries more than {MAX_CHANGES} changes")]
    TooManyChanges,
}

fn text(value: &Value) -> Option<String> {
    match value {
        Value::String(s) if !s.is_empty() && s.len() <= 64 => Some(s.clone()),
        Value::Number(n) => Some(n.to_string()),
        _ => None,
    }
}

fn entry_key(
    object: &str,
    entry_id: &str,
    time: Option<i64>,
    field: &str,
    value: &Value,
) -> String {
    let mut hash = Sha256::new();
    for part in [
        object,
        entry_id,
        &time.unwrap_or(0).to_string(),
        field,
        &value.to_string(),
    ] {
        hash.update(part.as_bytes());
        hash.update([0u8]);
    }
    hex::encode(hash.finalize())
}

/// Every change of a delivery, in order.
pub fn parse_delivery(body: &[u8]) -> Result<Vec<Change>, DeliveryError> {
    let delivery: Delivery =
        serde_json::from_slice(body).map_err(|_| DeliveryError::NotADelivery)?;
    let mut changes = Vec::new();
    for entry in delivery.entry {
        let entry_id = text(&entry.id).ok_or(DeliveryError::NotADelivery)?;
        for change in entry.changes {
            if changes.len() == MAX_CHANGES {
                return Err(DeliveryError::TooManyChanges);
            }
            let (event, waba_id) = if change.field == "account_update" {
                (
                    change.value.get("event").and_then(text),
                    change.value.pointer("/waba_info/waba_id").and_then(text),
                )
            } else {
                let event = change
                    .value
                    .get("event")
                    .or_else(|| change.value.get("decision"))
                    .and_then(text);
                (event, Some(entry_id.clone()))
            };
            changes.push(Change {
                entry_key: entry_key(
                    &delivery.object,
                    &entry_id,
                    entry.time,
                    &change.field,
                    &change.value,
                ),
                object: delivery.object.clone(),
                field: change.field,
                event,
                waba_id,
                entry_time: entry.time,
                value: change.value,
            });
        }
    }
    Ok(changes)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn splits_a_delivery_into_keyed_changes() {
        let body = br#"{"object":"whatsapp_business_account","entry":[{"id":"111","time":1739321024,"changes":[
            {"field":"account_update","value":{"event":"PARTNER_APP_UNINSTALLED","waba_info":{"waba_id":"222","owner_business_id":"9"}}},
            {"field":"phone_number_quality_update","value":{"display_phone_number":"15550001","event":"DOWNGRADE","current_limit":"TIER_1K"}},
            {"field":"phone_number_name_update","value":{"display_phone_number":"15550001","decision":"REJECTED"}}]}]}"#;
        let changes = parse_delivery(body).unwrap();
        assert_eq!(changes.len(), 3);
        assert_eq!(changes[0].event.as_deref(), Some("PARTNER_APP_UNINSTALLED"));
        assert_eq!(changes[0].waba_id.as_deref(), Some("222"));
        assert_eq!(changes[1].event.as_deref(), Some("DOWNGRADE"));
        assert_eq!(changes[1].waba_id.as_deref(), Some("111"));
        assert_eq!(changes[2].event.as_deref(), Some("REJECTED"));
        // The same delivery again gives the same keys; different changes differ.
        let again = parse_delivery(body).unwrap();
        assert_eq!(changes[0].entry_key, again[0].entry_key);
        assert_ne!(changes[0].entry_key, changes[1].entry_key);
    }

    #[test]
    fn refuses_what_is_not_a_delivery() {
        for bad in [
            &b"not json"[..],
            b"{}",
            br#"{"object":"page"}"#,
            br#"{"object":"x","entry":[{"id":{}}]}"#,
        ] {
            assert_eq!(parse_delivery(bad), Err(DeliveryError::NotADelivery));
        }
        assert_eq!(parse_delivery(br#"{"object":"x","entry":[]}"#), Ok(vec![]));
    }
}
