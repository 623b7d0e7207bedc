//! What a vendor's user cannot reach: another vendor (its ids answer 404 in every call
//! and page, and nothing of it changes), changes their role does not allow (403), and
//! the staff area (403, or its sign-in page).

use crate::support::{
    admin::assert_admin_error,
    app::{spawn_app, SeededVendor, TestApp, ORIGIN},
};

/// Every call about one vendor, with arguments that would succeed for that vendor's
/// owner: `key_id`, `user_id` and `delivery_id` are the vendor's own.
fn vendor_calls<'a>(
    vendor_id: &'a str,
    key_id: &'a str,
    user_id: &'a str,
    delivery_id: &'a str,
) -> Vec<(&'static str, Vec<(&'static str, &'a str)>)> {
    let v = ("vendor_id", vendor_id);
    vec![
        ("vendors/update", vec![v, ("name", "Renamed")]),
        (
            "vendors/set-theme",
            vec![v, ("primary", "#1d4ed8"), ("appearance", "light")],
        ),
        ("keys/create", vec![v, ("mode", "test")]),
        (
            "keys/rotate",
            vec![v, ("key_id", key_id), ("overlap_hours", "1")],
        ),
        ("keys/revoke", vec![v, ("key_id", key_id)]),
        (
            "origins/add",
            vec![v, ("origin", "https://new.example.com")],
        ),
        ("origins/remove", vec![v, ("origin", ORIGIN)]),
        (
            "return-urls/add",
            vec![v, ("url", "https://app.example.com/back")],
        ),
        (
            "return-urls/remove",
            vec![v, ("url", "https://app.example.com/back")],
        ),
        ("webhooks/set", vec![v, ("url", "http://127.0.0.1:9/hooks")]),
        ("webhooks/test", vec![v]),
        ("webhooks/redeliver", vec![v, ("delivery_id", delivery_id)]),
        ("webhooks/remove", vec![v]),
        (
            "team/invite",
            vec![v, ("email", "x@y.example"), ("role", "viewer")],
        ),
        ("team/reset", vec![v, ("user_id", user_id)]),
        (
            "team/set-role",
            vec![v, ("user_id", user_id), ("role", "viewer")],
        ),
        (
            "team/set-disabled",
            vec![v, ("user_id", user_id), ("disabled", "true")],
        ),
    ]
}

/// The reads about one vendor.
fn vendor_reads(vendor_id: &str) -> Vec<(&'static str, Vec<(&'static str, &str)>)> {
    let v = ("vendor_id", vendor_id);
    vec![
        ("vendors/get", vec![v, ("days", "7")]),
        ("workspaces/list", vec![v, ("page", "1")]),
        ("workspaces/show", vec![v, ("account_id", "wp_any")]),
    ]
}

/// What a change to a vendor would show: its name, keys, origins, endpoints, team,
/// deliveries and audit entries.
async fn footprint(app: &TestApp, vendor_id: &str) -> Vec<String> {
    let mut seen = Vec::new();
    for sql in [
        "SELECT name FROM vendors WHERE id = $1",
        "SELECT id || ':' || COALESCE(CAST(revoked_at AS TEXT), '') || ':' || COALESCE(CAST(retires_at AS TEXT), '') FROM api_keys WHERE vendor_id = $1 ORDER BY id",
        "SELECT origin FROM allowed_origins WHERE vendor_id = $1 ORDER BY origin",
        "SELECT url FROM return_urls WHERE vendor_id = $1 ORDER BY url",
        "SELECT url || secret_ciphertext FROM webhook_endpoints WHERE vendor_id = $1",
        "SELECT id || role || COALESCE(CAST(disabled_at AS TEXT), '') FROM vendor_users WHERE vendor_id = $1 ORDER BY id",
        // Their state moves with the delivery worker; a redelivery shows in the audit.
        "SELECT id FROM webhook_deliveries WHERE vendor_id = $1 ORDER BY id",
        "SELECT id FROM vendor_invitations WHERE vendor_id = $1 ORDER BY id",
        "SELECT id FROM audit_log WHERE vendor_id = $1 ORDER BY id",
    ] {
        let rows: Vec<(String,)> = sqlx::query_as(sql)
            .bind(vendor_id)
            .fetch_all(app.db.pool())
            .await
            .unwrap();
        seen.extend(rows.into_iter().map(|(r,)| r));
        seen.push("--".into());
    }
    seen
}

/// A vendor with an endpoint, one delivery and a second user, as its owner's calls
/// would find it; returns the vendor and the ids the calls name.
async fn furnished(app: &TestApp) -> (SeededVendor, String, String) {
    let vendor = app.seed_vendor().await;
    let mut admin = app.signed_in("admin").await;
    admin
        .ok(
            "webhooks/set",
            &[
                ("vendor_id", &vendor.vendor_id),
                ("url", "http://127.0.0.1:9/hooks"),
            ],
        )
        .await;
    admin
        .ok("webhooks/test", &[("vendor_id", &vendor.vendor_id)])
        .await;
    let (delivery_id,): (String,) =
        sqlx::query_as("SELECT id FROM webhook_deliveries WHERE vendor_id = $1")
            .bind(&vendor.vendor_id)
            .fetch_one(app.db.pool())
            .await
            .unwrap();
    let (user_id, _) = app
        .invite(&vendor.vendor_id, "mate@vendor.example", "developer")
        .await;
    (vendor, user_id, delivery_id)
}

#[tokio::test]
async fn another_vendors_ids_answer_404_in_every_call_and_change_nothing() {
    let app = spawn_app().await;
    let (theirs, their_user, their_delivery) = furnished(&app).await;
    let ours = app.seed_vendor().await;
    let mut owner = app.console_user(&ours.vendor_id, "owner").await;
    let before = footprint(&app, &theirs.vendor_id).await;

    let calls = vendor_calls(
        &theirs.vendor_id,
        &theirs.key_id,
        &their_user,
        &their_delivery,
    );
    for (endpoint, form) in calls.iter().chain(vendor_reads(&theirs.vendor_id).iter()) {
        let body =
            assert_admin_error(owner.browser.call(endpoint, form).await, 404, "NotFound").await;
        assert!(!body.to_string().contains("Acme"), "{endpoint}: {body}");
    }
    // Their own ids under our vendor's id: not found either.
    for (endpoint, form) in [
        ("keys/revoke", vec![("key_id", theirs.key_id.as_str())]),
        ("keys/rotate", vec![("key_id", theirs.key_id.as_str())]),
        (
            "webhooks/redeliver",
            vec![("delivery_id", their_delivery.as_str())],
        ),
        ("team/reset", vec![("user_id", their_user.as_str())]),
        (
            "team/set-role",
            vec![("user_id", their_user.as_str()), ("role", "owner")],
        ),
        (
            "team/set-disabled",
            vec![("user_id", their_user.as_str()), ("disabled", "true")],
        ),
    ] {
        let mut form = form;
        form.push(("vendor_id", ours.vendor_id.as_str()));
        assert_admin_error(owner.browser.call(endpoint, &form).await, 404, "NotFound").await;
    }
    // The audit log keeps to our vendor whatever the filter names.
    let audit = owner
        .browser
        .ok("audit/list", &[("vendor_id", &theirs.vendor_id)])
        .await;
    for entry in audit["entries"].as_array().unwrap() {
        assert_eq!(entry["vendor_id"], ours.vendor_id.as_str(), "{entry}");
    }
    // The console's pages about them are not found either.
    for path in ["", "/workspaces", "/workspaces/wp_any"] {
        let page = owner
            .browser
            .page(&format!("/console/vendors/{}{path}", theirs.vendor_id))
            .await;
        assert_eq!(page.status(), 404, "{path}");
        assert!(!page.text().await.unwrap().contains("127.0.0.1:9"));
    }
    assert_eq!(footprint(&app, &theirs.vendor_id).await, before);
}

#[tokio::test]
async fn a_viewer_reads_everything_of_their_vendor_and_changes_nothing() {
    let app = spawn_app().await;
    let (vendor, user_id, delivery_id) = furnished(&app).await;
    let mut viewer = app.console_user(&vendor.vendor_id, "viewer").await;
    let before = footprint(&app, &vendor.vendor_id).await;
    for (endpoint, form) in vendor_calls(&vendor.vendor_id, &vendor.key_id, &user_id, &delivery_id)
    {
        assert_admin_error(viewer.browser.call(endpoint, &form).await, 403, "Forbidden").await;
    }
    assert_eq!(footprint(&app, &vendor.vendor_id).await, before);
    let detail = viewer
        .browser
        .ok(
            "vendors/get",
            &[("vendor_id", &vendor.vendor_id), ("days", "7")],
        )
        .await;
    assert_eq!(detail["keys"].as_array().unwrap().len(), 1);
    assert!(detail["rate_limit"]["default_per_minute"].as_u64().unwrap() > 0);
    let page = viewer
        .browser
        .page(&format!("/console/vendors/{}", vendor.vendor_id))
        .await;
    assert_eq!(page.status(), 200);
    let html = page.text().await.unwrap();
    assert!(html.contains("Your role cannot change these settings."));
    for form in [
        "Create API key",
        "Send test event",
        "Make invitation link",
        "Save rate limit",
    ] {
        assert!(!html.contains(form), "a viewer is offered {form}");
    }
}

#[tokio::test]
async fn the_staff_area_is_not_a_vendor_users() {
    let app = spawn_app().await;
    let vendor = app.seed_vendor().await;
    let mut owner = app.console_user(&vendor.vendor_id, "owner").await;
    let v = vendor.vendor_id.as_str();
    for (endpoint, form) in [
        ("me", vec![]),
        ("vendors/list", vec![("page", "1")]),
        ("vendors/create", vec![("name", "Mine now")]),
        (
            "vendors/set-active",
            vec![("vendor_id", v), ("active", "false")],
        ),
        (
            "vendors/set-rate-limit",
            vec![("vendor_id", v), ("per_minute", "100000")],
        ),
        (
            "vendors/set-coexistence-default",
            vec![("vendor_id", v), ("offer", "on")],
        ),
        ("meta-events/list", vec![]),
        ("staff/list", vec![]),
        (
            "staff/add",
            vec![("email", "me@vendor.example"), ("role", "admin")],
        ),
    ] {
        assert_admin_error(owner.browser.call(endpoint, &form).await, 403, "Forbidden").await;
    }
    let rate: (Option<i64>,) =
        sqlx::query_as("SELECT rate_limit_per_minute FROM vendors WHERE id = $1")
            .bind(v)
            .fetch_one(app.db.pool())
            .await
            .unwrap();
    assert_eq!(rate.0, None, "the rate limit is staff's");
    for path in ["/admin", "/admin/vendors", &format!("/admin/vendors/{v}")] {
        let page = owner.browser.page(path).await;
        assert_eq!(page.status(), 303, "{path}");
        assert_eq!(page.headers()["location"], "/admin/sign-in");
    }
}

#[tokio::test]
async fn console_pages_are_guarded_and_kept_out_of_caches_and_other_sites() {
    let app = spawn_app().await;
    let vendor = app.seed_vendor().await;
    let signed_out = app.console_browser();
    for path in [
        format!("/console/vendors/{}", vendor.vendor_id),
        "/console/audit".to_owned(),
    ] {
        let page = signed_out.page(&path).await;
        assert_eq!(page.status(), 303, "{path}");
        assert_eq!(page.headers()["location"], "/console");
    }
    let sign_in = signed_out.page("/console").await;
    assert_eq!(sign_in.status(), 200);
    let headers = sign_in.headers().clone();
    assert_eq!(headers["cache-control"], "no-store");
    assert_eq!(headers["cross-origin-opener-policy"], "same-origin");
    assert_eq!(headers["referrer-policy"], "same-origin");
    assert!(headers["content-security-policy"]
        .to_str()
        .unwrap()
        .contains("frame-ancestors 'none'"));
    let html = sign_in.text().await.unwrap();
    assert!(html.contains("autocomplete=\"one-time-code\""), "{html}");
    for loaded in ["<script src", ".wasm", "import("] {
        assert!(
            !html.contains(loaded),
            "the console loads no code: {loaded}"
        );
    }

    let owner = app.console_user(&vendor.vendor_id, "owner").await;
    let page = owner.browser.page("/console").await;
    assert_eq!(page.status(), 303, "a signed-in user goes to their vendor");
    assert_eq!(
        page.headers()["location"],
        format!("/console/vendors/{}", vendor.vendor_id).as_str()
    );

    // Another site's form cannot sign in or accept anything.
    let response = reqwest::Client::new()
        .post(format!("{}/api/console/sign-in", app.address))
        .header("origin", "https://evil.example")
        .header("sec-fetch-site", "cross-site")
        .form(&[("email", "a@b.example"), ("password", "x"), ("code", "1")])
        .send()
        .await
        .unwrap();
    assert_eq!(response.status(), 403);
    let sessions: (i64,) = sqlx::query_as("SELECT COUNT(*) FROM console_sessions")
        .fetch_one(app.db.pool())
        .await
        .unwrap();
    assert_eq!(sessions.0, 1, "only the owner's own session");
}
