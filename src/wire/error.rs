//! A connect call's failure, as the server's answer carries it.

use super::{field, variant, FromJson, JsonValue};
use crate::model::connect::ConnectError;

impl FromJson for ConnectError {
    fn from_json<V: JsonValue>(value: &V) -> Option<Self> {
        let (name, data) = variant(value)?;
        let Some(data) = data else {
            return unit_variant(&name);
        };
        match name.as_str() {
            "RateLimited" => Some(Self::RateLimited {
                minutes: match data.field("minutes") {
                    None => None,
                    Some(minutes) => Some(whole_number(minutes.number()?)?),
                },
            }),
            "PageNotAvailable" => Some(Self::PageNotAvailable(data.text()?)),
            "PageFailed" => Some(Self::PageFailed {
                page: field(&data, "page")?,
                reason: Box::new(Self::from_json(&data.field("reason")?)?),
            }),
            "AfterSignup" => Some(Self::AfterSignup(Box::new(Self::from_json(&data)?))),
            "Transport" => Some(Self::Transport(data.text()?)),
            _ => None,
        }
    }
}

/// A count of minutes, if `number` is one.
fn whole_number(number: f64) -> Option<u32> {
    (number >= 0.0 && number <= f64::from(u32::MAX) && number.fract() == 0.0)
        .then_some(number as u32)
}

fn unit_variant(name: &str) -> Option<ConnectError> {
    use ConnectError::*;
    Some(match name {
        "UnknownSession" => UnknownSession,
        "Expired" => Expired,
        "AlreadyUsed" => AlreadyUsed,
        "VendorInactive" => VendorInactive,
        "Busy" => Busy,
        "OtherBrowser" => OtherBrowser,
        "TooManyAttempts" => TooManyAttempts,
        "NotStarted" => NotStarted,
        "CodeRejected" => CodeRejected,
        "ForeignToken" => ForeignToken,
        "TokenInvalid" => TokenInvalid,
        "PhoneNumberRequired" => PhoneNumberRequired,
        "NotGranted" => NotGranted,
        "NumberNotOnWaba" => NumberNotOnWaba,
        "NumberNotNamed" => NumberNotNamed,
        "NumberNeedsVerification" => NumberNeedsVerification,
        "RegisterBlocked" => RegisterBlocked,
        "InvalidPin" => InvalidPin,
        "InvalidNumber" => InvalidNumber,
        "NumberRefused" => NumberRefused,
        "CodeMismatch" => CodeMismatch,
        "CodeLimited" => CodeLimited,
        "MetaUnavailable" => MetaUnavailable,
        "MetaRejected" => MetaRejected,
        "NoPagesSelected" => NoPagesSelected,
        "BadRequest" => BadRequest,
        "Internal" => Internal,
        "Unavailable" => Unavailable,
        _ => return None,
    })
}
