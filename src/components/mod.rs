//! Widgets shared by pages.

pub mod simulated_banner;
pub mod toast;
pub mod vendor_brand;
