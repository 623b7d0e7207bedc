//! The admin area for WhatsPortal staff: one component per file.

mod area;
mod audit_log;
mod layout;
mod meta_events;
mod new_vendor_form;
#[cfg(feature = "ssr")]
pub mod routes;
mod sign_in;
mod staff_page;
mod vendor;
mod vendor_list;
mod workspace_detail;
mod workspaces;

pub use audit_log::AuditPage;
pub use layout::AdminLayout;
pub use meta_events::MetaEventsPage;
pub use sign_in::SignInPage;
pub use staff_page::StaffPage;
pub use vendor::VendorPage;
pub use vendor_list::VendorListPage;
pub use workspace_detail::WorkspaceDetailPage;
pub use workspaces::WorkspacesPage;
