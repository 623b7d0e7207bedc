use leptos::prelude::*;

use super::actions::VendorActions;
use crate::pages::admin::area::use_area;
use crate::{components::admin::FormError, model::admin::OriginRow};

/// Where the vendor's frontend runs: sessions may only name these origins.
#[component]
pub fn AllowedOrigins(vendor_id: String, origins: Vec<OriginRow>) -> impl IntoView {
    let can_change = use_area().can_change;
    let actions = expect_context::<VendorActions>();
    let add = actions.add_origin;
    let remove = actions.remove_origin;
    let add_error = Signal::derive(move || add.value().get().and_then(Result::err));
    let remove_error = Signal::derive(move || remove.value().get().and_then(Result::err));
    let empty = origins.is_empty();
    view! {
        <section class="card" aria-labelledby="origins-title">
            <h2 id="origins-title">"Allowed origins"</h2>
            {empty
                .then(|| {
                    view! {
                        <p class="muted">
                            "No origin yet: sessions are refused until one is added."
                        </p>
                    }
                })}
            <ul class="origins" data-testid="origins">
                {origins
                    .into_iter()
                    .map(|o| {
                        let vendor_id = vendor_id.clone();
                        view! {
                            <li>
                                <code>{o.origin.clone()}</code>
                                <span class="muted">{format!(" added {}", o.added)}</span>
                                {can_change
                                    .then(|| {
                                        view! {
                                            <ActionForm action=remove attr:class="inline">
                                                <input type="hidden" name="vendor_id" value=vendor_id />
                                                <input type="hidden" name="origin" value=o.origin.clone() />
                                                <button type="submit" class="link-button danger">
                                                    "Remove"
                                                </button>
                                            </ActionForm>
                                        }
                                    })}
                            </li>
                        }
                    })
                    .collect_view()}
            </ul>
            <FormError error=remove_error />
            {can_change
                .then(|| {
                    view! {
                        <ActionForm action=add attr:class="stack">
                            <input type="hidden" name="vendor_id" value=vendor_id.clone() />
                            <label for="new-origin">
                                "Origin (https://host[:port]; http://localhost or http://127.0.0.1 for development)"
                            </label>
                            <input
                                id="new-origin"
                                name="origin"
                                required
                                placeholder="https://app.example.com"
                            />
                            <FormError error=add_error />
                            <button type="submit" class="button">
                                "Add origin"
                            </button>
                        </ActionForm>
                    }
                })}
        </section>
    }
}
