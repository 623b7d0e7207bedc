//! A connect page opened in an app's built-in browser (Instagram, Facebook, an Android
//! web view) says Meta's window may not open there and how to reach the phone's own
//! browser: on Android a link to the same page, elsewhere the app's menu.

use serde_json::Value;
use whatsportal::i18n::{catalogue, Key, Locale};

use crate::helpers::{session_body, spawn_app, SeededVendor, TestApp};

const INSTAGRAM_ANDROID: &str = "Mozilla/5.0 (Linux; Android 13; SM-A145M Build/TP1A.220624.014; wv) AppleWebKit/537.36 (KHTML, like Gecko) Version/4.0 Chrome/120.0.6099.144 Mobile Safari/537.36 Instagram 312.1.0.34.111 Android";
const FACEBOOK_IOS: &str = "Mozilla/5.0 (iPhone; CPU iPhone OS 17_1 like Mac OS X) AppleWebKit/605.1.15 (KHTML, like Gecko) Mobile/15E148 [FBAN/FBIOS;FBAV/441.0.0.36.113;FBBV/540000000]";
const CHROME_ANDROID: &str = "Mozilla/5.0 (Linux; Android 10; K) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/120.0.0.0 Mobile Safari/537.36";

async fn session(app: &TestApp, vendor: &SeededVendor, external_id: &str, kind: &str) -> String {
    let mut body = session_body(external_id);
    body["integrationType"] = kind.into();
    body["locale"] = "pt-BR".into();
    let response = app.create_session(&vendor.api_key, &body).await;
    assert_eq!(response.status(), 200);
    let created: Value = response.json().await.unwrap();
    created["session_token"].as_str().unwrap().to_owned()
}

/// The notice as rendered: its paragraph, if the page has one. (The page's texts are
/// also in its HTML for the flow, so the notice is looked for as an element.)
fn notice(html: &str) -> Option<&str> {
    let class = html.find("class=\"in-app-notice\"")?;
    let start = html[..class].rfind("<p")?;
    let end = start + html[start..].find("</p>")?;
    Some(&html[start..end])
}

async fn page(app: &TestApp, path: &str, token: &str, user_agent: &str) -> String {
    let response = app
        .client
        .get(format!(
            "{}/vendor/connect/{path}?session_token={token}",
            app.address
        ))
        .header("User-Agent", user_agent)
        .send()
        .await
        .unwrap();
    assert_eq!(response.status(), 200);
    response.text().await.unwrap()
}

#[tokio::test]
async fn app_browsers_are_offered_the_phones_browser_and_others_see_nothing() {
    let app = spawn_app().await;
    let vendor = app.seed_vendor().await;
    let texts = catalogue::texts(Locale::PtBr);
    let lead = texts.get(Key::InAppNotice);
    let host = app.address.trim_start_matches("http://");

    for (kind, path) in [("whatsapp", "whatsapp"), ("meta_page", "meta-page")] {
        let token = session(&app, &vendor, &format!("in-app-{path}"), kind).await;

        let html = page(&app, path, &token, INSTAGRAM_ANDROID).await;
        let shown = notice(&html).unwrap_or_else(|| panic!("{path}: no notice in {html}"));
        assert!(shown.contains(lead), "{path}: {shown}");
        let link = format!(
            "<a href=\"intent://{host}/vendor/connect/{path}?session_token={token}#Intent;scheme=https;end\""
        );
        assert!(shown.contains(&link), "{path}: no {link} in {shown}");
        assert!(shown.contains(texts.get(Key::InAppOpen)), "{shown}");
        assert!(!shown.contains(texts.get(Key::InAppMenu)), "{shown}");

        let html = page(&app, path, &token, FACEBOOK_IOS).await;
        let shown = notice(&html).unwrap_or_else(|| panic!("{path}: no notice in {html}"));
        assert!(shown.contains(lead), "{path}: {shown}");
        assert!(shown.contains(texts.get(Key::InAppMenu)), "{path}: {shown}");
        assert!(!html.contains("intent://"), "{path}");

        // The phone's own browser: no notice. Viewing used nothing up: the page is
        // still the ready page.
        let html = page(&app, path, &token, CHROME_ANDROID).await;
        assert_eq!(notice(&html), None, "{path}");
        assert!(!html.contains("intent://"), "{path}");
        let ready = if kind == "whatsapp" {
            Key::WaConnect
        } else {
            Key::PagesConnect
        };
        assert!(html.contains(texts.get(ready)), "{path}: {html}");
    }
}
