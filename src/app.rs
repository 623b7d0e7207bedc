//! The HTML shell, the root component and the route table.

use leptos::prelude::*;
use leptos_meta::{provide_meta_context, HashedStylesheet, MetaTags, Title};
use leptos_router::{
    components::{Route, Router, Routes},
    SsrMode, StaticSegment,
};

use crate::{
    model::connect::Flow,
    pages::{connect::ConnectSessionPage, home::HomePage, not_found::NotFound},
};

/// The document around every page.
pub fn shell(options: LeptosOptions) -> impl IntoView {
    #[cfg(feature = "ssr")]
    crate::security_headers::apply();
    view! {
        <!DOCTYPE html>
        <html lang="en">
            <head>
                <meta charset="utf-8" />
                <meta name="viewport" content="width=device-width, initial-scale=1" />
                <link rel="icon" href="/favicon.svg" type="image/svg+xml" />
                <HashedStylesheet options=options.clone() id="leptos" />
                <HydrationScripts options />
                <MetaTags />
            </head>
            <body>
                <App />
            </body>
        </html>
    }
}

#[component]
pub fn App() -> impl IntoView {
    provide_meta_context();
    view! {
        <Title text="WhatsPortal Vendor Connect" />
        <Router>
            <Routes fallback=NotFound>
                <Route path=StaticSegment("") view=HomePage />
                // Async: the token's state decides the HTTP status and headers.
                <Route
                    path=(StaticSegment("vendor"), StaticSegment("connect"), StaticSegment("whatsapp"))
                    view=|| view! { <ConnectSessionPage flow=Flow::WhatsApp /> }
                    ssr=SsrMode::Async
                />
                <Route
                    path=(StaticSegment("vendor"), StaticSegment("connect"), StaticSegment("meta-page"))
                    view=|| view! { <ConnectSessionPage flow=Flow::MetaPage /> }
                    ssr=SsrMode::Async
                />
            </Routes>
        </Router>
    }
}
