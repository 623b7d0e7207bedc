use crate::model::Named;
use leptos::prelude::*;
use leptos_meta::Title;
use leptos_router::components::{Outlet, Redirect, A};

use crate::{
    components::admin::FlashView,
    model::admin::{AdminError, AreaView, ConsoleUserView, Flash},
    server_fns::admin::{current_console_user, take_flash, ConsoleSignOut},
};

/// Every signed-in console page: the navigation, the one-time message, then the page.
/// Signed-out visitors go to the sign-in page.
#[component]
pub fn ConsoleLayout() -> impl IntoView {
    let me = Resource::new_blocking(|| (), |_| current_console_user());
    let flash = Resource::new_blocking(|| (), |_| take_flash());
    view! {
        <Title text="WhatsPortal console" />
        <Suspense fallback=|| {
            view! { <p class="loading">"Loading…"</p> }
        }>
            {move || Suspend::new(async move {
                match me.await {
                    Ok(me) => {
                        let flash = flash.await.ok().flatten();
                        view! { <SignedIn me flash /> }.into_any()
                    }
                    Err(AdminError::SignedOut) => view! { <Redirect path="/console" /> }.into_any(),
                    Err(error) => {
                        view! {
                            <main class="admin">
                                <p class="form-error" role="alert">
                                    {error.to_string()}
                                </p>
                            </main>
                        }
                            .into_any()
                    }
                }
            })}
        </Suspense>
    }
}

#[component]
fn SignedIn(me: ConsoleUserView, flash: Option<Flash>) -> impl IntoView {
    let area = AreaView::console(me.role);
    let home = area.vendor_path(&me.vendor_id);
    provide_context(area);
    let sign_out = ServerAction::<ConsoleSignOut>::new();
    view! {
        <header class="admin-bar">
            <nav aria-label="Console">
                <A href=home.clone()>{me.vendor_name}</A>
                <A href=format!("{home}/workspaces")>"Workspaces"</A>
                <A href="/console/audit">"Audit log"</A>
            </nav>
            <div class="whoami">
                <span data-testid="signed-in-as">
                    {format!("{} ({})", me.email, me.role.as_str())}
                </span>
                <ActionForm action=sign_out>
                    <button type="submit" class="link-button">
                        "Sign out"
                    </button>
                </ActionForm>
            </div>
        </header>
        <main class="admin">{flash.map(|flash| view! { <FlashView flash /> })} <Outlet /></main>
    }
}
