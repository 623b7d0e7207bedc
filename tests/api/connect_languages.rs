//! The connect pages in the customer's language: the session's `locale`, else the
//! browser's `Accept-Language`; every state of the server-rendered page in every
//! language, Arabic right to left, and Meta's SDK in the same language.

use serde_json::Value;
use whatsportal::i18n::{catalogue, Key, Locale};

use crate::{
    live_meta::live_app,
    support::app::{assert_error, session_body, spawn_app, SeededVendor, TestApp},
};

/// A session for `integration_type` in `locale` (none: the browser decides).
async fn session(
    app: &TestApp,
    vendor: &SeededVendor,
    external_id: &str,
    integration_type: &str,
    locale: Option<&str>,
) -> String {
    let mut body = session_body(external_id);
    body["integrationType"] = integration_type.into();
    if let Some(locale) = locale {
        body["locale"] = locale.into();
    }
    let response = app.create_session(&vendor.api_key, &body).await;
    assert_eq!(response.status(), 200);
    let created: Value = response.json().await.unwrap();
    created["session_token"].as_str().unwrap().to_owned()
}

/// The page of a token for `path` (`whatsapp` or `meta-page`), as a browser asking
/// for `accept_language`: its status and HTML.
async fn page(app: &TestApp, path: &str, token: &str, accept_language: &str) -> (u16, String) {
    let response = app
        .client
        .get(format!(
            "{}/vendor/connect/{path}?session_token={token}",
            app.address
        ))
        .header("Accept-Language", accept_language)
        .send()
        .await
        .unwrap();
    (response.status().as_u16(), response.text().await.unwrap())
}

/// Asserts the page speaks `locale`: its `lang`, its direction and its texts for `keys`.
fn assert_speaks(html: &str, locale: Locale, keys: &[Key], state: &str) {
    let texts = catalogue::texts(locale);
    let tag = locale.tag();
    assert!(
        html.contains(&format!(r#"<html lang="{tag}" dir="{}""#, locale.dir())),
        "{tag} {state}: no lang/dir on <html>: {}",
        &html[..html.len().min(300)]
    );
    for key in keys {
        let text = texts.get(*key).replace('\'', "&#x27;");
        let plain = texts.get(*key);
        assert!(
            html.contains(plain) || html.contains(&text),
            "{tag} {state}: {key:?} ({plain:?}) is not on the page"
        );
    }
}

/// Asserts the tab's one title: `key`'s text in the page's language, with the vendor
/// when the page knows it.
fn assert_titled(html: &str, locale: Locale, key: Key, vendor: Option<&str>, state: &str) {
    let texts = catalogue::texts(locale);
    let task = texts.get(key);
    let title = match vendor {
        Some(vendor) => format!("<title>{task} · {vendor}</title>"),
        None => format!("<title>{task}</title>"),
    };
    assert_eq!(html.matches("<title>").count(), 1, "{state}: one title");
    assert!(
        html.contains(&title) || html.contains(&title.replace('\'', "&#x27;")),
        "{} {state}: no {title}",
        locale.tag()
    );
}

/// Marks a session as used, as a completion does (no API consumes one without Meta).
async fn mark_used(app: &TestApp, token: &str) {
    let hash = whatsportal::domain::SessionToken::parse(token)
        .unwrap()
        .hash();
    sqlx::query("UPDATE connect_sessions SET consumed_at = 1 WHERE token_hash = $1")
        .bind(hash.as_str())
        .execute(app.db.writer())
        .await
        .unwrap();
}

#[tokio::test]
async fn every_language_renders_every_state_of_the_page() {
    let app = spawn_app().await;
    let vendor = app.seed_vendor().await;
    let mut inactive = Vec::new();
    for locale in Locale::ALL {
        let tag = locale.tag();
        // The browser asks for English: the session's language wins.
        let whatsapp = session(&app, &vendor, &format!("wa-{tag}"), "whatsapp", Some(tag)).await;
        let (status, html) = page(&app, "whatsapp", &whatsapp, "en-US,en").await;
        assert_eq!(status, 200);
        assert_speaks(
            &html,
            locale,
            &[
                Key::WaTitle,
                Key::WaConnect,
                Key::NeedsJavascript,
                Key::Simulated,
            ],
            "ready (WhatsApp)",
        );
        assert_titled(
            &html,
            locale,
            Key::WaTitle,
            Some("Acme CRM"),
            "ready (WhatsApp)",
        );

        let pages = session(&app, &vendor, &format!("fb-{tag}"), "meta_page", Some(tag)).await;
        let (status, html) = page(&app, "meta-page", &pages, "en").await;
        assert_eq!(status, 200);
        assert_speaks(
            &html,
            locale,
            &[Key::PagesTitle, Key::PagesConnect],
            "ready (Pages)",
        );
        assert_titled(
            &html,
            locale,
            Key::PagesTitle,
            Some("Acme CRM"),
            "ready (Pages)",
        );

        let expired = session(&app, &vendor, &format!("ex-{tag}"), "whatsapp", Some(tag)).await;
        app.expire_session(&expired).await;
        let (status, html) = page(&app, "whatsapp", &expired, "en").await;
        assert_eq!(status, 410);
        assert_speaks(&html, locale, &[Key::ExpiredTitle], "expired");
        assert_titled(
            &html,
            locale,
            Key::ExpiredTitle,
            Some("Acme CRM"),
            "expired",
        );

        let used = session(&app, &vendor, &format!("us-{tag}"), "whatsapp", Some(tag)).await;
        mark_used(&app, &used).await;
        let (status, html) = page(&app, "whatsapp", &used, "en").await;
        assert_eq!(status, 409);
        assert_speaks(&html, locale, &[Key::UsedTitle], "used");

        // An unknown token has no session: the browser's language decides.
        let (status, html) = page(&app, "whatsapp", &"0".repeat(64), tag).await;
        assert_eq!(status, 404);
        assert_speaks(
            &html,
            locale,
            &[Key::UnknownTitle, Key::UnknownHint],
            "unknown",
        );
        assert_titled(&html, locale, Key::UnknownTitle, None, "unknown");

        inactive.push((
            locale,
            session(&app, &vendor, &format!("in-{tag}"), "whatsapp", Some(tag)).await,
        ));
    }
    let mut admin = app.signed_in("admin").await;
    admin
        .ok(
            "vendors/set-active",
            &[("vendor_id", &vendor.vendor_id), ("active", "false")],
        )
        .await;
    for (locale, token) in inactive {
        let (status, html) = page(&app, "whatsapp", &token, "en").await;
        assert_eq!(status, 403);
        assert_speaks(
            &html,
            locale,
            &[Key::InactiveTitle, Key::InactiveHint],
            "vendor inactive",
        );
    }
}

#[tokio::test]
async fn without_a_session_locale_the_browser_language_decides() {
    let app = spawn_app().await;
    let vendor = app.seed_vendor().await;
    let token = session(&app, &vendor, "browser", "whatsapp", None).await;
    let cases = [
        ("pt-BR,pt;q=0.9,en-US;q=0.8", Locale::PtBr),
        ("es-MX,es;q=0.9", Locale::Es),
        ("ar-EG", Locale::Ar),
        ("ja,zh;q=0.8", Locale::En),
        ("", Locale::En),
        ("zz-ZZ;q=abc, ;q=0.5, *;q=0.1, fr;q=1.5", Locale::En),
    ];
    for (header, locale) in cases {
        let (status, html) = page(&app, "whatsapp", &token, header).await;
        assert_eq!(status, 200, "{header:?}");
        assert_speaks(&html, locale, &[Key::WaTitle], header);
    }
}

#[tokio::test]
async fn a_locale_the_pages_do_not_speak_is_refused_and_stores_nothing() {
    let app = spawn_app().await;
    let vendor = app.seed_vendor().await;
    for locale in [
        Value::from("klingon"),
        Value::from("pt"),
        Value::from(""),
        Value::from(7),
        Value::from(true),
        serde_json::json!(["en"]),
    ] {
        let mut body = session_body("refused");
        body["locale"] = locale.clone();
        let response = app.create_session(&vendor.api_key, &body).await;
        let message = assert_error(response, 400, "locale").await;
        assert!(!message.contains("sqlx"), "{locale}: {message}");
    }
    let mut body = session_body("refused");
    body["locale"] = "xx".into();
    let message = assert_error(
        app.create_session(&vendor.api_key, &body).await,
        400,
        "locale",
    )
    .await;
    assert!(
        message.contains("en, es, pt-BR, id, hi, fr, de, ar"),
        "{message}"
    );
    let (sessions,): (i64,) = sqlx::query_as("SELECT COUNT(*) FROM connect_sessions")
        .fetch_one(app.db.pool())
        .await
        .unwrap();
    assert_eq!(sessions, 0);
    // `null` is the same as leaving it out.
    let mut body = session_body("null-locale");
    body["locale"] = Value::Null;
    assert_eq!(
        app.create_session(&vendor.api_key, &body).await.status(),
        200
    );
}

#[tokio::test]
async fn meta_sdk_loads_in_the_page_language() {
    let (app, _double) = live_app().await;
    let vendor = app.seed_vendor().await;
    let token = session(&app, &vendor, "sdk", "whatsapp", Some("pt-BR")).await;
    let (status, html) = page(&app, "whatsapp", &token, "en").await;
    assert_eq!(status, 200);
    assert!(html.contains("connect.facebook.net/pt_BR/sdk.js"), "{html}");
    assert!(!html.contains("connect.facebook.net/en_US/sdk.js"));
    let token = session(&app, &vendor, "sdk-ar", "whatsapp", None).await;
    let (_, html) = page(&app, "whatsapp", &token, "ar").await;
    assert!(html.contains("connect.facebook.net/ar_AR/sdk.js"));
}
