use crate::components::admin::TableScroll;
use crate::model::Named;
use leptos::prelude::*;

use crate::components::admin::LoadError;
use leptos_meta::Title;

use super::layout::use_staff;
use crate::{
    components::admin::FormError,
    model::admin::StaffRow,
    server_fns::admin::{list_staff, AddStaff, ResetStaffPassword, SetStaffDisabled},
};

/// Staff accounts; admins add, disable and reset them.
#[component]
pub fn StaffPage() -> impl IntoView {
    let staff = Resource::new_blocking(|| (), |_| list_staff());
    let can_change = use_staff().can_change;
    let add = ServerAction::<AddStaff>::new();
    let set_disabled = ServerAction::<SetStaffDisabled>::new();
    let reset = ServerAction::<ResetStaffPassword>::new();
    let add_error = Signal::derive(move || add.value().get().and_then(Result::err));
    view! {
        <Title text="Staff · WhatsPortal admin" />
        <h1>"Staff"</h1>
        <Transition fallback=|| {
            view! { <p class="loading">"Loading…"</p> }
        }>
            {move || Suspend::new(async move {
                match staff.await {
                    Ok(rows) => {
                        view! { <StaffTable rows can_change set_disabled reset /> }.into_any()
                    }
                    Err(error) => view! { <LoadError error /> }.into_any(),
                }
            })}
        </Transition>
        {can_change
            .then(|| {
                view! {
                    <section class="card">
                        <h2>"Add a staff member"</h2>
                        <ActionForm action=add attr:class="stack">
                            <label for="staff-email">"Email"</label>
                            <input id="staff-email" name="email" type="email" required />
                            <label for="staff-role">"Role"</label>
                            <select id="staff-role" name="role">
                                <option value="viewer">"viewer (read only)"</option>
                                <option value="admin">"admin (every action)"</option>
                            </select>
                            <FormError error=add_error />
                            <button type="submit" class="button">
                                "Add"
                            </button>
                        </ActionForm>
                    </section>
                }
            })}
    }
}

#[component]
fn StaffTable(
    rows: Vec<StaffRow>,
    can_change: bool,
    set_disabled: ServerAction<SetStaffDisabled>,
    reset: ServerAction<ResetStaffPassword>,
) -> impl IntoView {
    let error = Signal::derive(move || {
        set_disabled
            .value()
            .get()
            .and_then(Result::err)
            .or_else(|| reset.value().get().and_then(Result::err))
    });
    view! {
        <FormError error />
        <TableScroll>
            <table class="table" data-testid="staff">
                <thead>
                    <tr>
                        <th>"Email"</th>
                        <th>"Role"</th>
                        <th>"Created"</th>
                        <th>"Status"</th>
                        <th></th>
                    </tr>
                </thead>
                <tbody>
                    {rows
                        .into_iter()
                        .map(|row| {
                            let id = row.id.clone();
                            let reset_id = row.id.clone();
                            view! {
                                <tr>
                                    <td>{row.email.clone()}</td>
                                    <td>{row.role.as_str()}</td>
                                    <td>{row.created}</td>
                                    <td>{if row.disabled { "disabled" } else { "active" }}</td>
                                    <td>
                                        {can_change
                                            .then(|| {
                                                view! {
                                                    <ActionForm action=set_disabled attr:class="inline">
                                                        <input type="hidden" name="staff_id" value=id />
                                                        <input
                                                            type="hidden"
                                                            name="disabled"
                                                            value=(!row.disabled).to_string()
                                                        />
                                                        <button type="submit" class="link-button">
                                                            {if row.disabled { "Enable" } else { "Disable" }}
                                                        </button>
                                                    </ActionForm>
                                                    <ActionForm action=reset attr:class="inline">
                                                        <input type="hidden" name="staff_id" value=reset_id />
                                                        <button type="submit" class="link-button">
                                                            "Reset password"
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
    }
}
