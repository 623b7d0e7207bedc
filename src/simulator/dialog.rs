//! The consent dialogs that `FB.login` opens. Embedded Signup (with a `config_id`): the
//! simulated customer picks a business, WhatsApp Business account and phone number, then
//! approves, cancels, reports an error or refuses. Facebook Login for Pages: the customer
//! picks who logs in, or refuses. The dialog's script reports the outcome to the opener
//! as Meta does.

use std::{collections::HashMap, fmt::Write, sync::Arc};

use axum::{
    extract::{Query, State},
    http::{header, HeaderValue, StatusCode},
    response::{Html, IntoResponse, Response},
    Json,
};
use serde::Deserialize;
use serde_json::{json, Value};

use super::{
    accounts::{find_waba, NumberKind, WABA_CHOICES},
    facebook_users::{find_user, USERS},
    grants::Grant,
    graph_answers::storage_failed,
    login_options, Simulator, APP_ID, CONFIG_ID, PAGES_CONFIG_ID,
};

pub(super) fn escape(text: &str) -> String {
    text.replace('&', "&amp;")
        .replace('<', "&lt;")
        .replace('>', "&gt;")
        .replace('"', "&quot;")
}

const STYLE: &str = "body{font-family:system-ui,sans-serif;margin:0;background:#f0f2f5;color:#1c1e21}\
.sim{background:#b45309;color:#fff;padding:.5rem 1rem;font-weight:700}\
main{max-width:32rem;margin:1.5rem auto;background:#fff;border-radius:8px;padding:1.25rem}\
label{display:block;font-weight:600;margin:.75rem 0 .25rem}select{width:100%;padding:.5rem;font:inherit}\
.row{display:flex;flex-wrap:wrap;gap:.5rem;margin-top:1rem}button{font:inherit;padding:.55rem .9rem;border-radius:6px;border:1px solid #ccd0d5;background:#fff;cursor:pointer}\
button.primary{background:#1877f2;color:#fff;border-color:#1877f2}:focus-visible{outline:3px solid #1877f2;outline-offset:2px}";

/// What a simulated Meta page may load: its own script, its one stylesheet (by hash),
/// calls and forms to itself; nothing may frame it.
fn content_security_policy() -> &'static str {
    static POLICY: std::sync::OnceLock<String> = std::sync::OnceLock::new();
    POLICY.get_or_init(|| {
        use base64::Engine;
        use sha2::Digest;
        let style = base64::engine::general_purpose::STANDARD.encode(sha2::Sha256::digest(STYLE));
        format!(
            "default-src 'none'; script-src 'self'; style-src 'sha256-{style}'; connect-src 'self'; \
             form-action 'self'; base-uri 'none'; frame-ancestors 'none'"
        )
    })
}

/// A simulated Meta page as an answer: never cached, under its CSP.
pub(super) fn page_response(status: StatusCode, html: String) -> Response {
    let mut response = (status, Html(html)).into_response();
    let headers = response.headers_mut();
    headers.insert(header::CACHE_CONTROL, HeaderValue::from_static("no-store"));
    if let Ok(policy) = HeaderValue::from_str(content_security_policy()) {
        headers.insert(header::CONTENT_SECURITY_POLICY, policy);
    }
    response
}

/// A dialog page; the popup's script reports its outcome to the opener.
fn document(title: &str, body: &str) -> String {
    page_document(
        title,
        body,
        r#"<script src="/meta-sim/dialog.js"></script>"#,
    )
}

/// A simulated Meta page around `body`, followed by `tail`.
pub(super) fn page_document(title: &str, body: &str, tail: &str) -> String {
    format!(
        r#"<!doctype html><html lang="en"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width,initial-scale=1">
<title>Simulated Meta · {title}</title><style>{STYLE}</style></head>
<body><div class="sim" role="note">Simulated Meta: this is not facebook.com</div>
<main>{body}</main>{tail}</body></html>"#
    )
}

/// The Facebook accounts a simulated customer may log in as, as `<option>`s.
pub(super) fn user_options() -> String {
    let mut options = String::new();
    for user in USERS {
        let _ = write!(
            options,
            r#"<option value="{}">{}</option>"#,
            user.id,
            escape(user.name)
        );
    }
    options
}

/// The Embedded Signup dialog; `only_account`: launched with `only_waba_sharing`, it
/// shows no phone screens and shares the account alone.
fn whatsapp_dialog(app_id: &str, only_account: bool) -> String {
    let mut options = String::new();
    for choice in WABA_CHOICES.iter().filter(|c| !c.on_business_app()) {
        let phone = match (only_account, choice.number) {
            (false, Some(number)) => number.display,
            (true, _) => "the account only",
            (false, None) => "no phone number",
        };
        let _ = write!(
            options,
            r#"<option value="{}">{} · {} · {phone}</option>"#,
            choice.waba_id,
            escape(choice.business_name),
            escape(choice.waba_name),
        );
    }
    document(
        "Connect WhatsApp Business",
        &format!(
            r#"<h1>Connect WhatsApp Business</h1>
<p>App {app} asks to manage a WhatsApp Business account and send messages for you.</p>
<form id="signup" data-only-account="{only}"><label for="account">Business, WhatsApp Business account and phone number</label>
<select id="account" name="account">{options}</select>
<label for="finish-as">Finish as</label>
<select id="finish-as"><option value="FINISH">FINISH (FINISH_ONLY_WABA without a number)</option>
<option value="FINISH_GRANT_ONLY_API_ACCESS">FINISH_GRANT_ONLY_API_ACCESS</option></select>
<label><input type="checkbox" id="login-first"> Deliver the login result before the signup event</label>
<label><input type="checkbox" id="second-host"> Send the events from Meta's second host (like web.facebook.com)</label>
<label><input type="checkbox" id="no-event"> Send no signup event</label>
<label><input type="checkbox" id="no-code"> Finish without a login code (no authResponse)</label>
<label for="cancel-step">Cancel at</label>
<select id="cancel-step"><option>WABA_PHONE_SELECTION</option><option>PHONE_NUMBER_SETUP</option>
<option>BUSINESS_ACCOUNT_SELECTION</option><option>PHONE_NUMBER_VERIFICATION</option></select>
<div class="row"><button type="submit" class="primary" id="finish">Finish</button>
<button type="button" id="cancel">Cancel</button>
<button type="button" id="report-error">Report a problem</button>
<button type="button" id="meta-error">Meta error</button>
<button type="button" id="deny">Don't allow</button></div></form>"#,
            app = escape(app_id),
            only = u8::from(only_account),
        ),
    )
}

/// The WhatsApp Business app onboarding (coexistence): the customer enters the app's
/// number, confirms in the app (a simulated QR code), and chooses whether to share the
/// chat history. An app that cannot join (too old) ends in Meta's error.
fn business_app_dialog(app_id: &str) -> String {
    let mut options = String::new();
    for choice in WABA_CHOICES.iter().filter(|c| c.on_business_app()) {
        let Some(number) = choice.number else {
            continue;
        };
        let eligible = matches!(number.kind, NumberKind::BusinessApp { eligible: true });
        let _ = write!(
            options,
            r#"<option value="{}" data-eligible="{eligible}">{} · {}</option>"#,
            choice.waba_id,
            escape(choice.business_name),
            number.display,
        );
    }
    document(
        "Connect your WhatsApp Business app",
        &format!(
            r#"<h1>Connect your WhatsApp Business app</h1>
<p>App {app} asks to send and receive messages on the number you use in the WhatsApp Business app. You keep using the app.</p>
<form id="app-signup"><div id="app-number"><label for="app-account">Your WhatsApp Business app number</label>
<select id="app-account" name="app-account">{options}</select>
<div class="row"><button type="button" class="primary" id="app-continue">Continue</button></div></div>
<div id="app-confirm" hidden><p id="app-qr">Simulated QR code SIM-QR-4821: open WhatsApp Business on your phone, scan it and tap Confirm.</p>
<label><input type="checkbox" id="share-history" checked> Share my chat history with the app</label>
<div class="row"><button type="submit" class="primary" id="app-confirmed">I confirmed in the app</button></div></div>
<div class="row"><button type="button" id="cancel">Cancel</button>
<button type="button" id="deny">Don't allow</button></div></form>"#,
            app = escape(app_id),
        ),
    )
}

/// Meta refusing a launch signature it no longer runs.
fn refused_dialog(why: &str) -> String {
    document(
        "Embedded Signup unavailable",
        &format!(
            r#"<h1>This sign-up can't be started</h1><p id="refused" data-reason="{reason}">{reason}</p>"#,
            reason = escape(why),
        ),
    )
}

fn pages_dialog(app_id: &str, scope: &str) -> String {
    let options = user_options();
    document(
        "Log in with Facebook",
        &format!(
            r#"<h1>Log in with Facebook</h1>
<p>App {app} asks for: {scope}.</p>
<form id="pages-login"><label for="user">Facebook account</label>
<select id="user" name="user">{options}</select>
<div class="row"><button type="submit" class="primary" id="continue">Continue</button>
<button type="button" id="deny">Don't allow</button></div></form>"#,
            app = escape(app_id),
            scope = escape(scope),
        ),
    )
}

/// `GET /meta-sim/dialog?app_id=..&login_options=<FB.login's options as JSON>`
pub async fn page(
    State(sim): State<Arc<Simulator>>,
    Query(params): Query<HashMap<String, String>>,
) -> Response {
    let app_id = params.get("app_id").map(String::as_str).unwrap_or("");
    if app_id != APP_ID {
        let body = "<p>Simulated Meta: unknown app id.</p>";
        return page_response(StatusCode::BAD_REQUEST, page_document("Error", body, ""));
    }
    let options: Value = params
        .get("login_options")
        .and_then(|o| serde_json::from_str(o).ok())
        .unwrap_or(Value::Null);
    sim.logins.keep(options.clone());
    let config_id = options.get("config_id").and_then(Value::as_str);
    let html = match config_id {
        Some(CONFIG_ID) => match login_options::embedded_signup_problem(&options) {
            Some(why) => refused_dialog(why),
            None if login_options::is_business_app_onboarding(&options) => {
                business_app_dialog(app_id)
            }
            None => whatsapp_dialog(app_id, login_options::is_only_account(&options)),
        },
        Some(PAGES_CONFIG_ID) => pages_dialog(app_id, "configuration"),
        _ => pages_dialog(
            app_id,
            options.get("scope").and_then(Value::as_str).unwrap_or(""),
        ),
    };
    page_response(StatusCode::OK, html)
}

/// `GET /meta-sim/logins`: the newest `FB.login` options the dialog was opened with.
pub async fn logins(State(sim): State<Arc<Simulator>>) -> Json<Vec<Value>> {
    Json(sim.logins.all())
}

#[derive(Deserialize)]
pub struct AuthorizeRequest {
    app_id: String,
    waba_id: Option<String>,
    user_id: Option<String>,
    /// The connect page's session (required where the simulator is gated).
    session_token: Option<String>,
    /// A WhatsApp Business app onboarding: whether the customer shares the history.
    share_history: Option<bool>,
}

fn refused(why: &str) -> Response {
    (StatusCode::BAD_REQUEST, Json(json!({ "error": why }))).into_response()
}

/// `POST /meta-sim/dialog/authorize`: the customer approved. Embedded Signup gets a
/// 30-second code for its WABA; Facebook Login a short-lived user access token.
pub async fn authorize(
    State(sim): State<Arc<Simulator>>,
    Json(request): Json<AuthorizeRequest>,
) -> Response {
    if request.app_id != APP_ID {
        return refused("unknown app id");
    }
    if let Err(refusal) = sim.gate.admit(request.session_token.as_deref()).await {
        return refusal.into_response();
    }
    if let Some(user_id) = request.user_id.as_deref() {
        let Some(user) = find_user(user_id) else {
            return refused("unknown Facebook user");
        };
        let grant = Grant {
            subject: user.id.to_owned(),
            waba_id: None,
            user_id: Some(user.id.to_owned()),
            health: None,
        };
        return match sim.grants.issue_token(grant).await {
            Ok(token) => Json(json!({ "access_token": token, "user_id": user.id })).into_response(),
            Err(e) => storage_failed(e),
        };
    }
    let Some(choice) = request.waba_id.as_deref().and_then(find_waba) else {
        return refused("unknown WhatsApp Business account");
    };
    if let Some(number) = choice.number.filter(|_| choice.on_business_app()) {
        if number.kind != (NumberKind::BusinessApp { eligible: true }) {
            return refused("this WhatsApp Business app cannot join");
        }
        sim.numbers
            .onboard_app(&number, request.share_history.unwrap_or(true));
    }
    let phone_number_id = choice.number.map(|n| n.id);
    let grant = Grant {
        subject: choice.waba_id.to_owned(),
        waba_id: Some(choice.waba_id.to_owned()),
        user_id: None,
        health: None,
    };
    let code = match sim.grants.issue_code(grant, None).await {
        Ok(code) => code,
        Err(e) => return storage_failed(e),
    };
    Json(json!({
        "code": code,
        "business_id": choice.business_id,
        "waba_id": choice.waba_id,
        "phone_number_id": phone_number_id,
    }))
    .into_response()
}
