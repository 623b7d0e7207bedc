//! A vendor's theme, set by staff: applied to its connect pages under the CSP, refused
//! (and nothing changed) when the colour would be hard to read on the page.

use crate::{
    support::admin::assert_admin_error,
    support::app::{spawn_app, TestApp},
};

async fn stored_theme(app: &TestApp, vendor_id: &str) -> (Option<String>, String) {
    sqlx::query_as("SELECT theme_primary, theme_appearance FROM vendors WHERE id = $1")
        .bind(vendor_id)
        .fetch_one(app.db.pool())
        .await
        .unwrap()
}

/// The connect page's HTML and the nonce its CSP allows.
async fn connect_page(app: &TestApp, token: &str) -> (String, String) {
    let response = app.whatsapp_page(token).await;
    assert_eq!(response.status(), 200);
    let csp = response.headers()["content-security-policy"]
        .to_str()
        .unwrap()
        .to_owned();
    let style_src = csp
        .split(';')
        .find(|d| d.trim().starts_with("style-src"))
        .unwrap_or_else(|| panic!("no style-src: {csp}"));
    let nonce = style_src
        .split_whitespace()
        .find_map(|s| s.strip_prefix("'nonce-")?.strip_suffix('\''))
        .unwrap_or_else(|| panic!("style-src without a nonce: {style_src}"))
        .to_owned();
    assert!(!style_src.contains("unsafe-inline"), "{style_src}");
    (response.text().await.unwrap(), nonce)
}

#[tokio::test]
async fn a_theme_set_by_staff_colours_the_connect_page_through_a_nonced_style() {
    let app = spawn_app().await;
    let vendor = app.seed_vendor().await;
    let id = vendor.vendor_id.as_str();

    let token = app.whatsapp_session(&vendor, "before").await;
    let (html, _) = connect_page(&app, &token).await;
    assert!(html.contains(r#"data-theme="light""#), "the default");
    assert!(!html.contains("--accent:#"), "no vendor colour yet");

    let mut admin = app.signed_in("admin").await;
    admin
        .ok(
            "vendors/set-theme",
            &[
                ("vendor_id", id),
                ("primary", " #7DD3FC "),
                ("appearance", "dark"),
            ],
        )
        .await;
    assert_eq!(
        stored_theme(&app, id).await,
        (Some("#7dd3fc".to_owned()), "dark".to_owned())
    );

    let token = app.whatsapp_session(&vendor, "after").await;
    let (html, nonce) = connect_page(&app, &token).await;
    assert!(html.contains(r#"data-theme="dark""#), "{}", &html[..400]);
    let style = html
        .split("<style")
        .skip(1)
        .find(|s| s.contains("--accent:#7dd3fc"))
        .unwrap_or_else(|| panic!("no style with the colour: {html}"));
    assert!(
        style.starts_with(&format!(r#" nonce="{nonce}""#)),
        "the style carries the response's nonce: <style{}",
        &style[..80.min(style.len())]
    );

    let detail: (String,) = sqlx::query_as(
        "SELECT detail FROM audit_log WHERE action = 'vendor.theme' AND target_id = $1",
    )
    .bind(id)
    .fetch_one(app.db.pool())
    .await
    .unwrap();
    assert_eq!(detail.0, "dark #7dd3fc");

    // Back to the page's own colour: no style at all.
    admin
        .ok(
            "vendors/set-theme",
            &[("vendor_id", id), ("primary", ""), ("appearance", "light")],
        )
        .await;
    let token = app.whatsapp_session(&vendor, "reset").await;
    let (html, _) = connect_page(&app, &token).await;
    assert!(html.contains(r#"data-theme="light""#));
    assert!(!html.contains("--accent:#"));
}

/// A form, the status and error it must be refused with, and words of the message.
type Refusal<'a> = (&'a [(&'a str, &'a str)], u16, &'a str, &'a str);

#[tokio::test]
async fn unreadable_or_malformed_themes_are_refused_and_the_stored_theme_kept() {
    let app = spawn_app().await;
    let vendor = app.seed_vendor().await;
    let id = vendor.vendor_id.as_str();
    let mut admin = app.signed_in("admin").await;
    admin
        .ok(
            "vendors/set-theme",
            &[
                ("vendor_id", id),
                ("primary", "#1d4ed8"),
                ("appearance", "light"),
            ],
        )
        .await;

    let cases: [Refusal; 6] = [
        (
            &[("primary", "#facc15"), ("appearance", "light")],
            400,
            "Invalid",
            "#facc15 has a contrast of 1.4:1 on the light connect page",
        ),
        (
            &[("primary", "#1d4ed8"), ("appearance", "dark")],
            400,
            "Invalid",
            "on the dark connect page",
        ),
        (
            &[("primary", "blue"), ("appearance", "light")],
            400,
            "Invalid",
            "#rrggbb",
        ),
        (
            &[("primary", "#12345"), ("appearance", "light")],
            400,
            "Invalid",
            "#rrggbb",
        ),
        (
            &[("primary", "#1d4ed8"), ("appearance", "sepia")],
            400,
            "Invalid",
            "light or dark",
        ),
        (
            &[("primary", "#1d4ed8"), ("appearance", "light")],
            404,
            "NotFound",
            "",
        ),
    ];
    for (index, (form, status, error, needle)) in cases.into_iter().enumerate() {
        let vendor_id = if status == 404 { "ven_nope" } else { id };
        let mut form = form.to_vec();
        form.push(("vendor_id", vendor_id));
        let body =
            assert_admin_error(admin.call("vendors/set-theme", &form).await, status, error).await;
        let message = body[error].as_str().unwrap_or_default();
        assert!(message.contains(needle), "case {index}: {message}");
    }
    assert_eq!(
        stored_theme(&app, id).await,
        (Some("#1d4ed8".to_owned()), "light".to_owned()),
        "every refusal left the theme as it was"
    );

    let mut viewer = app.signed_in("viewer").await;
    assert_admin_error(
        viewer
            .call(
                "vendors/set-theme",
                &[("vendor_id", id), ("primary", ""), ("appearance", "dark")],
            )
            .await,
        403,
        "Forbidden",
    )
    .await;
    assert_eq!(stored_theme(&app, id).await.1, "light");
}
