use leptos::prelude::*;

use super::actions::VendorActions;
use crate::pages::admin::area::use_area;
use crate::{
    components::admin::FormError,
    model::{admin::ThemeView, theme::Appearance},
};

/// The vendor's theme for its connect pages: a primary colour (refused by the server when
/// it would be hard to read) on a light or dark page.
#[component]
pub fn ThemeSettings(vendor_id: String, theme: ThemeView) -> impl IntoView {
    let can_change = use_area().can_change;
    let set = expect_context::<VendorActions>().set_theme;
    let error = Signal::derive(move || set.value().get().and_then(Result::err));
    let ThemeView {
        primary,
        appearance,
        contrast,
    } = theme;
    let current = match (&primary, contrast) {
        (Some(colour), Some(contrast)) => {
            format!(
                "{colour} on a {} page (contrast {contrast})",
                appearance.as_str()
            )
        }
        _ => format!("The page's own colour on a {} page", appearance.as_str()),
    };
    view! {
        <section class="card" aria-labelledby="theme-title">
            <h2 id="theme-title">"Connect page theme"</h2>
            <p data-testid="theme">{current}</p>
            {can_change
                .then(|| {
                    view! {
                        <ActionForm action=set attr:class="stack">
                            <input type="hidden" name="vendor_id" value=vendor_id />
                            <label for="theme-primary">
                                "Primary colour (#rrggbb, empty for the page's own)"
                            </label>
                            <input
                                id="theme-primary"
                                name="primary"
                                pattern="#[0-9a-fA-F]{6}"
                                placeholder="#0f766e"
                                value=primary.unwrap_or_default()
                            />
                            <label for="theme-appearance">"Appearance"</label>
                            <select id="theme-appearance" name="appearance">
                                {Appearance::ALL
                                    .into_iter()
                                    .map(|option| {
                                        view! {
                                            <option value=option.as_str() selected=option == appearance>
                                                {option.as_str()}
                                            </option>
                                        }
                                    })
                                    .collect_view()}
                            </select>
                            <FormError error />
                            <button type="submit" class="button">
                                "Save theme"
                            </button>
                        </ActionForm>
                    }
                })}
        </section>
    }
}
