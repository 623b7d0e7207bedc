//! Who did something, for the audit log.

use crate::db::audit::AuditEntry;

/// Who asks for a change, for the audit log.
#[derive(Debug, Clone, Copy)]
pub struct Actor<'a> {
    pub kind: &'a str,
    pub id: Option<&'a str>,
    pub source_ip: Option<&'a str>,
}

impl<'a> Actor<'a> {
    /// A signed-in staff member.
    pub fn staff(staff_id: &'a str, source_ip: Option<&'a str>) -> Self {
        Actor {
            kind: "staff",
            id: Some(staff_id),
            source_ip,
        }
    }

    /// A signed-in user of a vendor, in the vendor console.
    pub fn vendor_user(user_id: &'a str, source_ip: Option<&'a str>) -> Self {
        Actor {
            kind: "vendor_user",
            id: Some(user_id),
            source_ip,
        }
    }
}

impl Actor<'static> {
    /// The operations command line on the server itself.
    pub const CLI: Actor<'static> = Actor {
        kind: "cli",
        id: None,
        source_ip: None,
    };
}

impl Actor<'static> {
    /// The server itself (the demo's seeding).
    pub const SYSTEM: Actor<'static> = Actor {
        kind: "system",
        id: None,
        source_ip: None,
    };
}

impl<'a> Actor<'a> {
    /// An audit log entry of this actor doing `action`; the caller adds the target.
    pub fn doing(self, action: &'a str) -> AuditEntry<'a> {
        AuditEntry {
            actor_kind: self.kind,
            actor_id: self.id,
            source_ip: self.source_ip,
            action,
            ..AuditEntry::default()
        }
    }
}
