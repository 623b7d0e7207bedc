//! The ready Facebook Pages connect page: its state machine, the component that drives
//! it, and the panel of each phase.

mod chooser;
mod flow;
mod machine;
mod no_pages;
mod page_picker;
mod start;

pub use flow::MetaPageFlow;
