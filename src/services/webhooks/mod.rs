//! Webhooks for vendors: the events, their signing, each vendor's endpoint, and the
//! delivery worker (which sends through `crate::webhook_client`).

pub mod coexistence_events;
pub mod delivery;
pub mod endpoints;
pub mod events;
pub mod signing;
