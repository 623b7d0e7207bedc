use crate::components::admin::TableScroll;
use crate::model::Named;
use leptos::prelude::*;

use super::actions::VendorActions;
use crate::pages::admin::area::use_area;
use crate::{components::admin::FormError, model::admin::KeyRow};

/// A vendor's API keys: prefix, dates and status; a new key is shown once.
#[component]
pub fn ApiKeys(vendor_id: String, keys: Vec<KeyRow>) -> impl IntoView {
    let can_change = use_area().can_change;
    let actions = expect_context::<VendorActions>();
    let create = actions.create_key;
    let revoke = actions.revoke_key;
    let rotate = actions.rotate_key;
    let create_error = Signal::derive(move || create.value().get().and_then(Result::err));
    let revoke_error = Signal::derive(move || {
        revoke
            .value()
            .get()
            .and_then(Result::err)
            .or_else(|| rotate.value().get().and_then(Result::err))
    });
    let test_vendor_id = vendor_id.clone();
    let row_vendor_id = vendor_id.clone();
    view! {
        <section class="card" aria-labelledby="keys-title">
            <h2 id="keys-title">"API keys"</h2>
            <TableScroll>
                <table class="table" data-testid="keys">
                    <thead>
                        <tr>
                            <th>"Key"</th>
                            <th>"Mode"</th>
                            <th>"Created"</th>
                            <th>"Last used"</th>
                            <th>"Status"</th>
                            <th></th>
                        </tr>
                    </thead>
                    <tbody>
                        {keys
                            .into_iter()
                            .map(|key| {
                                let revoked = key.revoked.is_some();
                                let status = match (&key.revoked, &key.retires) {
                                    (Some(at), _) => format!("revoked {at}"),
                                    (None, Some(at)) => format!("rotated: works until {at}"),
                                    (None, None) => "active".into(),
                                };
                                let (revoke_vendor, rotate_vendor) = (
                                    row_vendor_id.clone(),
                                    row_vendor_id.clone(),
                                );
                                let rotate_key = key.id.clone();
                                let rotatable = key.rotatable;
                                let select_id = format!("overlap-{}", key.id);
                                view! {
                                    <tr>
                                        <td>
                                            <code>{format!("{}…", key.prefix)}</code>
                                        </td>
                                        <td>{key.mode.as_str()}</td>
                                        <td>{key.created}</td>
                                        <td>{key.last_used.unwrap_or_else(|| "never".into())}</td>
                                        <td>{status}</td>
                                        <td>
                                            {(can_change && !revoked)
                                                .then(|| {
                                                    view! {
                                                        <ActionForm action=revoke attr:class="inline">
                                                            <input type="hidden" name="vendor_id" value=revoke_vendor />
                                                            <input type="hidden" name="key_id" value=key.id.clone() />
                                                            <button type="submit" class="link-button danger">
                                                                "Revoke"
                                                            </button>
                                                        </ActionForm>
                                                    }
                                                })}
                                            {(can_change && rotatable)
                                                .then(|| {
                                                    view! {
                                                        <ActionForm action=rotate attr:class="inline">
                                                            <input type="hidden" name="vendor_id" value=rotate_vendor />
                                                            <input type="hidden" name="key_id" value=rotate_key />
                                                            <label for=select_id.clone()>"Old key keeps working"</label>
                                                            <select id=select_id name="overlap_hours">
                                                                <option value="0">"no longer"</option>
                                                                <option value="1">"1 hour"</option>
                                                                <option value="24" selected>
                                                                    "24 hours"
                                                                </option>
                                                                <option value="168">"7 days"</option>
                                                            </select>
                                                            <button type="submit" class="link-button">
                                                                "Rotate"
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
            <FormError error=revoke_error />
            {can_change
                .then(|| {
                    view! {
                        <ActionForm action=create attr:class="inline">
                            <input type="hidden" name="vendor_id" value=vendor_id />
                            <button
                                type="submit"
                                class="button"
                                disabled=move || create.pending().get()
                            >
                                "Create API key"
                            </button>
                        </ActionForm>
                        <ActionForm action=create attr:class="inline">
                            <input type="hidden" name="vendor_id" value=test_vendor_id />
                            <input type="hidden" name="mode" value="test" />
                            <button
                                type="submit"
                                class="button"
                                disabled=move || create.pending().get()
                            >
                                "Create test key"
                            </button>
                        </ActionForm>
                        <FormError error=create_error />
                    }
                })}
        </section>
    }
}
