//! One component per file, grouped by area.

pub mod admin;
pub mod connect;
pub mod home;
pub mod not_found;
