//! One component per file, grouped by area.

pub mod admin;
pub mod connect;
pub mod console_area;
pub mod home;
pub mod not_found;
