//! Whether a connect page is open in an app's built-in browser, from its `User-Agent`.
//! Facebook's and Instagram's browsers (and other apps' web views) suppress Meta's popup
//! (docs/meta.md), so the page offers the phone's own browser: on Android a link to the same
//! page as an `intent:` URL, elsewhere where the app's menu has it.

use crate::model::connect::InAppBrowser;

/// What the built-in browsers of the apps customers arrive from put in their user agent:
/// Facebook (`FBAN`/`FBAV`/`FB_IAB`), Instagram, Messenger, LINE, Snapchat, TikTok, and
/// Android's web view (`; wv)`), which every other app's browser on Android is.
const MARKERS: &[&str] = &[
    "FBAN/",
    "FBAV/",
    "FB_IAB",
    "Instagram",
    "MessengerForiOS",
    " Line/",
    "Snapchat",
    "musical_ly",
    "BytedanceWebview",
    "; wv)",
];

/// Whether a page request comes from an app's built-in browser.
pub fn is_in_app(user_agent: &str) -> bool {
    MARKERS.iter().any(|marker| user_agent.contains(marker))
}

/// The built-in browser a page request comes from, if any. `host` (the request's
/// `Host`) and `page` (the page's path and query) make the Android link; without a
/// host that is a plain host name, the page names the menu instead.
pub fn detect(user_agent: &str, host: Option<&str>, page: &str) -> Option<InAppBrowser> {
    is_in_app(user_agent).then(|| link(user_agent, host, page))
}

/// What an app's built-in browser is offered: on Android an `intent:` link to `page` in
/// the phone's browser, elsewhere the app's menu.
pub fn link(user_agent: &str, host: Option<&str>, page: &str) -> InAppBrowser {
    if !user_agent.contains("Android") {
        return InAppBrowser::Other;
    }
    match host.filter(|host| is_plain_host(host)) {
        Some(host) if is_plain_page(page) => InAppBrowser::Android {
            open_url: format!("intent://{host}{page}#Intent;scheme=https;end"),
        },
        _ => InAppBrowser::Other,
    }
}

fn is_plain_host(host: &str) -> bool {
    !host.is_empty()
        && host.len() <= 255
        && host
            .bytes()
            .all(|b| b.is_ascii_alphanumeric() || b == b'.' || b == b'-' || b == b':')
}

fn is_plain_page(page: &str) -> bool {
    page.starts_with('/')
        && page
            .bytes()
            .all(|b| b.is_ascii_alphanumeric() || b"/?=_-.&".contains(&b))
}

#[cfg(test)]
mod tests {
    use super::*;

    const PAGE: &str = "/vendor/connect/whatsapp?session=ses_0123abcd&handoff=0a1b";
    const INSTAGRAM_ANDROID: &str = "Mozilla/5.0 (Linux; Android 13; SM-A145M Build/TP1A.220624.014; wv) AppleWebKit/537.36 (KHTML, like Gecko) Version/4.0 Chrome/120.0.6099.144 Mobile Safari/537.36 Instagram 312.1.0.34.111 Android";
    const FACEBOOK_IOS: &str = "Mozilla/5.0 (iPhone; CPU iPhone OS 17_1 like Mac OS X) AppleWebKit/605.1.15 (KHTML, like Gecko) Mobile/15E148 [FBAN/FBIOS;FBAV/441.0.0.36.113;FBBV/540000000]";
    const CHROME_ANDROID: &str = "Mozilla/5.0 (Linux; Android 10; K) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/120.0.0.0 Mobile Safari/537.36";
    const SAFARI_IOS: &str = "Mozilla/5.0 (iPhone; CPU iPhone OS 17_1 like Mac OS X) AppleWebKit/605.1.15 (KHTML, like Gecko) Version/17.1 Mobile/15E148 Safari/604.1";

    #[test]
    fn android_app_browsers_get_a_link_to_the_same_page_in_the_phone_browser() {
        assert_eq!(
            detect(INSTAGRAM_ANDROID, Some("connect.whatsportal.example"), PAGE),
            Some(InAppBrowser::Android {
                open_url: "intent://connect.whatsportal.example/vendor/connect/whatsapp?session=ses_0123abcd&handoff=0a1b#Intent;scheme=https;end".into()
            })
        );
    }

    #[test]
    fn ios_app_browsers_are_told_to_use_the_menu() {
        assert_eq!(
            detect(FACEBOOK_IOS, Some("connect.whatsportal.example"), PAGE),
            Some(InAppBrowser::Other)
        );
    }

    #[test]
    fn the_phones_own_browsers_are_left_alone() {
        for agent in [CHROME_ANDROID, SAFARI_IOS, ""] {
            assert_eq!(detect(agent, Some("example.com"), PAGE), None, "{agent}");
        }
    }

    #[test]
    fn an_odd_host_or_page_gives_no_link() {
        for (host, page) in [
            (None, PAGE),
            (Some(""), PAGE),
            (Some("evil.example/#Intent;scheme=javascript"), PAGE),
            (Some("example.com"), "/x?session=a\"b"),
            (Some("example.com"), "x"),
        ] {
            assert_eq!(
                detect(INSTAGRAM_ANDROID, host, page),
                Some(InAppBrowser::Other),
                "{host:?} {page}"
            );
        }
    }
}
