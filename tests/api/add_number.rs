//! Adding a number on the connect page, for a WhatsApp Business account Meta's window
//! shared without one (`FINISH_ONLY_WABA`): the page's forms against the Meta double
//! (`POST {waba}/phone_numbers`, `request_code`, `verify_code`, then `register`), and
//! against the simulator in test mode.

use serde_json::json;

use crate::{
    live_meta::{live_app, WABA},
    support::{
        app::TestApp,
        connect::{step_of, stored_hash},
        meta_double::{meta_error, Failure, MetaDouble, TokenShape, WabaGrant},
    },
};

const PAGE: &str = "/vendor/connect/whatsapp/number";

/// A live session whose signup shared the WABA without a number; its token and id.
async fn without_number(app: &TestApp, double: &MetaDouble) -> (String, String) {
    let vendor = app.seed_vendor().await;
    let token = app.whatsapp_session(&vendor, "branch").await;
    let code = double.code_for(WabaGrant {
        waba_id: WABA.into(),
        numbers: Vec::new(),
        shape: TokenShape::Shape2026,
    });
    let step = step_of(app.complete_whatsapp(&token, &code, WABA, None).await).await;
    assert!(step.get("NeedsPhoneNumber").is_some(), "{step}");
    (token.clone(), session_id(app, &token).await)
}

async fn session_id(app: &TestApp, token: &str) -> String {
    let (id,): (String,) = sqlx::query_as("SELECT id FROM connect_sessions WHERE token_hash = $1")
        .bind(stored_hash(token))
        .fetch_one(app.db.pool())
        .await
        .unwrap();
    id
}

/// Posts a form of the page as the customer's browser; answers where it redirects.
async fn post(app: &TestApp, step: &str, form: &[(&str, &str)]) -> String {
    let response = app
        .browser_without_redirects()
        .post(format!("{}{PAGE}/{step}", app.address))
        .form(form)
        .send()
        .await
        .unwrap();
    assert_eq!(response.status(), 303, "{step}");
    response.headers()["location"].to_str().unwrap().to_owned()
}

async fn page(app: &TestApp, location: &str) -> String {
    let response = app
        .client
        .get(format!("{}{location}", app.address))
        .send()
        .await
        .unwrap();
    assert_eq!(response.status(), 200, "{location}");
    response.text().await.unwrap()
}

fn add_form<'a>(id: &'a str, number: &'a str) -> Vec<(&'a str, &'a str)> {
    vec![
        ("session", id),
        ("country_code", "+44"),
        ("phone_number", number),
        ("display_name", "Initech Branch"),
        ("method", "SMS"),
    ]
}

async fn added_number(app: &TestApp, id: &str) -> Option<String> {
    let (kept,): (Option<String>,) =
        sqlx::query_as("SELECT added_phone_id FROM whatsapp_signups WHERE session_id = $1")
            .bind(id)
            .fetch_one(app.db.pool())
            .await
            .unwrap();
    kept
}

async fn active_connections(app: &TestApp) -> i64 {
    let (n,): (i64,) =
        sqlx::query_as("SELECT COUNT(*) FROM whatsapp_connections WHERE status = 'active'")
            .fetch_one(app.db.pool())
            .await
            .unwrap();
    n
}

fn refusal(code: i64, message: &str) -> Failure {
    Failure {
        status: axum::http::StatusCode::BAD_REQUEST,
        body: meta_error(code, None, message),
        headers: Vec::new(),
    }
}

#[tokio::test]
async fn a_number_added_on_the_page_is_verified_by_its_code_then_connected() {
    let (app, double) = live_app().await;
    let (_, id) = without_number(&app, &double).await;
    let form_page = page(&app, &format!("{PAGE}?session={id}")).await;
    assert!(
        form_page.contains("has no phone number yet: add one here."),
        "{form_page}"
    );
    assert!(form_page.contains(r#"action="/vendor/connect/whatsapp/number/add""#));
    assert!(
        !form_page.contains(".wasm"),
        "the page carries no code for the browser"
    );

    let back = post(&app, "add", &add_form(&id, "20 7946-0958")).await;
    assert_eq!(back, format!("{PAGE}?session={id}"));
    assert_eq!(
        double.added_numbers(),
        [json!({"cc": "44", "phone_number": "2079460958", "verified_name": "Initech Branch"})]
    );
    assert_eq!(
        double.code_requests(),
        [json!({"code_method": "SMS", "language": "en"})]
    );
    let code_page = page(&app, &back).await;
    assert!(
        code_page.contains("Meta sent a 6-digit code to +44 2079460958."),
        "{code_page}"
    );

    // A wrong code: Meta refuses it, the page says so, nothing is connected.
    let wrong = post(&app, "verify", &[("session", &id), ("code", "000 000")]).await;
    assert!(wrong.ends_with("&error=code_mismatch"), "{wrong}");
    assert!(page(&app, &wrong)
        .await
        .contains("That code did not match, or it has expired."));
    assert_eq!(active_connections(&app).await, 0);
    assert_eq!(double.calls("register"), 0);

    let number = added_number(&app, &id)
        .await
        .expect("the added number is kept");
    let code = double.sent_code(&number).unwrap();
    let done = post(&app, "verify", &[("session", &id), ("code", &code)]).await;
    assert_eq!(done, format!("{PAGE}?session={id}"));
    assert_eq!(
        double.calls("register"),
        1,
        "registered once, after the code"
    );
    assert_eq!(active_connections(&app).await, 1);
    let done_page = page(&app, &done).await;
    assert!(done_page.contains("WhatsApp is connected"), "{done_page}");
    // The result goes to the vendor's window, at its origin only.
    assert!(
        done_page.contains("data-origin=\"https://app.example.com\""),
        "{done_page}"
    );
    assert!(done_page.contains(&number));
    let (stored,): (String,) =
        sqlx::query_as("SELECT phone_number_id FROM whatsapp_connections WHERE status = 'active'")
            .fetch_one(app.db.pool())
            .await
            .unwrap();
    assert_eq!(stored, number);
}

#[tokio::test]
async fn refusals_and_limits_say_what_to_do_and_change_nothing() {
    let (app, double) = live_app().await;
    let (token, id) = without_number(&app, &double).await;

    // Not a number: refused before Meta is asked.
    let invalid = post(&app, "add", &add_form(&id, "12")).await;
    assert!(invalid.ends_with("&error=invalid_number"), "{invalid}");
    assert!(page(&app, &invalid)
        .await
        .contains("Enter the country code (1 to 3 digits)"));
    assert_eq!(double.calls("phone_numbers/add"), 0);

    // Meta refuses the number: the page says to check it; nothing is kept.
    double.fail_next(
        "phone_numbers/add",
        refusal(100, "(#100) Invalid parameter"),
    );
    let refused = post(&app, "add", &add_form(&id, "2079460958")).await;
    assert!(refused.ends_with("&error=number_refused"), "{refused}");
    assert!(page(&app, &refused)
        .await
        .contains("Meta did not accept this number or display name."));
    assert_eq!(added_number(&app, &id).await, None);

    // Added; then Meta's rate limit on codes, for a new code and for a check.
    post(&app, "add", &add_form(&id, "2079460958")).await;
    double.fail_next(
        "request_code",
        refusal(613, "Calls to this api have exceeded the rate limit."),
    );
    let limited = post(&app, "code", &[("session", &id), ("method", "VOICE")]).await;
    assert!(limited.ends_with("&error=code_limited"), "{limited}");
    assert!(page(&app, &limited)
        .await
        .contains("Meta has paused codes for this number for now"));
    double.fail_next(
        "verify_code",
        refusal(613, "Calls to this api have exceeded the rate limit."),
    );
    let limited = post(&app, "verify", &[("session", &id), ("code", "123456")]).await;
    assert!(limited.ends_with("&error=code_limited"), "{limited}");
    let voice = post(&app, "code", &[("session", &id), ("method", "VOICE")]).await;
    assert!(!voice.contains("error="), "{voice}");
    assert_eq!(
        double.code_requests().last().unwrap()["code_method"],
        "VOICE"
    );

    // A form without the browser's cookie, or naming the session by its token, does
    // nothing at Meta.
    let calls = double.calls("verify_code");
    let stranger = reqwest::Client::builder()
        .redirect(reqwest::redirect::Policy::none())
        .build()
        .unwrap();
    let answer = stranger
        .post(format!("{}{PAGE}/verify", app.address))
        .form(&[("session", id.as_str()), ("code", "123456")])
        .send()
        .await
        .unwrap();
    assert_eq!(answer.status(), 303);
    let by_token = app
        .browser_without_redirects()
        .post(format!("{}{PAGE}/verify", app.address))
        .form(&[("session", token.as_str()), ("code", "123456")])
        .send()
        .await
        .unwrap();
    assert_eq!(by_token.status(), 400);
    assert_eq!(double.calls("verify_code"), calls);

    // "Use another number" forgets the added one; the session's allowance of code
    // calls ends the guessing.
    post(&app, "change", &[("session", &id)]).await;
    assert!(page(&app, &format!("{PAGE}?session={id}"))
        .await
        .contains("has no phone number yet: add one here."));
    post(&app, "add", &add_form(&id, "2079460959")).await;
    let mut last = String::new();
    for _ in 0..6 {
        last = post(&app, "verify", &[("session", &id), ("code", "000000")]).await;
    }
    assert!(last.ends_with("&error=too_many_attempts"), "{last}");
    assert_eq!(active_connections(&app).await, 0);
}

#[tokio::test]
async fn in_test_mode_the_simulator_adds_the_number_and_its_readiness_is_read() {
    const INITECH: &str = "920000000000003";
    let app = crate::support::app::spawn_app().await;
    let vendor = app.seed_vendor().await;
    let token = app.whatsapp_session(&vendor, "initech").await;
    let code = app.approve_in_dialog_of(Some(&token), INITECH).await;
    let step = step_of(app.complete_whatsapp(&token, &code, INITECH, None).await).await;
    assert!(step.get("NeedsPhoneNumber").is_some(), "{step}");
    let id = session_id(&app, &token).await;
    let form_page = page(&app, &format!("{PAGE}?session={id}")).await;
    assert!(form_page.contains("Initech Main"), "{form_page}");

    // A number Meta refuses as in use elsewhere (the simulator's `…9999`).
    let in_use = post(&app, "add", &add_form(&id, "5550109999")).await;
    assert!(in_use.ends_with("&error=number_refused"), "{in_use}");
    post(&app, "add", &add_form(&id, "2079460958")).await;
    let code_page = page(&app, &format!("{PAGE}?session={id}")).await;
    let test_code = whatsportal::config::simulated::VERIFICATION_CODE;
    assert!(
        code_page.contains(&format!(
            "Test mode: no message is sent. The code is {test_code}."
        )),
        "{code_page}"
    );
    post(&app, "verify", &[("session", &id), ("code", test_code)]).await;

    let workspace = app.workspace(&vendor.api_key, "initech").await;
    let whatsapp = &workspace["whatsapp"];
    assert_eq!(whatsapp["status"], "active", "{workspace}");
    assert_eq!(whatsapp["waba_id"], INITECH);
    assert_eq!(whatsapp["phone_number_id"], "960442079460958");
    assert_eq!(
        whatsapp["readiness"]["can_send"], "available",
        "{workspace}"
    );
    assert_eq!(whatsapp["readiness"]["registration"], "done");
}

#[tokio::test]
async fn a_session_may_ask_for_the_number_on_the_page_and_a_setup_link_keeps_it() {
    use crate::support::app::{assert_error, session_body};
    let app = crate::support::app::spawn_app().await;
    let vendor = app.seed_vendor().await;
    let asking = |external_id: &str, extra: serde_json::Value| {
        let mut body = session_body(external_id);
        body.as_object_mut()
            .unwrap()
            .extend(extra.as_object().unwrap().clone());
        body
    };

    let created = app
        .create_session(
            &vendor.api_key,
            &asking("on-page", json!({"addNumberOnPage": true})),
        )
        .await;
    assert_eq!(created.status(), 200);
    let token = created.json::<serde_json::Value>().await.unwrap()["session_token"]
        .as_str()
        .unwrap()
        .to_owned();
    let flow = app.flow_session(&token).await;
    assert_eq!(flow["number_on_page"], true, "{flow}");
    assert_eq!(
        flow["coexistence"], false,
        "Meta's window shares the account only"
    );
    let plain = app.whatsapp_session(&vendor, "in-meta").await;
    assert_eq!(app.flow_session(&plain).await["number_on_page"], false);

    // With coexistence, or for Facebook Pages: refused, nothing stored.
    let (before,): (i64,) = sqlx::query_as("SELECT COUNT(*) FROM connect_sessions")
        .fetch_one(app.db.pool())
        .await
        .unwrap();
    let both = asking(
        "both",
        json!({"addNumberOnPage": true, "coexistence": true}),
    );
    assert_error(
        app.create_session(&vendor.api_key, &both).await,
        400,
        "cannot be combined with `coexistence`",
    )
    .await;
    let pages = asking(
        "pages",
        json!({"addNumberOnPage": true, "integrationType": "meta_page"}),
    );
    assert_error(
        app.create_session(&vendor.api_key, &pages).await,
        400,
        "for WhatsApp sessions only",
    )
    .await;
    let not_bool = asking("text", json!({"addNumberOnPage": "yes"}));
    assert_eq!(
        app.create_session(&vendor.api_key, &not_bool)
            .await
            .status(),
        400
    );
    let (after,): (i64,) = sqlx::query_as("SELECT COUNT(*) FROM connect_sessions")
        .fetch_one(app.db.pool())
        .await
        .unwrap();
    assert_eq!(after, before);

    let link = app
        .client
        .post(format!("{}/api/vendor/setup-links", app.address))
        .bearer_auth(&vendor.api_key)
        .json(&asking("by-link", json!({"addNumberOnPage": true})))
        .send()
        .await
        .unwrap();
    assert_eq!(link.status(), 201);
    let link: serde_json::Value = link.json().await.unwrap();
    let opened = app
        .browser_without_redirects()
        .get(format!("{}{}", app.address, link["url"].as_str().unwrap()))
        .send()
        .await
        .unwrap();
    let location = opened.headers()["location"].to_str().unwrap().to_owned();
    let token = location.split_once("session_token=").unwrap().1;
    assert_eq!(app.flow_session(token).await["number_on_page"], true);
}

#[tokio::test]
async fn a_step_that_fails_after_the_code_is_tried_again_from_the_page() {
    let (app, double) = live_app().await;
    let (_, id) = without_number(&app, &double).await;
    post(&app, "add", &add_form(&id, "2079460958")).await;
    let number = added_number(&app, &id).await.unwrap();
    let code = double.sent_code(&number).unwrap();
    // Meta cannot be reached for the registration (which is never retried by itself).
    double.fail_next("register", refusal(2, "Service temporarily unavailable"));
    let stalled = post(&app, "verify", &[("session", &id), ("code", &code)]).await;
    assert!(stalled.ends_with("&error=meta_unavailable"), "{stalled}");
    let stalled_page = page(&app, &stalled).await;
    assert!(stalled_page.contains("Almost there"), "{stalled_page}");
    assert!(stalled_page.contains("We could not reach Meta just now."));
    assert!(stalled_page.contains(r#"action="/vendor/connect/whatsapp/number/retry""#));
    assert_eq!(active_connections(&app).await, 0);

    let done = post(&app, "retry", &[("session", &id)]).await;
    assert_eq!(done, format!("{PAGE}?session={id}"));
    assert!(page(&app, &done).await.contains("WhatsApp is connected"));
    assert_eq!(active_connections(&app).await, 1);
}
