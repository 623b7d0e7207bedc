use crate::components::admin::TableScroll;
use crate::model::Named;
use leptos::prelude::*;

use super::actions::VendorActions;
use crate::pages::admin::area::use_area;
use crate::{components::admin::FormError, model::admin::VendorUserRow};

/// The vendor's users of the vendor console: their roles and state, and for staff and
/// the vendor's owners, invitations, reset links, roles and disabling.
#[component]
pub fn VendorTeam(vendor_id: String, team: Vec<VendorUserRow>) -> impl IntoView {
    let manages = use_area().manages_team;
    let actions = expect_context::<VendorActions>();
    let (invite, reset) = (actions.invite_user, actions.reset_user);
    let (set_role, set_disabled) = (actions.set_user_role, actions.set_user_disabled);
    let invite_error = Signal::derive(move || invite.value().get().and_then(Result::err));
    let row_error = Signal::derive(move || {
        reset
            .value()
            .get()
            .and_then(Result::err)
            .or_else(|| set_role.value().get().and_then(Result::err))
            .or_else(|| set_disabled.value().get().and_then(Result::err))
    });
    let empty = team.is_empty();
    let row_vendor = vendor_id.clone();
    view! {
        <section class="card" aria-labelledby="team-title">
            <h2 id="team-title">"Team"</h2>
            <p class="muted">
                "Who signs in to this vendor's console: owners manage the team, developers change the integration, viewers read."
            </p>
            {empty.then(|| view! { <p data-testid="team-empty">"No users yet."</p> })}
            <TableScroll>
                <table class="table" data-testid="team">
                    <thead>
                        <tr>
                            <th>"Email"</th>
                            <th>"Role"</th>
                            <th>"State"</th>
                            <th>"Added"</th>
                            <th></th>
                        </tr>
                    </thead>
                    <tbody>
                        {team
                            .into_iter()
                            .map(|user| {
                                let forms = manages
                                    .then(|| {
                                        view! {
                                            <UserForms vendor_id=row_vendor.clone() user=user.clone() />
                                        }
                                    });
                                view! {
                                    <tr>
                                        <td>{user.email}</td>
                                        <td>{user.role.as_str()}</td>
                                        <td>{user.status}</td>
                                        <td>{user.created}</td>
                                        <td>{forms}</td>
                                    </tr>
                                }
                            })
                            .collect_view()}
                    </tbody>
                </table>
            </TableScroll>
            <FormError error=row_error />
            {manages
                .then(|| {
                    view! {
                        <ActionForm action=invite attr:class="stack">
                            <input type="hidden" name="vendor_id" value=vendor_id />
                            <label for="invite-email">"Invite by email"</label>
                            <input id="invite-email" name="email" type="email" required />
                            <label for="invite-role">"Role"</label>
                            <select id="invite-role" name="role">
                                <RoleOptions selected="developer" />
                            </select>
                            <FormError error=invite_error />
                            <button type="submit" class="button">
                                "Make invitation link"
                            </button>
                        </ActionForm>
                    }
                })}
        </section>
    }
}

/// The role choices of a form, `selected` first chosen.
#[component]
fn RoleOptions(selected: &'static str) -> impl IntoView {
    crate::server_fns::admin::vendor_roles()
        .into_iter()
        .map(|role| {
            view! {
                <option value=role selected=role == selected>
                    {role}
                </option>
            }
        })
        .collect_view()
}

/// An owner's or staff's forms for one user: role, reset link, disable or enable.
#[component]
fn UserForms(vendor_id: String, user: VendorUserRow) -> impl IntoView {
    let actions = expect_context::<VendorActions>();
    let (reset, set_role, set_disabled) = (
        actions.reset_user,
        actions.set_user_role,
        actions.set_user_disabled,
    );
    let disabled = user.status == "disabled";
    let (role_vendor, reset_vendor) = (vendor_id.clone(), vendor_id.clone());
    let (role_user, reset_user) = (user.id.clone(), user.id.clone());
    let role_id = format!("role-{}", user.id);
    let role_label = format!("Role of {}", user.email);
    let reset_label = if user.status == "invited" {
        "New invitation link"
    } else {
        "Reset sign-in"
    };
    view! {
        <ActionForm action=set_role attr:class="inline">
            <input type="hidden" name="vendor_id" value=role_vendor />
            <input type="hidden" name="user_id" value=role_user />
            <select id=role_id name="role" aria-label=role_label>
                <RoleOptions selected=user.role.as_str() />
            </select>
            <button type="submit" class="link-button">
                "Save role"
            </button>
        </ActionForm>
        <ActionForm action=reset attr:class="inline">
            <input type="hidden" name="vendor_id" value=reset_vendor />
            <input type="hidden" name="user_id" value=reset_user />
            <button type="submit" class="link-button">
                {reset_label}
            </button>
        </ActionForm>
        <ActionForm action=set_disabled attr:class="inline">
            <input type="hidden" name="vendor_id" value=vendor_id />
            <input type="hidden" name="user_id" value=user.id />
            <input type="hidden" name="disabled" value=(!disabled).to_string() />
            <button type="submit" class=if disabled { "link-button" } else { "link-button danger" }>
                {if disabled { "Enable" } else { "Disable" }}
            </button>
        </ActionForm>
    }
}
