//! Invitations e-mailed when an SMTP server is configured: the message carries the
//! link (absolute, on the public URL), and a mail server that refuses loses nothing:
//! the link is still shown once and works.

use whatsportal::config::{MailSettings, Secret};

use crate::support::{
    app::spawn_app_with,
    console::{accept, token_of},
    smtp::start_mail_server,
};

#[tokio::test]
async fn an_invitation_is_emailed_and_still_shown_once() {
    let (mail, smtp_url) = start_mail_server().await;
    let app = spawn_app_with(|settings| {
        settings.public_url = Some("https://connect.example.com".into());
        settings.mail = Some(MailSettings {
            smtp_url: Secret::new(smtp_url),
            from: "WhatsPortal <no-reply@whatsportal.example>".into(),
        });
    })
    .await;
    let vendor = app.seed_vendor().await;
    let mut admin = app.signed_in("admin").await;
    let invited = admin
        .ok(
            "team/invite",
            &[
                ("vendor_id", &vendor.vendor_id),
                ("email", "owner@acme.example"),
                ("role", "owner"),
            ],
        )
        .await;
    assert_eq!(invited["mail"], "sent");
    let link = invited["link"].as_str().unwrap();
    let messages = mail.messages();
    assert_eq!(messages.len(), 1);
    let message = &messages[0];
    assert!(message.contains("To: owner@acme.example"), "{message}");
    assert!(
        message.contains("From: WhatsPortal <no-reply@whatsportal.example>"),
        "{message}"
    );
    assert!(message.contains("Acme CRM"), "{message}");
    let unfolded = message.replace("=\n", "").replace("=3D", "=");
    assert!(
        unfolded.contains(&format!("https://connect.example.com{link}")),
        "{message}"
    );

    // A mail server that refuses: the link is shown and works all the same.
    mail.refuse_recipients();
    let invited = admin
        .ok(
            "team/invite",
            &[
                ("vendor_id", &vendor.vendor_id),
                ("email", "dev@acme.example"),
                ("role", "developer"),
            ],
        )
        .await;
    assert_eq!(invited["mail"], "failed");
    let mut browser = app.console_browser();
    accept(&mut browser, &token_of(invited["link"].as_str().unwrap())).await;
    assert_eq!(mail.messages().len(), 1);
}
