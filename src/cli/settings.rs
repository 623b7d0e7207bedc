//! The one place the server's settings are made from its flags and environment.

use std::time::Duration;

use super::args::{MetaArgs, ServeArgs};
use crate::config::{
    ConnectionLimits, DeliverySettings, Environment, MailSettings, MetaMode, MetaSettings,
    RequestLimits, Retention, Secret, Settings, ShutdownSettings,
};
use crate::domain::TrustedProxies;

/// Live mode takes the configured app; simulator mode the simulator's own.
fn meta_settings(args: MetaArgs, environment: Environment) -> MetaSettings {
    let default_mode = match environment {
        Environment::Development => MetaMode::Simulator,
        Environment::Production => MetaMode::Live,
    };
    let timeout = Duration::from_millis(args.meta_timeout_ms.max(1));
    match args.meta_mode.unwrap_or(default_mode) {
        MetaMode::Simulator => crate::config::simulated::meta_settings(timeout),
        MetaMode::Live => MetaSettings {
            mode: MetaMode::Live,
            app_id: args.meta_app_id,
            app_secret: args.meta_app_secret,
            config_id: args.meta_config_id,
            pages_config_id: args.meta_pages_config_id,
            api_version: args.meta_api_version,
            graph_url: args.meta_graph_url,
            sdk_url: args.meta_sdk_url,
            web_origin: args.meta_web_origin,
            return_url: args.meta_return_url,
            timeout,
            webhook_verify_token: args.meta_webhook_verify_token,
        },
    }
}

fn hours(hours: u64) -> Duration {
    Duration::from_secs(hours.saturating_mul(3600))
}

/// The proxies to believe. The old yes/no setting alone would have believed every
/// peer's `X-Forwarded-For`: it is refused with the setting that replaces it.
fn trusted_proxies(args: &ServeArgs) -> Result<TrustedProxies, String> {
    let hops = usize::try_from(args.proxy_hops).unwrap_or(1);
    let proxies = TrustedProxies::parse(&args.trusted_proxies, hops)
        .map_err(|why| format!("WHATSPORTAL_TRUSTED_PROXIES: {why}"))?;
    if args.trust_forwarded_for && proxies.is_empty() {
        return Err(
            "WHATSPORTAL_TRUST_FORWARDED_FOR is replaced by WHATSPORTAL_TRUSTED_PROXIES: list the \
             addresses or networks of the proxies in front of the server (e.g. 127.0.0.1), \
             whose X-Forwarded-For alone is believed"
                .into(),
        );
    }
    Ok(proxies)
}

/// The public URL as an origin (`scheme://host[:port]`), refused unless it is one.
/// E-mail for the console's links: both the server and the sender, or neither.
fn mail_settings(
    smtp_url: Option<Secret>,
    from: Option<String>,
) -> Result<Option<MailSettings>, String> {
    match (
        smtp_url.filter(|u| !u.is_empty()),
        from.filter(|f| !f.trim().is_empty()),
    ) {
        (None, None) => Ok(None),
        (Some(smtp_url), Some(from)) => Ok(Some(MailSettings { smtp_url, from })),
        _ => Err(
            "WHATSPORTAL_SMTP_URL and WHATSPORTAL_MAIL_FROM are set together, or neither".into(),
        ),
    }
}

fn public_url(raw: Option<&str>) -> Result<Option<String>, String> {
    let Some(raw) = raw.map(str::trim).filter(|r| !r.is_empty()) else {
        return Ok(None);
    };
    let refused = || {
        format!("WHATSPORTAL_PUBLIC_URL `{raw}` must be an http(s) origin such as https://connect.example.com")
    };
    let url = url::Url::parse(raw).map_err(|_| refused())?;
    let plain = matches!(url.scheme(), "http" | "https")
        && url.host_str().is_some()
        && url.path() == "/"
        && url.query().is_none()
        && url.fragment().is_none()
        && url.username().is_empty();
    if !plain {
        return Err(refused());
    }
    Ok(Some(url.origin().ascii_serialization()))
}

impl ServeArgs {
    /// The settings these arguments ask for, on `database_url`; what is malformed is
    /// named.
    pub fn into_settings(
        self,
        database_url: String,
        environment: Environment,
    ) -> Result<Settings, String> {
        let development = environment == Environment::Development;
        let trusted_proxies = trusted_proxies(&self)?;
        Ok(Settings {
            environment,
            database_url,
            database_max_connections: self.database_max_connections,
            addr: self.addr,
            site_root: self.site_root,
            data_dir: self.data_dir,
            retention: Retention {
                sessions: hours(self.session_retention_hours),
                audit_log: hours(self.audit_retention_days.saturating_mul(24)),
                failed_sign_ins: hours(self.failed_sign_in_retention_days.saturating_mul(24)),
                webhook_deliveries: hours(self.webhook_retention_days.saturating_mul(24)),
                pending_page_tokens: Duration::from_secs(
                    self.pending_page_token_retention_minutes.saturating_mul(60),
                ),
            },
            allow_simulator_in_production: self.meta.meta_allow_simulator_in_production,
            meta: meta_settings(self.meta, environment),
            encryption_keys: self.encryption_keys,
            trusted_proxies,
            api_rate_limit_per_minute: self.api_rate_limit_per_minute,
            allow_network_in_development: self.allow_network_in_development,
            webhooks: DeliverySettings::standard(development),
            shutdown: ShutdownSettings {
                drain: Duration::from_secs(self.drain_seconds),
                grace: Duration::from_secs(self.shutdown_grace_seconds),
            },
            metrics_addr: self.metrics_addr,
            public_url: public_url(self.public_url.as_deref())?,
            mail: mail_settings(self.smtp_url, self.mail_from)?,
            connection_limits: ConnectionLimits {
                header_read: Duration::from_secs(self.header_read_timeout_seconds),
                max_connections: usize::try_from(self.max_connections).unwrap_or(usize::MAX),
            },
            request_limits: RequestLimits {
                body: Duration::from_secs(self.body_timeout_seconds),
                request: Duration::from_secs(self.request_timeout_seconds),
            },
        })
    }
}

#[cfg(test)]
mod tests {
    use super::mail_settings;
    use crate::config::Secret;

    #[test]
    fn mail_takes_both_a_server_and_a_sender_or_neither() {
        assert!(mail_settings(None, None).unwrap().is_none());
        assert!(mail_settings(Some(Secret::new("")), Some(" ".into()))
            .unwrap()
            .is_none());
        let both = mail_settings(
            Some(Secret::new("smtps://u:p@smtp.example.com")),
            Some("a@b.example".into()),
        )
        .unwrap()
        .unwrap();
        assert_eq!(both.from, "a@b.example");
        for (url, from) in [
            (Some(Secret::new("smtps://u:p@smtp.example.com")), None),
            (None, Some("a@b.example".to_owned())),
        ] {
            let error = mail_settings(url, from).unwrap_err();
            assert!(error.contains("together"), "{error}");
        }
    }
}
