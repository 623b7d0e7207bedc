//! Meta's deliveries for a WhatsApp Business app number (coexistence), made here for
//! test mode and the simulator, in the shapes Meta sends (docs/meta.md, "Onboarding
//! variants"): `smb_app_state_sync` (contacts), `history` (chunks of threads, or the
//! customer's refusal) and `smb_message_echoes`, each on the WABA's entry with the
//! number in `value.metadata`.

use serde_json::{json, Value};

/// Meta's code when the customer declined to share the chat history.
pub const HISTORY_DECLINED: i64 = 2_593_109;

/// The number a delivery is about.
#[derive(Debug, Clone, Copy)]
pub struct AppNumber<'a> {
    pub waba_id: &'a str,
    pub phone_number_id: &'a str,
    pub display_phone_number: &'a str,
}

fn metadata(number: AppNumber<'_>) -> Value {
    json!({
        "display_phone_number": number.display_phone_number,
        "phone_number_id": number.phone_number_id,
    })
}

fn delivery(number: AppNumber<'_>, field: &str, value: Value, time: i64) -> Value {
    json!({
        "object": "whatsapp_business_account",
        "entry": [{ "id": number.waba_id, "time": time, "changes": [{ "field": field, "value": value }] }],
    })
}

/// A contact of the app: `(phone number, full name, action)`; a removal has no name.
pub type Contact<'a> = (&'a str, Option<&'a str>, &'a str);

/// `smb_app_state_sync`: contacts added, edited (`add`) or removed (`remove`).
pub fn contacts(number: AppNumber<'_>, contacts: &[Contact<'_>], time: i64) -> Value {
    let state_sync: Vec<Value> = contacts
        .iter()
        .map(|(phone, name, action)| {
            let mut contact = json!({ "phone_number": phone });
            if let Some(name) = name {
                contact["full_name"] = json!(name);
                contact["first_name"] = json!(name.split(' ').next().unwrap_or(name));
            }
            json!({ "type": "contact", "contact": contact, "action": action,
                "metadata": { "timestamp": time.to_string() } })
        })
        .collect();
    let value = json!({ "messaging_product": "whatsapp", "metadata": metadata(number),
        "state_sync": state_sync });
    delivery(number, "smb_app_state_sync", value, time)
}

/// A message of a history thread: `(from, text)`.
pub type HistoryMessage<'a> = (&'a str, &'a str);

/// One chunk of `history`: its place (`phase` 0 to 2, `chunk_order`, `progress` 0 to
/// 100) and its threads, each the other person's number and its messages.
pub fn history_chunk(
    number: AppNumber<'_>,
    place: (i64, i64, i64),
    threads: &[(&str, &[HistoryMessage<'_>])],
    time: i64,
) -> Value {
    let (phase, chunk_order, progress) = place;
    let threads: Vec<Value> = threads
        .iter()
        .map(|(person, messages)| {
            let messages: Vec<Value> = messages
                .iter()
                .enumerate()
                .map(|(n, (from, text))| {
                    let mut message = json!({
                        "from": from,
                        "id": format!("wamid.sim.{person}.{phase}.{chunk_order}.{n}"),
                        "timestamp": (time - 3600 * (n as i64 + 1)).to_string(),
                        "type": "text",
                        "text": { "body": text },
                        "history_context": { "status": "READ" },
                    });
                    if *from == number.display_phone_number {
                        message["to"] = json!(person);
                    }
                    message
                })
                .collect();
            json!({ "id": person, "messages": messages })
        })
        .collect();
    let value = json!({ "messaging_product": "whatsapp", "metadata": metadata(number),
        "history": [{ "metadata": { "phase": phase, "chunk_order": chunk_order, "progress": progress },
            "threads": threads }] });
    delivery(number, "history", value, time)
}

/// `history` when the customer declined to share it.
pub fn history_declined(number: AppNumber<'_>, time: i64) -> Value {
    let value = json!({ "messaging_product": "whatsapp", "metadata": metadata(number),
        "history": [{ "errors": [{ "code": HISTORY_DECLINED,
            "title": "History sync is turned off by the business",
            "message": "History sync is turned off by the business",
            "error_data": { "details": "The business declined to share chat history" } }] }] });
    delivery(number, "history", value, time)
}

/// `smb_message_echoes`: a text the customer sent from the app to `to`.
pub fn message_echo(number: AppNumber<'_>, to: &str, text: &str, time: i64) -> Value {
    let value = json!({ "messaging_product": "whatsapp", "metadata": metadata(number),
        "message_echoes": [{ "from": number.display_phone_number, "to": to,
            "id": format!("wamid.sim.echo.{time}"), "timestamp": time.to_string(),
            "type": "text", "text": { "body": text } }] });
    delivery(number, "smb_message_echoes", value, time)
}
