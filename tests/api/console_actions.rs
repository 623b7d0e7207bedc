//! What a vendor's developer does in the console, through the same calls and rules as
//! staff: keys (created, rotated with an overlap, revoked), origins and return URLs,
//! name, logo and theme, webhook endpoints with a test event, its delivery log and a
//! redelivery; each change in the vendor's own audit log as theirs.

use serde_json::Value;
use whatsportal::services::webhooks::signing::sign;

use crate::support::{
    admin::assert_admin_error,
    app::{session_body, spawn_app},
    receiver::start_receiver,
};

#[tokio::test]
async fn a_developer_creates_rotates_and_revokes_keys() {
    let app = spawn_app().await;
    let vendor = app.seed_vendor().await;
    let mut dev = app.console_user(&vendor.vendor_id, "developer").await;
    let v = vendor.vendor_id.as_str();

    let test_key = dev
        .browser
        .ok("keys/create", &[("vendor_id", v), ("mode", "test")])
        .await;
    let test_key_id = test_key["key_id"].as_str().unwrap().to_owned();
    let test_key = test_key["api_key"].as_str().unwrap().to_owned();
    assert_eq!(app.session_status(&test_key, "c1").await, 200);

    // Rotated with a day's overlap: both keys work; the new one is shown once.
    let rotated = dev
        .browser
        .ok(
            "keys/rotate",
            &[
                ("vendor_id", v),
                ("key_id", &vendor.key_id),
                ("overlap_hours", "24"),
            ],
        )
        .await;
    let new_key = rotated["api_key"].as_str().unwrap().to_owned();
    let new_id = rotated["key_id"].as_str().unwrap().to_owned();
    assert_eq!(app.session_status(&vendor.api_key, "c2").await, 200);
    assert_eq!(app.session_status(&new_key, "c3").await, 200);
    let detail = dev
        .browser
        .ok("vendors/get", &[("vendor_id", v), ("days", "7")])
        .await;
    let listed = detail.to_string();
    assert!(!listed.contains(&new_key), "the key is never listed");
    let old = detail["keys"]
        .as_array()
        .unwrap()
        .iter()
        .find(|k| k["id"] == vendor.key_id.as_str())
        .unwrap()
        .clone();
    assert!(
        old["retires"].is_string() && old["rotatable"] == false,
        "{old}"
    );
    let mode_of = |id: &str| {
        detail["keys"]
            .as_array()
            .unwrap()
            .iter()
            .find(|k| k["id"] == id)
            .map(|k| k["mode"].clone())
            .unwrap()
    };
    assert_eq!(mode_of(&new_id), "live", "a live key's successor is live");
    assert_eq!(mode_of(&test_key_id), "test");
    // A key being rotated is not rotated again.
    assert_admin_error(
        dev.browser
            .call(
                "keys/rotate",
                &[("vendor_id", v), ("key_id", &vendor.key_id)],
            )
            .await,
        404,
        "NotFound",
    )
    .await;
    // No overlap: the old key stops at once.
    let again = dev
        .browser
        .ok(
            "keys/rotate",
            &[
                ("vendor_id", v),
                ("key_id", &new_id),
                ("overlap_hours", "0"),
            ],
        )
        .await;
    assert_eq!(
        app.create_session(&new_key, &session_body("c4"))
            .await
            .status(),
        401
    );
    let newest = again["api_key"].as_str().unwrap().to_owned();
    assert_eq!(app.session_status(&newest, "c5").await, 200);
    for bad in ["-1", "169", "a day"] {
        assert_admin_error(
            dev.browser
                .call(
                    "keys/rotate",
                    &[
                        ("vendor_id", v),
                        ("key_id", again["key_id"].as_str().unwrap()),
                        ("overlap_hours", bad),
                    ],
                )
                .await,
            400,
            "Invalid",
        )
        .await;
    }
    dev.browser
        .ok(
            "keys/revoke",
            &[
                ("vendor_id", v),
                ("key_id", again["key_id"].as_str().unwrap()),
            ],
        )
        .await;
    assert_eq!(
        app.create_session(&newest, &session_body("c6"))
            .await
            .status(),
        401
    );

    let audit = dev.browser.ok("audit/list", &[]).await;
    let entries = audit["entries"].as_array().unwrap();
    let rotation = entries
        .iter()
        .find(|e| e["action"] == "key.rotate")
        .expect("the rotation is audited");
    assert_eq!(rotation["actor"], dev.email.as_str());
    assert_eq!(rotation["source_ip"], "127.0.0.1");
    for action in ["key.create", "key.revoke"] {
        assert!(entries.iter().any(|e| e["action"] == action), "{action}");
    }
    assert!(
        !audit.to_string().contains(&newest),
        "no secret in the audit"
    );
}

#[tokio::test]
async fn a_developer_sets_origins_return_urls_name_logo_and_theme() {
    let app = spawn_app().await;
    let vendor = app.seed_vendor().await;
    let mut dev = app.console_user(&vendor.vendor_id, "developer").await;
    let v = vendor.vendor_id.as_str();

    dev.browser
        .ok(
            "origins/add",
            &[("vendor_id", v), ("origin", "https://crm.acme.example")],
        )
        .await;
    assert_admin_error(
        dev.browser
            .call(
                "origins/add",
                &[("vendor_id", v), ("origin", "not an origin")],
            )
            .await,
        400,
        "Invalid",
    )
    .await;
    dev.browser
        .ok(
            "return-urls/add",
            &[("vendor_id", v), ("url", "https://crm.acme.example/done")],
        )
        .await;
    dev.browser
        .ok(
            "vendors/update",
            &[
                ("vendor_id", v),
                ("name", "Acme CRM Cloud"),
                ("logo_url", "https://cdn.acme.example/logo.png"),
            ],
        )
        .await;
    assert_admin_error(
        dev.browser
            .call(
                "vendors/set-theme",
                &[
                    ("vendor_id", v),
                    ("primary", "#facc15"),
                    ("appearance", "light"),
                ],
            )
            .await,
        400,
        "Invalid",
    )
    .await;
    dev.browser
        .ok(
            "vendors/set-theme",
            &[
                ("vendor_id", v),
                ("primary", "#1d4ed8"),
                ("appearance", "light"),
            ],
        )
        .await;
    let detail = dev
        .browser
        .ok("vendors/get", &[("vendor_id", v), ("days", "7")])
        .await;
    assert_eq!(detail["name"], "Acme CRM Cloud");
    assert_eq!(detail["theme"]["primary"], "#1d4ed8");
    let origins: Vec<&str> = detail["origins"]
        .as_array()
        .unwrap()
        .iter()
        .map(|o| o["origin"].as_str().unwrap())
        .collect();
    assert!(origins.contains(&"https://crm.acme.example"), "{origins:?}");
    assert_eq!(
        detail["return_urls"][0]["url"],
        "https://crm.acme.example/done"
    );
    // A session from the new origin works with the vendor's key.
    let mut body = session_body("c1");
    body["origin"] = Value::from("https://crm.acme.example");
    assert_eq!(
        app.create_session(&vendor.api_key, &body).await.status(),
        200
    );
    dev.browser
        .ok(
            "origins/remove",
            &[("vendor_id", v), ("origin", "https://crm.acme.example")],
        )
        .await;
    assert_eq!(
        app.create_session(&vendor.api_key, &body).await.status(),
        400,
        "an origin no longer allowed"
    );
    dev.browser
        .ok(
            "return-urls/remove",
            &[("vendor_id", v), ("url", "https://crm.acme.example/done")],
        )
        .await;

    let audit = dev.browser.ok("audit/list", &[]).await;
    let mine: Vec<&str> = audit["entries"]
        .as_array()
        .unwrap()
        .iter()
        .filter(|e| e["actor"] == dev.email.as_str())
        .map(|e| e["action"].as_str().unwrap())
        .collect();
    for action in [
        "origin.add",
        "origin.remove",
        "return_url.add",
        "return_url.remove",
        "vendor.update",
        "vendor.theme",
    ] {
        assert!(mine.contains(&action), "{action} in {mine:?}");
    }
}

#[tokio::test]
async fn a_developer_tests_a_webhook_endpoint_reads_its_log_and_redelivers() {
    let app = spawn_app().await;
    let vendor = app.seed_vendor().await;
    let mut dev = app.console_user(&vendor.vendor_id, "developer").await;
    let v = vendor.vendor_id.as_str();
    let (receiver, url) = start_receiver().await;

    let secret = dev
        .browser
        .ok("webhooks/set", &[("vendor_id", v), ("url", &url)])
        .await;
    let secret = secret.as_str().unwrap().to_owned();
    receiver.answer(&[500]);
    dev.browser.ok("webhooks/test", &[("vendor_id", v)]).await;
    let got = receiver.wait_for(2).await;
    let ((id, timestamp, signature, body), status) = &got[1];
    assert_eq!((got[0].1, *status), (500, 200), "retried after a 500");
    assert_eq!(
        sign(&secret, id, *timestamp, body).as_deref(),
        Some(signature.as_str())
    );
    let event: Value = serde_json::from_str(body).unwrap();
    assert_eq!(event["type"], "webhook.test");
    assert_eq!(event["data"]["livemode"], true);

    // The delivery log shows the event with both attempts and their answers.
    let detail = dev
        .browser
        .ok("vendors/get", &[("vendor_id", v), ("days", "7")])
        .await;
    let delivery = &detail["webhook"]["deliveries"][0];
    assert_eq!(delivery["event_type"], "webhook.test");
    let attempts = delivery["attempts"].as_array().unwrap();
    assert_eq!(attempts.len(), 2, "{delivery}");
    assert!(
        attempts.iter().any(|a| a.as_str().unwrap().contains("500")),
        "{attempts:?}"
    );

    // Redelivered: the same webhook-id again.
    let delivery_id = delivery["id"].as_str().unwrap();
    dev.browser
        .ok(
            "webhooks/redeliver",
            &[("vendor_id", v), ("delivery_id", delivery_id)],
        )
        .await;
    let got = receiver.wait_for(3).await;
    assert_eq!(got[2].0 .0, *id, "a redelivery keeps its webhook-id");

    // A rotated secret signs what follows; the test endpoint is tested on its own.
    let rotated = dev
        .browser
        .ok("webhooks/set", &[("vendor_id", v), ("url", &url)])
        .await;
    let rotated = rotated.as_str().unwrap().to_owned();
    assert_ne!(rotated, secret);
    dev.browser.ok("webhooks/test", &[("vendor_id", v)]).await;
    let got = receiver.wait_for(4).await;
    let ((id, timestamp, signature, body), _) = &got[3];
    assert_eq!(
        sign(&rotated, id, *timestamp, body).as_deref(),
        Some(signature.as_str())
    );
    assert_admin_error(
        dev.browser
            .call("webhooks/test", &[("vendor_id", v), ("mode", "test")])
            .await,
        404,
        "NotFound",
    )
    .await;

    let audit = dev
        .browser
        .ok("audit/list", &[("action", "webhook.")])
        .await;
    let actions: Vec<&str> = audit["entries"]
        .as_array()
        .unwrap()
        .iter()
        .map(|e| e["action"].as_str().unwrap())
        .collect();
    assert_eq!(
        actions,
        [
            "webhook.test",
            "webhook.set",
            "webhook.redeliver",
            "webhook.test",
            "webhook.set"
        ]
    );
    assert!(
        !audit.to_string().contains(&rotated),
        "no secret in the audit"
    );
}

#[tokio::test]
async fn a_vendors_user_sees_its_funnel_connections_and_rate_limit_but_staff_unnamed() {
    let app = spawn_app().await;
    let vendor = app.seed_vendor().await;
    let token = app.whatsapp_session(&vendor, "customer-1").await;
    let connected = app.connected(&token).await;
    let account_id = connected["account_id"].as_str().unwrap();
    let mut admin = app.signed_in("admin").await;
    admin
        .ok(
            "vendors/set-rate-limit",
            &[("vendor_id", &vendor.vendor_id), ("per_minute", "240")],
        )
        .await;
    let mut viewer = app.console_user(&vendor.vendor_id, "viewer").await;
    let v = vendor.vendor_id.as_str();

    let detail = viewer
        .browser
        .ok("vendors/get", &[("vendor_id", v), ("days", "7")])
        .await;
    assert_eq!(detail["funnel"]["completed"], 1);
    assert_eq!(detail["rate_limit"]["per_minute"], 240);
    let list = viewer
        .browser
        .ok("workspaces/list", &[("vendor_id", v), ("page", "1")])
        .await;
    assert_eq!(list["workspaces"][0]["account_id"], account_id);
    let one = viewer
        .browser
        .ok(
            "workspaces/show",
            &[("vendor_id", v), ("account_id", account_id)],
        )
        .await;
    assert_eq!(one["workspace"]["external_id"], "customer-1");
    for path in ["", "/workspaces", &format!("/workspaces/{account_id}")] {
        let page = viewer
            .browser
            .page(&format!("/console/vendors/{v}{path}"))
            .await;
        assert_eq!(page.status(), 200, "{path}");
        let html = page.text().await.unwrap();
        assert!(
            !html.contains("href=\"/admin"),
            "{path} links into the staff area"
        );
        if path == "/workspaces" {
            let detail = format!("href=\"/console/vendors/{v}/workspaces/{account_id}\"");
            assert!(html.contains(&detail), "{html}");
        }
    }
    let page = viewer.browser.page(&format!("/console/vendors/{v}")).await;
    let html = page.text().await.unwrap();
    assert!(
        html.contains("240 requests per minute"),
        "the limit in force"
    );

    let audit = viewer.browser.ok("audit/list", &[]).await;
    let by_staff = audit["entries"]
        .as_array()
        .unwrap()
        .iter()
        .find(|e| e["action"] == "vendor.rate_limit")
        .expect("staff's change shows in the vendor's log");
    assert_eq!(by_staff["actor"], "WhatsPortal staff");
    assert!(by_staff["source_ip"].is_null());
    assert!(!audit.to_string().contains("admin@whatsportal.example"));
}
