use leptos::prelude::*;
use leptos_meta::Title;

use crate::{
    components::vendor_brand::VendorBrand,
    i18n::{use_texts, Key},
    model::connect::{Branding, PostAgain, SessionView},
    pages::connect::{back_link::BackToVendor, frame::page_title},
};

/// A token that cannot be used: unknown, expired, used, held by another browser, or of
/// an inactive vendor (or a session the server could not load). Each with its HTTP status and words that say
/// what to do.
#[component]
pub fn SessionStatePage(view: SessionView) -> impl IntoView {
    let texts = use_texts();
    if let SessionView::Moved(to) = view {
        // The answer is a redirect (its status is set): this is for the rare browser
        // that shows the page anyway.
        return view! {
            <main class="connect">
                <p>
                    <a href=to>{texts.get(Key::Connecting).to_owned()}</a>
                </p>
            </main>
        }
        .into_any();
    }
    let mut post_again = None;
    let (status, branding, title, hint): (u16, Option<Branding>, Key, Key) = match view {
        SessionView::Expired(b) => (410, Some(b), Key::ExpiredTitle, Key::ExpiredHint),
        SessionView::Used(b, again) => {
            post_again = again;
            (409, Some(b), Key::UsedTitle, Key::UsedHint)
        }
        SessionView::OtherBrowser(b) => {
            (403, Some(b), Key::OtherBrowserTitle, Key::OtherBrowserHint)
        }
        SessionView::VendorInactive => (403, None, Key::InactiveTitle, Key::InactiveHint),
        SessionView::Unavailable => (503, None, Key::LoadFailedTitle, Key::ErrorUnavailable),
        SessionView::Unknown | SessionView::Ready(_) | SessionView::Moved(_) => {
            (404, None, Key::UnknownTitle, Key::UnknownHint)
        }
    };
    crate::response_status::set(status);
    let vendor = branding.as_ref().map(|b| b.vendor_name.clone());
    let back = branding.as_ref().and_then(|b| {
        let vendor = b.vendor_name.clone();
        b.back_url
            .clone()
            .map(|href| view! { <BackToVendor href vendor /> })
    });
    view! {
        <Title text=page_title(texts.get(title), vendor.as_deref()) />
        <main class="connect">
            {branding.map(|b| view! { <VendorBrand branding=b /> })}
            <section class="panel" aria-labelledby="state-title">
                <h1 id="state-title">{texts.get(title).to_owned()}</h1>
                <p>{texts.get(hint).to_owned()}</p>
                {back}
            </section> {post_again.map(|post| view! { <PostAgainScript post /> })}
        </main>
    }
    .into_any()
}

/// Posts a completed session's result again to the vendor's window, if this tab still
/// has one (a reload after success, or a second tab): the vendor may have missed the
/// first message. Only the session's registered origin receives it. The script is
/// static (the page's nonce allows it); the message and the origin are its data.
#[component]
pub(super) fn PostAgainScript(post: PostAgain) -> impl IntoView {
    let nonce = leptos::nonce::use_nonce().map(|n| n.to_string());
    view! {
        <script nonce=nonce data-message=post.message data-origin=post.target_origin>
            "(function(s,o){if(o)o.postMessage(JSON.parse(s.dataset.message),s.dataset.origin)})(document.currentScript,window.opener)"
        </script>
    }
}
