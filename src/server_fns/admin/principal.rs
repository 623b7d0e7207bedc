//! Who makes an admin or console call: a staff member (every vendor) or a vendor's
//! user (their own vendor), and what their role lets them do.

use crate::{
    db::vendor_users::SignedInUser,
    model::{
        admin::{AreaView, StaffView},
        StaffRole,
    },
};

/// What a call needs from the signed-in staff member or vendor user.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Need {
    Read,
    Change,
    /// Inviting, resetting and disabling a vendor's users: staff who may change, or an
    /// owner of that vendor.
    Team,
}

/// Who makes a call.
#[derive(Debug, Clone)]
pub enum Principal {
    Staff(Staff),
    VendorUser(SignedInUser),
}

impl Principal {
    /// The area this caller sees vendors in, and what they may do there.
    pub fn area(&self) -> AreaView {
        match self {
            Self::Staff(staff) => AreaView::staff(staff.role.can_change()),
            Self::VendorUser(user) => AreaView::console(user.role),
        }
    }

    /// Whether this caller may do `need` (about a vendor they may see).
    pub fn allows(&self, need: Need) -> bool {
        let area = self.area();
        match need {
            Need::Read => true,
            Need::Change => area.can_change,
            Need::Team => area.manages_team,
        }
    }
}

/// The signed-in staff member making the call.
#[derive(Debug, Clone)]
pub struct Staff {
    pub id: String,
    pub email: String,
    pub role: StaffRole,
}

impl Staff {
    pub fn view(&self) -> StaffView {
        StaffView {
            id: self.id.clone(),
            email: self.email.clone(),
            role: self.role,
            can_change: self.role.can_change(),
        }
    }
}
