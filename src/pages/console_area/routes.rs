//! The vendor console's routes, rendered on the server only (like the admin area, the
//! console loads no script): lazy routes, each awaiting its page's view.

use leptos::prelude::*;
use leptos_router::{lazy_route, LazyRoute};

use super::{ConsoleLayout, ConsoleSignInPage, InvitationPage};
use crate::pages::admin::{AuditPage, VendorPage, WorkspaceDetailPage, WorkspacesPage};

crate::pages::admin::routes::lazy_page!(
    /// `/console`: the sign-in page.
    ConsoleSignInRoute => ConsoleSignInPage
);
crate::pages::admin::routes::lazy_page!(
    /// `/console/invitation`: an invitation or reset link.
    InvitationRoute => InvitationPage
);
crate::pages::admin::routes::lazy_page!(
    /// `/console/*`: the signed-in frame around the pages below.
    ConsoleAreaRoute => ConsoleLayout
);
crate::pages::admin::routes::lazy_page!(
    /// `/console/vendors/{id}`: the vendor's own page.
    ConsoleVendorRoute => VendorPage
);
crate::pages::admin::routes::lazy_page!(
    /// `/console/vendors/{id}/workspaces`.
    ConsoleWorkspacesRoute => WorkspacesPage
);
crate::pages::admin::routes::lazy_page!(
    /// `/console/vendors/{id}/workspaces/{account_id}`.
    ConsoleWorkspaceDetailRoute => WorkspaceDetailPage
);
crate::pages::admin::routes::lazy_page!(
    /// `/console/audit`: the vendor's own audit log.
    ConsoleAuditRoute => AuditPage
);
