//! Meta as the product sees it: the Graph API client the connect flows use, and what
//! Meta sends to the app (webhooks, Facebook Login's callbacks). The simulator that
//! stands in for Meta in development and tests is a neighbour (`crate::simulator`),
//! reached by the same client over HTTP.

pub mod context;
pub mod graph;
pub mod webhooks;
