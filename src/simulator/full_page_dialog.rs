//! Meta's OAuth dialog as a full page (`/{version}/dialog/oauth`), for Facebook Login
//! where a popup cannot open. As at Meta: only the app's registered redirect URI is
//! accepted, the customer comes back to it with `code` and the unchanged `state` (or
//! with `error=access_denied`), and the code exchanges only with that same
//! `redirect_uri`. It works without JavaScript: its form is a plain `GET`.

use std::{collections::HashMap, sync::Arc};

use axum::{
    extract::{Query, State},
    http::{header, HeaderValue, StatusCode},
    response::{IntoResponse, Response},
};
use serde_json::Value;

use super::{
    dialog::{escape, page_document, page_response, user_options},
    facebook_users::find_user,
    grants::Grant,
    graph_answers::storage_failed,
    Simulator, APP_ID, MOUNT, PAGES_CONFIG_ID,
};
use crate::model::connect::FULL_PAGE_RETURN_PATH as RETURN_PATH;

type Params = Query<HashMap<String, String>>;

fn param<'a>(params: &'a HashMap<String, String>, name: &str) -> &'a str {
    params.get(name).map(String::as_str).unwrap_or("")
}

/// Meta's answer to a dialog it will not show: an unknown app, a redirect URI that is
/// not registered, a missing `response_type`.
fn blocked(why: &str) -> Response {
    let body = format!(
        r#"<h1>URL blocked</h1><p id="blocked" data-reason="{reason}">{reason}</p>"#,
        reason = escape(why)
    );
    page_response(StatusCode::BAD_REQUEST, page_document("Error", &body, ""))
}

/// What is wrong with the app or the redirect URI a dialog names, in Meta's words.
fn app_problem(params: &HashMap<String, String>) -> Option<&'static str> {
    if param(params, "client_id") != APP_ID {
        return Some("Invalid App ID: the app you are trying to log in to is not available.");
    }
    if param(params, "redirect_uri") != RETURN_PATH {
        return Some(
            "This redirect failed because the redirect URI is not whitelisted in the app's \
             Client OAuth Settings.",
        );
    }
    None
}

/// What is wrong with the dialog's request, in Meta's words.
fn problem(params: &HashMap<String, String>) -> Option<&'static str> {
    if let Some(why) = app_problem(params) {
        return Some(why);
    }
    if param(params, "response_type") != "code" {
        return Some("The login asks for a code (response_type=code).");
    }
    let config = params.get("config_id").map(String::as_str);
    if config.is_some_and(|c| c != PAGES_CONFIG_ID)
        || (config.is_none() && param(params, "scope").is_empty())
    {
        return Some("The login names neither a known configuration nor permissions.");
    }
    None
}

fn hidden(params: &HashMap<String, String>, name: &str) -> String {
    format!(
        r#"<input type="hidden" name="{name}" value="{}">"#,
        escape(param(params, name))
    )
}

/// `GET /meta-sim/{version}/dialog/oauth?client_id&redirect_uri&state&response_type&…`
pub async fn page(State(sim): State<Arc<Simulator>>, Query(params): Params) -> Response {
    if let Some(why) = problem(&params) {
        return blocked(why);
    }
    let options: serde_json::Map<String, Value> = params
        .iter()
        .filter(|(name, _)| name.as_str() != "state")
        .map(|(name, value)| (name.clone(), Value::String(value.clone())))
        .collect();
    sim.logins.keep(Value::Object(options));
    let asks = params
        .get("scope")
        .map_or("configuration".to_owned(), |s| escape(s));
    let body = format!(
        r#"<h1>Log in with Facebook</h1>
<p>App {app} asks for: {asks}.</p>
<form id="full-page-login" method="get" action="{MOUNT}/dialog/oauth/confirm">{client}{redirect}{state}
<label for="user">Facebook account</label>
<select id="user" name="user">{options}</select>
<div class="row"><button type="submit" class="primary" id="continue" name="action" value="allow">Continue</button>
<button type="submit" id="deny" name="action" value="deny">Don't allow</button></div></form>"#,
        app = escape(APP_ID),
        client = hidden(&params, "client_id"),
        redirect = hidden(&params, "redirect_uri"),
        state = hidden(&params, "state"),
        options = user_options(),
    );
    page_response(
        StatusCode::OK,
        page_document("Log in with Facebook", &body, ""),
    )
}

fn back_to(redirect_uri: &str, pairs: &[(&str, &str)]) -> Response {
    let mut query = url::form_urlencoded::Serializer::new(String::new());
    query.extend_pairs(pairs);
    let location = format!("{redirect_uri}?{}", query.finish());
    match HeaderValue::from_str(&location) {
        Ok(location) => (
            StatusCode::SEE_OTHER,
            [
                (header::LOCATION, location),
                (header::CACHE_CONTROL, HeaderValue::from_static("no-store")),
            ],
        )
            .into_response(),
        Err(_) => blocked("The redirect URI cannot be followed."),
    }
}

/// `GET /meta-sim/dialog/oauth/confirm`: the customer's answer. Meta sends them back to
/// the redirect URI with a 30-second code bound to it, or with the refusal.
pub async fn confirm(State(sim): State<Arc<Simulator>>, Query(params): Params) -> Response {
    if let Some(why) = app_problem(&params) {
        return blocked(why);
    }
    let (redirect_uri, state) = (param(&params, "redirect_uri"), param(&params, "state"));
    if param(&params, "action") != "allow" {
        return back_to(
            redirect_uri,
            &[
                ("error", "access_denied"),
                ("error_code", "200"),
                ("error_description", "Permissions error"),
                ("error_reason", "user_denied"),
                ("state", state),
            ],
        );
    }
    if let Err(refusal) = sim.gate.admit_dialog_state(state).await {
        return refusal.into_response();
    }
    let Some(user) = find_user(param(&params, "user")) else {
        return blocked("Unknown Facebook account.");
    };
    let grant = Grant {
        subject: user.id.to_owned(),
        waba_id: None,
        user_id: Some(user.id.to_owned()),
        health: None,
    };
    match sim.grants.issue_code(grant, Some(redirect_uri)).await {
        Ok(code) => back_to(redirect_uri, &[("code", &code), ("state", state)]),
        Err(e) => storage_failed(e),
    }
}
