//! What a vendor already knows about its customer's business, passed to Meta's
//! Embedded Signup as pre-filled data (`extras.setup`, docs/meta.md "Pre-filled data"),
//! so the customer types less in Meta's dialog. The request's `prefill` uses Meta's own
//! names; every field is optional, every present one is checked, and an unknown one is
//! refused (a misspelt field would otherwise be dropped without a word).
//!
//! ```json
//! {"business": {"name", "email", "website", "phone": {"code": 1, "number": "5550100"},
//!               "address": {"streetAddress1", "city", "state", "zipPostal", "country"},
//!               "timezone": "UTC-08:00"},
//!  "phone": {"displayName", "category", "description"}}
//! ```

use serde_json::{Map, Value};

use super::{text::display_text, Invalid};

/// A checked prefill, in the shape of Meta's `extras.setup`.
#[derive(Debug, Clone, PartialEq)]
pub struct Prefill(Map<String, Value>);

/// The field's full name, for messages.
fn name(path: &str, field: &str) -> String {
    format!("{path}.{field}")
}

fn refuse(field: &str, why: &str) -> Invalid {
    Invalid::new(format!("`{field}` {why}"))
}

/// Takes `value` as an object whose fields are all among `known`.
fn object<'a>(
    path: &str,
    value: &'a Value,
    known: &[&str],
) -> Result<&'a Map<String, Value>, Invalid> {
    let map = value
        .as_object()
        .ok_or_else(|| refuse(path, "must be an object"))?;
    if let Some(unknown) = map.keys().find(|k| !known.contains(&k.as_str())) {
        return Err(refuse(
            &name(path, unknown),
            &format!("is not a field of `{path}` (known: {})", known.join(", ")),
        ));
    }
    Ok(map)
}

/// A rule a text must follow, and what the refusal says is expected.
type Rule<'a> = (fn(&str) -> bool, &'a str);

/// A present text field, checked by `display_text` and `rule` (`None`: absent or null).
fn text(
    path: &str,
    map: &Map<String, Value>,
    field: &str,
    max: usize,
    rule: Option<Rule<'_>>,
) -> Result<Option<Value>, Invalid> {
    let full = name(path, field);
    let raw = match map.get(field) {
        None | Some(Value::Null) => return Ok(None),
        Some(Value::String(raw)) => raw,
        Some(_) => return Err(refuse(&full, "must be a string")),
    };
    let text = display_text(&full, raw, max)?;
    if let Some((check, expected)) = rule {
        if !check(&text) {
            return Err(refuse(&full, expected));
        }
    }
    Ok(Some(Value::String(text)))
}

fn is_email(text: &str) -> bool {
    let Some((local, domain)) = text.split_once('@') else {
        return false;
    };
    !local.is_empty()
        && domain.contains('.')
        && !domain.starts_with('.')
        && !domain.ends_with('.')
        && !text.contains(char::is_whitespace)
        && !domain.contains('@')
}

fn is_website(text: &str) -> bool {
    url::Url::parse(text).is_ok_and(|url| {
        matches!(url.scheme(), "https" | "http")
            && url.host_str().is_some_and(|h| h.contains('.'))
            && url.username().is_empty()
            && url.password().is_none()
    })
}

fn is_digits(text: &str) -> bool {
    (4..=15).contains(&text.len()) && text.bytes().all(|b| b.is_ascii_digit())
}

fn is_country(text: &str) -> bool {
    text.len() == 2 && text.bytes().all(|b| b.is_ascii_uppercase())
}

/// `UTC`, or `UTC±HH:MM` from -12:00 to +14:00 in quarter hours.
fn is_timezone(text: &str) -> bool {
    let Some(offset) = text.strip_prefix("UTC") else {
        return false;
    };
    if offset.is_empty() {
        return true;
    }
    let (sign, rest) = offset.split_at(1);
    let Some((hours, minutes)) = rest.split_once(':') else {
        return false;
    };
    let (Ok(h), Ok(m)) = (hours.parse::<u8>(), minutes.parse::<u8>()) else {
        return false;
    };
    let in_range = match sign {
        "+" => h <= 14,
        "-" => h <= 12,
        _ => false,
    };
    in_range && hours.len() == 2 && minutes.len() == 2 && matches!(m, 0 | 15 | 30 | 45)
}

fn is_category(text: &str) -> bool {
    text.len() <= 64 && text.bytes().all(|b| b.is_ascii_uppercase() || b == b'_')
}

/// Copies the present fields into `out`.
fn keep(out: &mut Map<String, Value>, field: &str, value: Option<Value>) {
    if let Some(value) = value {
        out.insert(field.to_owned(), value);
    }
}

fn phone_number(path: &str, value: &Value) -> Result<Value, Invalid> {
    let map = object(path, value, &["code", "number"])?;
    let code = map
        .get("code")
        .and_then(Value::as_u64)
        .filter(|c| (1..=999).contains(c))
        .ok_or_else(|| {
            refuse(
                &name(path, "code"),
                "must be a country calling code, 1 to 999",
            )
        })?;
    let digits = "must be 4 to 15 digits";
    let number = text(path, map, "number", 15, Some((is_digits, digits)))?
        .ok_or_else(|| refuse(&name(path, "number"), digits))?;
    Ok(serde_json::json!({ "code": code, "number": number }))
}

fn address(path: &str, value: &Value) -> Result<Value, Invalid> {
    let fields = ["streetAddress1", "city", "state", "zipPostal", "country"];
    let map = object(path, value, &fields)?;
    let mut out = Map::new();
    for field in &fields[..4] {
        let max = if *field == "zipPostal" { 20 } else { 200 };
        keep(&mut out, field, text(path, map, field, max, None)?);
    }
    let country: Rule = (is_country, "must be an ISO 3166 two-letter code such as US");
    keep(
        &mut out,
        "country",
        text(path, map, "country", 2, Some(country))?,
    );
    Ok(Value::Object(out))
}

fn business(value: &Value) -> Result<Value, Invalid> {
    let path = "prefill.business";
    let fields = ["name", "email", "website", "phone", "address", "timezone"];
    let map = object(path, value, &fields)?;
    let mut out = Map::new();
    keep(&mut out, "name", text(path, map, "name", 100, None)?);
    let email: Rule = (is_email, "must be an e-mail address");
    keep(
        &mut out,
        "email",
        text(path, map, "email", 254, Some(email))?,
    );
    let website: Rule = (is_website, "must be an http or https URL");
    keep(
        &mut out,
        "website",
        text(path, map, "website", 2000, Some(website))?,
    );
    if let Some(phone) = map.get("phone").filter(|v| !v.is_null()) {
        out.insert("phone".into(), phone_number(&name(path, "phone"), phone)?);
    }
    if let Some(found) = map.get("address").filter(|v| !v.is_null()) {
        out.insert("address".into(), address(&name(path, "address"), found)?);
    }
    let timezone: Rule = (is_timezone, "must be UTC or an offset such as UTC-08:00");
    keep(
        &mut out,
        "timezone",
        text(path, map, "timezone", 9, Some(timezone))?,
    );
    Ok(Value::Object(out))
}

fn phone(value: &Value) -> Result<Value, Invalid> {
    let path = "prefill.phone";
    let map = object(path, value, &["displayName", "category", "description"])?;
    let mut out = Map::new();
    keep(
        &mut out,
        "displayName",
        text(path, map, "displayName", 100, None)?,
    );
    let category: Rule = (
        is_category,
        "must be one of Meta's categories, such as RETAIL",
    );
    keep(
        &mut out,
        "category",
        text(path, map, "category", 64, Some(category))?,
    );
    keep(
        &mut out,
        "description",
        text(path, map, "description", 512, None)?,
    );
    Ok(Value::Object(out))
}

impl Prefill {
    pub const FIELD: &'static str = "prefill";

    pub fn parse(value: &Value) -> Result<Self, Invalid> {
        let map = object(Self::FIELD, value, &["business", "phone"])?;
        let mut setup = Map::new();
        if let Some(found) = map.get("business").filter(|v| !v.is_null()) {
            setup.insert("business".into(), business(found)?);
        }
        if let Some(found) = map.get("phone").filter(|v| !v.is_null()) {
            setup.insert("phone".into(), phone(found)?);
        }
        Ok(Self(setup))
    }

    /// Rebuilds a prefill read back from storage, where only parsed values are kept.
    pub fn from_stored(stored: &str) -> Self {
        match serde_json::from_str(stored) {
            Ok(Value::Object(map)) => Self(map),
            _ => Self(Map::new()),
        }
    }

    /// As a JSON value (a setup link's request read back).
    pub fn to_value(&self) -> Value {
        Value::Object(self.0.clone())
    }

    /// As stored (and as Meta's `extras.setup` takes it).
    pub fn to_json(&self) -> String {
        Value::Object(self.0.clone()).to_string()
    }

    /// Meta's `extras.setup`: the prefill, and the workspace's WABA to offer again when
    /// it has one (a reconnection).
    pub fn setup(&self, existing_waba: Option<&str>) -> String {
        let mut setup = self.0.clone();
        if let Some(waba_id) = existing_waba {
            setup.insert(
                "whatsAppBusinessAccount".into(),
                serde_json::json!({ "ids": [waba_id] }),
            );
        }
        Value::Object(setup).to_string()
    }
}

#[cfg(test)]
mod tests {
    use serde_json::json;

    use super::*;

    #[test]
    fn a_full_prefill_is_kept_in_metas_shape() {
        let full = json!({
            "business": {
                "name": " Harbour Bakery ", "email": "owner@harbour.example",
                "website": "https://harbour.example", "phone": {"code": 1, "number": "5550100"},
                "address": {"streetAddress1": "1 Quay St", "city": "Hull", "state": "YK",
                            "zipPostal": "HU1 1AA", "country": "GB"},
                "timezone": "UTC+01:00"
            },
            "phone": {"displayName": "Harbour Bakery", "category": "RESTAURANT",
                      "description": "Fresh bread daily"}
        });
        let prefill = Prefill::parse(&full).unwrap();
        let mut expected = full.clone();
        expected["business"]["name"] = json!("Harbour Bakery");
        assert_eq!(
            serde_json::from_str::<Value>(&prefill.to_json()).unwrap(),
            expected
        );
        assert_eq!(Prefill::from_stored(&prefill.to_json()), prefill);
        let setup: Value = serde_json::from_str(&prefill.setup(Some("524126980791429"))).unwrap();
        assert_eq!(
            setup["whatsAppBusinessAccount"],
            json!({"ids": ["524126980791429"]})
        );
        assert_eq!(Prefill::parse(&json!({})).unwrap().setup(None), "{}");
    }

    #[test]
    fn each_bad_field_is_named() {
        let cases = [
            (json!([]), "`prefill` must be an object"),
            (json!({"busines": {}}), "`prefill.busines` is not a field"),
            (
                json!({"business": {"name": ""}}),
                "`prefill.business.name` must not be empty",
            ),
            (
                json!({"business": {"name": 7}}),
                "`prefill.business.name` must be a string",
            ),
            (
                json!({"business": {"email": "nobody"}}),
                "`prefill.business.email` must be an e-mail",
            ),
            (
                json!({"business": {"website": "ftp://x.example"}}),
                "`prefill.business.website` must be an http",
            ),
            (
                json!({"business": {"phone": {"code": 0, "number": "5550100"}}}),
                "`prefill.business.phone.code`",
            ),
            (
                json!({"business": {"phone": {"code": 1, "number": "55-01"}}}),
                "`prefill.business.phone.number` must be 4 to 15 digits",
            ),
            (
                json!({"business": {"address": {"country": "gb"}}}),
                "`prefill.business.address.country`",
            ),
            (
                json!({"business": {"address": {"zip": "1"}}}),
                "`prefill.business.address.zip` is not a field",
            ),
            (
                json!({"business": {"timezone": "UTC+15:00"}}),
                "`prefill.business.timezone`",
            ),
            (
                json!({"business": {"timezone": "PST"}}),
                "`prefill.business.timezone`",
            ),
            (
                json!({"phone": {"category": "retail"}}),
                "`prefill.phone.category`",
            ),
            (
                json!({"phone": {"displayName": "x".repeat(101)}}),
                "`prefill.phone.displayName` must be at most 100",
            ),
            (
                json!({"phone": {"description": "a\u{0}b"}}),
                "`prefill.phone.description` must not contain control",
            ),
        ];
        for (value, expected) in cases {
            let error = Prefill::parse(&value).unwrap_err().to_string();
            assert!(error.starts_with(expected), "{value}: {error}");
        }
    }

    #[test]
    fn timezones_are_meta_offsets() {
        for good in [
            "UTC",
            "UTC-08:00",
            "UTC+05:30",
            "UTC+14:00",
            "UTC-12:00",
            "UTC+05:45",
        ] {
            assert!(is_timezone(good), "{good}");
        }
        for bad in ["UTC+5:30", "UTC-13:00", "UTC+01:10", "GMT+01:00", "UTC+01"] {
            assert!(!is_timezone(bad), "{bad}");
        }
    }
}
