//! The admin server functions for vendors, keys and origins: who may call them, what
//! they refuse, and their effect on the vendor API.

use serde_json::Value;

use crate::{
    support::admin::{assert_admin_error, StaffBrowser},
    support::app::{assert_error, session_body, spawn_app, TestApp},
};

/// Every state-changing call of this area with arguments that would succeed for an admin.
fn changes(vendor_id: &str, key_id: &str) -> Vec<(&'static str, Vec<(&'static str, String)>)> {
    vec![
        ("vendors/create", vec![("name", "Globex".into())]),
        (
            "vendors/update",
            vec![("vendor_id", vendor_id.into()), ("name", "Renamed".into())],
        ),
        (
            "vendors/set-active",
            vec![("vendor_id", vendor_id.into()), ("active", "false".into())],
        ),
        (
            "vendors/set-theme",
            vec![
                ("vendor_id", vendor_id.into()),
                ("primary", "#1d4ed8".into()),
                ("appearance", "light".into()),
            ],
        ),
        ("keys/create", vec![("vendor_id", vendor_id.into())]),
        (
            "keys/revoke",
            vec![("vendor_id", vendor_id.into()), ("key_id", key_id.into())],
        ),
        (
            "origins/add",
            vec![
                ("vendor_id", vendor_id.into()),
                ("origin", "https://new.example.com".into()),
            ],
        ),
        (
            "origins/remove",
            vec![
                ("vendor_id", vendor_id.into()),
                ("origin", crate::support::app::ORIGIN.into()),
            ],
        ),
        (
            "return-urls/add",
            vec![
                ("vendor_id", vendor_id.into()),
                ("url", "https://app.example.com/connected".into()),
            ],
        ),
        (
            "return-urls/remove",
            vec![
                ("vendor_id", vendor_id.into()),
                ("url", "https://app.example.com/connected".into()),
            ],
        ),
        (
            "staff/add",
            vec![
                ("email", "new@whatsportal.example".into()),
                ("role", "viewer".into()),
            ],
        ),
    ]
}

async fn call(
    browser: &mut StaffBrowser<'_>,
    endpoint: &str,
    form: &[(&'static str, String)],
) -> reqwest::Response {
    let form: Vec<(&str, &str)> = form.iter().map(|(k, v)| (*k, v.as_str())).collect();
    browser.call(endpoint, &form).await
}

async fn vendor_name(app: &TestApp, vendor_id: &str) -> String {
    let (name,): (String,) = sqlx::query_as("SELECT name FROM vendors WHERE id = $1")
        .bind(vendor_id)
        .fetch_one(app.db.pool())
        .await
        .unwrap();
    name
}

#[tokio::test]
async fn signed_out_callers_get_401_and_viewers_403_and_nothing_changes() {
    let app = spawn_app().await;
    let vendor = app.seed_vendor().await;
    let mut viewer = app.signed_in("viewer").await;
    let mut nobody = app.browser();

    for (endpoint, form) in changes(&vendor.vendor_id, &vendor.key_id) {
        assert_admin_error(call(&mut nobody, endpoint, &form).await, 401, "SignedOut").await;
        assert_admin_error(call(&mut viewer, endpoint, &form).await, 403, "Forbidden").await;
    }
    for (endpoint, form) in [
        ("vendors/list", vec![("page", "1".to_owned())]),
        (
            "vendors/get",
            vec![
                ("vendor_id", vendor.vendor_id.clone()),
                ("days", "7".into()),
            ],
        ),
        ("audit/list", vec![]),
        ("staff/list", vec![]),
    ] {
        assert_admin_error(call(&mut nobody, endpoint, &form).await, 401, "SignedOut").await;
        assert_eq!(
            call(&mut viewer, endpoint, &form).await.status(),
            200,
            "{endpoint}"
        );
    }
    assert_eq!(vendor_name(&app, &vendor.vendor_id).await, "Acme CRM");
    assert_eq!(
        app.session_status(&vendor.api_key, "c1").await,
        200,
        "key and origin untouched"
    );
}

#[tokio::test]
async fn admins_can_make_every_change() {
    let app = spawn_app().await;
    let vendor = app.seed_vendor().await;
    let mut admin = app.signed_in("admin").await;
    for (endpoint, form) in changes(&vendor.vendor_id, &vendor.key_id) {
        let response = call(&mut admin, endpoint, &form).await;
        assert_eq!(
            response.status(),
            200,
            "{endpoint}: {}",
            response.text().await.unwrap()
        );
    }
}

/// An endpoint, its form, and the status and error it must answer with.
type RefusedCall<'a> = (&'a str, Vec<(&'a str, &'a str)>, u16, &'a str);

#[tokio::test]
async fn invalid_input_is_refused_with_a_clear_message_and_changes_nothing() {
    let app = spawn_app().await;
    let vendor = app.seed_vendor().await;
    let mut admin = app.signed_in("admin").await;
    let id = vendor.vendor_id.as_str();

    let cases: [RefusedCall; 10] = [
        ("vendors/create", vec![("name", "   ")], 400, "Invalid"),
        (
            "vendors/update",
            vec![
                ("vendor_id", id),
                ("name", "Ok"),
                ("logo_url", "http://cdn.example.com/a.png"),
            ],
            400,
            "Invalid",
        ),
        (
            "vendors/update",
            vec![("vendor_id", "ven_nope"), ("name", "Ok")],
            404,
            "NotFound",
        ),
        (
            "origins/add",
            vec![("vendor_id", id), ("origin", "http://app.example.com")],
            400,
            "Invalid",
        ),
        (
            "origins/add",
            vec![
                ("vendor_id", id),
                ("origin", "https://app.example.com/path"),
            ],
            400,
            "Invalid",
        ),
        (
            "return-urls/add",
            vec![
                ("vendor_id", id),
                ("url", "https://app.example.com/back#done"),
            ],
            400,
            "Invalid",
        ),
        (
            "return-urls/remove",
            vec![("vendor_id", id), ("url", "https://app.example.com/never")],
            404,
            "NotFound",
        ),
        (
            "keys/revoke",
            vec![("vendor_id", id), ("key_id", "key_nope")],
            404,
            "NotFound",
        ),
        (
            "keys/create",
            vec![("vendor_id", id), ("mode", "sandbox")],
            400,
            "Invalid",
        ),
        (
            "vendors/set-active",
            vec![("vendor_id", id), ("active", "maybe")],
            400,
            "BadRequest",
        ),
    ];
    for (endpoint, form, status, error) in cases {
        let body = assert_admin_error(admin.call(endpoint, &form).await, status, error).await;
        if let Some(message) = body.get(error).and_then(Value::as_str) {
            assert!(
                !message.is_empty() && !message.contains("sqlx"),
                "{message}"
            );
        }
    }
    assert_eq!(vendor_name(&app, id).await, "Acme CRM");
    let (origins,): (i64,) =
        sqlx::query_as("SELECT COUNT(*) FROM allowed_origins WHERE vendor_id = $1")
            .bind(id)
            .fetch_one(app.db.pool())
            .await
            .unwrap();
    assert_eq!(origins, 1);
    let (keys,): (i64,) = sqlx::query_as("SELECT COUNT(*) FROM api_keys WHERE vendor_id = $1")
        .bind(id)
        .fetch_one(app.db.pool())
        .await
        .unwrap();
    assert_eq!(keys, 1, "no key of an unknown mode");
}

#[tokio::test]
async fn a_key_created_by_staff_works_once_shown_and_dies_when_revoked() {
    let app = spawn_app().await;
    let vendor = app.seed_vendor().await;
    let mut admin = app.signed_in("admin").await;

    let created = admin
        .ok("keys/create", &[("vendor_id", &vendor.vendor_id)])
        .await;
    let key = created["api_key"].as_str().unwrap().to_owned();
    let key_id = created["key_id"].as_str().unwrap().to_owned();
    assert_eq!(app.session_status(&key, "c1").await, 200);

    let detail = admin
        .ok(
            "vendors/get",
            &[("vendor_id", &vendor.vendor_id), ("days", "7")],
        )
        .await;
    let listed = detail.to_string();
    assert!(!listed.contains(&key), "the list never shows a key");
    assert_eq!(
        detail["keys"].as_array().unwrap().len(),
        2,
        "both keys are active"
    );
    assert!(listed.contains(&key[..8]), "the prefix is shown");

    admin
        .ok(
            "keys/revoke",
            &[("vendor_id", &vendor.vendor_id), ("key_id", &key_id)],
        )
        .await;
    assert_error(
        app.create_session(&key, &session_body("c1")).await,
        401,
        "revoked",
    )
    .await;
    assert_eq!(app.session_status(&vendor.api_key, "c1").await, 200);
}

#[tokio::test]
async fn origins_added_and_removed_by_staff_decide_which_sessions_are_accepted() {
    let app = spawn_app().await;
    let vendor = app.seed_vendor().await;
    let mut admin = app.signed_in("admin").await;
    let body = |origin: &str| {
        let mut body = session_body("c1");
        body["origin"] = Value::String(origin.into());
        body
    };

    let added = admin
        .ok(
            "origins/add",
            &[
                ("vendor_id", &vendor.vendor_id),
                ("origin", "http://localhost:5173/"),
            ],
        )
        .await;
    assert_eq!(added, "http://localhost:5173", "normalised as the API does");
    assert_eq!(
        app.create_session(&vendor.api_key, &body("http://localhost:5173"))
            .await
            .status(),
        200
    );

    admin
        .ok(
            "origins/remove",
            &[
                ("vendor_id", &vendor.vendor_id),
                ("origin", "http://localhost:5173"),
            ],
        )
        .await;
    assert_error(
        app.create_session(&vendor.api_key, &body("http://localhost:5173"))
            .await,
        400,
        "origin",
    )
    .await;
}

#[tokio::test]
async fn a_deactivated_vendor_is_refused_until_activated_again() {
    let app = spawn_app().await;
    let vendor = app.seed_vendor().await;
    let mut admin = app.signed_in("admin").await;

    admin
        .ok(
            "vendors/set-active",
            &[("vendor_id", &vendor.vendor_id), ("active", "false")],
        )
        .await;
    assert_error(
        app.create_session(&vendor.api_key, &session_body("c1"))
            .await,
        401,
        "inactive",
    )
    .await;

    admin
        .ok(
            "vendors/set-active",
            &[("vendor_id", &vendor.vendor_id), ("active", "true")],
        )
        .await;
    assert_eq!(app.session_status(&vendor.api_key, "c1").await, 200);
}

#[tokio::test]
async fn the_vendor_list_searches_and_pages() {
    let app = spawn_app().await;
    let mut admin = app.signed_in("admin").await;
    for n in 0..120 {
        let name = if n % 40 == 0 {
            format!("Initech {n}")
        } else {
            format!("Vendor {n}")
        };
        admin.ok("vendors/create", &[("name", &name)]).await;
    }

    let first = admin.ok("vendors/list", &[("page", "1")]).await;
    assert_eq!(first["total"], 120);
    assert_eq!(first["pages"], 3);
    assert_eq!(first["vendors"].as_array().unwrap().len(), 50);
    assert_eq!(first["vendors"][0]["name"], "Vendor 119", "newest first");
    let beyond = admin.ok("vendors/list", &[("page", "9")]).await;
    assert_eq!(beyond["page"], 3);
    assert_eq!(beyond["vendors"].as_array().unwrap().len(), 20);

    let found = admin
        .ok("vendors/list", &[("page", "1"), ("search", "initech")])
        .await;
    assert_eq!(found["total"], 3);
    let id = found["vendors"][0]["id"].as_str().unwrap().to_owned();
    let by_id = admin
        .ok("vendors/list", &[("page", "1"), ("search", &id)])
        .await;
    assert_eq!(by_id["total"], 1);
    let wildcard = admin
        .ok("vendors/list", &[("page", "1"), ("search", "%")])
        .await;
    assert_eq!(wildcard["total"], 0, "LIKE wildcards are taken literally");
}
