//! A vendor's theme for its connect pages: a primary colour on a light or dark page, and
//! the contrast rule (WCAG 2.1 AA, 4.5:1) it must meet against everything it touches.

use serde::{Deserialize, Serialize};

/// The least contrast a primary colour must have against the page, the panels and the
/// text drawn on it (WCAG 2.1 AA for normal text).
pub const MIN_CONTRAST: f64 = 4.5;

/// Whether the connect pages are light or dark.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Serialize, Deserialize)]
pub enum Appearance {
    #[default]
    Light,
    Dark,
}

impl Appearance {
    pub const ALL: [Self; 2] = [Self::Light, Self::Dark];

    pub fn as_str(self) -> &'static str {
        match self {
            Self::Light => "light",
            Self::Dark => "dark",
        }
    }

    pub fn parse(text: &str) -> Option<Self> {
        Self::ALL.into_iter().find(|a| a.as_str() == text)
    }

    /// The colours of `style/main.css` a primary colour meets on this page: the page,
    /// the panel, and the text of buttons drawn in the primary colour.
    fn surfaces(self) -> [Rgb; 3] {
        match self {
            Self::Light => [
                Rgb(0xf8, 0xfa, 0xfc),
                Rgb(0xff, 0xff, 0xff),
                Rgb(0xff, 0xff, 0xff),
            ],
            Self::Dark => [
                Rgb(0x0f, 0x17, 0x2a),
                Rgb(0x1e, 0x29, 0x3b),
                Rgb(0x0f, 0x17, 0x2a),
            ],
        }
    }

    /// The weakest contrast of `colour` against this page's surfaces.
    pub fn contrast_of(self, colour: Rgb) -> f64 {
        self.surfaces()
            .into_iter()
            .map(|surface| contrast(colour, surface))
            .fold(f64::INFINITY, f64::min)
    }
}

/// A vendor's theme as the connect page applies it.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct Theme {
    /// The primary colour; `None`: the page's own.
    pub primary: Option<Rgb>,
    pub appearance: Appearance,
}

/// An sRGB colour.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
pub struct Rgb(pub u8, pub u8, pub u8);

impl Rgb {
    /// `#rrggbb` (either case, surrounding spaces ignored).
    pub fn parse_hex(text: &str) -> Option<Self> {
        let digits = text.trim().strip_prefix('#')?;
        if digits.len() != 6 || !digits.bytes().all(|b| b.is_ascii_hexdigit()) {
            return None;
        }
        let channel = |at: usize| u8::from_str_radix(&digits[at..at + 2], 16).ok();
        Some(Self(channel(0)?, channel(2)?, channel(4)?))
    }

    /// `#rrggbb`, lower case: how it is stored and written into CSS.
    pub fn hex(self) -> String {
        let Self(r, g, b) = self;
        format!("#{r:02x}{g:02x}{b:02x}")
    }

    /// WCAG 2.1 relative luminance.
    fn luminance(self) -> f64 {
        let linear = |channel: u8| {
            let c = f64::from(channel) / 255.0;
            if c <= 0.039_28 {
                c / 12.92
            } else {
                ((c + 0.055) / 1.055).powf(2.4)
            }
        };
        let Self(r, g, b) = self;
        0.2126 * linear(r) + 0.7152 * linear(g) + 0.0722 * linear(b)
    }
}

/// WCAG 2.1 contrast ratio, from 1 (none) to 21 (black on white).
pub fn contrast(a: Rgb, b: Rgb) -> f64 {
    let (la, lb) = (a.luminance(), b.luminance());
    let (light, dark) = if la >= lb { (la, lb) } else { (lb, la) };
    (light + 0.05) / (dark + 0.05)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn hex_colours_parse_in_either_case_and_print_lower_case() {
        assert_eq!(Rgb::parse_hex(" #0A5c8F "), Some(Rgb(0x0a, 0x5c, 0x8f)));
        assert_eq!(Rgb(0x0a, 0x5c, 0x8f).hex(), "#0a5c8f");
        for bad in [
            "", "#", "0a5c8f", "#0a5c8", "#0a5c8f0", "#gg0000", "#+1+2+3", "red", "#é1234",
        ] {
            assert_eq!(Rgb::parse_hex(bad), None, "{bad}");
        }
    }

    #[test]
    fn contrast_matches_the_wcag_reference_values() {
        let white = Rgb(255, 255, 255);
        let black = Rgb(0, 0, 0);
        assert!((contrast(black, white) - 21.0).abs() < 1e-9);
        assert!((contrast(white, white) - 1.0).abs() < 1e-9);
        assert_eq!(contrast(black, white), contrast(white, black));
        // #767676 is the lightest grey that passes AA on white (4.54:1); #777777 fails (4.48:1).
        assert!(contrast(Rgb(0x76, 0x76, 0x76), white) >= MIN_CONTRAST);
        assert!(contrast(Rgb(0x77, 0x77, 0x77), white) < MIN_CONTRAST);
    }

    #[test]
    fn the_pages_own_colours_pass_on_their_pages() {
        // The default primary colours of style/main.css.
        assert!(Appearance::Light.contrast_of(Rgb(0x0f, 0x76, 0x6e)) >= MIN_CONTRAST);
        assert!(Appearance::Dark.contrast_of(Rgb(0x5e, 0xea, 0xd4)) >= MIN_CONTRAST);
        // A light yellow fails on the light page and passes on the dark one.
        let yellow = Rgb(0xfa, 0xcc, 0x15);
        assert!(Appearance::Light.contrast_of(yellow) < MIN_CONTRAST);
        assert!(Appearance::Dark.contrast_of(yellow) >= MIN_CONTRAST);
    }

    #[test]
    fn appearances_round_trip_through_their_names() {
        for appearance in Appearance::ALL {
            assert_eq!(Appearance::parse(appearance.as_str()), Some(appearance));
        }
        assert_eq!(Appearance::parse("Dark"), None);
        assert_eq!(Appearance::parse(""), None);
    }
}
