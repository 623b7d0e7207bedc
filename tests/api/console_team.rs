//! The vendor console's people: invitations (made by staff or an owner, single use,
//! 72 hours), accepting them with a password and an authenticator app, signing in with
//! both, resets, roles and disabling, and what each refuses.

use serde_json::Value;

use crate::support::{
    admin::{assert_admin_error, PASSWORD},
    app::spawn_app,
    console::{accept, app_code, token_of},
};

#[tokio::test]
async fn staff_invite_a_first_owner_who_signs_in_with_password_and_app_code() {
    let app = spawn_app().await;
    let vendor = app.seed_vendor().await;
    let mut admin = app.signed_in("admin").await;
    let invited = admin
        .ok(
            "team/invite",
            &[
                ("vendor_id", &vendor.vendor_id),
                ("email", " Owner@Acme.Example "),
                ("role", "owner"),
            ],
        )
        .await;
    let link = invited["link"].as_str().unwrap();
    assert!(link.starts_with("/console/invitation?token="), "{link}");
    let token = token_of(link);
    let stored: (String,) = sqlx::query_as("SELECT token_hash FROM vendor_invitations")
        .fetch_one(app.db.pool())
        .await
        .unwrap();
    assert_ne!(stored.0, token, "only the token's hash is kept");

    let mut browser = app.console_browser();
    let opened = browser
        .console_call("invitation", &[("token", &token)])
        .await;
    let opened: Value = opened.json().await.unwrap();
    assert_eq!(opened["email"], "owner@acme.example");
    assert_eq!(opened["vendor_name"], "Acme CRM");
    assert_eq!(opened["is_reset"], false);
    let url = opened["otpauth_url"].as_str().unwrap();
    assert!(
        url.starts_with("otpauth://totp/WhatsPortal:owner%40acme.example?"),
        "{url}"
    );

    let typed_key = accept(&mut browser, &token).await;
    let me = browser.console_call("me", &[]).await;
    let me: Value = me.json().await.unwrap();
    assert_eq!(me["vendor_id"], vendor.vendor_id.as_str());
    assert_eq!(me["role"], "owner");
    let page = browser
        .page(&format!("/console/vendors/{}", vendor.vendor_id))
        .await;
    assert_eq!(page.status(), 200);
    assert!(page.text().await.unwrap().contains("owner@acme.example"));

    // A fresh browser signs in with the password and the app's current code, once.
    let mut other = app.console_browser();
    let code = app_code(&typed_key, 0).await;
    let signed_in = other.console_sign_in("owner@acme.example", &code).await;
    assert_eq!(signed_in.status(), 200);
    assert!(other.cookie.is_some());
    let mut replay = app.console_browser();
    assert_admin_error(
        replay.console_sign_in("owner@acme.example", &code).await,
        401,
        "BadConsoleCredentials",
    )
    .await;
    assert_admin_error(
        replay
            .console_call(
                "sign-in",
                &[
                    ("email", "owner@acme.example"),
                    ("password", PASSWORD),
                    ("code", "000000"),
                ],
            )
            .await,
        401,
        "BadConsoleCredentials",
    )
    .await;
    let next = app_code(&typed_key, 1).await;
    assert_admin_error(
        replay
            .console_call(
                "sign-in",
                &[
                    ("email", "owner@acme.example"),
                    ("password", "not the password at all"),
                    ("code", &next),
                ],
            )
            .await,
        401,
        "BadConsoleCredentials",
    )
    .await;

    let audit = admin
        .ok("audit/list", &[("vendor", &vendor.vendor_id)])
        .await;
    let actions: Vec<&str> = audit["entries"]
        .as_array()
        .unwrap()
        .iter()
        .map(|e| e["action"].as_str().unwrap())
        .collect();
    for action in [
        "vendor_user.invite",
        "vendor_user.accept",
        "vendor_user.sign_in",
    ] {
        assert!(actions.contains(&action), "{action} in {actions:?}");
    }
}

#[tokio::test]
async fn an_invitation_works_once_within_72_hours_and_only_as_issued() {
    let app = spawn_app().await;
    let vendor = app.seed_vendor().await;
    let (user_id, link) = app
        .invite(&vendor.vendor_id, "dev@acme.example", "developer")
        .await;
    let token = token_of(&link);
    let mut browser = app.console_browser();

    // Unknown and malformed links are not found; nothing is told about them.
    for bad in ["", "nope", &"0".repeat(64), &format!("{token}x")] {
        assert_admin_error(
            browser.console_call("invitation", &[("token", bad)]).await,
            404,
            "NotFound",
        )
        .await;
    }
    // A short password or a wrong code changes nothing: the link still works.
    let opened: Value = browser
        .console_call("invitation", &[("token", &token)])
        .await
        .json()
        .await
        .unwrap();
    let typed_key = opened["typed_key"].as_str().unwrap().to_owned();
    let code = app_code(&typed_key, 0).await;
    assert_admin_error(
        browser
            .console_call(
                "accept",
                &[("token", &token), ("password", "short"), ("code", &code)],
            )
            .await,
        400,
        "Invalid",
    )
    .await;
    assert_admin_error(
        browser
            .console_call(
                "accept",
                &[
                    ("token", &token),
                    ("password", PASSWORD),
                    ("code", "12345x"),
                ],
            )
            .await,
        400,
        "Invalid",
    )
    .await;
    let activated: (Option<String>,) =
        sqlx::query_as("SELECT password_hash FROM vendor_users WHERE id = $1")
            .bind(&user_id)
            .fetch_one(app.db.pool())
            .await
            .unwrap();
    assert!(activated.0.is_none(), "no password was set");
    assert!(browser.cookie.is_none());

    accept(&mut browser, &token).await;
    // Used twice: refused, whoever tries.
    let mut second = app.console_browser();
    assert_admin_error(
        second
            .console_call("invitation", &[("token", &token)])
            .await,
        409,
        "Conflict",
    )
    .await;
    let code = app_code(&typed_key, 1).await;
    assert_admin_error(
        second
            .console_call(
                "accept",
                &[("token", &token), ("password", PASSWORD), ("code", &code)],
            )
            .await,
        409,
        "Conflict",
    )
    .await;
    assert!(second.cookie.is_none());

    // Expired: a link older than 72 hours is refused.
    let (_, late) = app
        .invite(&vendor.vendor_id, "late@acme.example", "viewer")
        .await;
    sqlx::query("UPDATE vendor_invitations SET expires_at = $1 WHERE user_id <> $2")
        .bind(whatsportal::db::now_ms() - 1)
        .bind(&user_id)
        .execute(app.db.writer())
        .await
        .unwrap();
    assert_admin_error(
        second
            .console_call("invitation", &[("token", &token_of(&late))])
            .await,
        409,
        "Conflict",
    )
    .await;
    // An email has one console account, whichever vendor invites it.
    let other = app.seed_vendor().await;
    let mut admin = app.signed_in("admin").await;
    assert_admin_error(
        admin
            .call(
                "team/invite",
                &[
                    ("vendor_id", &other.vendor_id),
                    ("email", "dev@acme.example"),
                    ("role", "owner"),
                ],
            )
            .await,
        409,
        "Conflict",
    )
    .await;
    for (email, role) in [("not an email", "owner"), ("x@acme.example", "admin")] {
        assert_admin_error(
            admin
                .call(
                    "team/invite",
                    &[
                        ("vendor_id", &vendor.vendor_id),
                        ("email", email),
                        ("role", role),
                    ],
                )
                .await,
            400,
            "Invalid",
        )
        .await;
    }
}

#[tokio::test]
async fn owners_manage_their_team_and_keep_one_owner() {
    let app = spawn_app().await;
    let vendor = app.seed_vendor().await;
    let mut owner = app.console_user(&vendor.vendor_id, "owner").await;

    let invited = owner
        .browser
        .ok(
            "team/invite",
            &[
                ("vendor_id", &vendor.vendor_id),
                ("email", "mate@acme.example"),
                ("role", "viewer"),
            ],
        )
        .await;
    let mate_id = invited["user_id"].as_str().unwrap().to_owned();
    let mut mate = app.console_browser();
    let mate_key = accept(&mut mate, &token_of(invited["link"].as_str().unwrap())).await;

    // The last owner can be neither demoted nor disabled.
    for (endpoint, extra) in [
        ("team/set-role", ("role", "developer")),
        ("team/set-disabled", ("disabled", "true")),
    ] {
        assert_admin_error(
            owner
                .browser
                .call(
                    endpoint,
                    &[
                        ("vendor_id", &vendor.vendor_id),
                        ("user_id", &owner.user_id),
                        extra,
                    ],
                )
                .await,
            409,
            "Conflict",
        )
        .await;
    }
    owner
        .browser
        .ok(
            "team/set-role",
            &[
                ("vendor_id", &vendor.vendor_id),
                ("user_id", &mate_id),
                ("role", "developer"),
            ],
        )
        .await;
    let me: Value = mate.console_call("me", &[]).await.json().await.unwrap();
    assert_eq!(me["role"], "developer", "a new role applies at once");

    // A reset link: the user's sessions end once it is used, and the new password and
    // key replace the old ones.
    let reset = owner
        .browser
        .ok(
            "team/reset",
            &[("vendor_id", &vendor.vendor_id), ("user_id", &mate_id)],
        )
        .await;
    let mut elsewhere = app.console_browser();
    let new_key = accept(&mut elsewhere, &token_of(reset["link"].as_str().unwrap())).await;
    assert_ne!(new_key, mate_key);
    assert_admin_error(mate.console_call("me", &[]).await, 401, "SignedOut").await;

    // Disabling ends the sessions at once; enabling lets the user sign in again.
    owner
        .browser
        .ok(
            "team/set-disabled",
            &[
                ("vendor_id", &vendor.vendor_id),
                ("user_id", &mate_id),
                ("disabled", "true"),
            ],
        )
        .await;
    assert_admin_error(elsewhere.console_call("me", &[]).await, 401, "SignedOut").await;
    let code = app_code(&new_key, 1).await;
    assert_admin_error(
        app.console_browser()
            .console_sign_in("mate@acme.example", &code)
            .await,
        401,
        "BadConsoleCredentials",
    )
    .await;
    owner
        .browser
        .ok(
            "team/set-disabled",
            &[
                ("vendor_id", &vendor.vendor_id),
                ("user_id", &mate_id),
                ("disabled", "false"),
            ],
        )
        .await;
    let mut again = app.console_browser();
    assert_eq!(
        again
            .console_sign_in("mate@acme.example", &code)
            .await
            .status(),
        200
    );

    let detail = owner
        .browser
        .ok(
            "vendors/get",
            &[("vendor_id", &vendor.vendor_id), ("days", "7")],
        )
        .await;
    let team = detail["team"].as_array().unwrap();
    assert_eq!(team.len(), 2);
    assert!(team.iter().all(|u| u["status"] == "active"), "{team:?}");
}

#[tokio::test]
async fn only_staff_who_may_change_and_owners_manage_a_team() {
    let app = spawn_app().await;
    let vendor = app.seed_vendor().await;
    let mut developer = app.console_user(&vendor.vendor_id, "developer").await;
    let mut viewer = app.console_user(&vendor.vendor_id, "viewer").await;
    let mut staff_viewer = app.signed_in("viewer").await;
    let target = developer.user_id.clone();
    let forms: [(&str, Vec<(&str, &str)>); 4] = [
        (
            "team/invite",
            vec![("email", "new@acme.example"), ("role", "viewer")],
        ),
        ("team/reset", vec![("user_id", &target)]),
        (
            "team/set-role",
            vec![("user_id", &target), ("role", "owner")],
        ),
        (
            "team/set-disabled",
            vec![("user_id", &target), ("disabled", "true")],
        ),
    ];
    for (endpoint, extra) in &forms {
        let mut form = vec![("vendor_id", vendor.vendor_id.as_str())];
        form.extend(extra.iter().copied());
        for browser in [
            &mut developer.browser,
            &mut viewer.browser,
            &mut staff_viewer,
        ] {
            assert_admin_error(browser.call(endpoint, &form).await, 403, "Forbidden").await;
        }
    }
    let users: (i64,) = sqlx::query_as("SELECT COUNT(*) FROM vendor_users")
        .fetch_one(app.db.pool())
        .await
        .unwrap();
    assert_eq!(users.0, 2, "nobody was invited");
    let me: Value = developer
        .browser
        .console_call("me", &[])
        .await
        .json()
        .await
        .unwrap();
    assert_eq!(me["role"], "developer", "nothing changed");
}

#[tokio::test]
async fn another_vendors_signed_in_browser_cannot_take_an_invitation() {
    let app = spawn_app().await;
    let ours = app.seed_vendor().await;
    let theirs = app.seed_vendor().await;
    let mut owner = app.console_user(&theirs.vendor_id, "owner").await;
    let (user_id, link) = app
        .invite(&ours.vendor_id, "new@acme.example", "owner")
        .await;
    let token = token_of(&link);
    let opened: Value = owner
        .browser
        .console_call("invitation", &[("token", &token)])
        .await
        .json()
        .await
        .unwrap();
    let code = app_code(opened["typed_key"].as_str().unwrap(), 0).await;
    let cookie = owner.browser.cookie.clone();
    assert_admin_error(
        owner
            .browser
            .console_call(
                "accept",
                &[("token", &token), ("password", PASSWORD), ("code", &code)],
            )
            .await,
        409,
        "Conflict",
    )
    .await;
    assert_eq!(owner.browser.cookie, cookie, "their session is kept");
    let set: (Option<String>,) =
        sqlx::query_as("SELECT password_hash FROM vendor_users WHERE id = $1")
            .bind(&user_id)
            .fetch_one(app.db.pool())
            .await
            .unwrap();
    assert!(set.0.is_none(), "nothing was set");
    let me: Value = owner
        .browser
        .console_call("me", &[])
        .await
        .json()
        .await
        .unwrap();
    assert_eq!(me["vendor_id"], theirs.vendor_id.as_str());
    // Signed out, the same browser takes it.
    owner.browser.console_call("sign-out", &[]).await;
    accept(&mut owner.browser, &token).await;
    let me: Value = owner
        .browser
        .console_call("me", &[])
        .await
        .json()
        .await
        .unwrap();
    assert_eq!(me["vendor_id"], ours.vendor_id.as_str());
}
