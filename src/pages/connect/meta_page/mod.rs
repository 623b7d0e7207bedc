//! The ready Facebook Pages connect page: its state machine, the component that drives
//! it, and the panel of each phase.

mod chooser;
mod flow;
pub(super) mod machine;
mod no_pages;
mod page_picker;
pub(super) mod phase_panel;
mod start;

pub use flow::MetaPageFlow;
