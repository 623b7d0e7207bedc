//! What staff see: sessions and their funnel, workspaces and connections, the audit log.

use serde_json::Value;

use crate::{
    support::admin::PASSWORD,
    support::app::{session_body, spawn_app},
    support::connect::{PHONE, WABA},
};

#[tokio::test]
async fn sessions_show_their_state_and_the_funnel_counts_them() {
    let app = spawn_app().await;
    let vendor = app.seed_vendor().await;
    let mut admin = app.signed_in("viewer").await;
    let created = app.whatsapp_session(&vendor, "created").await;
    let opened = app.whatsapp_session(&vendor, "opened").await;
    let completed = app.whatsapp_session(&vendor, "completed").await;
    let expired = app.whatsapp_session(&vendor, "expired").await;
    assert_eq!(app.whatsapp_page(&opened).await.status(), 200);
    assert_eq!(app.whatsapp_page(&completed).await.status(), 200);
    assert_eq!(app.connect_whatsapp(&completed).await.status(), 200);
    app.expire_session(&expired).await;
    let _ = created;

    let detail = admin
        .ok(
            "vendors/get",
            &[("vendor_id", &vendor.vendor_id), ("days", "1")],
        )
        .await;

    let state_of = |external_id: &str| {
        detail["sessions"]
            .as_array()
            .unwrap()
            .iter()
            .find(|s| s["external_id"] == external_id)
            .map(|s| s["state"].as_str().unwrap().to_owned())
    };
    assert_eq!(state_of("created").as_deref(), Some("created"));
    assert_eq!(state_of("opened").as_deref(), Some("opened"));
    assert_eq!(state_of("completed").as_deref(), Some("completed"));
    assert_eq!(state_of("expired").as_deref(), Some("expired"));
    let funnel = &detail["funnel"];
    assert_eq!(
        (funnel["created"].as_i64(), funnel["opened"].as_i64()),
        (Some(4), Some(2))
    );
    assert_eq!(
        (funnel["completed"].as_i64(), funnel["expired"].as_i64()),
        (Some(1), Some(1))
    );
    assert!(
        !detail.to_string().contains(&completed),
        "no token in the view"
    );
}

#[tokio::test]
async fn workspaces_show_their_connections_and_are_found_by_external_id_or_account_id() {
    let app = spawn_app().await;
    let vendor = app.seed_vendor().await;
    let mut admin = app.signed_in("viewer").await;
    let token = app.whatsapp_session(&vendor, "customer-1").await;
    let connected = app.connected(&token).await;
    app.create_session(&vendor.api_key, &session_body("customer-2"))
        .await;
    let account_id = connected["account_id"].as_str().unwrap().to_owned();

    let all = admin
        .ok(
            "workspaces/list",
            &[("vendor_id", &vendor.vendor_id), ("page", "1")],
        )
        .await;
    assert_eq!(all["total"], 2);
    let by_account = admin
        .ok(
            "workspaces/list",
            &[
                ("vendor_id", &vendor.vendor_id),
                ("page", "1"),
                ("search", &account_id),
            ],
        )
        .await;
    let by_external = admin
        .ok(
            "workspaces/list",
            &[
                ("vendor_id", &vendor.vendor_id),
                ("page", "1"),
                ("search", "customer-1"),
            ],
        )
        .await;

    assert_eq!(by_account["workspaces"], by_external["workspaces"]);
    let workspace = &by_account["workspaces"][0];
    assert_eq!(workspace["external_id"], "customer-1");
    assert_eq!(workspace["whatsapp"]["waba_id"], WABA);
    assert_eq!(workspace["whatsapp"]["phone_number_id"], PHONE);
    let text = by_account.to_string();
    assert!(
        !text.contains("token") && !text.contains("ciphertext"),
        "{text}"
    );
    let other = app.seed_vendor().await;
    let foreign = admin
        .ok(
            "workspaces/list",
            &[
                ("vendor_id", &other.vendor_id),
                ("page", "1"),
                ("search", &account_id),
            ],
        )
        .await;
    assert_eq!(
        foreign["total"], 0,
        "another vendor's workspaces are not listed"
    );
}

#[tokio::test]
async fn the_audit_log_names_who_did_what_from_where_and_filters() {
    let app = spawn_app().await;
    let vendor = app.seed_vendor().await;
    let mut admin = app.signed_in("admin").await;
    let mut intruder = app.browser();
    intruder
        .sign_in("admin@whatsportal.example", "not the password")
        .await;
    let created = admin
        .ok("keys/create", &[("vendor_id", &vendor.vendor_id)])
        .await;
    let key = created["api_key"].as_str().unwrap().to_owned();
    admin
        .ok(
            "keys/revoke",
            &[
                ("vendor_id", &vendor.vendor_id),
                ("key_id", created["key_id"].as_str().unwrap()),
            ],
        )
        .await;

    let everything = admin.ok("audit/list", &[]).await;
    let actions: Vec<&str> = everything["entries"]
        .as_array()
        .unwrap()
        .iter()
        .map(|e| e["action"].as_str().unwrap())
        .collect();
    assert_eq!(
        &actions[..4],
        [
            "key.revoke",
            "key.create",
            "staff.sign_in_failed",
            "staff.sign_in"
        ],
        "newest first"
    );
    let revoke = &everything["entries"][0];
    assert_eq!(revoke["actor"], "admin@whatsportal.example");
    assert_eq!(revoke["source_ip"], "127.0.0.1");
    assert_eq!(revoke["vendor_id"], vendor.vendor_id.as_str());
    assert!(
        !everything.to_string().contains(&key),
        "no secret in the log"
    );
    assert!(!everything.to_string().contains(PASSWORD));

    let keys_only = admin.ok("audit/list", &[("action", "key.")]).await;
    // The seeded vendor's first key, then the staff member's create and revoke.
    assert_eq!(keys_only["entries"].as_array().unwrap().len(), 3);
    let by_vendor = admin
        .ok("audit/list", &[("vendor_id", &vendor.vendor_id)])
        .await;
    assert!(by_vendor["entries"]
        .as_array()
        .unwrap()
        .iter()
        .all(|e| e["vendor_id"] == vendor.vendor_id.as_str()));
    let by_actor = admin
        .ok("audit/list", &[("actor", "admin@whatsportal.example")])
        .await;
    assert!(by_actor["entries"]
        .as_array()
        .unwrap()
        .iter()
        .all(|e| e["actor"] == "admin@whatsportal.example"));
    let bad_cursor = admin.call("audit/list", &[("before", "yesterday")]).await;
    assert_eq!(bad_cursor.status(), 400);
}

#[tokio::test]
async fn the_audit_log_pages_with_a_cursor() {
    let app = spawn_app().await;
    let vendor = app.seed_vendor().await;
    let mut admin = app.signed_in("admin").await;
    for n in 0..105 {
        admin
            .ok(
                "origins/add",
                &[
                    ("vendor_id", &vendor.vendor_id),
                    ("origin", &format!("https://o{n}.example.com")),
                ],
            )
            .await;
    }

    let first = admin.ok("audit/list", &[("action", "origin.add")]).await;
    let next = first["next"].as_str().expect("a next page").to_owned();
    let second = admin
        .ok("audit/list", &[("action", "origin.add"), ("before", &next)])
        .await;

    assert_eq!(first["entries"].as_array().unwrap().len(), 100);
    assert_eq!(second["entries"].as_array().unwrap().len(), 5);
    assert!(second["next"].is_null());
    let first_ids: Vec<&Value> = first["entries"]
        .as_array()
        .unwrap()
        .iter()
        .map(|e| &e["id"])
        .collect();
    assert!(second["entries"]
        .as_array()
        .unwrap()
        .iter()
        .all(|e| !first_ids.contains(&&e["id"])));
}
