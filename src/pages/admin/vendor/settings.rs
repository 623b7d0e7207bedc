use leptos::prelude::*;

use super::actions::VendorActions;
use crate::components::admin::FormError;
use crate::pages::admin::area::use_area;

/// The vendor's name and logo (the saved logo shown as the connect pages show it), and
/// activation.
#[component]
pub fn VendorSettings(
    vendor_id: String,
    name: String,
    logo_url: Option<String>,
    active: bool,
) -> impl IntoView {
    let area = use_area();
    let can_change = area.can_change;
    let is_staff = area.is_staff;
    let actions = expect_context::<VendorActions>();
    let update = actions.update;
    let set_active = actions.set_active;
    let active_vendor_id = vendor_id.clone();
    let update_error = Signal::derive(move || update.value().get().and_then(Result::err));
    let active_error = Signal::derive(move || set_active.value().get().and_then(Result::err));
    view! {
        <section class="card">
            <h2>"Settings"</h2>
            <div class="logo-preview">
                {logo_url
                    .clone()
                    .filter(|src| !src.trim().is_empty())
                    .map(|src| {
                        view! { <img src=src alt="Saved logo" data-testid="logo-preview" /> }
                    })}
            </div>
            {if !can_change {
                view! { <p class="muted">"Your role cannot change these settings."</p> }.into_any()
            } else {
                view! {
                    <ActionForm action=update attr:class="stack">
                        <input type="hidden" name="vendor_id" value=vendor_id />
                        <label for="vendor-name">"Name"</label>
                        <input
                            id="vendor-name"
                            name="name"
                            required
                            maxlength="100"
                            value=name.clone()
                        />
                        <label for="vendor-logo">"Logo URL (https, empty for none)"</label>
                        <input
                            id="vendor-logo"
                            name="logo_url"
                            type="url"
                            value=logo_url.unwrap_or_default()
                        />
                        <FormError error=update_error />
                        <button type="submit" class="button">
                            "Save"
                        </button>
                    </ActionForm>
                    {is_staff
                        .then(|| {
                            view! {
                                <ActionForm action=set_active attr:class="inline">
                                    <input type="hidden" name="vendor_id" value=active_vendor_id />
                                    <input
                                        type="hidden"
                                        name="active"
                                        value=(!active).to_string()
                                    />
                                    <button
                                        type="submit"
                                        class=if active { "button danger" } else { "button" }
                                    >
                                        {if active {
                                            "Deactivate vendor"
                                        } else {
                                            "Activate vendor"
                                        }}
                                    </button>
                                </ActionForm>
                                <FormError error=active_error />
                            }
                        })}
                }
                    .into_any()
            }}
        </section>
    }
}
