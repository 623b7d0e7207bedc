use crate::components::admin::TableScroll;
use leptos::prelude::*;

use super::actions::VendorActions;
use crate::pages::admin::area::use_area;
use crate::{
    components::admin::FormError,
    model::{
        admin::{EndpointView, WebhookView},
        Mode, Named,
    },
};

/// The vendor's webhook endpoints (live and test), and every delivery attempt with a
/// way to send again.
#[component]
pub fn WebhookSettings(vendor_id: String, webhook: WebhookView) -> impl IntoView {
    let can_change = use_area().can_change;
    let actions = expect_context::<VendorActions>();
    let (remove, redeliver) = (actions.remove_webhook, actions.redeliver_webhook);
    let other_error = Signal::derive(move || {
        remove
            .value()
            .get()
            .and_then(Result::err)
            .or_else(|| redeliver.value().get().and_then(Result::err))
    });
    let redeliver_id = vendor_id.clone();
    view! {
        <section class="card" aria-labelledby="webhook-title">
            <h2 id="webhook-title">"Webhooks"</h2>
            <Endpoint vendor_id=vendor_id.clone() mode=Mode::Live endpoint=webhook.live />
            <Endpoint vendor_id mode=Mode::Test endpoint=webhook.test />
            <FormError error=other_error />
            <TableScroll>
                <table class="table" data-testid="deliveries">
                    <thead>
                        <tr>
                            <th>"Event"</th>
                            <th>"Mode"</th>
                            <th>"Created"</th>
                            <th>"State"</th>
                            <th>"Attempts"</th>
                            <th></th>
                        </tr>
                    </thead>
                    <tbody>
                        {webhook
                            .deliveries
                            .into_iter()
                            .map(|d| {
                                let vendor_id = redeliver_id.clone();
                                view! {
                                    <tr>
                                        <td>
                                            <code>{d.event_type}</code>
                                            <br />
                                            <span class="muted">{d.id.clone()}</span>
                                        </td>
                                        <td>{d.mode}</td>
                                        <td>{d.created}</td>
                                        <td>{d.state}</td>
                                        <td>
                                            <ul class="plain">
                                                {d
                                                    .attempts
                                                    .into_iter()
                                                    .map(|a| view! { <li>{a}</li> })
                                                    .collect_view()}
                                            </ul>
                                        </td>
                                        <td>
                                            {can_change
                                                .then(|| {
                                                    view! {
                                                        <ActionForm action=redeliver attr:class="inline">
                                                            <input type="hidden" name="vendor_id" value=vendor_id />
                                                            <input type="hidden" name="delivery_id" value=d.id />
                                                            <button type="submit" class="link-button">
                                                                "Redeliver"
                                                            </button>
                                                        </ActionForm>
                                                    }
                                                })}
                                        </td>
                                    </tr>
                                }
                            })
                            .collect_view()}
                    </tbody>
                </table>
            </TableScroll>
        </section>
    }
}

/// One endpoint: where it sends, whether it is disabled, and its forms. The live one
/// keeps the ids it always had; the test one's are prefixed `test-`.
#[component]
fn Endpoint(vendor_id: String, mode: Mode, endpoint: EndpointView) -> impl IntoView {
    let can_change = use_area().can_change;
    let actions = expect_context::<VendorActions>();
    let (set, remove) = (actions.set_webhook, actions.remove_webhook);
    let send_test = actions.send_test_webhook;
    let set_error = Signal::derive(move || {
        set.value()
            .get()
            .and_then(Result::err)
            .or_else(|| send_test.value().get().and_then(Result::err))
    });
    let (prefix, title, nothing) = match mode {
        Mode::Test => (
            "test-",
            "Test endpoint",
            "No test endpoint: test-mode events are not sent.",
        ),
        Mode::Live => ("", "Live endpoint", "No endpoint: events are not sent."),
    };
    let mode = mode.as_str();
    let input_id = format!("{prefix}webhook-url-input");
    let has_endpoint = endpoint.url.is_some();
    let remove_id = vendor_id.clone();
    let (test_id, rotate_id) = (vendor_id.clone(), vendor_id.clone());
    let current_url = endpoint.url.clone().unwrap_or_default();
    view! {
        <h3>{title}</h3>
        <p data-testid=format!(
            "{prefix}webhook-url",
        )>{endpoint.url.unwrap_or_else(|| nothing.into())}</p>
        {endpoint
            .disabled
            .map(|why| view! { <p class="form-error">{format!("Disabled: {why}")}</p> })}
        {can_change
            .then(|| {
                view! {
                    <ActionForm action=set attr:class="stack">
                        <input type="hidden" name="vendor_id" value=vendor_id />
                        <input type="hidden" name="mode" value=mode />
                        <label for=input_id.clone()>{format!("{title} URL (https)")}</label>
                        <input
                            id=input_id
                            name="url"
                            type="url"
                            required
                            placeholder="https://api.example.com/whatsportal"
                        />
                        <FormError error=set_error />
                        <button type="submit" class="button">
                            "Save endpoint and new secret"
                        </button>
                    </ActionForm>
                }
            })}
        {(can_change && has_endpoint)
            .then(|| {
                view! {
                    <ActionForm action=send_test attr:class="inline">
                        <input type="hidden" name="vendor_id" value=test_id />
                        <input type="hidden" name="mode" value=mode />
                        <button type="submit" class="button">
                            "Send test event"
                        </button>
                    </ActionForm>
                    <ActionForm action=set attr:class="inline">
                        <input type="hidden" name="vendor_id" value=rotate_id />
                        <input type="hidden" name="mode" value=mode />
                        <input type="hidden" name="url" value=current_url />
                        <button type="submit" class="button">
                            "Rotate signing secret"
                        </button>
                    </ActionForm>
                    <ActionForm action=remove attr:class="inline">
                        <input type="hidden" name="vendor_id" value=remove_id />
                        <input type="hidden" name="mode" value=mode />
                        <button type="submit" class="link-button danger">
                            {format!("Remove {}", title.to_ascii_lowercase())}
                        </button>
                    </ActionForm>
                }
            })}
    }
}
