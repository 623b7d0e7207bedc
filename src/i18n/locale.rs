//! The languages of the connect pages, and choosing one.

use serde::{Deserialize, Serialize};

/// A language the connect pages speak.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default, Serialize, Deserialize)]
pub enum Locale {
    #[default]
    En,
    Es,
    PtBr,
    Id,
    Hi,
    Fr,
    De,
    Ar,
}

impl Locale {
    pub const ALL: [Locale; 8] = [
        Self::En,
        Self::Es,
        Self::PtBr,
        Self::Id,
        Self::Hi,
        Self::Fr,
        Self::De,
        Self::Ar,
    ];

    /// Its BCP 47 tag: the value of `locale` in the session API and of `lang` in the page.
    pub fn tag(self) -> &'static str {
        match self {
            Self::En => "en",
            Self::Es => "es",
            Self::PtBr => "pt-BR",
            Self::Id => "id",
            Self::Hi => "hi",
            Self::Fr => "fr",
            Self::De => "de",
            Self::Ar => "ar",
        }
    }

    /// Written right to left.
    pub fn is_rtl(self) -> bool {
        self == Self::Ar
    }

    /// The text direction, for the page's `dir`.
    pub fn dir(self) -> &'static str {
        if self.is_rtl() {
            "rtl"
        } else {
            "ltr"
        }
    }

    /// The locale of Meta's JavaScript SDK (the path segment of its URL).
    pub fn facebook(self) -> &'static str {
        match self {
            Self::En => "en_US",
            Self::Es => "es_LA",
            Self::PtBr => "pt_BR",
            Self::Id => "id_ID",
            Self::Hi => "hi_IN",
            Self::Fr => "fr_FR",
            Self::De => "de_DE",
            Self::Ar => "ar_AR",
        }
    }

    /// Exactly one of the tags, as the API documents them.
    pub fn parse(tag: &str) -> Option<Self> {
        Self::ALL.into_iter().find(|locale| locale.tag() == tag)
    }

    /// The language a browser tag asks for: the same tag, or the same language in
    /// another region (`pt-PT` and `pt` get Brazilian Portuguese, `es-MX` Spanish).
    fn matching(tag: &str) -> Option<Self> {
        let language = tag.split(['-', '_']).next().unwrap_or_default();
        Self::ALL.into_iter().find(|locale| {
            let ours = locale.tag();
            ours.eq_ignore_ascii_case(tag)
                || ours
                    .split('-')
                    .next()
                    .is_some_and(|l| l.eq_ignore_ascii_case(language))
        })
    }

    /// The best language for an `Accept-Language` header: the highest `q` the pages
    /// speak (the first listed among equals); English when none.
    pub fn negotiate(accept_language: &str) -> Self {
        let mut best: Option<(u16, Self)> = None;
        for item in accept_language.split(',').take(32) {
            let mut parts = item.split(';');
            let tag = parts.next().unwrap_or_default().trim();
            let quality = parts
                .find_map(|p| p.trim().strip_prefix("q="))
                .map_or(Some(1000), parse_quality);
            let (Some(quality), Some(locale)) = (quality, Self::matching(tag)) else {
                continue;
            };
            if quality > 0 && best.is_none_or(|(q, _)| quality > q) {
                best = Some((quality, locale));
            }
        }
        best.map(|(_, locale)| locale).unwrap_or_default()
    }
}

/// A `q` value in thousandths (`0.8` is 800); `None` when malformed.
fn parse_quality(value: &str) -> Option<u16> {
    let value = value.trim();
    let (whole, fraction) = value.split_once('.').unwrap_or((value, ""));
    if fraction.len() > 3 || !fraction.bytes().all(|b| b.is_ascii_digit()) {
        return None;
    }
    let thousandths = fraction.bytes().chain(std::iter::repeat(b'0')).take(3);
    let fraction = thousandths.fold(0u16, |n, b| n * 10 + u16::from(b - b'0'));
    match whole {
        "0" => Some(fraction),
        "1" if fraction == 0 => Some(1000),
        _ => None,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_api_takes_exactly_the_documented_tags() {
        for locale in Locale::ALL {
            assert_eq!(Locale::parse(locale.tag()), Some(locale));
        }
        for wrong in [
            "", "pt", "PT-br", "EN", "es-MX", "english", "en ", "zz", "ar-",
        ] {
            assert_eq!(Locale::parse(wrong), None, "{wrong:?}");
        }
    }

    #[test]
    fn browsers_get_their_best_language() {
        let cases = [
            ("pt-BR,pt;q=0.9,en-US;q=0.8", Locale::PtBr),
            ("pt-PT", Locale::PtBr),
            ("es-MX,es;q=0.9", Locale::Es),
            ("id-ID,id;q=0.9,en;q=0.8", Locale::Id),
            ("hi-IN", Locale::Hi),
            ("ar-EG,ar;q=0.9", Locale::Ar),
            ("fr-CA;q=0.5,de;q=0.7", Locale::De),
            ("ja,zh;q=0.9,fr;q=0.1", Locale::Fr),
            ("ja,zh", Locale::En),
            ("de;q=0", Locale::En),
            ("de;q=2,es;q=x,fr;q=0.0001", Locale::En),
            ("", Locale::En),
            ("*", Locale::En),
            (";;;,,,q=1", Locale::En),
        ];
        for (header, expected) in cases {
            assert_eq!(Locale::negotiate(header), expected, "{header:?}");
        }
    }
}
