use leptos::prelude::*;

use super::login_button::LoginButton;

/// The Facebook account manages no Page: say so, and offer another account.
#[component]
pub fn NoPages(can_log_in: Signal<bool>, on_log_in: Callback<()>) -> impl IntoView {
    view! {
        <h1 id="connect-title">"No Facebook Pages found"</h1>
        <p>"This Facebook account does not manage any Page. Ask a Page admin to give you access with the messages task, or log in with another account."</p>
        <LoginButton label="Use another Facebook account" enabled=can_log_in on_log_in />
    }
}
