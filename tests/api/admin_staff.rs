//! Staff accounts: add, disable, reset, and the CLI that creates the first one.

use crate::{
    support::admin::{assert_admin_error, PASSWORD},
    support::app::spawn_app,
};

#[tokio::test]
async fn an_added_account_signs_in_with_the_password_shown_once() {
    let app = spawn_app().await;
    let mut admin = app.signed_in("admin").await;

    let password = admin
        .ok(
            "staff/add",
            &[
                ("email", " New.Person@WhatsPortal.example "),
                ("role", "viewer"),
            ],
        )
        .await;
    let password = password.as_str().unwrap().to_owned();

    assert_eq!(password.len(), 20);
    let mut newcomer = app.browser();
    assert_eq!(
        newcomer
            .sign_in("new.person@whatsportal.example", &password)
            .await
            .status(),
        200
    );
    let me = newcomer.ok("me", &[]).await;
    assert_eq!(
        (me["role"].as_str(), me["can_change"].as_bool()),
        (Some("viewer"), Some(false))
    );
    let listed = admin.ok("staff/list", &[]).await.to_string();
    assert!(
        !listed.contains(&password) && !listed.contains("argon2"),
        "{listed}"
    );
    let again = admin
        .call(
            "staff/add",
            &[
                ("email", "new.person@whatsportal.example"),
                ("role", "admin"),
            ],
        )
        .await;
    assert_admin_error(again, 409, "Conflict").await;
    let bad_role = admin
        .call(
            "staff/add",
            &[("email", "x@whatsportal.example"), ("role", "owner")],
        )
        .await;
    assert_admin_error(bad_role, 400, "Invalid").await;
}

#[tokio::test]
async fn disabling_an_account_ends_its_sessions_and_its_sign_ins() {
    let app = spawn_app().await;
    let mut admin = app.signed_in("admin").await;
    let mut viewer = app.signed_in("viewer").await;
    let viewer_id = viewer.ok("me", &[]).await["id"]
        .as_str()
        .unwrap()
        .to_owned();

    admin
        .ok(
            "staff/set-disabled",
            &[("staff_id", &viewer_id), ("disabled", "true")],
        )
        .await;

    assert_admin_error(viewer.call("me", &[]).await, 401, "SignedOut").await;
    let again = viewer.sign_in("viewer@whatsportal.example", PASSWORD).await;
    assert_admin_error(again, 401, "BadCredentials").await;
    admin
        .ok(
            "staff/set-disabled",
            &[("staff_id", &viewer_id), ("disabled", "false")],
        )
        .await;
    assert_eq!(
        viewer
            .sign_in("viewer@whatsportal.example", PASSWORD)
            .await
            .status(),
        200
    );
}

#[tokio::test]
async fn nobody_disables_their_own_account() {
    let app = spawn_app().await;
    let mut admin = app.signed_in("admin").await;
    let my_id = admin.ok("me", &[]).await["id"].as_str().unwrap().to_owned();

    let response = admin
        .call(
            "staff/set-disabled",
            &[("staff_id", &my_id), ("disabled", "true")],
        )
        .await;

    assert_admin_error(response, 400, "Invalid").await;
    assert_eq!(admin.call("me", &[]).await.status(), 200);
}

#[tokio::test]
async fn a_reset_password_replaces_the_old_one_and_ends_sessions() {
    let app = spawn_app().await;
    let mut admin = app.signed_in("admin").await;
    let mut viewer = app.signed_in("viewer").await;
    let viewer_id = viewer.ok("me", &[]).await["id"]
        .as_str()
        .unwrap()
        .to_owned();

    let new_password = admin
        .ok("staff/reset-password", &[("staff_id", &viewer_id)])
        .await;

    assert_admin_error(viewer.call("me", &[]).await, 401, "SignedOut").await;
    let old = viewer.sign_in("viewer@whatsportal.example", PASSWORD).await;
    assert_admin_error(old, 401, "BadCredentials").await;
    let new = viewer
        .sign_in("viewer@whatsportal.example", new_password.as_str().unwrap())
        .await;
    assert_eq!(new.status(), 200);
}

#[tokio::test]
async fn the_cli_creates_the_first_admin_from_stdin_or_with_a_generated_password() {
    use tokio::io::AsyncWriteExt;
    let app = spawn_app().await;
    let run = |email: &'static str, stdin: Option<&'static str>| {
        let database_url = app.database_url.clone();
        async move {
            let mut child = tokio::process::Command::new(env!("CARGO_BIN_EXE_whatsportal"))
                .args(["admin", "create", "--email", email])
                .env("DATABASE_URL", database_url)
                .stdin(std::process::Stdio::piped())
                .stdout(std::process::Stdio::piped())
                .stderr(std::process::Stdio::piped())
                .spawn()
                .unwrap();
            let mut input = child.stdin.take().unwrap();
            if let Some(text) = stdin {
                input.write_all(text.as_bytes()).await.unwrap();
            }
            drop(input);
            let output = child.wait_with_output().await.unwrap();
            assert!(
                output.status.success(),
                "{}",
                String::from_utf8_lossy(&output.stderr)
            );
            serde_json::from_slice::<serde_json::Value>(&output.stdout).unwrap()
        }
    };

    let typed = run("first@whatsportal.example", Some("a typed password 123\n")).await;
    let generated = run("second@whatsportal.example", None).await;

    assert!(
        typed["password"].is_null(),
        "a typed password is not printed back"
    );
    assert_eq!(typed["role"], "admin");
    let mut browser = app.browser();
    assert_eq!(
        browser
            .sign_in("first@whatsportal.example", "a typed password 123")
            .await
            .status(),
        200
    );
    let password = generated["password"].as_str().unwrap();
    assert_eq!(
        browser
            .sign_in("second@whatsportal.example", password)
            .await
            .status(),
        200
    );
}
