use leptos::prelude::*;

use super::actions::VendorActions;
use crate::pages::admin::layout::use_staff;
use crate::{
    components::admin::{FormError, SecretOnce},
    model::admin::WebhookView,
};

/// The vendor's webhook endpoint, and every delivery attempt with a way to send again.
#[component]
pub fn WebhookSettings(vendor_id: String, webhook: WebhookView) -> impl IntoView {
    let can_change = use_staff().can_change;
    let actions = expect_context::<VendorActions>();
    let (set, remove, redeliver) = (
        actions.set_webhook,
        actions.remove_webhook,
        actions.redeliver_webhook,
    );
    let set_error = Signal::derive(move || set.value().get().and_then(Result::err));
    let other_error = Signal::derive(move || {
        remove
            .value()
            .get()
            .and_then(Result::err)
            .or_else(|| redeliver.value().get().and_then(Result::err))
    });
    let (remove_id, redeliver_id) = (vendor_id.clone(), vendor_id.clone());
    let has_endpoint = webhook.url.is_some();
    view! {
        <section class="card" aria-labelledby="webhook-title">
            <h2 id="webhook-title">"Webhook"</h2>
            {move || set.value().get().and_then(Result::ok).map(|secret| view! {
                <SecretOnce label="Webhook endpoint saved. Its signing secret (shown once):" secret />
            })}
            <p data-testid="webhook-url">{webhook.url.clone().unwrap_or_else(|| "No endpoint: events are not sent.".into())}</p>
            {webhook.disabled.clone().map(|why| view! { <p class="form-error">{format!("Disabled: {why}")}</p> })}
            {can_change.then(|| view! {
                <ActionForm action=set attr:class="stack">
                    <input type="hidden" name="vendor_id" value=vendor_id />
                    <label for="webhook-url-input">"Endpoint URL (https)"</label>
                    <input id="webhook-url-input" name="url" type="url" required placeholder="https://api.example.com/whatsportal" />
                    <FormError error=set_error />
                    <button type="submit" class="button">"Save endpoint and new secret"</button>
                </ActionForm>
            })}
            {(can_change && has_endpoint).then(|| view! {
                <ActionForm action=remove attr:class="inline">
                    <input type="hidden" name="vendor_id" value=remove_id />
                    <button type="submit" class="link-button danger">"Remove endpoint"</button>
                </ActionForm>
            })}
            <FormError error=other_error />
            <table class="table" data-testid="deliveries">
                <thead><tr><th>"Event"</th><th>"Created"</th><th>"State"</th><th>"Attempts"</th><th></th></tr></thead>
                <tbody>
                    {webhook.deliveries.into_iter().map(|d| {
                        let vendor_id = redeliver_id.clone();
                        view! {
                            <tr>
                                <td><code>{d.event_type}</code><br /><span class="muted">{d.id.clone()}</span></td>
                                <td>{d.created}</td>
                                <td>{d.state}</td>
                                <td><ul class="plain">{d.attempts.into_iter().map(|a| view! { <li>{a}</li> }).collect_view()}</ul></td>
                                <td>{can_change.then(|| view! {
                                    <ActionForm action=redeliver attr:class="inline">
                                        <input type="hidden" name="vendor_id" value=vendor_id />
                                        <input type="hidden" name="delivery_id" value=d.id />
                                        <button type="submit" class="link-button">"Redeliver"</button>
                                    </ActionForm>
                                })}</td>
                            </tr>
                        }
                    }).collect_view()}
                </tbody>
            </table>
        </section>
    }
}
