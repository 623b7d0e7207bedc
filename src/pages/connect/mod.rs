//! The connect pages vendors' customers open.

mod session_state;
pub mod whatsapp;
mod whatsapp_flow;

pub use session_state::SessionStatePage;
