//! After the connect: what Meta's webhook changes, Meta's Facebook Login callbacks, the
//! token health check and the vendor's own requests do to a connection, each move
//! recorded and told to the vendor with a signed event.

pub mod meta_events;
pub mod page_callbacks;
pub mod test_events;
pub mod token_health;
pub mod transitions;
pub mod vendor_actions;
