//! What the integration tests share: a server on a random port with its own database
//! (`app`), and the set-up each area's tests repeat: signing in to the admin area
//! (`admin`), finishing a signup (`connect`), Meta's lifecycle deliveries (`lifecycle`),
//! the Pages flow (`pages`), a Business app number's onboarding (`coexistence`), a
//! vendor's webhook endpoint (`receiver`), and a Meta double for live mode (`meta_double`).

pub mod admin;
pub mod app;
pub mod coexistence;
pub mod connect;
pub mod console;
pub mod lifecycle;
pub mod meta_double;
pub mod pages;
pub mod receiver;
pub mod smtp;
