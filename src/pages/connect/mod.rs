//! The connect pages vendors' customers open.

mod meta_page_flow;
mod page_picker;
mod session_loader;
mod session_state;
mod whatsapp_flow;

pub use session_loader::ConnectSessionPage;
pub use session_state::SessionStatePage;
