//! The webhook deliveries Meta sends the app, made here for test mode (a test key asks
//! for one of Meta's changes): the shapes Meta sends (`account_update` keyed by
//! `value.waba_info.waba_id`, the phone number fields on the WABA's entry).

use serde_json::{json, Value};

/// The `account_update` events Meta sends.
pub const ACCOUNT_EVENTS: &[&str] = &[
    "PARTNER_ADDED",
    "PARTNER_APP_INSTALLED",
    "PARTNER_APP_UNINSTALLED",
    "PARTNER_REMOVED",
    "ACCOUNT_DELETED",
    "DISABLED_UPDATE",
    "ACCOUNT_RESTRICTION",
    "ACCOUNT_VIOLATION",
    "ACCOUNT_OFFBOARDED",
    "ACCOUNT_RECONNECTED",
];
/// `phone_number_quality_update` events.
pub const QUALITY_EVENTS: &[&str] = &["FLAGGED", "UNFLAGGED", "UPGRADE", "DOWNGRADE"];
/// `phone_number_name_update` decisions.
pub const NAME_DECISIONS: &[&str] = &["APPROVED", "REJECTED", "DEFERRED"];
/// `DISABLED_UPDATE`'s ban states.
pub const BAN_STATES: &[&str] = &["DISABLE", "SCHEDULE_FOR_DISABLE", "REINSTATE"];

/// The WABA and number an event is about.
#[derive(Debug, Clone, Copy)]
pub struct Target<'a> {
    pub waba_id: &'a str,
    pub display_phone_number: &'a str,
}

fn account_value(event: &str, target: Target<'_>, ban_state: &str) -> Value {
    let mut value = json!({
        "event": event,
        "waba_info": {
            "waba_id": target.waba_id,
            "owner_business_id": "300000000000001",
            "partner_app_id": crate::config::simulated::APP_ID,
        }
    });
    match event {
        "DISABLED_UPDATE" => {
            value["ban_info"] =
                json!({ "waba_ban_state": ban_state, "waba_ban_date": "2026-12-01" });
        }
        "ACCOUNT_RESTRICTION" => {
            value["restriction_info"] = json!([{
                "restriction_type": "RESTRICTED_BIZ_INITIATED_MESSAGING",
                "expiration": 1_767_225_600,
            }]);
        }
        "ACCOUNT_VIOLATION" => {
            value["violation_info"] = json!({ "violation_type": "SCAM" });
        }
        "PARTNER_REMOVED" => {
            value["disconnection_info"] = json!({ "reason": "PARTNER_REMOVED_BY_BUSINESS" });
        }
        _ => {}
    }
    value
}

/// A delivery with one change of `field`; `event` is the account event, the quality
/// event or the name decision.
pub fn delivery(field: &str, event: &str, target: Target<'_>, ban_state: &str, time: i64) -> Value {
    let value = match field {
        "account_update" => account_value(event, target, ban_state),
        "phone_number_quality_update" => json!({
            "display_phone_number": target.display_phone_number,
            "event": event,
            "current_limit": if event == "DOWNGRADE" || event == "FLAGGED" { "TIER_250" } else { "TIER_1K" },
        }),
        _ => json!({
            "display_phone_number": target.display_phone_number,
            "decision": event,
            "requested_verified_name": "Simulated Shop",
            "rejection_reason": if event == "REJECTED" { Value::from("NAME_FORMAT_UNACCEPTABLE") } else { Value::Null },
        }),
    };
    json!({
        "object": "whatsapp_business_account",
        "entry": [{ "id": target.waba_id, "time": time, "changes": [{ "field": field, "value": value }] }],
    })
}
