use leptos::prelude::*;

/// The Facebook account manages no Page: say so, and offer another account.
#[component]
pub fn NoPages(on_switch: Callback<()>) -> impl IntoView {
    view! {
        <h1 id="connect-title">"No Facebook Pages found"</h1>
        <p>"This Facebook account does not manage any Page. Ask a Page admin to give you access with the messages task, or log in with another account."</p>
        <button type="button" class="button connect-button" on:click=move |_| on_switch.run(())>
            "Use another Facebook account"
        </button>
    }
}
