//! The connect pages vendors' customers open: the session loader, the pages of unusable
//! tokens, and the two flows in the frame they share.

mod add_number;
mod back_link;
mod closed_panel;
mod connect_button;
mod connected_panel;
#[cfg(all(test, feature = "ssr"))]
mod every_language;
mod flow_data;
mod frame;
mod in_app_notice;
mod meta_page;
mod session_loader;
mod session_state;
mod whatsapp;

pub use add_number::AddNumberRoute;
pub use session_loader::ConnectSessionPage;
pub use session_state::SessionStatePage;
