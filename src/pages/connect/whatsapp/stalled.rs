use leptos::prelude::*;

use crate::{model::connect::ConnectError, pages::connect::connect_button::ConnectButton};

/// A step after Meta's dialog failed; what Meta shared is kept. Try again runs that step
/// again; Start again runs Meta's dialog again.
#[component]
pub fn Stalled(
    error: ConnectError,
    can_connect: Signal<bool>,
    on_retry: Callback<()>,
    on_connect: Callback<()>,
) -> impl IntoView {
    view! {
        <h1 id="connect-title">"Almost there"</h1>
        <p role="alert">{error.to_string()}</p>
        <div class="actions">
            <button type="button" class="button connect-button" on:click=move |_| on_retry.run(())>
                "Try again"
            </button>
            <ConnectButton label="Start again with Meta" enabled=can_connect on_click=on_connect secondary=true />
        </div>
    }
}
