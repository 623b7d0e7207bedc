//! The vendor console as its users meet it: an invitation made by staff (or an owner),
//! accepted with a password and an authenticator app's code, then a signed-in browser.
//! The authenticator app is `totp-rs` computing codes from the key the invitation page
//! shows, as a phone's app would.

use std::time::{Duration, SystemTime, UNIX_EPOCH};

use serde_json::Value;
use totp_rs::{Algorithm, Builder, Secret};
use whatsportal::services::{console, Actor};

use crate::support::{
    admin::{StaffBrowser, PASSWORD},
    app::TestApp,
};

/// A vendor's user who accepted their invitation.
pub struct ConsoleUser<'a> {
    pub browser: StaffBrowser<'a>,
    pub email: String,
    pub user_id: String,
}

/// The token of an invitation link (`/console/invitation?token=…`).
pub fn token_of(link: &str) -> String {
    link.split_once("token=")
        .map(|(_, token)| token.to_owned())
        .expect("an invitation link holds its token")
}

/// Waits past the last second of a 30-second step, so that the codes a test computes
/// and the server's check fall in the same step.
async fn clear_of_a_step_boundary() {
    let now = SystemTime::now().duration_since(UNIX_EPOCH).unwrap();
    let into_step = now.as_millis() % 30_000;
    if into_step > 28_500 {
        tokio::time::sleep(Duration::from_millis((30_000 - into_step + 100) as u64)).await;
    }
}

/// The code an authenticator app holding `typed_key` shows `steps` steps from now.
pub async fn app_code(typed_key: &str, steps: i64) -> String {
    clear_of_a_step_boundary().await;
    let totp = Builder::new()
        .with_algorithm(Algorithm::SHA1)
        .with_digits(6)
        .with_step_duration(30)
        .with_secret(Secret::try_from_base32(typed_key).expect("the page's key is base 32"))
        .build_noncompliant();
    let now = SystemTime::now()
        .duration_since(UNIX_EPOCH)
        .unwrap()
        .as_secs();
    let at = now.checked_add_signed(steps * 30).unwrap();
    totp.generate(at).to_string()
}

impl TestApp {
    /// Invites `email` into the vendor's team as staff's command line does; returns the
    /// user's id and the link.
    pub async fn invite(&self, vendor_id: &str, email: &str, role: &str) -> (String, String) {
        let created = console::invitations::invite(
            &self.db,
            self.meta.keyring(),
            Actor::CLI,
            vendor_id,
            email,
            role,
        )
        .await
        .expect("invite a vendor user");
        (created.user_id, created.link)
    }

    /// A user of `role` of the vendor, invited, accepted and signed in.
    pub async fn console_user(&self, vendor_id: &str, role: &str) -> ConsoleUser<'_> {
        let email = format!(
            "{role}.{}@vendor.example",
            &vendor_id[vendor_id.len() - 6..]
        );
        let (user_id, link) = self.invite(vendor_id, &email, role).await;
        let mut browser = self.console_browser();
        accept(&mut browser, &token_of(&link)).await;
        ConsoleUser {
            browser,
            email,
            user_id,
        }
    }
}

/// Opens the invitation page's data and accepts it with `PASSWORD` and the app's code
/// of the previous step (so that the step now stays for a sign-in); returns the key.
pub async fn accept(browser: &mut StaffBrowser<'_>, token: &str) -> String {
    let opened = browser
        .console_call("invitation", &[("token", token)])
        .await;
    assert_eq!(opened.status(), 200, "the invitation opens");
    let opened: Value = opened.json().await.unwrap();
    let typed_key = opened["typed_key"].as_str().unwrap().to_owned();
    let code = app_code(&typed_key, -1).await;
    let accepted = browser
        .console_call(
            "accept",
            &[("token", token), ("password", PASSWORD), ("code", &code)],
        )
        .await;
    assert_eq!(accepted.status(), 200, "the invitation is accepted");
    assert!(browser.cookie.is_some(), "accepting signs the user in");
    typed_key
}

impl StaffBrowser<'_> {
    /// Signs in to the console with `PASSWORD` and `code`.
    pub async fn console_sign_in(&mut self, email: &str, code: &str) -> reqwest::Response {
        self.console_call(
            "sign-in",
            &[("email", email), ("password", PASSWORD), ("code", code)],
        )
        .await
    }
}
