//! Meta: the Graph API client the connect flows use, and the simulator that stands in
//! for Meta in development and tests (reached by the same client over HTTP).

pub mod graph;
pub mod simulator;
pub mod webhooks;
