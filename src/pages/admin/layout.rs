use crate::model::Named;
use leptos::prelude::*;
use leptos_meta::Title;
use leptos_router::components::{Outlet, Redirect, A};

use crate::{
    components::admin::FlashView,
    model::admin::{AdminError, AreaView, StaffView},
    server_fns::admin::{current_staff, take_flash, SignOut},
};

/// Every signed-in admin page: the navigation, the one-time message, then the page.
/// Signed-out visitors go to the sign-in page.
#[component]
pub fn AdminLayout() -> impl IntoView {
    let staff = Resource::new_blocking(|| (), |_| current_staff());
    let flash = Resource::new_blocking(|| (), |_| take_flash());
    view! {
        <Title text="WhatsPortal admin" />
        <Suspense fallback=|| {
            view! { <p class="loading">"Loading…"</p> }
        }>
            {move || Suspend::new(async move {
                match staff.await {
                    Ok(me) => {
                        let flash = flash.await.ok().flatten();
                        view! { <SignedIn me flash=flash /> }.into_any()
                    }
                    Err(AdminError::SignedOut) => {
                        view! { <Redirect path="/admin/sign-in" /> }.into_any()
                    }
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
fn SignedIn(me: StaffView, flash: Option<crate::model::admin::Flash>) -> impl IntoView {
    provide_context(me.clone());
    provide_context(AreaView::staff(me.can_change));
    let sign_out = ServerAction::<SignOut>::new();
    view! {
        <header class="admin-bar">
            <nav aria-label="Admin">
                <A href="/admin/vendors">"Vendors"</A>
                <A href="/admin/meta-events">"Meta events"</A>
                <A href="/admin/audit">"Audit log"</A>
                <A href="/admin/staff">"Staff"</A>
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

/// The signed-in staff member, for pages that hide actions their role cannot take.
pub fn use_staff() -> StaffView {
    expect_context()
}
