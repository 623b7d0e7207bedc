//! The admin area without JavaScript: forms post to the server functions and come
//! back as redirects, with the outcome shown once on the next page.

use reqwest::header;

use crate::{support::admin::PASSWORD, support::app::spawn_app};

#[tokio::test]
async fn plain_form_sign_in_redirects_with_a_fixed_code_or_to_the_vendors() {
    let app = spawn_app().await;
    let email = app.seed_staff("ada@whatsportal.example", "admin").await;
    let mut browser = app.browser();

    let wrong = browser
        .submit(
            "sign-in",
            "/admin/sign-in",
            &[("email", &email), ("password", "wrong wrong wrong")],
        )
        .await;
    assert_eq!(wrong.status(), 302);
    assert_eq!(
        wrong.headers()[header::LOCATION],
        "/admin/sign-in?failed=credentials"
    );

    let right = browser
        .submit(
            "sign-in",
            "/admin/sign-in",
            &[("email", &email), ("password", PASSWORD)],
        )
        .await;
    assert_eq!(right.status(), 302);
    assert_eq!(right.headers()[header::LOCATION], "/admin/vendors");
    assert!(browser.cookie.is_some());
}

#[tokio::test]
async fn a_key_created_without_javascript_is_shown_on_the_next_page_only() {
    let app = spawn_app().await;
    let vendor = app.seed_vendor().await;
    let mut admin = app.signed_in("admin").await;
    let page = format!("/admin/vendors/{}", vendor.vendor_id);

    let posted = admin
        .submit("keys/create", &page, &[("vendor_id", &vendor.vendor_id)])
        .await;

    assert_eq!(posted.status(), 302);
    assert_eq!(posted.headers()[header::LOCATION].to_str().unwrap(), page);
    let html = admin.page(&page).await.text().await.unwrap();
    let marker = html
        .find("data-testid=\"secret\"")
        .unwrap_or_else(|| panic!("the key is shown: {html}"));
    let start = marker + html[marker..].find('>').unwrap() + 1;
    let key = &html[start..start + 64];
    assert_eq!(app.session_status(key, "c1").await, 200);
    let again = admin.page(&page).await.text().await.unwrap();
    assert!(!again.contains(key), "shown once only");
}

#[tokio::test]
async fn a_failed_form_without_javascript_comes_back_with_its_message() {
    let app = spawn_app().await;
    let vendor = app.seed_vendor().await;
    let mut admin = app.signed_in("admin").await;
    let page = format!("/admin/vendors/{}", vendor.vendor_id);

    let posted = admin
        .submit(
            "origins/add",
            &page,
            &[
                ("vendor_id", &vendor.vendor_id),
                ("origin", "ftp://x.example"),
            ],
        )
        .await;

    assert_eq!(posted.status(), 302);
    let html = admin.page(&page).await.text().await.unwrap();
    assert!(html.contains("role=\"alert\""), "the error is shown");
    assert!(html.contains("origin"), "and names the field");
}
