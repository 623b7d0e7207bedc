//! Widgets shared by pages.

pub mod admin;
pub mod needs_javascript;
pub mod simulated_banner;
pub mod toast;
pub mod vendor_brand;
