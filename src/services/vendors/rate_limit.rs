//! The vendor API's rate limit: requests per API key over one-minute windows (each
//! opens at the key's first request after the last one ended),
//! counted in the database on PostgreSQL (so every instance counts the same window) and
//! in memory on SQLite (one instance). The limit is the vendor's own when staff set one,
//! the server's default otherwise.

use super::{api_auth::VendorKey, audit, no_such_vendor};
use crate::{
    db,
    services::{Actor, ServiceError},
};

/// The length of a rate window.
pub const WINDOW_MS: i64 = 60_000;
/// The largest limit staff may set (requests per minute per key).
pub const MAX_PER_MINUTE: i64 = 1_000_000;

/// Where a key stands in its window, for the `RateLimit-*` headers.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct RateLimit {
    /// Requests allowed per window.
    pub limit: i64,
    /// Requests left in this window.
    pub remaining: i64,
    /// Seconds until the window ends.
    pub reset_secs: i64,
    /// Whether this request went over the limit.
    pub exceeded: bool,
}

/// Counts a request of `key` and says whether it is within its limit.
pub async fn count(
    db: &db::Db,
    key: &VendorKey,
    default_per_minute: u32,
) -> Result<RateLimit, ServiceError> {
    let limit = key
        .rate_limit_per_minute
        .unwrap_or(i64::from(default_per_minute));
    let bucket = format!("api-key:{}", key.key_id);
    let window = db::rate_windows::hit(db, &bucket, WINDOW_MS).await?;
    let reset_ms = (window.ends_at - db::now_ms()).max(0);
    Ok(RateLimit {
        limit,
        remaining: (limit - window.count).max(0),
        reset_secs: (reset_ms + 999) / 1_000,
        exceeded: window.count > limit,
    })
}

/// Sets a vendor's limit (requests per minute per key), or clears it for the default.
pub async fn set_vendor_limit(
    db: &db::Db,
    actor: Actor<'_>,
    vendor_id: &str,
    per_minute: Option<&str>,
) -> Result<(), ServiceError> {
    let per_minute = parse_limit(per_minute)?;
    if !db::vendors::set_rate_limit(db, vendor_id, per_minute).await? {
        return Err(no_such_vendor(vendor_id));
    }
    let detail = per_minute.map_or_else(|| "default".to_owned(), |n| n.to_string());
    audit(
        db,
        actor,
        "vendor.rate_limit",
        ("vendor", vendor_id),
        vendor_id,
        Some(&detail),
    )
    .await
}

/// An empty field clears the limit; otherwise a whole number from 1 to `MAX_PER_MINUTE`.
fn parse_limit(per_minute: Option<&str>) -> Result<Option<i64>, ServiceError> {
    let Some(text) = per_minute.map(str::trim).filter(|t| !t.is_empty()) else {
        return Ok(None);
    };
    match text.parse::<i64>() {
        Ok(n) if (1..=MAX_PER_MINUTE).contains(&n) => Ok(Some(n)),
        _ => Err(ServiceError::Invalid(format!(
            "The rate limit is a whole number of requests per minute from 1 to {MAX_PER_MINUTE}, or empty for the default"
        ))),
    }
}

#[cfg(test)]
mod tests {
    use super::parse_limit;

    #[test]
    fn limits_are_whole_numbers_in_range_or_empty() {
        assert_eq!(parse_limit(None).unwrap(), None);
        assert_eq!(parse_limit(Some("  ")).unwrap(), None);
        assert_eq!(parse_limit(Some(" 600 ")).unwrap(), Some(600));
        assert_eq!(parse_limit(Some("1000000")).unwrap(), Some(1_000_000));
        for bad in ["0", "-5", "1000001", "12.5", "lots", "1e3"] {
            assert!(parse_limit(Some(bad)).is_err(), "{bad}");
        }
    }
}
