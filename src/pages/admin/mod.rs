//! The admin area for WhatsPortal staff: one component per file.

mod allowed_origins;
mod api_keys;
mod audit_log;
mod layout;
mod new_vendor_form;
mod refresh;
pub mod routes;
mod sign_in;
mod staff_page;
mod vendor_list;
mod vendor_page;
mod vendor_sessions;
mod vendor_settings;
mod webhook_settings;
mod workspaces;

pub use audit_log::AuditPage;
pub use layout::AdminLayout;
pub use sign_in::SignInPage;
pub use staff_page::StaffPage;
pub use vendor_list::VendorListPage;
pub use vendor_page::VendorPage;
pub use workspaces::WorkspacesPage;
