//! E-mailing the console's links (invitations, resets) when the server has an SMTP
//! server configured, through `lettre`. The link is still shown once to whoever made
//! it: the e-mail saves them sending it, and a failed e-mail loses nothing.

use lettre::{
    message::{header::ContentType, Mailbox},
    AsyncSmtpTransport, AsyncTransport, Message, Tokio1Executor,
};

use crate::config::MailSettings;

/// The configured SMTP server and sender.
#[derive(Clone)]
pub struct Mailer {
    transport: AsyncSmtpTransport<Tokio1Executor>,
    from: Mailbox,
}

impl std::fmt::Debug for Mailer {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        // The transport holds the SMTP password.
        f.debug_struct("Mailer").field("from", &self.from).finish()
    }
}

impl Mailer {
    /// The mailer of `settings`; an error names what is wrong with them (never the
    /// password).
    pub fn new(settings: &MailSettings) -> Result<Self, String> {
        let from = settings.from.parse::<Mailbox>().map_err(|_| {
            format!(
                "WHATSPORTAL_MAIL_FROM `{}` is not an address",
                settings.from
            )
        })?;
        let transport = AsyncSmtpTransport::<Tokio1Executor>::from_url(settings.smtp_url.expose())
            .map_err(|_| "WHATSPORTAL_SMTP_URL is not an smtp:// or smtps:// URL".to_owned())?
            .timeout(Some(std::time::Duration::from_secs(10)))
            .build();
        Ok(Self { transport, from })
    }
}

/// What a link e-mail says.
#[derive(Debug, Clone, Copy)]
pub struct LinkMail<'a> {
    pub to: &'a str,
    pub vendor_name: &'a str,
    /// The link's absolute address.
    pub link: &'a str,
    pub is_reset: bool,
}

fn body(mail: &LinkMail<'_>) -> (String, String) {
    let vendor = mail.vendor_name;
    if mail.is_reset {
        (
            format!("Set a new password for the {vendor} console on WhatsPortal"),
            format!(
                "Someone on your team, or WhatsPortal staff, made you a link to set a new \
                 password and authenticator app for the {vendor} console on WhatsPortal:\n\n{}\n\n\
                 It works once, for 72 hours. If you did not expect it, tell your team's owner.\n",
                mail.link
            ),
        )
    } else {
        (
            format!("You are invited to the {vendor} console on WhatsPortal"),
            format!(
                "You are invited to run {vendor}'s WhatsApp and Facebook Pages integration on \
                 WhatsPortal. Open this link to choose a password and add an authenticator app:\n\n\
                 {}\n\nIt works once, for 72 hours.\n",
                mail.link
            ),
        )
    }
}

/// Sends the link; an error is a short text for the person who made it (the server's
/// own message goes to the log).
pub async fn send_link(mailer: &Mailer, mail: LinkMail<'_>) -> Result<(), &'static str> {
    let to = mail
        .to
        .parse::<Mailbox>()
        .map_err(|_| "the address was refused")?;
    let (subject, text) = body(&mail);
    let message = Message::builder()
        .from(mailer.from.clone())
        .to(to)
        .subject(subject)
        .header(ContentType::TEXT_PLAIN)
        .body(text)
        .map_err(|_| "the e-mail could not be made")?;
    mailer.transport.send(message).await.map_err(|e| {
        tracing::warn!(error = %e, "an invitation e-mail was not sent");
        "the mail server did not take it"
    })?;
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_link_is_in_the_mail_and_settings_are_checked() {
        let mail = LinkMail {
            to: "a@b.example",
            vendor_name: "Acme",
            link: "https://connect.example.com/console/invitation?token=abc",
            is_reset: false,
        };
        let (subject, text) = body(&mail);
        assert!(subject.contains("Acme") && text.contains(mail.link));
        let (subject, _) = body(&LinkMail {
            is_reset: true,
            ..mail
        });
        assert!(subject.starts_with("Set a new password"));
        let settings = |url: &str, from: &str| MailSettings {
            smtp_url: crate::config::Secret::new(url),
            from: from.into(),
        };
        assert!(Mailer::new(&settings(
            "smtps://u:p@smtp.example.com",
            "WP <no-reply@x.example>"
        ))
        .is_ok());
        let bad_from =
            Mailer::new(&settings("smtps://u:p@smtp.example.com", "nobody")).unwrap_err();
        assert!(bad_from.contains("MAIL_FROM"));
        let bad_url = Mailer::new(&settings("http://u:secret@x", "a@b.example")).unwrap_err();
        assert!(!bad_url.contains("secret"), "{bad_url}");
    }
}
