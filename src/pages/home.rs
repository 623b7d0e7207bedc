use leptos::prelude::*;

/// The product's front page: what it does, and how a vendor's backend starts a session.
#[component]
pub fn HomePage() -> impl IntoView {
    view! {
        <main class="page home">
            <header class="hero">
                <p class="eyebrow">"WhatsPortal Vendor Connect"</p>
                <h1>
                    "Let your customers connect WhatsApp Business and Facebook Pages without leaving your product"
                </h1>
                <p class="lead">
                    "Your backend creates a short-lived session with its API key; your frontend opens "
                    "the connect page, branded with your name and logo; the result comes back to your "
                    "window by postMessage."
                </p>
            </header>
            <section class="card">
                <h2>"Start a session from your backend"</h2>
                // A disclosure the browser runs itself: the page has no script.
                <details class="example-toggle">
                    <summary class="button">"Show the example"</summary>
                    <pre id="session-example" class="example">
                        "curl -X POST /api/vendor/sessions \\\n"
                        "  -H 'Authorization: Bearer <api_key>' \\\n"
                        "  -H 'Content-Type: application/json' \\\n"
                        "  -d '{\"workspaceName\":\"Acme Co\",\"externalId\":\"customer_123\",\n"
                        "       \"origin\":\"https://app.example.com\"}'"
                    </pre>
                </details>
            </section>
        </main>
    }
}
