//! The add-number page's forms (`model::add_number`): plain posts, each one step of
//! `services::connect::whatsapp::add_number`, each answered with a redirect back to the
//! page, which then shows the next step, the failure (by its label), or the result.
//! The session is named by its id; the browser's binding cookie (`SameSite=Lax`, so
//! never sent by another site's form) proves it holds the session.

use axum::{
    extract::State,
    http::{header, HeaderMap, StatusCode},
    response::{IntoResponse, Response},
    routing::post,
    Form, Router,
};
use serde::Deserialize;

use crate::{
    domain::{CodeMethod, NewNumber, SessionRef, VerificationCode},
    http::{connect_cookies::cookies_of, redirect::see_other},
    i18n::Locale,
    model::{
        add_number::{add_number_page, ADD_NUMBER_PATH},
        connect::ConnectError,
        whatsapp::WhatsAppStep,
        IntegrationType,
    },
    observe::record::{connect_error_class, connect_step, whatsapp_step},
    services::connect::{binding::Access, whatsapp},
    state::AppState,
};

pub fn router() -> Router<AppState> {
    Router::new()
        .route(&format!("{ADD_NUMBER_PATH}/add"), post(add))
        .route(&format!("{ADD_NUMBER_PATH}/code"), post(send_code))
        .route(&format!("{ADD_NUMBER_PATH}/verify"), post(verify))
        .route(&format!("{ADD_NUMBER_PATH}/change"), post(change))
        .route(&format!("{ADD_NUMBER_PATH}/retry"), post(retry))
}

/// The number and how its code is sent. Missing fields read as empty: the step then
/// answers what is missing.
#[derive(Debug, Default, Deserialize)]
#[serde(default)]
struct AddForm {
    session: String,
    country_code: String,
    phone_number: String,
    display_name: String,
    method: String,
}

#[derive(Debug, Default, Deserialize)]
#[serde(default)]
struct CodeForm {
    session: String,
    method: String,
}

#[derive(Debug, Default, Deserialize)]
#[serde(default)]
struct VerifyForm {
    session: String,
    code: String,
}

#[derive(Debug, Default, Deserialize)]
#[serde(default)]
struct SessionForm {
    session: String,
}

/// The session id a form names; a token (or anything else) is refused: the page's
/// address names its session by id only.
fn session_id(raw: &str) -> Option<String> {
    match SessionRef::parse(raw.trim()) {
        Ok(SessionRef::Id(id)) => Some(id),
        _ => None,
    }
}

fn browser_locale(headers: &HeaderMap) -> Locale {
    headers
        .get(header::ACCEPT_LANGUAGE)
        .and_then(|v| v.to_str().ok())
        .map(Locale::negotiate)
        .unwrap_or_default()
}

/// Runs one step for the session the form names, on its own task (a completion goes to
/// its end even when the browser leaves), and sends the browser back to the page.
async fn step<F>(
    app: AppState,
    headers: HeaderMap,
    raw_session: &str,
    name: &'static str,
    run: impl FnOnce(AppState, String, Option<String>) -> F,
) -> Response
where
    F: std::future::Future<Output = Result<WhatsAppStep, ConnectError>> + Send + 'static,
{
    let Some(id) = session_id(raw_session) else {
        return (
            StatusCode::BAD_REQUEST,
            "This form names no connect session: go back to the connect page.",
        )
            .into_response();
    };
    let cookies = headers
        .get(header::COOKIE)
        .and_then(|v| v.to_str().ok())
        .map(str::to_owned);
    let result = tokio::spawn(run(app, id.clone(), cookies))
        .await
        .unwrap_or_else(|e| {
            tracing::error!(error = %e, "an add-number step failed to run");
            Err(ConnectError::Internal)
        });
    connect_step("whatsapp", name, &result, whatsapp_step);
    let page = add_number_page(&id);
    match result {
        // A PIN is asked for on the connect page (a number added here has none).
        Ok(WhatsAppStep::NeedsPin { .. }) => {
            see_other(&IntegrationType::WhatsApp.session_page(&id))
        }
        Ok(_) => see_other(&page),
        Err(error) => see_other(&format!("{page}&error={}", connect_error_class(&error))),
    }
}

/// The access a step proves: the session by id and the request's cookies.
fn access<'a>(app: &AppState, session: &'a str, cookies: Option<&'a str>) -> Access<'a> {
    Access {
        session,
        cookies: cookies_of(app, cookies),
    }
}

async fn add(
    State(app): State<AppState>,
    headers: HeaderMap,
    Form(form): Form<AddForm>,
) -> Response {
    let locale = browser_locale(&headers);
    let session = form.session.clone();
    step(
        app,
        headers,
        &session,
        "add_number",
        move |app, id, cookies| async move {
            let number =
                NewNumber::parse(&form.country_code, &form.phone_number, &form.display_name)
                    .map_err(|_| ConnectError::InvalidNumber)?;
            let method = CodeMethod::parse(&form.method).map_err(|_| ConnectError::BadRequest)?;
            let access = access(&app, &id, cookies.as_deref());
            whatsapp::add_number(&app.db, &app.meta, &access, &number, method, locale).await
        },
    )
    .await
}

async fn send_code(
    State(app): State<AppState>,
    headers: HeaderMap,
    Form(form): Form<CodeForm>,
) -> Response {
    let locale = browser_locale(&headers);
    let session = form.session.clone();
    step(
        app,
        headers,
        &session,
        "send_code",
        move |app, id, cookies| async move {
            let method = CodeMethod::parse(&form.method).map_err(|_| ConnectError::BadRequest)?;
            let access = access(&app, &id, cookies.as_deref());
            whatsapp::send_code(&app.db, &app.meta, &access, method, locale).await
        },
    )
    .await
}

async fn verify(
    State(app): State<AppState>,
    headers: HeaderMap,
    Form(form): Form<VerifyForm>,
) -> Response {
    let session = form.session.clone();
    step(
        app,
        headers,
        &session,
        "verify_code",
        move |app, id, cookies| async move {
            let code =
                VerificationCode::parse(&form.code).map_err(|_| ConnectError::CodeMismatch)?;
            let access = access(&app, &id, cookies.as_deref());
            whatsapp::verify_code(&app.db, &app.meta, &access, &code).await
        },
    )
    .await
}

async fn change(
    State(app): State<AppState>,
    headers: HeaderMap,
    Form(form): Form<SessionForm>,
) -> Response {
    step(
        app,
        headers,
        &form.session,
        "change_number",
        move |app, id, cookies| async move {
            let access = access(&app, &id, cookies.as_deref());
            whatsapp::change_number(&app.db, &app.meta, &access).await
        },
    )
    .await
}

/// Runs the failed step again (the number is the signup's already).
async fn retry(
    State(app): State<AppState>,
    headers: HeaderMap,
    Form(form): Form<SessionForm>,
) -> Response {
    step(
        app,
        headers,
        &form.session,
        "retry",
        move |app, id, cookies| async move {
            let access = access(&app, &id, cookies.as_deref());
            whatsapp::retry(&app.db, &app.meta, &access).await
        },
    )
    .await
}
