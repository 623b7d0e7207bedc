//! Calling the admin area as a browser does: server functions with form bodies, a
//! session cookie, and the headers that say the request comes from our own pages.

use reqwest::{header, redirect::Policy, Response};
use serde_json::Value;
use whatsportal::services::{staff, Actor};

use crate::support::app::TestApp;

pub const PASSWORD: &str = "correct horse battery staple";

/// A browser of a staff member: its cookie, and whether it runs JavaScript (enhanced
/// calls ask for JSON; plain forms ask for HTML and follow no redirect by themselves).
pub struct StaffBrowser<'a> {
    pub app: &'a TestApp,
    pub cookie: Option<String>,
    /// The session cookie's name in the server's environment.
    cookie_name: &'static str,
    /// The session cookie's names: staff's, or the vendor console's.
    names: [&'static str; 2],
    /// The address a trusting server reads from `X-Forwarded-For`, when set.
    pub forwarded_for: Option<String>,
    /// The device cookie a sign-in left (`wp_staff_device`), sent back when kept.
    pub device: Option<String>,
    client: reqwest::Client,
}

impl TestApp {
    /// A staff account with `PASSWORD`; returns its email.
    pub async fn seed_staff(&self, email: &str, role: &str) -> String {
        staff::accounts::create_staff(&self.db, Actor::CLI, email, role, Some(PASSWORD))
            .await
            .expect("seed a staff account");
        email.to_owned()
    }

    /// A browser with no cookie yet.
    pub fn browser(&self) -> StaffBrowser<'_> {
        self.browser_keeping(COOKIE_NAMES)
    }

    /// A browser of a vendor's user, with no console cookie yet.
    pub fn console_browser(&self) -> StaffBrowser<'_> {
        self.browser_keeping(CONSOLE_COOKIE_NAMES)
    }

    fn browser_keeping(&self, names: [&'static str; 2]) -> StaffBrowser<'_> {
        StaffBrowser {
            app: self,
            cookie: None,
            cookie_name: names[0],
            names,
            forwarded_for: None,
            device: None,
            client: reqwest::Client::builder()
                .redirect(Policy::none())
                .build()
                .unwrap(),
        }
    }

    /// A browser signed in as a new account of `role`.
    pub async fn signed_in(&self, role: &str) -> StaffBrowser<'_> {
        let email = self
            .seed_staff(&format!("{role}@whatsportal.example"), role)
            .await;
        let mut browser = self.browser();
        let response = browser.sign_in(&email, PASSWORD).await;
        assert_eq!(response.status(), 200, "sign-in as {role}");
        browser
    }
}

/// The staff cookie's names: development's, and production's host-only one.
const COOKIE_NAMES: [&str; 2] = ["wp_staff", "__Host-wp_staff"];
/// The vendor console's.
pub const CONSOLE_COOKIE_NAMES: [&str; 2] = ["wp_console", "__Host-wp_console"];

/// The value the response sets for the staff cookie, if it sets one.
pub fn set_cookie(response: &Response) -> Option<String> {
    set_cookie_of(response, COOKIE_NAMES)
}

/// The value the response sets for the cookie of one of `names`, if it sets one.
pub fn set_cookie_of(response: &Response, names: [&str; 2]) -> Option<String> {
    response
        .headers()
        .get_all(header::SET_COOKIE)
        .iter()
        .filter_map(|v| v.to_str().ok())
        .find(|v| names.iter().any(|name| v.starts_with(&format!("{name}="))))
        .map(str::to_owned)
}

/// The device cookie's value a response sets, if it sets one.
pub fn device_cookie(response: &Response) -> Option<String> {
    response
        .headers()
        .get_all(header::SET_COOKIE)
        .iter()
        .filter_map(|v| v.to_str().ok())
        .find_map(|v| v.strip_prefix("wp_staff_device="))
        .and_then(|rest| rest.split(';').next())
        .map(str::to_owned)
}

impl StaffBrowser<'_> {
    fn post(&self, path: &str) -> reqwest::RequestBuilder {
        let mut request = self
            .client
            .post(format!("{}{path}", self.app.address))
            .header(header::ORIGIN, &self.app.address)
            .header("sec-fetch-site", "same-origin");
        let mut cookies = Vec::new();
        if let Some(cookie) = &self.cookie {
            cookies.push(format!("{}={cookie}", self.cookie_name));
        }
        if let Some(device) = &self.device {
            cookies.push(format!("wp_staff_device={device}"));
        }
        if !cookies.is_empty() {
            request = request.header(header::COOKIE, cookies.join("; "));
        }
        if let Some(address) = &self.forwarded_for {
            request = request.header("x-forwarded-for", address);
        }
        request
    }

    /// Keeps the cookies a response sets (or clears), and the session cookie's name.
    fn keep_cookie(&mut self, response: &Response) {
        if let Some(device) = device_cookie(response) {
            self.device = Some(device);
        }
        if let Some(set) = set_cookie_of(response, self.names) {
            let (name, rest) = set.split_once('=').unwrap_or_default();
            let value = rest.split(';').next().unwrap_or_default();
            self.cookie_name = if name == self.names[1] {
                self.names[1]
            } else {
                self.names[0]
            };
            self.cookie = (!value.is_empty()).then(|| value.to_owned());
        }
    }

    /// Calls an admin server function as an enhanced page does.
    pub async fn call(&mut self, endpoint: &str, form: &[(&str, &str)]) -> Response {
        self.call_at(&format!("/api/admin/{endpoint}"), form).await
    }

    /// Calls a vendor console server function (`/api/console/…`) as a page does.
    pub async fn console_call(&mut self, endpoint: &str, form: &[(&str, &str)]) -> Response {
        self.call_at(&format!("/api/console/{endpoint}"), form)
            .await
    }

    async fn call_at(&mut self, path: &str, form: &[(&str, &str)]) -> Response {
        let response = self
            .post(path)
            .header(header::ACCEPT, "application/json")
            .form(form)
            .send()
            .await
            .unwrap();
        self.keep_cookie(&response);
        response
    }

    /// Posts a form as a browser without JavaScript does, from the page `referer`.
    pub async fn submit(
        &mut self,
        endpoint: &str,
        referer: &str,
        form: &[(&str, &str)],
    ) -> Response {
        let response = self
            .post(&format!("/api/admin/{endpoint}"))
            .header(header::ACCEPT, "text/html,application/xhtml+xml")
            .header(header::REFERER, format!("{}{referer}", self.app.address))
            .form(form)
            .send()
            .await
            .unwrap();
        self.keep_cookie(&response);
        response
    }

    pub async fn sign_in(&mut self, email: &str, password: &str) -> Response {
        self.call("sign-in", &[("email", email), ("password", password)])
            .await
    }

    /// Five wrong passwords for `email`, each refused as such (401): what puts the
    /// account, this browser and its address at the sign-in throttle's threshold.
    pub async fn fail_sign_in_five_times(&mut self, email: &str) {
        for _ in 0..5 {
            let response = self.sign_in(email, "guess guess guess").await;
            assert_eq!(response.status(), 401);
        }
    }

    /// Loads an admin page (server-rendered) and returns its status and HTML.
    pub async fn page(&self, path: &str) -> Response {
        let mut request = self
            .client
            .get(format!("{}{path}", self.app.address))
            .header(header::ACCEPT, "text/html");
        if let Some(cookie) = &self.cookie {
            request = request.header(header::COOKIE, format!("{}={cookie}", self.cookie_name));
        }
        request.send().await.unwrap()
    }

    /// Calls and expects success; returns the JSON answer.
    pub async fn ok(&mut self, endpoint: &str, form: &[(&str, &str)]) -> Value {
        let response = self.call(endpoint, form).await;
        let status = response.status();
        let body = response.text().await.unwrap();
        assert_eq!(status, 200, "{endpoint}: {body}");
        serde_json::from_str(&body).unwrap_or(Value::Null)
    }
}

/// Asserts a failed admin call: its status and the typed error's name.
pub async fn assert_admin_error(response: Response, status: u16, error: &str) -> Value {
    assert_eq!(response.status(), status);
    let body: Value = response.json().await.expect("a JSON error");
    let name = match &body {
        Value::String(name) => name.clone(),
        Value::Object(map) => map.keys().next().cloned().unwrap_or_default(),
        _ => String::new(),
    };
    assert_eq!(name, error, "{body}");
    body
}
