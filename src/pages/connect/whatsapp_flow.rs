//! The ready WhatsApp connect page: the Connect button, `FB.login`, the correlation of
//! the login's code with Embedded Signup's message event (in either order), completion
//! on the server, and the result posted to the vendor's window.

use leptos::{either::EitherOf3, ev, prelude::*, task::spawn_local};

use crate::{
    browser::{self, SignupMessage, SignupMessageKind},
    components::{
        needs_javascript::NeedsJavaScript,
        simulated_banner::SimulatedBanner,
        toast::{Toast, ToastView},
        vendor_brand::VendorBrand,
    },
    model::connect::{
        ConnectError, ReadySession, WhatsAppConnected, WhatsAppMessage, WhatsAppSignup,
        SUCCESS_MESSAGE_TYPE,
    },
    server_fns::connect::complete_whatsapp,
};

#[derive(Debug, Clone, PartialEq, Eq)]
enum Phase {
    /// Waiting for the customer to click Connect.
    Ready,
    /// Meta's popup is open.
    InMeta,
    /// The server is completing the connection.
    Completing,
    Connected {
        delivered: bool,
    },
    /// The session cannot be used any more.
    Closed(ConnectError),
}

/// What has arrived from Meta so far, in whichever order.
#[derive(Debug, Default, Clone)]
struct Pending {
    code: Option<String>,
    signup: Option<SignupMessage>,
}

/// The contract's WhatsApp success message; `state` only when the session has one.
fn result_payload(result: &WhatsAppConnected) -> WhatsAppMessage<'_> {
    WhatsAppMessage {
        kind: SUCCESS_MESSAGE_TYPE,
        account_id: &result.account_id,
        waba_id: &result.waba_id,
        phone_number_id: &result.phone_number_id,
        livemode: result.livemode,
        state: result.state.as_deref(),
    }
}

#[component]
pub fn WhatsAppFlow(session: ReadySession, token: String) -> impl IntoView {
    let sdk_ready = RwSignal::new(false);
    let phase = RwSignal::new(Phase::Ready);
    let (toast, set_toast) = signal(None::<Toast>);
    let pending = StoredValue::new(Pending::default());
    let meta = session.meta.clone();
    let target_origin = session.target_origin.clone();

    let back_to_ready = move |text: String, error: bool| {
        pending.set_value(Pending::default());
        phase.set(Phase::Ready);
        set_toast.set(Some(Toast { error, text }));
    };

    let complete =
        move |code: String, signup: SignupMessage, token: String, target_origin: String| {
            phase.set(Phase::Completing);
            set_toast.set(None);
            let request = WhatsAppSignup {
                code,
                waba_id: signup.waba_id.unwrap_or_default(),
                phone_number_id: signup.phone_number_id,
                business_id: signup.business_id,
            };
            spawn_local(async move {
                match complete_whatsapp(token, request).await {
                    Ok(result) => {
                        let delivered =
                            browser::post_to_opener(&result_payload(&result), &target_origin);
                        pending.set_value(Pending::default());
                        phase.set(Phase::Connected { delivered });
                    }
                    Err(error) if error.is_retryable() => back_to_ready(error.to_string(), true),
                    Err(error) => phase.set(Phase::Closed(error)),
                }
            });
        };

    let try_complete = {
        let token = token.clone();
        let target_origin = target_origin.clone();
        move || {
            let Pending {
                code: Some(code),
                signup: Some(signup),
            } = pending.get_value()
            else {
                return;
            };
            if phase.get_untracked() == Phase::InMeta {
                complete(code, signup, token.clone(), target_origin.clone());
            }
        }
    };

    // Meta's SDK and its message events exist only in the browser; effects run only there.
    Effect::new({
        let meta = meta.clone();
        move |_| browser::load_meta_sdk(&meta, move || sdk_ready.set(true))
    });
    let expected_origin = meta.web_origin.clone();
    let on_message = {
        let try_complete = try_complete.clone();
        move |event: ev::MessageEvent| {
            let from = event.origin();
            let allowed = expected_origin.clone().unwrap_or_else(browser::own_origin);
            let Some(message) = event
                .data()
                .as_string()
                .filter(|_| from == allowed)
                .and_then(|d| SignupMessage::parse(&d))
            else {
                return;
            };
            if phase.get_untracked() != Phase::InMeta {
                return;
            }
            match &message.kind {
                SignupMessageKind::Finished => {
                    pending.update_value(|p| p.signup = Some(message));
                    try_complete();
                }
                SignupMessageKind::FinishedWithoutPhone => {
                    back_to_ready(ConnectError::PhoneNumberRequired.to_string(), true)
                }
                SignupMessageKind::Cancelled {
                    error_message: Some(reason),
                } => back_to_ready(
                    format!("Meta reported a problem: {reason}. Nothing was connected."),
                    true,
                ),
                SignupMessageKind::Cancelled {
                    error_message: None,
                } => back_to_ready("You cancelled. Nothing was connected.".to_owned(), false),
            }
        }
    };
    Effect::new(move |_| {
        let handle = window_event_listener(ev::message, on_message.clone());
        on_cleanup(move || handle.remove());
    });

    let config_id = meta.config_id.clone();
    let on_click = move |_| {
        pending.set_value(Pending::default());
        set_toast.set(None);
        phase.set(Phase::InMeta);
        let try_complete = try_complete.clone();
        // Synchronously inside the click handler, or the browser blocks Meta's popup.
        browser::login_for_embedded_signup(&config_id, move |code| match code {
            Some(code) => {
                pending.update_value(|p| p.code = Some(code));
                try_complete();
            }
            None if phase.get_untracked() == Phase::InMeta => back_to_ready(
                "Nothing was connected: the permissions were not granted.".to_owned(),
                false,
            ),
            None => {}
        });
    };

    let vendor_name = session.branding.vendor_name.clone();
    let simulated = meta.simulated;
    view! {
        <main class="connect">
            {simulated.then(|| view! { <SimulatedBanner test_mode=session.test_mode /> })}
            <VendorBrand branding=session.branding.clone() />
            <section class="panel" aria-labelledby="connect-title">
                {move || match phase.get() {
                    Phase::Connected { delivered } => EitherOf3::A(view! {
                        <h1 id="connect-title">"WhatsApp is connected"</h1>
                        <p class="done" role="status">
                            {if delivered {
                                format!("You can close this tab and return to {vendor_name}.")
                            } else {
                                format!("Return to {vendor_name} to continue.")
                            }}
                        </p>
                    }),
                    Phase::Closed(error) => EitherOf3::B(view! {
                        <h1 id="connect-title">"This link can no longer be used"</h1>
                        <p role="alert">{error.to_string()}" Go back to "{vendor_name.clone()}" and start again."</p>
                    }),
                    busy => EitherOf3::C(view! {
                        <h1 id="connect-title">"Connect your WhatsApp Business account"</h1>
                        <p>
                            {format!("{vendor_name} will be able to send and receive WhatsApp messages for your business. ")}
                            "You sign in with Facebook and choose the business account and phone number to use."
                        </p>
                        <button
                            type="button"
                            class="button connect-button"
                            disabled=move || !sdk_ready.get() || busy != Phase::Ready
                            on:click=on_click.clone()
                        >
                            {match busy {
                                Phase::InMeta => "Waiting for Facebook…",
                                Phase::Completing => "Connecting…",
                                _ => "Connect WhatsApp",
                            }}
                        </button>
                        <NeedsJavaScript />
                    }),
                }}
                <ToastView toast />
            </section>
        </main>
    }
}
