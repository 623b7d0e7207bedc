use leptos::prelude::*;

use super::actions::VendorActions;
use crate::pages::admin::area::use_area;
use crate::{components::admin::FormError, model::admin::ReturnUrlRow};

/// Where the vendor's customers go back when the connect page has no window to post
/// to: sessions may name one of these exactly (`returnUrl`).
#[component]
pub fn ReturnUrls(vendor_id: String, urls: Vec<ReturnUrlRow>) -> impl IntoView {
    let can_change = use_area().can_change;
    let actions = expect_context::<VendorActions>();
    let (add, remove) = (actions.add_return_url, actions.remove_return_url);
    let add_error = Signal::derive(move || add.value().get().and_then(Result::err));
    let remove_error = Signal::derive(move || remove.value().get().and_then(Result::err));
    let rows = urls
        .into_iter()
        .map(|row| {
            let (vendor, url) = (vendor_id.clone(), row.url.clone());
            let remove_form = can_change.then(move || {
                view! {
                    <ActionForm action=remove attr:class="inline">
                        <input type="hidden" name="vendor_id" value=vendor />
                        <input type="hidden" name="url" value=url />
                        <button type="submit" class="link-button danger">
                            "Remove"
                        </button>
                    </ActionForm>
                }
            });
            view! {
                <li>
                    <code>{row.url}</code>
                    <span class="muted">{format!(" added {}", row.added)}</span>
                    {remove_form}
                </li>
            }
        })
        .collect_view();
    let add_form = can_change.then(move || {
        view! {
            <ActionForm action=add attr:class="stack">
                <input type="hidden" name="vendor_id" value=vendor_id />
                <label for="new-return-url">
                    "Return URL (exact https URL: a page of the vendor's or its app's claimed link)"
                </label>
                <input
                    id="new-return-url"
                    name="url"
                    required
                    placeholder="https://app.example.com/whatsapp/connected"
                />
                <FormError error=add_error />
                <button type="submit" class="button">
                    "Add return URL"
                </button>
            </ActionForm>
        }
    });
    view! {
        <section class="card" aria-labelledby="return-urls-title">
            <h2 id="return-urls-title">"Return URLs"</h2>
            <p class="muted">
                "A connect page with no vendor window to post to sends the customer back to the session's return URL."
            </p>
            <ul class="origins" data-testid="return-urls">
                {rows}
            </ul>
            <FormError error=remove_error />
            {add_form}
        </section>
    }
}
