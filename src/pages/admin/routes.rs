//! The admin area's routes, rendered on the server only (the admin area loads no
//! script). Each page is a lazy route: the router awaits the page's view before it
//! renders it, after the admin layout's own data, as the pages were rendered when they
//! still hydrated from a chunk of their own.

use leptos::prelude::*;
use leptos_router::{lazy_route, LazyRoute};

use super::{
    AdminLayout, AuditPage, MetaEventsPage, SignInPage, StaffPage, VendorListPage, VendorPage,
    WorkspaceDetailPage, WorkspacesPage,
};

/// A route whose view is one page component, rendered once the router awaited it.
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
/// Also for the vendor console's routes.
pub(crate) use lazy_page;

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
