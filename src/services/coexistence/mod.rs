//! WhatsApp Business app numbers that keep the app (coexistence), after the onboarding:
//! the one-time requests for the app's contacts and chat history (`sync`), and what
//! Meta then sends of the app, passed on to the vendor (`meta_changes`).

pub mod meta_changes;
pub mod sync;
