use crate::components::admin::TableScroll;
use crate::model::Named;
use leptos::prelude::*;

use crate::model::admin::{FunnelView, SessionRow};
use crate::pages::admin::area::use_area;

/// The funnel of a period and the newest sessions with their state.
#[component]
pub fn VendorSessions(
    vendor_id: String,
    sessions: Vec<SessionRow>,
    funnel: FunnelView,
) -> impl IntoView {
    let vendor_path = use_area().vendor_path(&vendor_id);
    let period = |days: u32| {
        let href = format!("{vendor_path}?days={days}");
        let current = funnel.days == days;
        view! {
            <a href=href aria-current=current.then_some("page")>
                {format!("{days} d")}
            </a>
        }
    };
    let created = funnel.created;
    let percent = move |part: i64| {
        if created == 0 {
            "–".to_owned()
        } else {
            format!("{}%", part * 100 / created)
        }
    };
    view! {
        <section class="card" aria-labelledby="sessions-title">
            <h2 id="sessions-title">"Sessions"</h2>
            <nav class="periods" aria-label="Period">
                {period(1)}
                {period(7)}
                {period(30)}
            </nav>
            <TableScroll>
                <table class="table funnel" data-testid="funnel">
                    <thead>
                        <tr>
                            <th>"Created"</th>
                            <th>"Opened"</th>
                            <th>"Completed"</th>
                            <th>"Failed"</th>
                            <th>"Expired"</th>
                        </tr>
                    </thead>
                    <tbody>
                        <tr>
                            <td>{funnel.created}</td>
                            <td>{format!("{} ({})", funnel.opened, percent(funnel.opened))}</td>
                            <td>
                                {format!("{} ({})", funnel.completed, percent(funnel.completed))}
                            </td>
                            <td>{funnel.failed}</td>
                            <td>{funnel.expired}</td>
                        </tr>
                    </tbody>
                </table>
            </TableScroll>
            <p class="muted" data-testid="funnel-period">
                {funnel_period(funnel.days, funnel.kept_days)}
            </p>
            {(!funnel.left_meta_at.is_empty())
                .then(|| {
                    view! {
                        <h3>"Where customers left Meta's dialog"</h3>
                        <TableScroll>
                            <table class="table" data-testid="left-meta">
                                <thead>
                                    <tr>
                                        <th>"Step"</th>
                                        <th>"Sessions"</th>
                                    </tr>
                                </thead>
                                <tbody>
                                    {funnel
                                        .left_meta_at
                                        .iter()
                                        .map(|(step, n)| {
                                            view! {
                                                <tr>
                                                    <td>
                                                        <code>{step.clone()}</code>
                                                    </td>
                                                    <td>{*n}</td>
                                                </tr>
                                            }
                                        })
                                        .collect_view()}
                                </tbody>
                            </table>
                        </TableScroll>
                    }
                })}
            <TableScroll>
                <table class="table" data-testid="sessions">
                    <thead>
                        <tr>
                            <th>"Created"</th>
                            <th>"externalId"</th>
                            <th>"Type"</th>
                            <th>"Origin"</th>
                            <th>"State"</th>
                            <th>"Meta"</th>
                        </tr>
                    </thead>
                    <tbody>
                        {sessions
                            .into_iter()
                            .map(|s| {
                                let class = format!("state state-{}", s.state);
                                view! {
                                    <tr>
                                        <td>{s.created}</td>
                                        <td>
                                            <code>{s.external_id}</code>
                                        </td>
                                        <td>
                                            {format!(
                                                "{} ({})",
                                                s.integration_type.as_str(),
                                                s.mode.as_str(),
                                            )}
                                        </td>
                                        <td>{s.origin}</td>
                                        <td class=class>
                                            {match s.failure_reason {
                                                Some(why) if s.state != "completed" => {
                                                    format!("{}: {why}", s.state)
                                                }
                                                _ => s.state,
                                            }}
                                        </td>
                                        <td>{s.meta.unwrap_or_default()}</td>
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

/// What period the funnel covers, given how long sessions are kept.
fn funnel_period(days: u32, kept_days: u32) -> String {
    if days > kept_days {
        format!(
            "Sessions created in the last {days} days that are still kept: sessions are deleted {kept_days} days after they expire, so older ones are not counted."
        )
    } else {
        format!(
            "Sessions created in the last {days} days (sessions are kept {kept_days} days after they expire)."
        )
    }
}
