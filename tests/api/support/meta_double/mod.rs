//! A Meta double for live-mode tests, written from `docs/meta.md` and nothing else
//! (it shares no code with the product's simulator): the Graph API of Embedded Signup
//! and of Facebook Login for Pages as Meta answers in 2026, with `appsecret_proof`
//! checked on every call with a token, Meta's error bodies, and failures a test can
//! queue. It counts the calls it receives.

mod graph;

use std::{
    collections::{HashMap, VecDeque},
    sync::{Arc, Mutex},
};

use axum::{http::StatusCode, Router};
use serde_json::Value;

pub const APP_ID: &str = "424242424242";
pub const APP_SECRET: &str = "double-app-secret";

/// How a number answers register (docs/meta.md: 133005 with another PIN, 133006 before
/// verification, 133016 past 10 calls in 72 hours; a CONNECTED number needs none). A
/// number on the WhatsApp Business app (coexistence) is connected already: register
/// would take it off the app, and the double records when that happens.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum NumberState {
    Fresh,
    WithPin(String),
    Unverified,
    Connected,
    QuotaSpent,
    OnBusinessApp,
}

#[derive(Debug, Clone)]
pub struct Number {
    pub id: String,
    pub display: String,
    pub state: NumberState,
}

impl Number {
    pub fn new(id: &str, state: NumberState) -> Self {
        Self {
            id: id.into(),
            display: format!("+1 555-{}", &id[id.len() - 4..]),
            state,
        }
    }
}

/// What the debug_token of a business token says.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum TokenShape {
    /// Since June 2026: `business_management` and `whatsapp_business_manage_events`,
    /// no target ids.
    Shape2026,
    /// The shape Meta's documentation still shows.
    Documented,
    /// Issued to another app.
    OtherApp,
    /// `is_valid: false`.
    Invalid,
}

/// What the customer shared in Meta's dialog.
#[derive(Debug, Clone)]
pub struct WabaGrant {
    pub waba_id: String,
    pub numbers: Vec<Number>,
    pub shape: TokenShape,
}

/// A Page a Facebook user manages; `token: false` lists it without `access_token`.
#[derive(Debug, Clone)]
pub struct Page {
    pub id: String,
    pub name: String,
    pub token: bool,
}

/// The app-scoped id `GET /me` gives every Facebook Login user.
pub const USER_ID: &str = "7001000000000001";

/// A queued answer replacing the next call of a route.
#[derive(Debug, Clone)]
pub struct Failure {
    pub status: StatusCode,
    pub body: Value,
    pub headers: Vec<(&'static str, String)>,
}

#[derive(Default)]
pub(crate) struct State {
    codes: HashMap<String, (WabaGrant, bool)>,
    /// Codes of the full-page login dialog: the pages, the dialog's redirect_uri, used.
    dialog_codes: HashMap<String, (Vec<Page>, String, bool)>,
    business_tokens: HashMap<String, WabaGrant>,
    user_tokens: HashMap<String, Vec<Page>>,
    page_tokens: HashMap<String, String>,
    pins: HashMap<String, String>,
    registered: Vec<String>,
    /// Business app numbers a register took off the app.
    taken_off_app: Vec<String>,
    /// `(number, sync_type)` of the `smb_app_data` requests Meta took (once each).
    synced: Vec<(String, String)>,
    calls: HashMap<&'static str, usize>,
    /// Display name reviews by number (`APPROVED` when absent).
    name_status: HashMap<String, String>,
    /// `health_status` answers a test set by number (else derived from the number).
    health: HashMap<String, Value>,
    failures: HashMap<&'static str, VecDeque<Failure>>,
    /// The bodies of `POST {waba_id}/phone_numbers` and of `request_code`, in order.
    added: Vec<Value>,
    code_requests: Vec<Value>,
    /// The last code "sent" to each number.
    sent_codes: HashMap<String, String>,
    /// Routes whose next call is carried out but whose answer breaks off on the way.
    cut: std::collections::HashSet<&'static str>,
    next: u64,
}

impl State {
    fn mint(&mut self, prefix: &str) -> String {
        self.next += 1;
        format!("{prefix}{:08}{}", self.next, "x".repeat(24))
    }
}

/// The double, listening on 127.0.0.1.
pub struct MetaDouble {
    pub url: String,
    state: Arc<Mutex<State>>,
}

impl MetaDouble {
    pub async fn start() -> Self {
        let state = Arc::new(Mutex::new(State::default()));
        let app: Router = graph::router(state.clone());
        let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await.unwrap();
        let url = format!("http://{}", listener.local_addr().unwrap());
        tokio::spawn(async move { axum::serve(listener, app).await.unwrap() });
        Self { url, state }
    }

    /// The code Meta's dialog gives for this grant (valid once).
    pub fn code_for(&self, grant: WabaGrant) -> String {
        let mut state = self.state.lock().unwrap();
        let code = state.mint("AQ");
        state.codes.insert(code.clone(), (grant, false));
        code
    }

    /// The code Meta's full-page login dialog gives a user managing `pages`, opened with
    /// `redirect_uri` (valid once, with that same redirect_uri only).
    pub fn dialog_code(&self, pages: Vec<Page>, redirect_uri: &str) -> String {
        let mut state = self.state.lock().unwrap();
        let code = state.mint("AQD");
        state
            .dialog_codes
            .insert(code.clone(), (pages, redirect_uri.to_owned(), false));
        code
    }

    /// The short-lived user token Facebook Login gives a user managing `pages`.
    pub fn user_token(&self, pages: Vec<Page>) -> String {
        let mut state = self.state.lock().unwrap();
        let token = state.mint("EAAU");
        state.user_tokens.insert(token.clone(), pages);
        token
    }

    /// The customer removes the app in Business Settings: every business token dies.
    pub fn remove_app(&self) {
        self.state.lock().unwrap().business_tokens.clear();
    }

    /// Meta's review of the number's display name now says `status` (`PENDING_REVIEW`,
    /// `APPROVED`, `DECLINED`).
    pub fn set_name_status(&self, number: &str, status: &str) {
        let mut state = self.state.lock().unwrap();
        state.name_status.insert(number.into(), status.into());
    }

    /// `health_status` of the number answers `health` from now on (`None`: what the
    /// number's registration and name review make it).
    pub fn set_health(&self, number: &str, health: Option<Value>) {
        let mut state = self.state.lock().unwrap();
        match health {
            Some(health) => state.health.insert(number.into(), health),
            None => state.health.remove(number),
        };
    }

    /// Business app numbers a `register` took off the app (docs/meta.md: never do it).
    pub fn taken_off_app(&self) -> Vec<String> {
        self.state.lock().unwrap().taken_off_app.clone()
    }

    /// How many calls a route received (`register`, `subscribed_apps`,
    /// `smb_app_data/history`, `smb_app_data/smb_app_state_sync`, ...).
    pub fn calls(&self, route: &'static str) -> usize {
        self.state
            .lock()
            .unwrap()
            .calls
            .get(route)
            .copied()
            .unwrap_or(0)
    }

    /// The next call of `route` is carried out (a code is spent), but its answer breaks
    /// off on the way, as when the connection drops after Meta handled the request.
    pub fn cut_next_answer(&self, route: &'static str) {
        self.state.lock().unwrap().cut.insert(route);
    }

    /// What the product asked Meta to add (`cc`, `phone_number`, `verified_name`).
    pub fn added_numbers(&self) -> Vec<Value> {
        self.state.lock().unwrap().added.clone()
    }

    /// The `request_code` bodies received (`code_method`, `language`).
    pub fn code_requests(&self) -> Vec<Value> {
        self.state.lock().unwrap().code_requests.clone()
    }

    /// The last code sent to `number`, as the customer reads it.
    pub fn sent_code(&self, number: &str) -> Option<String> {
        self.state.lock().unwrap().sent_codes.get(number).cloned()
    }

    /// The next call of `route` answers `failure` instead.
    pub fn fail_next(&self, route: &'static str, failure: Failure) {
        let mut state = self.state.lock().unwrap();
        state.failures.entry(route).or_default().push_back(failure);
    }
}

/// Meta's error body.
pub fn meta_error(code: i64, subcode: Option<i64>, message: &str) -> Value {
    let mut error = serde_json::json!({
        "message": message, "type": "OAuthException", "code": code,
        "fbtrace_id": "AdoubleTrace", "error_data": {"details": "from the double"},
    });
    if let Some(subcode) = subcode {
        error["error_subcode"] = serde_json::json!(subcode);
    }
    if matches!(code, 1 | 2) {
        error["is_transient"] = serde_json::json!(true);
    }
    serde_json::json!({ "error": error })
}

/// A `health_status` whose `entity` is limited or blocked by one error.
pub fn health(overall: &str, entity: &str, code: i64, description: &str) -> Value {
    serde_json::json!({
        "can_send_message": overall,
        "entities": [
            {"entity_type": "PHONE_NUMBER", "id": "1", "can_send_message": if entity == "PHONE_NUMBER" { overall } else { "AVAILABLE" }},
            {"entity_type": entity, "id": "2", "can_send_message": overall, "errors": [
                {"error_code": code, "error_description": description, "possible_solution": "Fix it in WhatsApp Manager."}
            ]},
        ],
    })
}
