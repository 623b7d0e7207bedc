//! A connect page opened in an app's built-in browser (Instagram, Facebook, an Android
//! web view) says Meta's window may not open there and how to reach the phone's own
//! browser: on Android a link to the same page, elsewhere the app's menu. The session
//! belongs to the browser that opened it: the phone's browser takes it over once, with
//! the hand-off code only the app's browser was shown; any other browser is refused.

use serde_json::Value;
use whatsportal::i18n::{catalogue, Key, Locale};

use crate::support::app::{session_body, spawn_app, SeededVendor, TestApp};

const INSTAGRAM_ANDROID: &str = "Mozilla/5.0 (Linux; Android 13; SM-A145M Build/TP1A.220624.014; wv) AppleWebKit/537.36 (KHTML, like Gecko) Version/4.0 Chrome/120.0.6099.144 Mobile Safari/537.36 Instagram 312.1.0.34.111 Android";
const FACEBOOK_IOS: &str = "Mozilla/5.0 (iPhone; CPU iPhone OS 17_1 like Mac OS X) AppleWebKit/605.1.15 (KHTML, like Gecko) Mobile/15E148 [FBAN/FBIOS;FBAV/441.0.0.36.113;FBBV/540000000]";
const CHROME_ANDROID: &str = "Mozilla/5.0 (Linux; Android 10; K) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/120.0.0.0 Mobile Safari/537.36";
const SAFARI_IOS: &str = "Mozilla/5.0 (iPhone; CPU iPhone OS 17_1 like Mac OS X) AppleWebKit/605.1.15 (KHTML, like Gecko) Version/17.1 Mobile/15E148 Safari/604.1";

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

/// A browser of its own (its own cookies), as a customer's app or phone has.
fn browser(user_agent: &str) -> reqwest::Client {
    reqwest::Client::builder()
        .cookie_store(true)
        .user_agent(user_agent)
        .build()
        .unwrap()
}

/// A page as `browser` gets it: the address it ended at (after redirects, and after
/// the page put its own address in the address bar), its status and its HTML.
async fn page(browser: &reqwest::Client, url: &str) -> (String, u16, String) {
    let response = browser.get(url).send().await.unwrap();
    let mut at = response.url().clone();
    let status = response.status().as_u16();
    let html = response.text().await.unwrap();
    if let Some(address) = address_taken(&html) {
        at = at.join(&address).unwrap();
    }
    (at.to_string(), status, html)
}

/// The address a page opened by the session's token puts in the address bar.
fn address_taken(html: &str) -> Option<String> {
    const CALL: &str = "history.replaceState(history.state, \"\", ";
    let start = html.find(CALL)? + CALL.len();
    let end = start + html[start..].find(");")?;
    serde_json::from_str(&html[start..end]).ok()
}

/// The `intent:` link's target: this page in the phone's browser.
fn intent_target(shown: &str, host: &str) -> String {
    let start = shown.find("intent://").expect("an intent link");
    let end = start + shown[start..].find("#Intent").expect("an intent");
    format!(
        "http://{host}{}",
        &shown[start + "intent://".len() + host.len()..end]
    )
    .replace("&amp;", "&")
}

#[tokio::test]
async fn app_browsers_are_offered_the_phones_browser_which_takes_the_session_once() {
    let app = spawn_app().await;
    let vendor = app.seed_vendor().await;
    let texts = catalogue::texts(Locale::PtBr);
    let lead = texts.get(Key::InAppNotice);
    let host = app.address.trim_start_matches("http://");

    for (kind, path) in [("whatsapp", "whatsapp"), ("meta_page", "meta-page")] {
        let token = session(&app, &vendor, &format!("in-app-{path}"), kind).await;
        let connect_url = format!(
            "{}/vendor/connect/{path}?session_token={token}",
            app.address
        );

        let instagram = browser(INSTAGRAM_ANDROID);
        let (at, status, html) = page(&instagram, &connect_url).await;
        assert_eq!(status, 200);
        assert!(!at.contains(&token), "the token left the address: {at}");
        let shown = notice(&html).unwrap_or_else(|| panic!("{path}: no notice in {html}"));
        assert!(shown.contains(lead), "{path}: {shown}");
        let link = format!("<a href=\"intent://{host}/vendor/connect/{path}?session=ses_");
        assert!(shown.contains(&link), "{path}: no {link} in {shown}");
        assert!(shown.contains("handoff="), "{shown}");
        assert!(!shown.contains(&token), "the token is not handed on");
        assert!(shown.contains(texts.get(Key::InAppOpen)), "{shown}");
        assert!(!shown.contains(texts.get(Key::InAppMenu)), "{shown}");

        // The phone's own browser opens the link: it takes the session, no notice.
        let target = intent_target(shown, host);
        let phone = browser(CHROME_ANDROID);
        let (_, status, html) = page(&phone, &target).await;
        assert_eq!(status, 200, "{target}");
        assert_eq!(notice(&html), None, "{path}");
        let ready = if kind == "whatsapp" {
            Key::WaConnect
        } else {
            Key::PagesConnect
        };
        assert!(html.contains(texts.get(ready)), "{path}: {html}");
        // The app's browser no longer holds it, and the code worked once.
        let (_, status, _) = page(&instagram, &target).await;
        assert_eq!(
            status, 403,
            "{path}: the app's browser gave the session away"
        );
        let (_, status, _) = page(&browser(CHROME_ANDROID), &target).await;
        assert_eq!(status, 403, "{path}: a hand-off code works once");
    }

    // Facebook's browser on iOS: the app's menu opens this address, hand-off included.
    let token = session(&app, &vendor, "in-app-ios", "whatsapp").await;
    let connect_url = format!(
        "{}/vendor/connect/whatsapp?session_token={token}",
        app.address
    );
    let (at, status, html) = page(&browser(FACEBOOK_IOS), &connect_url).await;
    assert_eq!(status, 200);
    let shown = notice(&html).unwrap_or_else(|| panic!("no notice in {html}"));
    assert!(shown.contains(texts.get(Key::InAppMenu)), "{shown}");
    assert!(!html.contains("intent://"));
    assert!(at.contains("handoff=") && !at.contains(&token), "{at}");
    let (_, status, _) = page(&browser(SAFARI_IOS), &at).await;
    assert_eq!(status, 200, "Safari takes the session from the address");
}

#[tokio::test]
async fn another_browser_with_the_connect_link_or_the_sessions_address_is_refused() {
    let app = spawn_app().await;
    let vendor = app.seed_vendor().await;
    let token = session(&app, &vendor, "bound", "whatsapp").await;
    let connect_url = format!(
        "{}/vendor/connect/whatsapp?session_token={token}",
        app.address
    );
    let customer = browser(CHROME_ANDROID);
    let (at, status, _) = page(&customer, &connect_url).await;
    assert_eq!(status, 200);
    assert!(at.contains("?session=ses_") && !at.contains(&token), "{at}");

    let texts = catalogue::texts(Locale::PtBr);
    for url in [connect_url.as_str(), at.as_str()] {
        let (_, status, html) = page(&browser(CHROME_ANDROID), url).await;
        assert_eq!(status, 403, "{url}");
        assert!(html.contains(texts.get(Key::OtherBrowserTitle)), "{html}");
    }
    // The customer's own browser still has it.
    let (_, status, _) = page(&customer, &at).await;
    assert_eq!(status, 200);
}
