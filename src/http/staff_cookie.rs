//! The signed-in cookies: the staff session (`__Host-wp_staff` in production: the `__Host-` prefix
//! makes the browser keep it only for this host, over HTTPS, on every path; `wp_staff`
//! in plain-HTTP development), and the device cookie a successful sign-in leaves, which
//! lets that browser past the per-account ceiling of failed sign-ins; and the vendor
//! console's session (`__Host-wp_console`, `wp_console`), with the same attributes.

use axum::http::{header, HeaderMap};

use crate::config::Environment;

#[derive(Debug, Clone, Copy)]
pub struct StaffCookie {
    pub name: &'static str,
    attributes: &'static str,
}

impl StaffCookie {
    pub fn for_environment(environment: Environment) -> Self {
        Self::named(environment, "__Host-wp_staff", "wp_staff")
    }

    /// The vendor console's session cookie: the same rules, another name.
    pub fn console_for_environment(environment: Environment) -> Self {
        Self::named(environment, "__Host-wp_console", "wp_console")
    }

    /// The device cookie: a browser where this staff member signed in before.
    pub fn device_for_environment(environment: Environment) -> Self {
        Self::named(environment, "__Host-wp_staff_device", "wp_staff_device")
    }

    /// Production's cookies are `__Host-` and `Secure`; development serves plain HTTP.
    fn named(
        environment: Environment,
        production: &'static str,
        development: &'static str,
    ) -> Self {
        match environment {
            Environment::Production => Self {
                name: production,
                attributes: "Path=/; HttpOnly; SameSite=Strict; Secure",
            },
            Environment::Development => Self {
                name: development,
                attributes: "Path=/; HttpOnly; SameSite=Strict",
            },
        }
    }

    /// The cookie's value in a request's headers.
    pub fn read(&self, headers: &HeaderMap) -> Option<String> {
        headers
            .get_all(header::COOKIE)
            .iter()
            .filter_map(|v| v.to_str().ok())
            .flat_map(|v| v.split(';'))
            .filter_map(|pair| pair.trim().split_once('='))
            .find(|(name, _)| *name == self.name)
            .map(|(_, value)| value.to_owned())
    }

    /// A `Set-Cookie` value keeping `value` for `max_age_s` seconds.
    pub fn set(&self, value: &str, max_age_s: i64) -> String {
        format!(
            "{}={value}; Max-Age={max_age_s}; {}",
            self.name, self.attributes
        )
    }

    /// A `Set-Cookie` value removing the cookie.
    pub fn clear(&self) -> String {
        format!("{}=; Max-Age=0; {}", self.name, self.attributes)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn production_uses_a_host_only_secure_cookie() {
        let production = StaffCookie::for_environment(Environment::Production);
        let set = production.set("abc", 60);
        assert!(set.starts_with("__Host-wp_staff=abc;"));
        assert!(set.contains("Secure") && set.contains("Path=/") && !set.contains("Domain"));
        let mut headers = HeaderMap::new();
        headers.insert(header::COOKIE, "a=1; __Host-wp_staff=xyz".parse().unwrap());
        assert_eq!(production.read(&headers).as_deref(), Some("xyz"));
        let development = StaffCookie::for_environment(Environment::Development);
        assert_eq!(development.read(&headers), None);
        assert!(!development.set("abc", 60).contains("Secure"));
    }
}
