//! What the admin pages show: vendors and their sessions, workspaces, the audit log and
//! staff, shaped for display. Never a token or a key.

pub mod audit;
pub mod staff;
pub mod vendors;
pub mod workspaces;

pub(crate) const DAY_MS: i64 = 86_400_000;

/// Pages of `per_page` for `total` rows (at least one), and the 0-based offset of `page`
/// (1-based, clamped into range).
pub(crate) fn paging(total: i64, per_page: i64, page: u32) -> (u32, u32, i64) {
    let pages = u32::try_from(((total + per_page - 1) / per_page).max(1)).unwrap_or(u32::MAX);
    let page = page.clamp(1, pages);
    (page, pages, i64::from(page - 1) * per_page)
}

/// One page of a list and its paging: `fetch(offset)` answers a page's rows and the
/// total. A page past the end shows the last one (a second fetch only then).
pub(crate) struct ListPage<T> {
    pub rows: Vec<T>,
    pub total: i64,
    pub page: u32,
    pub pages: u32,
}

pub(crate) async fn fetch_page<T, F, Fut>(
    page: u32,
    per_page: i64,
    fetch: F,
) -> Result<ListPage<T>, sqlx::Error>
where
    F: Fn(i64) -> Fut,
    Fut: std::future::Future<Output = Result<(Vec<T>, i64), sqlx::Error>>,
{
    let (mut rows, mut total) = fetch(i64::from(page.max(1) - 1) * per_page).await?;
    let (page, pages, offset) = paging(total, per_page, page);
    if rows.is_empty() && total > 0 {
        (rows, total) = fetch(offset).await?;
    }
    Ok(ListPage {
        rows,
        total,
        page,
        pages,
    })
}

#[cfg(test)]
mod tests {
    use super::paging;

    #[test]
    fn paging_clamps_and_counts() {
        assert_eq!(paging(0, 50, 1), (1, 1, 0));
        assert_eq!(paging(10_000, 50, 3), (3, 200, 100));
        assert_eq!(paging(10_000, 50, 999), (200, 200, 9_950));
        assert_eq!(paging(51, 50, 0), (1, 2, 0));
    }
}
