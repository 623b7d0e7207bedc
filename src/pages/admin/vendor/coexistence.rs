use leptos::prelude::*;

use super::actions::VendorActions;
use crate::components::admin::FormError;
use crate::pages::admin::area::use_area;

/// Whether this vendor's WhatsApp connect pages offer customers to keep the WhatsApp
/// Business app on their number (coexistence) when a session does not say.
#[component]
pub fn CoexistenceSetting(vendor_id: String, offered: bool) -> impl IntoView {
    // Staff's setting: the console shows it only.
    let area = use_area();
    let can_change = area.can_change && area.is_staff;
    let set = expect_context::<VendorActions>().set_coexistence_default;
    let error = Signal::derive(move || set.value().get().and_then(Result::err));
    let current = match offered {
        true => "Offered: customers can keep using the WhatsApp Business app on their number.",
        false => "Not offered unless a session asks for it (`coexistence: true`).",
    };
    view! {
        <section class="card" aria-labelledby="coexistence-title">
            <h2 id="coexistence-title">"WhatsApp Business app numbers"</h2>
            <p data-testid="coexistence-default">{current}</p>
            {can_change
                .then(|| {
                    view! {
                        <ActionForm action=set attr:class="stack">
                            <input type="hidden" name="vendor_id" value=vendor_id />
                            <label>
                                <input
                                    type="checkbox"
                                    name="offer"
                                    value="on"
                                    checked=offered
                                    data-testid="coexistence-offer"
                                />
                                " Offer to keep the WhatsApp Business app by default"
                            </label>
                            <FormError error />
                            <button type="submit" class="button">
                                "Save"
                            </button>
                        </ActionForm>
                    }
                })}
        </section>
    }
}
