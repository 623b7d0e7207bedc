//! A phone number the customer adds on the connect page, as Meta's
//! `POST {waba_id}/phone_numbers` takes it (`cc`, `phone_number`, `verified_name`), the
//! way its code is sent, and the code itself.

use super::Invalid;

/// The longest international number (E.164): 15 digits with the country code.
const MAX_DIGITS: usize = 15;

/// A number and the display name it is added with.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct NewNumber {
    country_code: String,
    number: String,
    display_name: String,
}

/// The digits of what a person typed, when it holds nothing but digits and the
/// separators people write numbers with (spaces, dashes, dots, brackets).
fn digits(raw: &str) -> Option<String> {
    let kept: String = raw
        .chars()
        .filter(|c| !matches!(c, ' ' | '-' | '.' | '(' | ')' | '\u{a0}'))
        .collect();
    (!kept.is_empty() && kept.bytes().all(|b| b.is_ascii_digit())).then_some(kept)
}

impl NewNumber {
    /// The country code (1 to 3 digits, a leading `+` allowed), the number without it
    /// (4 or more digits, 15 at most with the country code), and a display name of 3 to
    /// 100 characters without control characters.
    pub fn parse(country_code: &str, number: &str, display_name: &str) -> Result<Self, Invalid> {
        let cc = country_code.trim().trim_start_matches('+');
        let country_code = digits(cc)
            .filter(|d| (1..=3).contains(&d.len()) && !d.starts_with('0'))
            .ok_or_else(|| {
                Invalid::new("countryCode must be 1 to 3 digits, not starting with 0.")
            })?;
        let number = digits(number)
            .filter(|d| d.len() >= 4 && country_code.len() + d.len() <= MAX_DIGITS)
            .ok_or_else(|| {
                Invalid::new("phoneNumber must be the number's digits without the country code (15 digits at most with it).")
            })?;
        let display_name = display_name.trim();
        let length = display_name.chars().count();
        if !(3..=100).contains(&length) || display_name.chars().any(char::is_control) {
            return Err(Invalid::new(
                "displayName must be 3 to 100 characters, without control characters.",
            ));
        }
        Ok(Self {
            country_code,
            number,
            display_name: display_name.to_owned(),
        })
    }

    pub fn country_code(&self) -> &str {
        &self.country_code
    }

    pub fn number(&self) -> &str {
        &self.number
    }

    pub fn display_name(&self) -> &str {
        &self.display_name
    }

    /// How the page shows it: `+{country code} {number}`.
    pub fn display(&self) -> String {
        format!("+{} {}", self.country_code, self.number)
    }
}

/// How Meta sends the number its code.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum CodeMethod {
    Sms,
    Voice,
}

impl CodeMethod {
    /// `SMS` or `VOICE`, in any case.
    pub fn parse(raw: &str) -> Result<Self, Invalid> {
        match raw.trim().to_ascii_uppercase().as_str() {
            "SMS" => Ok(Self::Sms),
            "VOICE" => Ok(Self::Voice),
            _ => Err(Invalid::new("method must be SMS or VOICE.")),
        }
    }

    /// Meta's `code_method`.
    pub fn as_str(self) -> &'static str {
        match self {
            Self::Sms => "SMS",
            Self::Voice => "VOICE",
        }
    }
}

/// The code Meta sent: six digits (spaces and dashes people type are dropped).
#[derive(Clone, PartialEq, Eq)]
pub struct VerificationCode(String);

impl std::fmt::Debug for VerificationCode {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str("VerificationCode(redacted)")
    }
}

impl VerificationCode {
    pub fn parse(raw: &str) -> Result<Self, Invalid> {
        digits(raw)
            .filter(|d| d.len() == 6)
            .map(Self)
            .ok_or_else(|| Invalid::new("The code is 6 digits."))
    }

    pub fn expose(&self) -> &str {
        &self.0
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_number_is_kept_as_meta_takes_it() {
        let number = NewNumber::parse(" +44 ", "(020) 7946-0958", "  Corner Café ").unwrap();
        assert_eq!(number.country_code(), "44");
        assert_eq!(number.number(), "02079460958");
        assert_eq!(number.display_name(), "Corner Café");
        assert_eq!(number.display(), "+44 02079460958");
    }

    #[test]
    fn numbers_and_names_outside_the_rules_are_refused() {
        for (cc, number, name) in [
            ("", "5550100", "Corner Café"),
            ("0", "5550100", "Corner Café"),
            ("1234", "5550100", "Corner Café"),
            ("1", "555", "Corner Café"),
            ("1", "555-0100-ext", "Corner Café"),
            ("1", "1234567890123456", "Corner Café"),
            ("1", "5550100", "Co"),
            ("1", "5550100", &"x".repeat(101)),
            ("1", "5550100", "Corner\u{0}Café"),
        ] {
            assert!(
                NewNumber::parse(cc, number, name).is_err(),
                "{cc} {number} {name}"
            );
        }
    }

    #[test]
    fn methods_and_codes() {
        assert_eq!(CodeMethod::parse("sms"), Ok(CodeMethod::Sms));
        assert_eq!(CodeMethod::parse("VOICE"), Ok(CodeMethod::Voice));
        assert!(CodeMethod::parse("email").is_err());
        assert_eq!(
            VerificationCode::parse("123 456").unwrap().expose(),
            "123456"
        );
        assert!(VerificationCode::parse("12345").is_err());
        assert!(VerificationCode::parse("12345a").is_err());
        assert_eq!(
            format!("{:?}", VerificationCode::parse("123456").unwrap()),
            "VerificationCode(redacted)"
        );
    }
}
