//! Meta's signup events as the page relays them: checked (ids are decimal digits,
//! texts bounded) before anything is kept, then recorded on the session for the
//! admin funnel and for support, and a finish's ids kept for the signup.

use serde_json::json;

use crate::{
    db::{self, session_claims::ConnectSession, whatsapp_signups},
    domain::{AttemptId, Invalid, MetaId},
    model::{connect::ConnectError, whatsapp::SignupReport},
};

/// A report whose every field passed its rule.
#[derive(Debug)]
pub enum CheckedReport {
    Finished {
        event: String,
        waba_id: Option<MetaId>,
        phone_number_id: Option<MetaId>,
        business_id: Option<MetaId>,
    },
    Stopped {
        /// `CANCEL` or `ERROR`.
        event: &'static str,
        current_step: Option<String>,
        /// What the customer reported or Meta said, as JSON, for support.
        error: Option<String>,
    },
}

impl CheckedReport {
    /// A finish that names a WABA: something to advance with.
    pub fn is_finish(&self) -> bool {
        matches!(
            self,
            Self::Finished {
                waba_id: Some(_),
                ..
            }
        )
    }
}

/// Meta's event and step names: upper-case letters, digits and `_`.
fn name(field: &str, raw: &str) -> Result<String, Invalid> {
    if raw.is_empty()
        || raw.len() > 64
        || !raw
            .bytes()
            .all(|b| b.is_ascii_uppercase() || b.is_ascii_digit() || b == b'_')
    {
        return Err(Invalid::new(format!(
            "`{field}` is not an Embedded Signup name"
        )));
    }
    Ok(raw.to_owned())
}

/// Meta sends empty strings for ids it does not name (`FINISH_GRANT_ONLY_API_ACCESS`).
fn id(field: &str, raw: Option<&str>) -> Result<Option<MetaId>, Invalid> {
    raw.filter(|r| !r.is_empty())
        .map(|r| MetaId::parse(field, r))
        .transpose()
}

/// Free text for support: at most `max` characters, no control characters.
fn text(field: &str, raw: Option<&str>, max: usize) -> Result<Option<String>, Invalid> {
    match raw.filter(|r| !r.is_empty()) {
        None => Ok(None),
        Some(r) if r.chars().count() <= max && !r.chars().any(char::is_control) => {
            Ok(Some(r.to_owned()))
        }
        Some(_) => Err(Invalid::new(format!(
            "`{field}` must be at most {max} characters without control characters"
        ))),
    }
}

fn stopped(
    event: &'static str,
    current_step: Option<&str>,
    error_code: Option<&str>,
    error_message: Option<&str>,
    meta_session_id: Option<&str>,
) -> Result<CheckedReport, Invalid> {
    let current_step = current_step
        .filter(|s| !s.is_empty())
        .map(|s| name("current_step", s))
        .transpose()?;
    let code = text("error_code", error_code, 32)?;
    let message = text("error_message", error_message, 500)?;
    let meta_session = text("meta_session_id", meta_session_id, 64)?;
    let error = (code.is_some() || message.is_some() || meta_session.is_some()).then(|| {
        json!({ "error_code": code, "error_message": message, "session_id": meta_session })
            .to_string()
    });
    Ok(CheckedReport::Stopped {
        event,
        current_step,
        error,
    })
}

/// Checks every field of a report.
pub fn validate_report(report: &SignupReport) -> Result<CheckedReport, Invalid> {
    match report {
        SignupReport::Finished {
            event,
            waba_id,
            phone_number_id,
            business_id,
        } => {
            let event = name("event", event)?;
            if !(event == "FINISH" || event.starts_with("FINISH_")) {
                return Err(Invalid::new("`event` is not a finish"));
            }
            let waba_id = id("waba_id", waba_id.as_deref())?;
            let phone_number_id = id("phone_number_id", phone_number_id.as_deref())?;
            if waba_id.is_none() && phone_number_id.is_some() {
                return Err(Invalid::new("a phone number needs its `waba_id`"));
            }
            Ok(CheckedReport::Finished {
                event,
                waba_id,
                phone_number_id,
                business_id: id("business_id", business_id.as_deref())?,
            })
        }
        SignupReport::Cancelled {
            current_step,
            error_code,
            error_message,
            meta_session_id,
        } => stopped(
            "CANCEL",
            current_step.as_deref(),
            error_code.as_deref(),
            error_message.as_deref(),
            meta_session_id.as_deref(),
        ),
        SignupReport::Failed {
            error_code,
            error_message,
            meta_session_id,
        } => stopped(
            "ERROR",
            None,
            error_code.as_deref(),
            error_message.as_deref(),
            meta_session_id.as_deref(),
        ),
    }
}

/// Records the report on the session; a finish naming a WABA is kept for the signup.
pub async fn record(
    db: &db::Db,
    session: &ConnectSession,
    attempt: &AttemptId,
    report: &CheckedReport,
) -> Result<(), ConnectError> {
    let recorded = match report {
        // The event's business id is checked like every id but not kept: nothing of
        // Meta's confirms it (the business token reads the WABA, not its owner).
        CheckedReport::Finished {
            event,
            waba_id,
            phone_number_id,
            business_id: _,
        } => {
            if let Some(waba_id) = waba_id {
                let kept = whatsapp_signups::SignupEvent {
                    event,
                    waba_id: waba_id.as_str(),
                    phone_number_id: phone_number_id.as_ref().map(MetaId::as_str),
                };
                whatsapp_signups::keep_event(db, &session.id, attempt.as_str(), &kept).await?;
            }
            db::session_claims::record_meta_event(db, &session.id, event, None, None).await
        }
        CheckedReport::Stopped {
            event,
            current_step,
            error,
        } => {
            db::session_claims::record_meta_event(
                db,
                &session.id,
                event,
                current_step.as_deref(),
                error.as_deref(),
            )
            .await
        }
    };
    Ok(recorded?)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn finish(event: &str, waba: Option<&str>, phone: Option<&str>) -> SignupReport {
        SignupReport::Finished {
            event: event.into(),
            waba_id: waba.map(str::to_owned),
            phone_number_id: phone.map(str::to_owned),
            business_id: Some("2729063490586005".into()),
        }
    }

    #[test]
    fn finishes_need_digit_ids() {
        let ok = validate_report(&finish(
            "FINISH",
            Some("524126980791429"),
            Some("106540352242922"),
        ));
        assert!(ok.unwrap().is_finish());
        let only_waba = validate_report(&finish("FINISH_ONLY_WABA", Some("524126980791429"), None));
        assert!(only_waba.unwrap().is_finish());
        let grant_only =
            validate_report(&finish("FINISH_GRANT_ONLY_API_ACCESS", Some(""), Some("")));
        assert!(!grant_only.unwrap().is_finish());
        for bad in [
            finish("FINISH", Some("930000000000001#<img src=x>"), None),
            finish("FINISH", Some("1"), Some("2 OR 1=1")),
            finish("FINISH", None, Some("106540352242922")),
            finish("finish", Some("1"), None),
            finish("CANCEL", Some("1"), None),
        ] {
            assert!(validate_report(&bad).is_err(), "{bad:?}");
        }
    }

    #[test]
    fn cancels_keep_the_step_and_the_reported_error() {
        let step = validate_report(&SignupReport::Cancelled {
            current_step: Some("PHONE_NUMBER_SETUP".into()),
            error_code: None,
            error_message: None,
            meta_session_id: None,
        })
        .unwrap();
        assert!(
            matches!(step, CheckedReport::Stopped { event: "CANCEL", current_step: Some(ref s), error: None } if s == "PHONE_NUMBER_SETUP")
        );
        let reported = validate_report(&SignupReport::Cancelled {
            current_step: None,
            error_code: Some("524126".into()),
            error_message: Some("Your verified name violates WhatsApp guidelines.".into()),
            meta_session_id: Some("f34b51dab5e0498".into()),
        })
        .unwrap();
        let CheckedReport::Stopped {
            error: Some(error), ..
        } = reported
        else {
            panic!("no error kept");
        };
        assert!(error.contains("524126") && error.contains("f34b51dab5e0498"));
        let control = SignupReport::Failed {
            error_code: None,
            error_message: Some("bad\u{0}text".into()),
            meta_session_id: None,
        };
        assert!(validate_report(&control).is_err());
        let long = SignupReport::Failed {
            error_code: None,
            error_message: Some("x".repeat(501)),
            meta_session_id: None,
        };
        assert!(validate_report(&long).is_err());
    }
}
