use leptos::prelude::*;

use crate::i18n::{use_texts, Key};

/// Each code of what may stand between a number and sending (`BlockerCode` names), and
/// its text. A table, not a `match`: the wasm carries data instead of comparisons.
const TEXTS: [(&str, Key); 7] = [
    ("display_name_pending", Key::ReadyNamePending),
    ("display_name_rejected", Key::ReadyNameRejected),
    ("no_payment_method", Key::ReadyPayment),
    ("business_not_verified", Key::ReadyVerification),
    ("messaging_limit", Key::ReadyLimit),
    ("account_restricted", Key::ReadyRestricted),
    ("not_registered", Key::ReadyNotRegistered),
];

/// What still stands between the connected number and sending, in the customer's
/// language, under the success message; nothing when nothing does. The sentences form
/// one paragraph: a list of views would bring its own rendering code into the wasm.
#[component]
pub fn MissingList(missing: Vec<String>, vendor_name: String) -> impl IntoView {
    let texts = use_texts();
    let sentences = missing
        .iter()
        .map(|code| {
            let key = TEXTS
                .iter()
                .find(|(name, _)| name == code)
                .map_or(Key::ReadyOther, |(_, key)| *key);
            texts.fill(key, &[("vendor", &vendor_name)])
        })
        .collect::<Vec<_>>()
        .join(" ");
    (!sentences.is_empty()).then(|| {
        view! {
            <section class="missing" aria-labelledby="missing-lead">
                <p id="missing-lead">{texts.get(Key::ReadyMissing).to_owned()}</p>
                <p>{sentences}</p>
            </section>
        }
    })
}
