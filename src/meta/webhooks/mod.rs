//! What Meta sends to the app: webhook deliveries signed with the app secret
//! (`X-Hub-Signature-256`), and the `signed_request` of the Deauthorize and Data
//! Deletion callbacks. Parsing and checking only; what they change is in
//! `services::lifecycle`. `test_deliveries` and `app_deliveries` make Meta's deliveries
//! for test mode (the latter those of WhatsApp Business app numbers, for the simulator
//! too).

pub mod app_deliveries;
mod changes;
mod signature;
mod signed_request;
pub mod test_deliveries;

pub use changes::{parse_delivery, Change, DeliveryError};
pub use signature::{sign, signature_matches};
pub use signed_request::{make_signed_request, parse_signed_request, SignedRequest};
