//! The staff accounts, as the staff page lists them.

use crate::{
    db,
    model::admin::StaffRow,
    services::{time_text::utc_minute, ServiceError},
};

/// Every staff account.
pub async fn staff(db: &db::Db) -> Result<Vec<StaffRow>, ServiceError> {
    Ok(db::staff_users::list(db)
        .await?
        .into_iter()
        .map(|u| StaffRow {
            id: u.id,
            email: u.email,
            role: u.role,
            created: utc_minute(u.created_at),
            disabled: u.disabled_at.is_some(),
        })
        .collect())
}
