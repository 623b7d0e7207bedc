//! The admin area's routes, each lazily loaded: their code is split out of the wasm
//! client's main module (`cargo leptos build --split`), so the customers' connect
//! pages never download the staff's pages.

use leptos::prelude::*;
use leptos_router::{lazy_route, LazyRoute};

use super::{
    AdminLayout, AuditPage, MetaEventsPage, SignInPage, StaffPage, VendorListPage, VendorPage,
    WorkspaceDetailPage, WorkspacesPage,
};

/// A route whose view is one page component, loaded on demand.
macro_rules! lazy_page {
    ($(#[$doc:meta])* $route:ident => $page:ident) => {
        $(#[$doc])*
        pub struct $route;

        #[lazy_route]
        impl LazyRoute for $route {
            fn data() -> Self {
                Self
            }

            fn view(_this: Self) -> AnyView {
                view! { <$page /> }.into_any()
            }
        }
    };
}

lazy_page!(
    /// `/admin/sign-in`.
    SignInRoute => SignInPage
);
lazy_page!(
    /// `/admin/*`: the signed-in frame around the pages below.
    AdminAreaRoute => AdminLayout
);
lazy_page!(
    /// `/admin/vendors`.
    VendorListRoute => VendorListPage
);
lazy_page!(
    /// `/admin/vendors/{id}`.
    VendorRoute => VendorPage
);
lazy_page!(
    /// `/admin/vendors/{id}/workspaces`.
    WorkspacesRoute => WorkspacesPage
);
lazy_page!(
    /// `/admin/vendors/{id}/workspaces/{account_id}`.
    WorkspaceDetailRoute => WorkspaceDetailPage
);
lazy_page!(
    /// `/admin/meta-events`.
    MetaEventsRoute => MetaEventsPage
);
lazy_page!(
    /// `/admin/audit`.
    AuditRoute => AuditPage
);
lazy_page!(
    /// `/admin/staff`.
    StaffRoute => StaffPage
);
