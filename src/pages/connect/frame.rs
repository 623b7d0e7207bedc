use leptos::{nonce::use_nonce, prelude::*};
use leptos_meta::{Html, Link, Script, Style};

use crate::{
    browser,
    components::{
        simulated_banner::SimulatedBanner,
        toast::{Toast, ToastView},
        vendor_brand::VendorBrand,
    },
    i18n::{use_texts, Key, Texts},
    model::{connect::ReadySession, theme::Theme},
    pages::connect::{back_link::BackToVendor, in_app_notice::InAppNotice},
};

/// The tab's title: what the page is for and, when known, for whom, in the page's
/// language (a customer with several tabs open finds this one by it).
pub fn page_title(task: &str, vendor: Option<&str>) -> String {
    match vendor {
        Some(vendor) => format!("{task} · {vendor}"),
        None => task.to_owned(),
    }
}

/// The page's language, direction and theme on `<html>`, and the vendor's colour.
pub fn page_look(texts: &Texts, theme: Theme) -> impl IntoView {
    let html = view! {
        <Html
            {..}
            lang=texts.locale.tag()
            dir=texts.locale.dir()
            data-theme=theme.appearance.as_str()
        />
    };
    let primary = theme.primary.map(|colour| {
        // The vendor's colour, checked for contrast when staff set it; a nonce'd
        // `<style>` because the CSP allows no inline style attributes.
        view! { <Style>{format!("html:root[data-theme]{{--accent:{}}}", colour.hex())}</Style> }
    });
    (html, primary)
}

/// What every ready connect page has around its flow, rendered on the server only: the
/// simulator's banner (when Meta is simulated), the vendor's brand, a notice in apps'
/// built-in browsers and one for a reconnection. The flow (an island) is the child.
#[component]
pub fn ConnectFrame(session: ReadySession, children: Children) -> impl IntoView {
    let back = session.branding.back_url.clone().map(|href| {
        let vendor = session.branding.vendor_name.clone();
        view! { <BackToVendor href vendor /> }
    });
    // Meta's SDK downloads with the page, in parallel with the wasm (a preload: an async
    // script alone gets a low priority, and on a slow network arrives after the wasm),
    // and runs as soon as it arrives; the wasm finds it run, or waits for it
    // (`browser::meta_sdk::load`).
    let sdk_url = session.meta.sdk_url.clone();
    view! {
        <Link rel="preload" href=sdk_url.clone() as_="script" crossorigin="anonymous" />
        <Script id=browser::META_SDK_ELEMENT src=sdk_url async_="true" crossorigin="anonymous" />
        {session.address_by_id.as_deref().map(take_address)}
        <main class="connect">
            {session
                .meta
                .simulated
                .then(|| view! { <SimulatedBanner test_mode=session.test_mode /> })}
            <VendorBrand branding=session.branding />
            {session.in_app.map(|in_app| view! { <InAppNotice in_app /> })}
            {session
                .reconnecting
                .then(|| {
                    view! {
                        <p class="reconnect-notice" role="status">
                            {use_texts().get(Key::Reconnecting).to_owned()}
                        </p>
                    }
                })} {children()} {back}
        </main>
    }
}

/// Puts the session's address by id in the address bar in place of the token's, as
/// the page is parsed: the token leaves the address bar and the history entry before
/// anything can read it, without the round trip of a redirect.
fn take_address(address: &str) -> impl IntoView {
    // A JSON string is a JavaScript string; `<` is escaped so it cannot end the script.
    let quoted = serde_json::to_string(address)
        .unwrap_or_default()
        .replace('<', "\\u003c");
    let code = format!("history.replaceState(history.state, \"\", {quoted});");
    view! { <script nonce=use_nonce() inner_html=code></script> }
}

/// The panel a flow fills, with its toast. Its children keep their type (`Children`
/// would make them an `AnyView`, which carries every way of rendering the flow into
/// the wasm, async hydration included).
#[component]
pub fn ConnectPanel<C: IntoView + 'static>(
    toast: Signal<Option<Toast>>,
    children: TypedChildren<C>,
) -> impl IntoView {
    let children = children.into_inner();
    view! {
        <section class="panel" aria-labelledby="connect-title">
            {children()}
            <ToastView toast />
        </section>
    }
}

/// After each change of a flow's state (its phase, or the message it shows), the
/// keyboard focus moves to the new state's heading (WCAG 2.4.3): a button disabled or
/// a panel replaced would otherwise drop it to the page's body, and the next Tab would
/// leave the page. Not on the first render: the page keeps its natural start.
pub fn focus_follows_state<P, T>(phase: Memo<P>, toast: Memo<T>)
where
    P: PartialEq + Clone + Send + Sync + 'static,
    T: PartialEq + Clone + Send + Sync + 'static,
{
    Effect::new(move |seen: Option<(P, T)>| {
        let now = (phase.get(), toast.get());
        if seen.as_ref().is_some_and(|seen| *seen != now) {
            browser::focus_title();
        }
        now
    });
}
