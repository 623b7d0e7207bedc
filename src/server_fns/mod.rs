//! Server functions by area: thin adapters over `services`.

pub mod connect;
