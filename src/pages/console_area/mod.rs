//! The vendor console: a vendor's own users sign in and run their integration. Its
//! pages about the vendor are the admin area's vendor pages, shown in this area's frame
//! (`AreaView`); what is its own is here, one component per file.

mod invitation;
mod layout;
#[cfg(feature = "ssr")]
pub mod routes;
mod sign_in;

pub use invitation::InvitationPage;
pub use layout::ConsoleLayout;
pub use sign_in::ConsoleSignInPage;
