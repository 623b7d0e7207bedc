//! Integration tests of the vendor API, the health endpoints, the pages and the
//! operations CLI, over real HTTP against a server on a random port. Each test has its
//! own database: a SQLite file, or a fresh PostgreSQL database when
//! `TEST_DATABASE_URL` names a PostgreSQL server.

mod admin_auth;
mod admin_plain_forms;
mod admin_reports;
mod admin_staff;
mod admin_vendors;
mod cli;
mod coexistence;
mod connect_completion;
mod connect_faults;
mod connect_full_page_dialog;
mod connect_in_app_browser;
mod connect_languages;
mod connect_page;
mod connect_pages;
mod database_faults;
mod docs;
mod erasure;
mod facebook_login_callbacks;
mod key_rotation;
mod lifecycle_meta_events;
mod lifecycle_pages;
mod lifecycle_vendor_api;
mod live_coexistence;
mod live_lifecycle;
mod live_meta;
mod metrics;
mod openapi;
mod operator_flags;
mod pages_and_health;
mod phone_pins;
mod rate_limits;
mod raw_connections;
mod retention;
mod return_urls;
mod safe_defaults;
mod session_auth;
mod session_concurrency;
mod session_errors;
mod session_fields;
mod session_outcome;
mod session_storage;
mod shutdown;
mod sign_in_throttling;
mod signup_steps;
mod simulator_limits;
mod stored;
mod support;
mod test_mode;
mod text_fields;
mod vendor_theme;
mod webhook_fairness;
mod webhooks;
mod workspace_status;
