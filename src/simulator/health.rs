//! A simulated number's display name review and send readiness (`name_status` and
//! `health_status`, docs/meta.md "Send readiness"): a number whose name Meta still
//! reviews cannot send, nor can one not registered yet; a WABA without a payment method
//! sends in limited ways only.

use serde_json::{json, Value};

use super::{accounts::NumberKind, accounts::SimNumber, Simulator};

/// The number's `name_status`: `APPROVED`, except for a number whose name is under
/// review until a decision (in test mode, the one a test key sent) settles it.
pub async fn name_status(sim: &Simulator, number: &SimNumber) -> &'static str {
    if number.kind != NumberKind::NamePending {
        return "APPROVED";
    }
    let decision = crate::db::whatsapp_connections::latest_name_decision(&sim.db, number.id)
        .await
        .ok()
        .flatten();
    match decision.as_deref() {
        Some("approved") => "APPROVED",
        Some("rejected") => "DECLINED",
        _ => "PENDING_REVIEW",
    }
}

fn entity(kind: &str, id: &str, can_send: &str, errors: Value) -> Value {
    let mut entity = json!({ "entity_type": kind, "id": id, "can_send_message": can_send });
    if errors.as_array().is_some_and(|e| !e.is_empty()) {
        entity["errors"] = errors;
    }
    entity
}

/// What Meta answers for `health_status`; `moved`: a test key's move on the token that
/// reads it (`NO_PAYMENT_METHOD`, `BUSINESS_NOT_VERIFIED`, or `AVAILABLE`: nothing the
/// number's own kind would limit).
pub fn health_status(
    (number_id, kind): (&str, NumberKind),
    ids: (&str, &str),
    (registered, name_status): (bool, &str),
    moved: Option<&str>,
) -> Value {
    let (waba_id, business_id) = ids;
    let number_errors = match (name_status, registered) {
        ("PENDING_REVIEW", _) => json!([{
            "error_code": 141000,
            "error_description": "The display name of the phone number is pending review.",
            "possible_solution": "Wait for the display name review to finish.",
        }]),
        ("DECLINED", _) => json!([{
            "error_code": 141000,
            "error_description": "The display name of the phone number was rejected.",
            "possible_solution": "Submit a new display name in WhatsApp Manager.",
        }]),
        (_, false) => json!([{
            "error_code": 141001,
            "error_description": "The phone number is not registered.",
            "possible_solution": "Register the phone number with the Cloud API.",
        }]),
        _ => json!([]),
    };
    let no_payment = match moved {
        Some("NO_PAYMENT_METHOD") => true,
        Some(_) => false,
        None => kind == NumberKind::NoPaymentMethod,
    };
    let waba_errors = match no_payment {
        true => json!([{
            "error_code": 141006,
            "error_description": "There is an error with the payment method.",
            "possible_solution": "Add a valid payment method to the WhatsApp Business account.",
        }]),
        false => json!([]),
    };
    let business_errors = match moved {
        Some("BUSINESS_NOT_VERIFIED") => json!([{
            "error_code": 141010,
            "error_description": "The Business has not passed business verification.",
            "possible_solution": "Verify the business in Meta Business Suite.",
        }]),
        _ => json!([]),
    };
    let number_state = if number_errors.as_array().is_some_and(|e| !e.is_empty()) {
        "BLOCKED"
    } else {
        "AVAILABLE"
    };
    let waba_state = if waba_errors.as_array().is_some_and(|e| !e.is_empty()) {
        "LIMITED"
    } else {
        "AVAILABLE"
    };
    let business_state = match business_errors.as_array().is_some_and(|e| !e.is_empty()) {
        true => "LIMITED",
        false => "AVAILABLE",
    };
    let overall = match (number_state, waba_state, business_state) {
        ("BLOCKED", _, _) => "BLOCKED",
        (_, "LIMITED", _) | (_, _, "LIMITED") => "LIMITED",
        _ => "AVAILABLE",
    };
    json!({
        "can_send_message": overall,
        "entities": [
            entity("PHONE_NUMBER", number_id, number_state, number_errors),
            entity("WABA", waba_id, waba_state, waba_errors),
            entity("BUSINESS", business_id, business_state, business_errors),
            entity("APP", super::APP_ID, "AVAILABLE", json!([])),
        ],
    })
}
