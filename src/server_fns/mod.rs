//! Server functions by area: thin adapters over `services`.

pub mod admin;
pub mod connect;
