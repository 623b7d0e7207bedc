//! Meta's login as a full page, where its popup cannot open: the link on the Facebook
//! Pages page, Meta's dialog with the one registered return page and the session only
//! in `state`, the code exchanged with that same redirect_uri, and the customer back on
//! the session's page with their pages listed. Against the Meta double written from
//! docs/meta.md (live mode), and through the simulator's own full-page dialog.

use std::collections::HashMap;

use reqwest::{redirect::Policy, StatusCode, Url};
use serde_json::json;
use whatsportal::i18n::{catalogue, Key, Locale};

use crate::{
    live_meta::{live_app, RETURN_URL},
    support::app::{spawn_app, spawn_app_with, TestApp},
    support::meta_double::{MetaDouble, Page, APP_ID},
    support::pages::DANA,
};

const PAGE_PATH: &str = "/vendor/connect/meta-page";

fn harbour_pages() -> Vec<Page> {
    vec![
        Page {
            id: "611000000000001".into(),
            name: "Harbour Cafe".into(),
            token: true,
        },
        Page {
            id: "611000000000002".into(),
            name: "Harbour Events".into(),
            token: true,
        },
    ]
}

/// Where a `GET` of the test's browser (its cookies) sends it (the answer must be a `303`).
async fn redirect(app: &TestApp, path_and_query: &str) -> String {
    redirect_of(&app.browser_without_redirects(), app, path_and_query).await
}

/// The same, for another browser.
async fn redirect_of(client: &reqwest::Client, app: &TestApp, path_and_query: &str) -> String {
    let url = if path_and_query.starts_with("http") {
        path_and_query.to_owned()
    } else {
        format!("{}{path_and_query}", app.address)
    };
    let response = client.get(url).send().await.unwrap();
    see_other(response, path_and_query)
}

fn see_other(response: reqwest::Response, what: &str) -> String {
    assert_eq!(response.status(), StatusCode::SEE_OTHER, "{what}");
    assert_eq!(response.headers()["cache-control"], "no-store");
    response.headers()["location"].to_str().unwrap().to_owned()
}

fn query_of(location: &str) -> HashMap<String, String> {
    let url = Url::parse(location)
        .or_else(|_| Url::parse(&format!("http://relative{location}")))
        .unwrap();
    url.query_pairs().into_owned().collect()
}

async fn page(app: &TestApp, path_and_query: &str) -> (u16, String) {
    let response = app
        .client
        .get(format!("{}{path_and_query}", app.address))
        .send()
        .await
        .unwrap();
    (response.status().as_u16(), response.text().await.unwrap())
}

async fn kept_returns(app: &TestApp) -> i64 {
    let (n,): (i64,) = sqlx::query_as("SELECT COUNT(*) FROM dialog_returns")
        .fetch_one(app.db.pool())
        .await
        .unwrap();
    n
}

/// The session's id: its page's address once the browser holds it.
async fn session_id(app: &TestApp, token: &str) -> String {
    sqlx::query_scalar("SELECT id FROM connect_sessions WHERE token_hash = $1")
        .bind(crate::support::connect::stored_hash(token))
        .fetch_one(app.db.pool())
        .await
        .unwrap()
}

fn start_path(session: &str) -> String {
    format!("{PAGE_PATH}/facebook?session={session}")
}

/// The page's form that starts the dialog, posted by `client` (a browser's cookies).
async fn post_start(client: &reqwest::Client, app: &TestApp, session: &str) -> String {
    let response = client
        .post(format!("{}{}", app.address, start_path(session)))
        .header("origin", &app.address)
        .header("sec-fetch-site", "same-origin")
        .send()
        .await
        .unwrap();
    see_other(response, session)
}

/// Opens the page of `token` (the test's browser takes the session), then starts the
/// dialog from it: Meta's URL and the state it carries.
async fn start(app: &TestApp, token: &str) -> (String, String) {
    app.open_once(token, PAGE_PATH).await;
    let id = session_id(app, token).await;
    let dialog = post_start(&app.browser_without_redirects(), app, &id).await;
    let state = query_of(&dialog)["state"].clone();
    (dialog, state)
}

fn english(key: Key) -> String {
    catalogue::texts(Locale::En).get(key).to_owned()
}

#[tokio::test]
async fn the_full_page_login_returns_to_the_registered_page_and_lists_the_pages() {
    let (app, double) = live_app().await;
    let vendor = app.seed_vendor().await;
    let token = app.pages_session(&vendor, "customer_1").await;

    let (status, html) = page(&app, &format!("{PAGE_PATH}?session_token={token}")).await;
    assert_eq!(status, 200);
    assert!(html.contains("class=\"full-page-login\""), "{html}");
    let id = session_id(&app, &token).await;
    assert!(
        html.contains(&format!("method=\"post\" action=\"{}\"", start_path(&id))),
        "the form starts this session's dialog: {html}"
    );

    let (dialog, state) = start(&app, &token).await;
    assert!(
        dialog.starts_with("https://www.facebook.com/v23.0/dialog/oauth?"),
        "{dialog}"
    );
    assert!(
        !dialog.contains(&token),
        "the session token never reaches Meta"
    );
    let asked = query_of(&dialog);
    assert_eq!(asked["client_id"], APP_ID);
    assert_eq!(asked["redirect_uri"], RETURN_URL);
    assert_eq!(asked["response_type"], "code");
    assert!(asked["scope"].contains("pages_messaging"), "{asked:?}");
    assert_eq!(state.len(), 64);
    assert!(state.bytes().all(|b| b.is_ascii_hexdigit()));
    assert_eq!(kept_returns(&app).await, 1);

    // Meta sends the customer back to the registered page with a code for it.
    let code = double.dialog_code(harbour_pages(), RETURN_URL);
    let back = format!("/vendor/connect/return?code={code}&state={state}");
    let to = redirect(&app, &back).await;
    assert_eq!(to, format!("{PAGE_PATH}?session={id}&dialog=listed"));
    assert!(!to.contains(&token), "no token in the address");
    assert_eq!(
        double.calls("oauth/access_token"),
        2,
        "the code, then the long-lived token"
    );
    let (status, html) = page(&app, &to).await;
    assert_eq!(status, 200);
    assert!(
        html.contains("Harbour Cafe") && html.contains("Harbour Events"),
        "{html}"
    );
    assert!(html.contains(&english(Key::PagesChooseTitle)));

    let connected = app.connect_pages(&token, &["611000000000001"]).await;
    assert_eq!(connected.status(), 200);
    let result: serde_json::Value = connected.json().await.unwrap();
    assert_eq!(result["pages"][0]["name"], "Harbour Cafe");

    // The state was spent: the same return leads nowhere and asks Meta nothing.
    assert_eq!(redirect(&app, &back).await, PAGE_PATH);
    assert_eq!(double.calls("oauth/access_token"), 2);
    assert_eq!(kept_returns(&app).await, 0);
}

#[tokio::test]
async fn a_code_meta_refuses_or_a_refusal_brings_the_customer_back_ready_to_try_again() {
    let (app, double) = live_app().await;
    let vendor = app.seed_vendor().await;
    let token = app.pages_session(&vendor, "customer_1").await;

    // A code of a dialog opened with another redirect_uri: Meta refuses the exchange.
    let (_, state) = start(&app, &token).await;
    let id = session_id(&app, &token).await;
    let code = double.dialog_code(harbour_pages(), "https://elsewhere.example.com/return");
    let to = redirect(
        &app,
        &format!("/vendor/connect/return?code={code}&state={state}"),
    )
    .await;
    assert_eq!(to, format!("{PAGE_PATH}?session={id}&dialog=code_rejected"));
    let (status, html) = page(&app, &to).await;
    assert_eq!(status, 200);
    let rejected = catalogue::texts(Locale::En);
    let message = whatsportal::model::connect::ConnectError::CodeRejected.message(&rejected);
    assert!(
        html.contains(&message.replace('\'', "&#x27;")) || html.contains(&message),
        "{html}"
    );

    // The customer refuses in Meta's dialog: no Graph call, the page is ready again.
    let calls = double.calls("oauth/access_token");
    let (_, state) = start(&app, &token).await;
    let to = redirect(
        &app,
        &format!("/vendor/connect/return?error=access_denied&error_code=200&error_description=Permissions+error&error_reason=user_denied&state={state}"),
    )
    .await;
    assert_eq!(to, format!("{PAGE_PATH}?session={id}&dialog=cancelled"));
    assert_eq!(double.calls("oauth/access_token"), calls);
    let (_, html) = page(&app, &to).await;
    assert!(html.contains(&english(Key::WaNotGranted)), "{html}");
    assert!(html.contains(&english(Key::PagesConnect)));

    // And the session still works through the dialog.
    let (_, state) = start(&app, &token).await;
    let code = double.dialog_code(harbour_pages(), RETURN_URL);
    let to = redirect(
        &app,
        &format!("/vendor/connect/return?code={code}&state={state}"),
    )
    .await;
    assert!(to.ends_with("&dialog=listed"), "{to}");
}

#[tokio::test]
async fn unknown_spent_or_malformed_states_and_unusable_sessions_change_nothing() {
    let (app, double) = live_app().await;
    let vendor = app.seed_vendor().await;
    let token = app.pages_session(&vendor, "customer_1").await;
    let (_, state) = start(&app, &token).await;
    let id = session_id(&app, &token).await;
    let code = double.dialog_code(harbour_pages(), RETURN_URL);

    for bad in [
        "/vendor/connect/return".to_owned(),
        format!("/vendor/connect/return?code={code}"),
        format!("/vendor/connect/return?code={code}&state=not-a-state"),
        format!(
            "/vendor/connect/return?code={code}&state={}",
            "a".repeat(64)
        ),
        format!(
            "/vendor/connect/return?code={code}&state={}",
            state.to_uppercase()
        ),
        format!("/vendor/connect/return?code={code}&state={state}&state={state}"),
        "/vendor/connect/return?%ZZ=1".to_owned(),
    ] {
        assert_eq!(redirect(&app, &bad).await, PAGE_PATH, "{bad}");
    }
    assert_eq!(page(&app, PAGE_PATH).await.0, 404);
    assert_eq!(double.calls("oauth/access_token"), 0);
    assert_eq!(
        kept_returns(&app).await,
        1,
        "the real state is still answerable"
    );

    // A session that expired while the customer was at Meta (and opened longer ago than
    // a completion may take): its page says so.
    sqlx::query("UPDATE connect_sessions SET expires_at = 1, opened_at = 1 WHERE id = $1")
        .bind(&id)
        .execute(app.db.writer())
        .await
        .unwrap();
    let to = redirect(
        &app,
        &format!("/vendor/connect/return?code={code}&state={state}"),
    )
    .await;
    assert_eq!(to, format!("{PAGE_PATH}?session={id}"));
    assert_eq!(page(&app, &to).await.0, 410);
    assert_eq!(double.calls("oauth/access_token"), 0);

    // Neither an expired session, nor a WhatsApp one, nor a bad reference starts a dialog.
    let whatsapp = app.whatsapp_session(&vendor, "customer_2").await;
    app.open_once(&whatsapp, "/vendor/connect/whatsapp").await;
    let whatsapp_id = session_id(&app, &whatsapp).await;
    let browser = app.browser_without_redirects();
    for (session, back_to) in [
        (id.as_str(), format!("{PAGE_PATH}?session={id}")),
        (
            whatsapp_id.as_str(),
            format!("{PAGE_PATH}?session={whatsapp_id}"),
        ),
        ("nope", PAGE_PATH.to_owned()),
        ("", PAGE_PATH.to_owned()),
    ] {
        assert_eq!(post_start(&browser, &app, session).await, back_to);
    }
    assert_eq!(
        kept_returns(&app).await,
        0,
        "the expired session's return was spent"
    );
}

#[tokio::test]
async fn a_session_keeps_its_three_newest_starts() {
    let (app, double) = live_app().await;
    let vendor = app.seed_vendor().await;
    let token = app.pages_session(&vendor, "customer_1").await;
    let mut states = Vec::new();
    for _ in 0..5 {
        states.push(start(&app, &token).await.1);
    }
    assert_eq!(kept_returns(&app).await, 3);
    let code = double.dialog_code(harbour_pages(), RETURN_URL);
    let oldest = format!("/vendor/connect/return?code={code}&state={}", states[0]);
    assert_eq!(redirect(&app, &oldest).await, PAGE_PATH);
    let newest = format!("/vendor/connect/return?code={code}&state={}", states[4]);
    assert!(redirect(&app, &newest).await.ends_with("&dialog=listed"));
}

#[tokio::test]
async fn without_a_registered_return_page_the_full_page_login_is_not_offered() {
    let double = MetaDouble::start().await;
    let graph_url = double.url.clone();
    let app = spawn_app_with(|settings| {
        settings.meta = whatsportal::config::MetaSettings {
            return_url: String::new(),
            ..crate::live_meta::live_settings(graph_url)
        };
    })
    .await;
    let vendor = app.seed_vendor().await;
    let token = app.pages_session(&vendor, "customer_1").await;
    let (status, html) = page(&app, &format!("{PAGE_PATH}?session_token={token}")).await;
    assert_eq!(status, 200);
    assert!(!html.contains("full-page-login"), "{html}");
    let id = session_id(&app, &token).await;
    assert_eq!(
        post_start(&app.browser_without_redirects(), &app, &id).await,
        format!("{PAGE_PATH}?session={id}")
    );
    assert_eq!(kept_returns(&app).await, 0);
}

#[tokio::test]
async fn the_simulators_full_page_dialog_goes_round_to_the_page_and_binds_its_code() {
    let app = spawn_app().await;
    let vendor = app.seed_vendor().await;
    let token = app.pages_session(&vendor, "customer_1").await;

    let (dialog, state) = start(&app, &token).await;
    assert!(
        dialog.starts_with("/meta-sim/v23.0/dialog/oauth?"),
        "{dialog}"
    );
    assert_eq!(query_of(&dialog)["redirect_uri"], "/vendor/connect/return");
    let (status, html) = page(&app, &dialog).await;
    assert_eq!(status, 200);
    assert!(html.contains("id=\"full-page-login\""), "{html}");
    assert!(!html.contains("dialog.js"), "the full page needs no script");

    // Meta shows no dialog for a redirect URI that is not registered.
    let elsewhere = dialog.replace(
        "redirect_uri=%2Fvendor%2Fconnect%2Freturn",
        "redirect_uri=https%3A%2F%2Fevil.example%2Freturn",
    );
    let (status, html) = page(&app, &elsewhere).await;
    assert_eq!(status, 400);
    assert!(html.contains("URL blocked"), "{html}");

    let confirm = |action: &str| {
        format!(
            "/meta-sim/dialog/oauth/confirm?client_id={APP}&redirect_uri=%2Fvendor%2Fconnect%2Freturn&state={state}&user={DANA}&action={action}",
            APP = whatsportal::simulator::APP_ID,
        )
    };
    let denied = redirect(&app, &confirm("deny")).await;
    assert!(
        denied.starts_with("/vendor/connect/return?error=access_denied&"),
        "{denied}"
    );
    assert_eq!(query_of(&denied)["state"], state);

    let back = redirect(&app, &confirm("allow")).await;
    let answered = query_of(&back);
    assert!(back.starts_with("/vendor/connect/return?code="), "{back}");
    assert_eq!(answered["state"], state);

    // The code exchanges only with the dialog's redirect_uri.
    let graph = format!("{}/meta-sim/graph/v23.0/oauth/access_token", app.address);
    let exchange = |redirect_uri: &'static str, code: String| {
        let client = app.client.clone();
        let graph = graph.clone();
        async move {
            client
                .get(graph)
                .query(&[
                    ("client_id", whatsportal::simulator::APP_ID),
                    ("client_secret", whatsportal::simulator::APP_SECRET),
                    ("redirect_uri", redirect_uri),
                    ("code", code.as_str()),
                ])
                .send()
                .await
                .unwrap()
        }
    };
    let other = query_of(&redirect(&app, &confirm("allow")).await)["code"].clone();
    let refused = exchange("https://evil.example/return", other).await;
    assert_eq!(refused.status(), 400);
    let body: serde_json::Value = refused.json().await.unwrap();
    assert_eq!(body["error"]["error_subcode"], json!(36008));

    let to = redirect(&app, &back).await;
    let id = session_id(&app, &token).await;
    assert_eq!(to, format!("{PAGE_PATH}?session={id}&dialog=listed"));
    let (status, html) = page(&app, &to).await;
    assert_eq!(status, 200);
    assert!(html.contains(&english(Key::PagesChooseTitle)), "{html}");
}

#[tokio::test]
async fn another_browser_can_neither_start_the_dialog_nor_bring_its_login_back() {
    let (app, double) = live_app().await;
    let vendor = app.seed_vendor().await;
    // The attacker holds a session, opened in their own browser, and starts Meta's
    // dialog there: the dialog's address (with its state) is what they send the victim.
    let token = app.pages_session(&vendor, "attacker").await;
    let (dialog, state) = start(&app, &token).await;
    assert!(!dialog.contains(&token));
    let id = session_id(&app, &token).await;
    let victim = reqwest::Client::builder()
        .cookie_store(true)
        .redirect(Policy::none())
        .build()
        .unwrap();

    // The victim's browser cannot start one for the session.
    let refused = post_start(&victim, &app, &id).await;
    assert_eq!(refused, format!("{PAGE_PATH}?session={id}"));
    let old_link = victim
        .get(format!("{}{}", app.address, start_path(&id)))
        .send()
        .await
        .unwrap();
    assert_eq!(
        old_link.status(),
        405,
        "the start is a form post, not a link"
    );
    assert_eq!(kept_returns(&app).await, 1, "only the attacker's start");

    // The victim logs in at Meta with the attacker's state and comes back: nothing of
    // their login is kept, and the page says the link is another browser's.
    let code = double.dialog_code(harbour_pages(), RETURN_URL);
    let back = format!("/vendor/connect/return?code={code}&state={state}");
    let to = redirect_of(&victim, &app, &back).await;
    assert_eq!(to, format!("{PAGE_PATH}?session={id}"));
    assert_eq!(
        double.calls("oauth/access_token"),
        0,
        "the code was not used"
    );
    let (pending,): (i64,) = sqlx::query_as("SELECT COUNT(*) FROM pending_page_tokens")
        .fetch_one(app.db.pool())
        .await
        .unwrap();
    assert_eq!(pending, 0);
    let shown = victim
        .get(format!("{}{to}", app.address))
        .send()
        .await
        .unwrap();
    assert_eq!(shown.status(), 403);
    let html = shown.text().await.unwrap();
    assert!(html.contains(&english(Key::OtherBrowserTitle)), "{html}");
    // And the attacker cannot complete with pages nobody listed for them.
    let completed = app.connect_pages(&token, &["611000000000001"]).await;
    assert_eq!(completed.status(), 422);
}
