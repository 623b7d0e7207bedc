use leptos::prelude::*;
use leptos_meta::Title;

use crate::{
    components::vendor_brand::VendorBrand,
    i18n::{use_texts, Key},
    model::connect::{Branding, PostAgain},
    pages::connect::{
        back_link::BackToVendor, frame::page_title, session_state::PostAgainScript,
        whatsapp::MissingList,
    },
};

/// The number is added and the signup complete: the result goes to the vendor's
/// window (only its registered origin), and what the number still misses is listed.
#[component]
pub fn DonePanel(
    branding: Branding,
    post: Option<PostAgain>,
    missing: Vec<String>,
) -> impl IntoView {
    let texts = use_texts();
    let vendor = branding.vendor_name.clone();
    let title = page_title(texts.get(Key::WaConnected), Some(&vendor));
    let back = branding.back_url.clone().map(|href| {
        let vendor = vendor.clone();
        view! { <BackToVendor href vendor /> }
    });
    let next = texts.fill(Key::DoneCloseTab, &[("vendor", &vendor)]);
    view! {
        <Title text=title />
        <main class="connect">
            <VendorBrand branding />
            <section class="panel" aria-labelledby="connect-title">
                <h1 id="connect-title">{texts.get(Key::WaConnected).to_owned()}</h1>
                <p class="done" role="status">
                    {next}
                </p>
                <MissingList missing vendor_name=vendor />
                {back}
            </section>
            {post.map(|post| view! { <PostAgainScript post /> })}
        </main>
    }
}
