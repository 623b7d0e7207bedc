//! What each Meta change does to a WhatsApp connection: a pure decision, so every rule
//! is tested on its own (docs/meta.md, "What Meta sends the app").

use serde_json::{json, Value};

use crate::model::ConnectionStatus;
use crate::services::webhooks::events::WhatsAppChange;

/// What to do with one connection for one change.
#[derive(Debug, Clone, PartialEq)]
pub enum Decision {
    /// Move the connection to `status` and tell the vendor.
    Move {
        status: ConnectionStatus,
        reason: &'static str,
        /// The token is dead or Meta's access is gone: forget it.
        drop_token: bool,
        change: WhatsAppChange,
    },
    /// Keep what Meta said of the number and send `whatsapp.updated` with `fields`.
    Note {
        reason: &'static str,
        quality_rating: Option<String>,
        display_name: Option<(String, String)>,
        fields: Value,
    },
    /// Nothing changes for the vendor; the outcome says why.
    NoChange(&'static str),
}

fn disconnect(current: ConnectionStatus, reason: &'static str, drop_token: bool) -> Decision {
    if current == ConnectionStatus::Disconnected {
        return Decision::NoChange("already_disconnected");
    }
    Decision::Move {
        status: ConnectionStatus::Disconnected,
        reason,
        drop_token,
        change: WhatsAppChange::Disconnected,
    }
}

fn restrict(current: ConnectionStatus, reason: &'static str) -> Decision {
    if current == ConnectionStatus::Disconnected {
        return Decision::NoChange("disconnected");
    }
    Decision::Move {
        status: ConnectionStatus::Restricted,
        reason,
        drop_token: false,
        change: WhatsAppChange::Restricted,
    }
}

fn reconnect(current: ConnectionStatus, has_token: bool, reason: &'static str) -> Decision {
    if !matches!(
        current,
        ConnectionStatus::Disconnected | ConnectionStatus::Restricted
    ) {
        return Decision::NoChange("not_broken");
    }
    if !has_token {
        // Meta's access came back, but the token is gone: a new session reconnects it.
        return Decision::NoChange("no_token");
    }
    Decision::Move {
        status: ConnectionStatus::Active,
        reason,
        drop_token: false,
        change: WhatsAppChange::Reconnected,
    }
}

fn text(value: &Value, pointer: &str) -> Option<String> {
    value
        .pointer(pointer)
        .and_then(Value::as_str)
        .filter(|s| !s.is_empty() && s.len() <= 256)
        .map(str::to_owned)
}

fn account_update(
    event: &str,
    value: &Value,
    current: ConnectionStatus,
    has_token: bool,
) -> Decision {
    match event {
        "PARTNER_APP_UNINSTALLED" => disconnect(current, "app_uninstalled", true),
        "PARTNER_REMOVED" => disconnect(current, "partner_removed", true),
        "ACCOUNT_DELETED" => disconnect(current, "account_deleted", true),
        // Moved to another provider; Meta says ACCOUNT_RECONNECTED if it comes back.
        "ACCOUNT_OFFBOARDED" => disconnect(current, "account_offboarded", false),
        "ACCOUNT_RESTRICTION" => restrict(current, "account_restricted"),
        "ACCOUNT_VIOLATION" => restrict(current, "policy_violation"),
        "DISABLED_UPDATE" => match text(value, "/ban_info/waba_ban_state").as_deref() {
            Some("DISABLE") => restrict(current, "account_disabled"),
            Some("SCHEDULE_FOR_DISABLE") => restrict(current, "disable_scheduled"),
            Some("REINSTATE") => reconnect(current, has_token, "account_reinstated"),
            _ => Decision::NoChange("unknown_ban_state"),
        },
        "ACCOUNT_RECONNECTED" => reconnect(current, has_token, "account_reconnected"),
        "PARTNER_ADDED" | "PARTNER_APP_INSTALLED" => Decision::NoChange("already_connected"),
        _ => Decision::NoChange("unknown_event"),
    }
}

fn quality_update(event: Option<&str>, value: &Value) -> Decision {
    let quality_rating = text(value, "/quality_rating").or_else(|| {
        match event {
            Some("FLAGGED") => Some("RED"),
            Some("UNFLAGGED") => Some("GREEN"),
            _ => None,
        }
        .map(str::to_owned)
    });
    Decision::Note {
        reason: "quality_update",
        fields: json!({
            "quality_rating": quality_rating,
            "quality_event": event,
            "messaging_limit": text(value, "/current_limit"),
        }),
        quality_rating,
        display_name: None,
    }
}

fn name_update(value: &Value) -> Decision {
    let Some(decision) = text(value, "/decision").map(|d| d.to_ascii_lowercase()) else {
        return Decision::NoChange("no_decision");
    };
    let name = text(value, "/requested_verified_name").unwrap_or_default();
    Decision::Note {
        reason: "display_name_update",
        fields: json!({
            "display_name": {
                "name": name,
                "status": decision,
                "rejection_reason": text(value, "/rejection_reason"),
            }
        }),
        quality_rating: None,
        display_name: Some((name, decision)),
    }
}

/// The decision for one connection in state `current` (`has_token`: its token is kept).
pub fn decide(
    field: &str,
    event: Option<&str>,
    value: &Value,
    current: ConnectionStatus,
    has_token: bool,
) -> Decision {
    match field {
        "account_update" => match event {
            Some(event) => account_update(event, value, current, has_token),
            None => Decision::NoChange("no_event"),
        },
        "phone_number_quality_update" => quality_update(event, value),
        "phone_number_name_update" => name_update(value),
        _ => Decision::NoChange("unsubscribed_field"),
    }
}

/// Whether a change shares a WABA with the app for which no connection may exist yet.
pub fn shares_a_waba(field: &str, event: Option<&str>) -> bool {
    field == "account_update" && matches!(event, Some("PARTNER_ADDED" | "PARTNER_APP_INSTALLED"))
}

#[cfg(test)]
mod tests {
    use super::*;
    use ConnectionStatus::*;

    fn account(event: &str, current: ConnectionStatus, has_token: bool) -> Decision {
        decide(
            "account_update",
            Some(event),
            &json!({}),
            current,
            has_token,
        )
    }

    fn moved_to(decision: &Decision) -> Option<(ConnectionStatus, &'static str, bool)> {
        match decision {
            Decision::Move {
                status,
                reason,
                drop_token,
                ..
            } => Some((*status, reason, *drop_token)),
            _ => None,
        }
    }

    #[test]
    fn removals_disconnect_and_forget_the_token_once() {
        for (event, reason) in [
            ("PARTNER_APP_UNINSTALLED", "app_uninstalled"),
            ("PARTNER_REMOVED", "partner_removed"),
            ("ACCOUNT_DELETED", "account_deleted"),
        ] {
            assert_eq!(
                moved_to(&account(event, Active, true)),
                Some((Disconnected, reason, true))
            );
            assert_eq!(
                moved_to(&account(event, NeedsRegistration, true)),
                Some((Disconnected, reason, true))
            );
            assert_eq!(
                account(event, Disconnected, false),
                Decision::NoChange("already_disconnected")
            );
        }
        assert_eq!(
            moved_to(&account("ACCOUNT_OFFBOARDED", Active, true)),
            Some((Disconnected, "account_offboarded", false))
        );
    }

    #[test]
    fn restrictions_and_their_end() {
        assert_eq!(
            moved_to(&account("ACCOUNT_RESTRICTION", Active, true)),
            Some((Restricted, "account_restricted", false))
        );
        assert_eq!(
            moved_to(&account("ACCOUNT_VIOLATION", Active, true)),
            Some((Restricted, "policy_violation", false))
        );
        assert_eq!(
            account("ACCOUNT_RESTRICTION", Disconnected, false),
            Decision::NoChange("disconnected")
        );
        let ban = |state: &str| {
            decide(
                "account_update",
                Some("DISABLED_UPDATE"),
                &json!({"ban_info": {"waba_ban_state": state}}),
                Restricted,
                true,
            )
        };
        assert_eq!(
            moved_to(&ban("DISABLE")),
            Some((Restricted, "account_disabled", false))
        );
        assert_eq!(
            moved_to(&ban("SCHEDULE_FOR_DISABLE")),
            Some((Restricted, "disable_scheduled", false))
        );
        assert_eq!(
            moved_to(&ban("REINSTATE")),
            Some((Active, "account_reinstated", false))
        );
        assert_eq!(ban("SOMETHING"), Decision::NoChange("unknown_ban_state"));
        assert_eq!(
            moved_to(&account("ACCOUNT_RECONNECTED", Disconnected, true)),
            Some((Active, "account_reconnected", false))
        );
        assert_eq!(
            account("ACCOUNT_RECONNECTED", Disconnected, false),
            Decision::NoChange("no_token")
        );
        assert_eq!(
            account("ACCOUNT_RECONNECTED", Active, true),
            Decision::NoChange("not_broken")
        );
    }

    #[test]
    fn sharing_events_change_nothing_for_a_known_connection() {
        for event in ["PARTNER_ADDED", "PARTNER_APP_INSTALLED"] {
            assert_eq!(
                account(event, Active, true),
                Decision::NoChange("already_connected")
            );
            assert!(shares_a_waba("account_update", Some(event)));
        }
        assert!(!shares_a_waba("account_update", Some("PARTNER_REMOVED")));
        assert_eq!(
            account("SOMETHING_NEW", Active, true),
            Decision::NoChange("unknown_event")
        );
        assert_eq!(
            decide("messages", None, &json!({}), Active, true),
            Decision::NoChange("unsubscribed_field")
        );
    }

    #[test]
    fn number_updates_note_quality_and_display_name() {
        let Decision::Note {
            quality_rating,
            fields,
            ..
        } = decide(
            "phone_number_quality_update",
            Some("FLAGGED"),
            &json!({"display_phone_number": "1555", "event": "FLAGGED", "current_limit": "TIER_250"}),
            Active,
            true,
        )
        else {
            panic!("a quality update is noted");
        };
        assert_eq!(quality_rating.as_deref(), Some("RED"));
        assert_eq!(fields["messaging_limit"], "TIER_250");
        let Decision::Note { display_name, .. } = decide(
            "phone_number_name_update",
            Some("REJECTED"),
            &json!({"decision": "REJECTED", "requested_verified_name": "Shop"}),
            Active,
            true,
        ) else {
            panic!("a name update is noted");
        };
        assert_eq!(
            display_name,
            Some(("Shop".to_owned(), "rejected".to_owned()))
        );
        assert_eq!(
            decide("phone_number_name_update", None, &json!({}), Active, true),
            Decision::NoChange("no_decision")
        );
    }
}
