//! `POST /{phone_number_id}/smb_app_data`: the one-time syncs of a WhatsApp Business app
//! number (contacts with `smb_app_state_sync`, chat history with `history`), each taken
//! once per onboarding, as Meta does. What Meta then sends the app's webhook follows a
//! moment later through the sink start-up handed the simulator: the number's contacts,
//! and its history in three phases (or the customer's refusal to share it).

use std::sync::Arc;

use axum::{
    extract::{Path, Query, State},
    http::{HeaderMap, StatusCode},
    response::{IntoResponse, Response},
    Json,
};
use serde_json::{json, Value};

use super::{
    accounts::find_number,
    graph_answers::{authorized, bad_token, graph_error, injected, Params},
    numbers::SyncProblem,
    Simulator,
};
use crate::meta::webhooks::app_deliveries::{self, AppNumber};

/// A delivery of Meta's the simulator makes after a sync request, with the request it
/// answers (so it reaches the workspace that asked).
#[derive(Debug, Clone)]
pub struct SimulatedDelivery {
    pub request_id: String,
    pub body: Vec<u8>,
}

/// Where the simulator's deliveries go: start-up hands it one.
pub type DeliverySink = Arc<
    dyn Fn(SimulatedDelivery) -> std::pin::Pin<Box<dyn std::future::Future<Output = ()> + Send>>
        + Send
        + Sync,
>;

/// What Meta sends after a sync of `sync_type` for `number`.
fn deliveries(number: AppNumber<'_>, sync_type: &str, share_history: bool) -> Vec<Value> {
    let now = crate::db::now_ms() / 1000;
    match (sync_type, share_history) {
        ("smb_app_state_sync", _) => vec![app_deliveries::contacts(
            number,
            &[
                ("16505551234", Some("Pablo Morales"), "add"),
                ("16505559876", Some("Amira Haddad"), "add"),
                ("16505550000", Some("Chen Wei"), "add"),
            ],
            now,
        )],
        (_, false) => vec![app_deliveries::history_declined(number, now)],
        (_, true) => {
            let own = number.display_phone_number;
            let pablo: &[(&str, &str)] = &[
                ("16505551234", "Is the shop open on Sunday?"),
                (own, "Yes, from 10 to 4."),
            ];
            let amira: &[(&str, &str)] = &[("16505559876", "Thank you for the cake!")];
            let chen: &[(&str, &str)] = &[(own, "Your order is ready for pickup.")];
            vec![
                app_deliveries::history_chunk(number, (0, 1, 34), &[("16505551234", pablo)], now),
                app_deliveries::history_chunk(number, (1, 1, 67), &[("16505559876", amira)], now),
                app_deliveries::history_chunk(number, (2, 1, 100), &[("16505550000", chen)], now),
            ]
        }
    }
}

/// `POST /{phone_number_id}/smb_app_data` `{"messaging_product": "whatsapp",
/// "sync_type"}`.
pub async fn request(
    State(sim): State<Arc<Simulator>>,
    Path((_version, node)): Path<(String, String)>,
    headers: HeaderMap,
    Query(params): Params,
    body: Option<Json<Value>>,
) -> Response {
    let grant = match authorized(&sim, &headers, &params).await {
        Ok((_, Some(grant))) => grant,
        Ok((_, None)) => return bad_token(),
        Err(response) => return *response,
    };
    let Some((waba, number)) =
        find_number(&node).filter(|(w, _)| grant.waba_id.as_deref() == Some(w.waba_id))
    else {
        return graph_error(StatusCode::FORBIDDEN, 200, None, "(#200) Permissions error");
    };
    let body = body.map(|Json(b)| b).unwrap_or_default();
    let sync_type = body.get("sync_type").and_then(Value::as_str).unwrap_or("");
    if body.get("messaging_product").and_then(Value::as_str) != Some("whatsapp")
        || !matches!(sync_type, "smb_app_state_sync" | "history")
    {
        return graph_error(
            StatusCode::BAD_REQUEST,
            100,
            None,
            "(#100) Invalid parameter",
        );
    }
    // Counted as it arrives: a call a fault then answers (or never answers) counts.
    sim.numbers.count_sync_call(&number, sync_type);
    if let Some(response) = injected(&sim, "smb_app_data", Some(&grant.subject)).await {
        return response;
    }
    let share_history = match sim.numbers.take_sync(&number, sync_type) {
        Ok(share) => share,
        Err(SyncProblem::NotOnboarded) => {
            return graph_error(
                StatusCode::BAD_REQUEST,
                100,
                None,
                "(#100) This phone number was not onboarded from the WhatsApp Business app",
            )
        }
        Err(SyncProblem::AlreadyTaken) => {
            return graph_error(
                StatusCode::BAD_REQUEST,
                100,
                None,
                "(#100) This data was already synchronized for this phone number",
            )
        }
    };
    let request_id = format!("sim_sync_{}", hex::encode(rand::random::<[u8; 8]>()));
    if let Some(sink) = sim.deliveries.clone() {
        let app_number = AppNumber {
            waba_id: waba.waba_id,
            phone_number_id: number.id,
            display_phone_number: number.display,
        };
        let bodies = deliveries(app_number, sync_type, share_history);
        let request = request_id.clone();
        tokio::spawn(async move {
            for body in bodies {
                let body = body.to_string().into_bytes();
                sink(SimulatedDelivery {
                    request_id: request.clone(),
                    body,
                })
                .await;
            }
        });
    }
    Json(json!({ "messaging_product": "whatsapp", "request_id": request_id })).into_response()
}

/// `GET /meta-sim/calls/{phone_number_id}`: the register and `smb_app_data` calls the
/// number received (development and tests).
pub async fn calls(
    State(sim): State<Arc<Simulator>>,
    Path(number): Path<String>,
) -> Json<super::numbers::Calls> {
    Json(sim.numbers.calls(&number))
}
