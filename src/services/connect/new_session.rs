//! Creating a connect session: the rules of `POST /api/vendor/sessions`.

use crate::model::Named;
use crate::services::{
    vendors::{api_auth::VendorKey, return_urls},
    ServiceError,
};
use crate::{
    db::{self, sessions::NewSession},
    domain::{ExternalId, Origin, Prefill, SessionState, SessionToken, WorkspaceName},
    i18n::Locale,
    model::IntegrationType,
};

/// How long a session token stays valid.
pub const SESSION_LIFETIME_MS: i64 = 10 * 60 * 1000;

/// The request as received: every field still unchecked. `None` means absent or null.
#[derive(Debug, Default, Clone)]
pub struct SessionRequest {
    pub workspace_name: Option<String>,
    pub external_id: Option<String>,
    pub origin: Option<String>,
    pub integration_type: Option<String>,
    pub state: Option<String>,
    pub locale: Option<String>,
    /// Whether the WhatsApp page offers to keep the WhatsApp Business app on the number;
    /// `None`: the vendor's default.
    pub coexistence: Option<bool>,
    /// Where a page with no window to post to sends the customer back: one of the
    /// vendor's registered return URLs.
    pub return_url: Option<String>,
    /// What Meta's dialog is pre-filled with (WhatsApp only), unchecked.
    pub prefill: Option<serde_json::Value>,
    /// The customer adds the number on the connect page: Meta's window shares only the
    /// account (WhatsApp only, not with coexistence).
    pub add_number_on_page: Option<bool>,
}

/// A created session: the raw token (handed out once, never stored) and where to open it.
#[derive(Debug)]
pub struct CreatedSession {
    /// The session's id, which the vendor reads its outcome by.
    pub id: String,
    pub token: SessionToken,
    pub connect_url: String,
    pub account_id: String,
    pub expires_at: i64,
}

/// The request once every field passed its rules.
struct ValidRequest {
    workspace_name: WorkspaceName,
    external_id: ExternalId,
    origin: Origin,
    integration_type: IntegrationType,
    state: Option<SessionState>,
    locale: Option<Locale>,
    /// `None`: the vendor's default. A Facebook Pages session never offers it.
    coexistence: Option<bool>,
    prefill: Option<Prefill>,
    number_on_page: bool,
}

/// The page's language: one of the tags the connect pages speak.
fn locale(raw: &str) -> Result<Locale, ServiceError> {
    Locale::parse(raw).ok_or_else(|| {
        let tags: Vec<&str> = Locale::ALL.iter().map(|l| l.tag()).collect();
        ServiceError::Invalid(format!("`locale` must be one of {}", tags.join(", ")))
    })
}

fn required<'a>(value: &'a Option<String>, field: &str) -> Result<&'a str, ServiceError> {
    value
        .as_deref()
        .ok_or_else(|| ServiceError::Invalid(format!("`{field}` is required")))
}

fn validate(request: &SessionRequest) -> Result<ValidRequest, ServiceError> {
    let integration_type = match request.integration_type.as_deref() {
        None => IntegrationType::WhatsApp,
        Some(raw) => IntegrationType::parse(raw)?,
    };
    let number_on_page = request.add_number_on_page == Some(true);
    let coexistence = match (integration_type, number_on_page, request.coexistence) {
        (IntegrationType::MetaPage, true, _) => {
            return Err(ServiceError::Invalid(
                "`addNumberOnPage` is for WhatsApp sessions only".into(),
            ))
        }
        (_, true, Some(true)) => {
            return Err(ServiceError::Invalid(
                "`addNumberOnPage` cannot be combined with `coexistence`: a WhatsApp Business app number is connected as it is".into(),
            ))
        }
        // Meta's window shares only the account: it offers no app onboarding either.
        (_, true, _) => Some(false),
        (IntegrationType::WhatsApp, false, asked) => asked,
        (IntegrationType::MetaPage, false, _) => Some(false),
    };
    Ok(ValidRequest {
        workspace_name: WorkspaceName::parse(required(
            &request.workspace_name,
            WorkspaceName::FIELD,
        )?)?,
        external_id: ExternalId::parse(required(&request.external_id, ExternalId::FIELD)?)?,
        origin: Origin::parse(required(&request.origin, Origin::FIELD)?)?,
        integration_type,
        state: request
            .state
            .as_deref()
            .map(SessionState::parse)
            .transpose()?,
        locale: request.locale.as_deref().map(locale).transpose()?,
        coexistence,
        prefill: match (&request.prefill, integration_type) {
            (None, _) => None,
            (Some(value), IntegrationType::WhatsApp) => Some(Prefill::parse(value)?),
            (Some(_), IntegrationType::MetaPage) => {
                return Err(ServiceError::Invalid(
                    "`prefill` is for WhatsApp sessions only".into(),
                ))
            }
        },
        number_on_page,
    })
}

/// The refusal of an origin the vendor has not allowed.
fn origin_not_allowed(origin: &Origin) -> ServiceError {
    ServiceError::Invalid(format!(
        "`origin` {} is not one of this vendor's allowed origins; ask WhatsPortal to register it",
        origin.as_str()
    ))
}

/// Checks a request by every rule of session creation without storing anything (a
/// setup link is checked so when it is made, and again at each opening); answers the
/// integration it is for.
pub async fn check(
    db: &db::Db,
    key: &VendorKey,
    request: &SessionRequest,
) -> Result<IntegrationType, ServiceError> {
    let valid = validate(request)?;
    if let Some(raw) = request.return_url.as_deref() {
        return_urls::registered(db, &key.vendor_id, raw).await?;
    }
    if !db::origins::is_allowed(db, &key.vendor_id, &valid.origin).await? {
        return Err(origin_not_allowed(&valid.origin));
    }
    Ok(valid.integration_type)
}

/// Validates the request and, if the origin is one of the vendor's allowed origins,
/// creates or renames the workspace for the externalId and stores a new single-use session.
#[tracing::instrument(level = "debug", skip_all, fields(vendor_id = %key.vendor_id))]
pub async fn create_session(
    db: &db::Db,
    key: &VendorKey,
    request: &SessionRequest,
) -> Result<CreatedSession, ServiceError> {
    create(db, key, request, None).await
}

/// The same for an opening of a setup link: the session records its link.
pub async fn create_for_link(
    db: &db::Db,
    key: &VendorKey,
    request: &SessionRequest,
    setup_link_id: &str,
) -> Result<CreatedSession, ServiceError> {
    create(db, key, request, Some(setup_link_id)).await
}

async fn create(
    db: &db::Db,
    key: &VendorKey,
    request: &SessionRequest,
    setup_link_id: Option<&str>,
) -> Result<CreatedSession, ServiceError> {
    let valid = validate(request)?;
    let return_url = match request.return_url.as_deref() {
        Some(raw) => Some(return_urls::registered(db, &key.vendor_id, raw).await?),
        None => None,
    };
    let prefill = valid.prefill.as_ref().map(Prefill::to_json);
    let token = SessionToken::generate();
    let created_at = db::now_ms();
    let expires_at = created_at + SESSION_LIFETIME_MS;
    let id = db::new_id("ses");
    let workspace = db::sessions::create_with_workspace(
        db,
        NewSession {
            id: &id,
            token_hash: &token.hash(),
            vendor_id: &key.vendor_id,
            api_key_id: &key.key_id,
            mode: key.mode,
            external_id: &valid.external_id,
            workspace_name: &valid.workspace_name,
            integration_type: valid.integration_type,
            origin: &valid.origin,
            state: valid.state.as_ref(),
            locale: valid.locale,
            coexistence: valid.coexistence,
            return_url: return_url.as_ref(),
            setup_link_id,
            prefill: prefill.as_deref(),
            number_on_page: valid.number_on_page,
            created_at,
            expires_at,
        },
    )
    .await?
    .ok_or_else(|| origin_not_allowed(&valid.origin))?;
    let connect_url = valid.integration_type.page_url(token.expose());
    crate::observe::record::session_created(key.mode.as_str(), valid.integration_type.as_str());
    Ok(CreatedSession {
        id,
        token,
        connect_url,
        account_id: workspace.account_id,
        expires_at,
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    fn request() -> SessionRequest {
        SessionRequest {
            workspace_name: Some("Acme Co".into()),
            external_id: Some("customer_123".into()),
            origin: Some("https://app.example.com".into()),
            integration_type: None,
            state: None,
            locale: None,
            coexistence: None,
            return_url: None,
            prefill: None,
            add_number_on_page: None,
        }
    }

    #[test]
    fn takes_a_supported_locale_and_names_the_supported_ones_otherwise() {
        let mut r = request();
        assert_eq!(validate(&r).unwrap().locale, None);
        r.locale = Some("pt-BR".into());
        assert_eq!(validate(&r).unwrap().locale, Some(Locale::PtBr));
        for wrong in ["", "pt", "klingon", "en-US"] {
            r.locale = Some(wrong.into());
            let Err(ServiceError::Invalid(message)) = validate(&r) else {
                panic!("{wrong:?} was accepted");
            };
            assert!(
                message.contains("`locale` must be one of en, es, pt-BR"),
                "{message}"
            );
        }
    }

    #[test]
    fn coexistence_is_the_vendors_default_unless_asked_and_never_for_pages() {
        let mut r = request();
        assert_eq!(validate(&r).unwrap().coexistence, None);
        r.coexistence = Some(true);
        assert_eq!(validate(&r).unwrap().coexistence, Some(true));
        r.integration_type = Some("meta_page".into());
        assert_eq!(validate(&r).unwrap().coexistence, Some(false));
    }

    #[test]
    fn defaults_to_whatsapp() {
        let valid = validate(&request()).unwrap();
        assert_eq!(valid.integration_type, IntegrationType::WhatsApp);
        assert!(valid.state.is_none());
    }

    #[test]
    fn names_each_missing_required_field() {
        for (field, clear) in [
            (
                "workspaceName",
                (|r: &mut SessionRequest| r.workspace_name = None) as fn(&mut SessionRequest),
            ),
            ("externalId", |r| r.external_id = None),
            ("origin", |r| r.origin = None),
        ] {
            let mut r = request();
            clear(&mut r);
            let Err(ServiceError::Invalid(message)) = validate(&r) else {
                panic!("{field} missing was accepted");
            };
            assert!(message.contains(field), "{message}");
        }
    }
}
