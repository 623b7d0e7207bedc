use leptos::prelude::*;

use super::actions::VendorActions;
use crate::pages::admin::area::use_area;
use crate::{components::admin::FormError, model::admin::RateLimitView};

/// The vendor API's rate limit for this vendor's keys: its own, or the server's default.
#[component]
pub fn RateLimitSettings(vendor_id: String, rate_limit: RateLimitView) -> impl IntoView {
    // Staff set it; the console shows the limit in force.
    let area = use_area();
    let can_change = area.can_change && area.is_staff;
    let set = expect_context::<VendorActions>().set_rate_limit;
    let error = Signal::derive(move || set.value().get().and_then(Result::err));
    let RateLimitView {
        per_minute,
        default_per_minute,
    } = rate_limit;
    let current = match per_minute {
        Some(n) => format!("{n} requests per minute per API key (this vendor's own limit)"),
        None => format!("{default_per_minute} requests per minute per API key (the default)"),
    };
    view! {
        <section class="card" aria-labelledby="rate-limit-title">
            <h2 id="rate-limit-title">"API rate limit"</h2>
            <p data-testid="rate-limit">{current}</p>
            {can_change
                .then(|| {
                    view! {
                        <ActionForm action=set attr:class="stack">
                            <input type="hidden" name="vendor_id" value=vendor_id />
                            <label for="rate-limit-input">
                                "Requests per minute per key (empty for the default)"
                            </label>
                            <input
                                id="rate-limit-input"
                                name="per_minute"
                                inputmode="numeric"
                                pattern="[0-9]*"
                                value=per_minute.map(|n| n.to_string()).unwrap_or_default()
                            />
                            <FormError error />
                            <button type="submit" class="button">
                                "Save rate limit"
                            </button>
                        </ActionForm>
                    }
                })}
        </section>
    }
}
