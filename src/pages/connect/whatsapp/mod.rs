//! The ready WhatsApp connect page: its state machine, the component that drives it,
//! and the panel of each phase.

mod flow;
pub(super) mod machine;
mod missing_list;
mod needs_number;
pub(super) mod phase_panel;
mod pin_form;
mod stalled;
mod start;

pub use flow::WhatsAppFlow;
pub(super) use missing_list::MissingList;
