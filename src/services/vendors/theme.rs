//! A vendor's theme for its connect pages, set by staff. A primary colour that would be
//! hard to read on the chosen page (below WCAG AA's 4.5:1 against the page, the panel or
//! the text of its buttons) is refused, and the theme stays as it was.

use super::{audit, no_such_vendor};
use crate::{
    db,
    model::{
        admin::ThemeView,
        theme::{Appearance, Rgb, Theme, MIN_CONTRAST},
    },
    services::{Actor, ServiceError},
};

/// Sets the vendor's theme from the staff form: `primary` is `#rrggbb` or empty for the
/// page's own colour, `appearance` is `light` or `dark`.
pub async fn set_vendor_theme(
    db: &db::Db,
    actor: Actor<'_>,
    vendor_id: &str,
    primary: Option<&str>,
    appearance: &str,
) -> Result<(), ServiceError> {
    let theme = parse_theme(primary, appearance)?;
    let primary = theme.primary.map(Rgb::hex);
    let appearance = theme.appearance.as_str();
    if !db::vendors::set_theme(db, vendor_id, primary.as_deref(), appearance).await? {
        return Err(no_such_vendor(vendor_id));
    }
    let detail = format!("{appearance} {}", primary.as_deref().unwrap_or("default"));
    audit(
        db,
        actor,
        "vendor.theme",
        ("vendor", vendor_id),
        vendor_id,
        Some(&detail),
    )
    .await
}

/// The vendor's theme as staff see it.
pub async fn theme_view(db: &db::Db, vendor_id: &str) -> Result<ThemeView, ServiceError> {
    let (primary, appearance) = db::vendors::theme(db, vendor_id)
        .await?
        .ok_or_else(|| no_such_vendor(vendor_id))?;
    let appearance = Appearance::parse(&appearance).unwrap_or_default();
    let primary = primary.as_deref().and_then(Rgb::parse_hex);
    Ok(ThemeView {
        primary: primary.map(Rgb::hex),
        appearance,
        contrast: primary.map(|colour| ratio(appearance.contrast_of(colour))),
    })
}

fn parse_theme(primary: Option<&str>, appearance: &str) -> Result<Theme, ServiceError> {
    let appearance = Appearance::parse(appearance.trim()).ok_or_else(|| {
        ServiceError::Invalid("The appearance is either light or dark".to_owned())
    })?;
    let Some(text) = primary.map(str::trim).filter(|t| !t.is_empty()) else {
        return Ok(Theme {
            primary: None,
            appearance,
        });
    };
    let colour = Rgb::parse_hex(text).ok_or_else(|| {
        ServiceError::Invalid(
            "The primary colour is written #rrggbb (six hexadecimal digits), or empty for the page's own"
                .to_owned(),
        )
    })?;
    let contrast = appearance.contrast_of(colour);
    if contrast < MIN_CONTRAST {
        return Err(ServiceError::Invalid(format!(
            "{} has a contrast of {} on the {} connect page; at least {MIN_CONTRAST}:1 is needed \
             (WCAG AA) so customers can read it. Choose a {} colour or the other appearance",
            colour.hex(),
            ratio(contrast),
            appearance.as_str(),
            match appearance {
                Appearance::Light => "darker",
                Appearance::Dark => "lighter",
            },
        )));
    }
    Ok(Theme {
        primary: Some(colour),
        appearance,
    })
}

/// A contrast ratio as people write it: `4.5:1`, rounded down so that a colour shown as
/// passing never reads as more than it is.
fn ratio(contrast: f64) -> String {
    format!("{:.1}:1", (contrast * 10.0).floor() / 10.0)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn an_empty_colour_keeps_the_pages_own() {
        for empty in [None, Some(""), Some("  ")] {
            let theme = parse_theme(empty, "dark").unwrap();
            assert_eq!(theme.primary, None);
            assert_eq!(theme.appearance, Appearance::Dark);
        }
    }

    #[test]
    fn a_readable_colour_is_kept_and_an_unreadable_one_refused_with_its_contrast() {
        let kept = parse_theme(Some("#1D4ED8"), "light").unwrap();
        assert_eq!(kept.primary.map(Rgb::hex).as_deref(), Some("#1d4ed8"));
        let Err(ServiceError::Invalid(message)) = parse_theme(Some("#facc15"), "light") else {
            panic!("a light yellow on the light page must be refused");
        };
        assert!(
            message.starts_with("#facc15 has a contrast of 1.4:1 on the light connect page"),
            "{message}"
        );
        assert!(message.contains("darker"), "{message}");
        assert!(parse_theme(Some("#facc15"), "dark").is_ok());
        let Err(ServiceError::Invalid(message)) = parse_theme(Some("#1d4ed8"), "dark") else {
            panic!("a dark blue on the dark page must be refused");
        };
        assert!(message.contains("lighter"), "{message}");
    }

    #[test]
    fn malformed_colours_and_appearances_are_refused() {
        for bad in ["blue", "#12345", "#1234567", "rgb(0,0,0)", "#12345g"] {
            assert!(parse_theme(Some(bad), "light").is_err(), "{bad}");
        }
        for bad in ["", "Dark", "auto", "system"] {
            assert!(parse_theme(None, bad).is_err(), "{bad}");
        }
    }

    #[test]
    fn ratios_round_down() {
        assert_eq!(ratio(4.499), "4.4:1");
        assert_eq!(ratio(21.0), "21.0:1");
    }
}
