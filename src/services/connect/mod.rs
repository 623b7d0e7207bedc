//! Connect sessions: created for vendors, shown on the connect pages, claimed while a
//! completion talks to Meta, and completed by the WhatsApp or the Facebook Pages flow.

pub mod binding;
pub mod claim;
pub mod complete;
pub mod facebook_pages;
pub mod full_page_dialog;
pub mod in_app_browser;
pub mod new_session;
pub mod number_page;
pub mod page_view;
pub mod return_to_vendor;
pub mod session_outcome;
pub mod setup_links;
pub mod token_rows;
pub mod whatsapp;
