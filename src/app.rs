//! The HTML shell, the root component and the route table.

use leptos::{nonce::use_nonce, prelude::*};
use leptos_meta::{provide_meta_context, HashedStylesheet, MetaTags, Title};
use leptos_router::{
    components::{ParentRoute, Redirect, Route, Router, Routes},
    Lazy, ParamSegment, SsrMode, StaticSegment,
};

use crate::{
    model::{IntegrationType, Named},
    pages::{
        admin::routes::{
            AdminAreaRoute, AuditRoute, MetaEventsRoute, SignInRoute, StaffRoute, VendorListRoute,
            VendorRoute, WorkspaceDetailRoute, WorkspacesRoute,
        },
        connect::{AddNumberRoute, ConnectSessionPage},
        console_area::routes::{
            ConsoleAreaRoute, ConsoleAuditRoute, ConsoleSignInRoute, ConsoleVendorRoute,
            ConsoleWorkspaceDetailRoute, ConsoleWorkspacesRoute, InvitationRoute,
        },
        home::HomePage,
        not_found::NotFound,
    },
};

/// The document around every page.
pub fn shell(options: LeptosOptions) -> impl IntoView {
    crate::security_headers::apply();
    // A connect page states its own language (and direction) once it knows the session's.
    // A flow's page is the only page with code for the browser: its flow, an island.
    let connect = serves_connect_page();
    let lang = (!connect).then_some("en");
    let flow = connect_flow();
    let client = flow.map_or_else(
        || options.clone(),
        |flow| crate::assets::flow_client(&options, flow),
    );
    view! {
        <!DOCTYPE html>
        <html lang=lang>
            <head>
                <meta charset="utf-8" />
                <meta name="viewport" content="width=device-width, initial-scale=1" />
                <link rel="icon" href="/favicon.svg" type="image/svg+xml" />
                <HashedStylesheet options=options.clone() id="leptos" />
                {flow
                    .is_some()
                    .then(|| {
                        view! {
                            <script nonce=use_nonce()>{ISLANDS_DEADLINE}</script>
                            <HydrationScripts options=client islands=true />
                        }
                    })}
                <MetaTags />
            </head>
            <body>
                <App />
            </body>
        </html>
    }
}

/// Leptos' island loader starts when the browser reports an idle moment, with no
/// deadline: a busy phone, or a renderer its opener keeps busy, can hold that back for
/// seconds and leave Connect disabled. This gives every idle callback of the page a
/// 100 ms deadline.
const ISLANDS_DEADLINE: &str = "if(window.requestIdleCallback){const r=window.requestIdleCallback.bind(window);window.requestIdleCallback=(f,o)=>r(f,Object.assign({timeout:100},o));}";

/// Whether the page being rendered is a connect page (see [`shell`]).
fn serves_connect_page() -> bool {
    use_context::<axum::http::request::Parts>()
        .is_some_and(|parts| parts.uri.path().starts_with("/vendor/connect/"))
}

/// The flow of the connect page being rendered, which loads that flow's module only.
fn connect_flow() -> Option<IntegrationType> {
    let parts = use_context::<axum::http::request::Parts>()?;
    IntegrationType::ALL
        .iter()
        .copied()
        .find(|flow| parts.uri.path() == flow.connect_path())
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
                    path=(
                        StaticSegment("vendor"),
                        StaticSegment("connect"),
                        StaticSegment("whatsapp"),
                    )
                    view=|| view! { <ConnectSessionPage flow=IntegrationType::WhatsApp /> }
                    ssr=SsrMode::Async
                />
                // The add-number page: server-rendered forms, no code for the browser.
                <Route
                    path=(
                        StaticSegment("vendor"),
                        StaticSegment("connect"),
                        StaticSegment("whatsapp"),
                        StaticSegment("number"),
                    )
                    view=AddNumberRoute
                    ssr=SsrMode::Async
                />
                <Route
                    path=(
                        StaticSegment("vendor"),
                        StaticSegment("connect"),
                        StaticSegment("meta-page"),
                    )
                    view=|| view! { <ConnectSessionPage flow=IntegrationType::MetaPage /> }
                    ssr=SsrMode::Async
                />
                // Admin pages wait for their data, so that signing out redirects with a 302.
                <Route
                    path=(StaticSegment("admin"), StaticSegment("sign-in"))
                    view={Lazy::<SignInRoute>::new()}
                    ssr=SsrMode::Async
                />
                <ParentRoute
                    path=StaticSegment("admin")
                    view={Lazy::<AdminAreaRoute>::new()}
                    ssr=SsrMode::Async
                >
                    <Route
                        path=StaticSegment("")
                        view=|| view! { <Redirect path="/admin/vendors" /> }
                        ssr=SsrMode::Async
                    />
                    <Route
                        path=StaticSegment("vendors")
                        view={Lazy::<VendorListRoute>::new()}
                        ssr=SsrMode::Async
                    />
                    <Route
                        path=(StaticSegment("vendors"), ParamSegment("id"))
                        view={Lazy::<VendorRoute>::new()}
                        ssr=SsrMode::Async
                    />
                    <Route
                        path=(
                            StaticSegment("vendors"),
                            ParamSegment("id"),
                            StaticSegment("workspaces"),
                        )
                        view={Lazy::<WorkspacesRoute>::new()}
                        ssr=SsrMode::Async
                    />
                    <Route
                        path=(
                            StaticSegment("vendors"),
                            ParamSegment("id"),
                            StaticSegment("workspaces"),
                            ParamSegment("account_id"),
                        )
                        view={Lazy::<WorkspaceDetailRoute>::new()}
                        ssr=SsrMode::Async
                    />
                    <Route
                        path=StaticSegment("meta-events")
                        view={Lazy::<MetaEventsRoute>::new()}
                        ssr=SsrMode::Async
                    />
                    <Route
                        path=StaticSegment("audit")
                        view={Lazy::<AuditRoute>::new()}
                        ssr=SsrMode::Async
                    />
                    <Route
                        path=StaticSegment("staff")
                        view={Lazy::<StaffRoute>::new()}
                        ssr=SsrMode::Async
                    />
                </ParentRoute>
                // The vendor console: its sign-in and invitation pages, then its frame.
                <Route
                    path=StaticSegment("console")
                    view={Lazy::<ConsoleSignInRoute>::new()}
                    ssr=SsrMode::Async
                />
                <Route
                    path=(StaticSegment("console"), StaticSegment("invitation"))
                    view={Lazy::<InvitationRoute>::new()}
                    ssr=SsrMode::Async
                />
                <ParentRoute
                    path=StaticSegment("console")
                    view={Lazy::<ConsoleAreaRoute>::new()}
                    ssr=SsrMode::Async
                >
                    <Route
                        path=(StaticSegment("vendors"), ParamSegment("id"))
                        view={Lazy::<ConsoleVendorRoute>::new()}
                        ssr=SsrMode::Async
                    />
                    <Route
                        path=(
                            StaticSegment("vendors"),
                            ParamSegment("id"),
                            StaticSegment("workspaces"),
                        )
                        view={Lazy::<ConsoleWorkspacesRoute>::new()}
                        ssr=SsrMode::Async
                    />
                    <Route
                        path=(
                            StaticSegment("vendors"),
                            ParamSegment("id"),
                            StaticSegment("workspaces"),
                            ParamSegment("account_id"),
                        )
                        view={Lazy::<ConsoleWorkspaceDetailRoute>::new()}
                        ssr=SsrMode::Async
                    />
                    <Route
                        path=StaticSegment("audit")
                        view={Lazy::<ConsoleAuditRoute>::new()}
                        ssr=SsrMode::Async
                    />
                </ParentRoute>
            </Routes>
        </Router>
    }
}
