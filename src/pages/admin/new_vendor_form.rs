use leptos::prelude::*;

use crate::{components::admin::FormError, server_fns::admin::CreateVendor};

/// Creates a vendor; the new vendor's page opens next, for its keys and origins.
#[component]
pub fn NewVendorForm() -> impl IntoView {
    let create = ServerAction::<CreateVendor>::new();
    let error = Signal::derive(move || create.value().get().and_then(Result::err));
    view! {
        <section class="card">
            <h2>"New vendor"</h2>
            <ActionForm action=create attr:class="stack">
                <label for="new-vendor-name">"Name (shown to the vendor's customers)"</label>
                <input id="new-vendor-name" name="name" required maxlength="100" />
                <label for="new-vendor-logo">"Logo URL (https, optional)"</label>
                <input id="new-vendor-logo" name="logo_url" type="url" placeholder="https://" />
                <FormError error />
                <button type="submit" class="button" disabled=move || create.pending().get()>
                    "Create vendor"
                </button>
            </ActionForm>
        </section>
    }
}
