use leptos::prelude::*;

/// The product's front page: what it does, and how a vendor's backend starts a session.
#[component]
pub fn HomePage() -> impl IntoView {
    // Effects run only in the browser, so this turns true once the page has hydrated.
    let (hydrated, set_hydrated) = signal(false);
    Effect::new(move |_| set_hydrated.set(true));
    let (show_example, set_show_example) = signal(false);

    view! {
        <main class="page home" data-hydrated=move || hydrated.get().to_string()>
            <header class="hero">
                <p class="eyebrow">"WhatsPortal Vendor Connect"</p>
                <h1>"Let your customers connect WhatsApp Business and Facebook Pages without leaving your product"</h1>
                <p class="lead">
                    "Your backend creates a short-lived session with its API key; your frontend opens "
                    "the connect page, branded with your name and logo; the result comes back to your "
                    "window by postMessage."
                </p>
            </header>
            <section class="card">
                <h2>"Start a session from your backend"</h2>
                <button
                    type="button"
                    class="button"
                    aria-expanded=move || show_example.get().to_string()
                    aria-controls="session-example"
                    on:click=move |_| set_show_example.update(|shown| *shown = !*shown)
                >
                    {move || if show_example.get() { "Hide the example" } else { "Show the example" }}
                </button>
                <pre id="session-example" class="example" hidden=move || !show_example.get()>
                    "curl -X POST /api/vendor/sessions \\\n"
                    "  -H 'Authorization: Bearer <api_key>' \\\n"
                    "  -H 'Content-Type: application/json' \\\n"
                    "  -d '{\"workspaceName\":\"Acme Co\",\"externalId\":\"customer_123\",\n"
                    "       \"origin\":\"https://app.example.com\"}'"
                </pre>
            </section>
        </main>
    }
}
