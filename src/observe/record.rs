//! Every metric the product records, by name, with the events that move them. Labels take
//! few values each (routes, flows, outcomes, classes): never ids, tokens or paths.

use std::time::Duration;

use metrics::{counter, describe_counter, describe_gauge, describe_histogram, gauge, histogram};

use crate::{
    db::Db,
    model::{connect::ConnectError, whatsapp::WhatsAppStep},
};

const HTTP_REQUESTS: &str = "whatsportal_http_requests_total";
const HTTP_DURATION: &str = "whatsportal_http_request_duration_seconds";
const SESSIONS_CREATED: &str = "whatsportal_sessions_created_total";
const PAGES_OPENED: &str = "whatsportal_connect_pages_opened_total";
const CONNECT_STEPS: &str = "whatsportal_connect_steps_total";
const GRAPH_CALLS: &str = "whatsportal_graph_calls_total";
const GRAPH_DURATION: &str = "whatsportal_graph_call_duration_seconds";
const WEBHOOK_ATTEMPTS: &str = "whatsportal_webhook_attempts_total";
pub const WEBHOOK_QUEUE_AGE: &str = "whatsportal_webhook_queue_age_seconds";
const POOL_CONNECTIONS: &str = "whatsportal_db_pool_connections";
const SWEEPS: &str = "whatsportal_sweeper_runs_total";
const SWEPT_ROWS: &str = "whatsportal_sweeper_deleted_rows_total";
const SIGN_INS_REFUSED: &str = "whatsportal_sign_ins_throttled_total";

/// The descriptions Prometheus shows (`# HELP`).
pub(super) fn describe() {
    describe_counter!(
        HTTP_REQUESTS,
        "HTTP requests by route pattern, method and status."
    );
    describe_histogram!(
        HTTP_DURATION,
        metrics::Unit::Seconds,
        "HTTP request latency by route pattern and method."
    );
    describe_counter!(
        SESSIONS_CREATED,
        "Connect sessions created through the vendor API, by mode and flow."
    );
    describe_counter!(
        PAGES_OPENED,
        "Connect pages opened by customers for the first time, by flow."
    );
    describe_counter!(
        CONNECT_STEPS,
        "Connect flow steps by flow, step and outcome (a result, or the failure's class)."
    );
    describe_counter!(
        GRAPH_CALLS,
        "Graph API calls by call and outcome (ok, or Meta's failure class)."
    );
    describe_histogram!(
        GRAPH_DURATION,
        metrics::Unit::Seconds,
        "Graph API call latency by call."
    );
    describe_counter!(WEBHOOK_ATTEMPTS, "Webhook delivery attempts by outcome.");
    describe_histogram!(
        WEBHOOK_QUEUE_AGE,
        metrics::Unit::Seconds,
        "Age of a webhook event when an attempt to deliver it starts."
    );
    describe_gauge!(
        POOL_CONNECTIONS,
        "Database connections by pool and state, at the last scrape."
    );
    describe_counter!(SWEEPS, "Sweeper runs by outcome.");
    describe_counter!(SWEPT_ROWS, "Rows the sweeper deleted.");
    describe_counter!(
        SIGN_INS_REFUSED,
        "Staff sign-ins refused by throttling (written nowhere else: the audit log keeps one line per refusal window)."
    );
}

/// A method as a label: the standard ones, anything else as `other`.
pub(super) fn method_label(method: &axum::http::Method) -> &'static str {
    match method.as_str() {
        "GET" => "GET",
        "HEAD" => "HEAD",
        "POST" => "POST",
        "PUT" => "PUT",
        "PATCH" => "PATCH",
        "DELETE" => "DELETE",
        "OPTIONS" => "OPTIONS",
        _ => "other",
    }
}

pub fn request(route: String, method: &'static str, status: u16, took: Duration) {
    counter!(HTTP_REQUESTS, "route" => route.clone(), "method" => method, "status" => status.to_string())
        .increment(1);
    histogram!(HTTP_DURATION, "route" => route, "method" => method).record(took.as_secs_f64());
}

/// `mode` is `live` or `test`, `flow` the integration type.
pub fn session_created(mode: &'static str, flow: &'static str) {
    counter!(SESSIONS_CREATED, "mode" => mode, "flow" => flow).increment(1);
}

pub fn page_opened(flow: &'static str) {
    counter!(PAGES_OPENED, "flow" => flow).increment(1);
}

/// A connect step's outcome: `outcome` names its result when it succeeded.
pub fn connect_step<T>(
    flow: &'static str,
    step: &'static str,
    result: &Result<T, ConnectError>,
    outcome: impl FnOnce(&T) -> &'static str,
) {
    let outcome = match result {
        Ok(value) => outcome(value),
        Err(error) => connect_error_class(error),
    };
    counter!(CONNECT_STEPS, "flow" => flow, "step" => step, "outcome" => outcome).increment(1);
}

/// A WhatsApp step's result, as a label.
pub fn whatsapp_step(step: &WhatsAppStep) -> &'static str {
    match step {
        WhatsAppStep::AwaitingEvent => "awaiting_event",
        WhatsAppStep::AwaitingCode => "awaiting_code",
        WhatsAppStep::Recorded => "recorded",
        WhatsAppStep::NeedsPhoneNumber { .. } => "needs_phone_number",
        WhatsAppStep::NeedsPin { .. } => "needs_pin",
        WhatsAppStep::Connected(_) => "connected",
    }
}

/// A failure's class, as a label.
pub fn connect_error_class(error: &ConnectError) -> &'static str {
    match error {
        ConnectError::AfterSignup(inner) => connect_error_class(inner),
        ConnectError::UnknownSession => "unknown_session",
        ConnectError::Expired => "expired",
        ConnectError::AlreadyUsed => "already_used",
        ConnectError::VendorInactive => "vendor_inactive",
        ConnectError::Busy => "busy",
        ConnectError::OtherBrowser => "other_browser",
        ConnectError::TooManyAttempts => "too_many_attempts",
        ConnectError::NotStarted => "not_started",
        ConnectError::CodeRejected => "code_rejected",
        ConnectError::ForeignToken => "foreign_token",
        ConnectError::TokenInvalid => "token_invalid",
        ConnectError::PhoneNumberRequired => "phone_number_required",
        ConnectError::NotGranted => "not_granted",
        ConnectError::NumberNotOnWaba => "number_not_on_waba",
        ConnectError::NumberNotNamed => "number_not_named",
        ConnectError::NumberNeedsVerification => "number_needs_verification",
        ConnectError::RegisterBlocked => "register_blocked",
        ConnectError::InvalidPin => "invalid_pin",
        ConnectError::InvalidNumber => "invalid_number",
        ConnectError::NumberRefused => "number_refused",
        ConnectError::CodeMismatch => "code_mismatch",
        ConnectError::CodeLimited => "code_limited",
        ConnectError::RateLimited { .. } => "meta_rate_limited",
        ConnectError::MetaUnavailable => "meta_unavailable",
        ConnectError::MetaRejected => "meta_rejected",
        ConnectError::NoPagesSelected => "no_pages_selected",
        ConnectError::PageNotAvailable(_) => "page_not_available",
        ConnectError::PageFailed { .. } => "page_failed",
        ConnectError::BadRequest => "bad_request",
        ConnectError::Internal => "internal",
        ConnectError::Unavailable => "database_unavailable",
        ConnectError::Transport(_) => "transport",
    }
}

/// A Graph call: its name, its outcome's class (`ok`, or the failure's), its time.
pub fn graph_call(call: &'static str, outcome: &'static str, took: Duration) {
    counter!(GRAPH_CALLS, "call" => call, "outcome" => outcome).increment(1);
    histogram!(GRAPH_DURATION, "call" => call).record(took.as_secs_f64());
}

/// `outcome`: `delivered`, `retrying` or `failed`; `queue_age`: since the event was queued.
pub fn webhook_attempt(outcome: &'static str, queue_age: Duration) {
    counter!(WEBHOOK_ATTEMPTS, "outcome" => outcome).increment(1);
    histogram!(WEBHOOK_QUEUE_AGE).record(queue_age.as_secs_f64());
}

/// A sign-in refused by throttling before anything was written.
pub fn sign_in_refused() {
    counter!(SIGN_INS_REFUSED).increment(1);
}

pub fn sweep(ok: bool, deleted: u64) {
    counter!(SWEEPS, "outcome" => if ok { "ok" } else { "failed" }).increment(1);
    counter!(SWEPT_ROWS).increment(deleted);
}

/// The pools' connections now, in use and idle.
pub(super) fn pool(db: &Db) {
    for (name, pool) in [("read", db.pool()), ("write", db.writer())] {
        let idle = u32::try_from(pool.num_idle()).unwrap_or(u32::MAX);
        let size = pool.size();
        gauge!(POOL_CONNECTIONS, "pool" => name, "state" => "idle").set(f64::from(idle));
        gauge!(POOL_CONNECTIONS, "pool" => name, "state" => "in_use")
            .set(f64::from(size.saturating_sub(idle)));
    }
}
