use leptos::prelude::*;

use crate::i18n::{use_texts, Key};

/// How Meta sends the code: a text message (the default) or a voice call.
#[component]
pub fn MethodChoice(name: &'static str) -> impl IntoView {
    let texts = use_texts();
    let sms = format!("{name}-sms");
    let voice = format!("{name}-voice");
    view! {
        <fieldset class="method-choice">
            <legend>{texts.get(Key::AddMethod).to_owned()}</legend>
            <input type="radio" id=sms.clone() name="method" value="SMS" checked />
            <label for=sms>{texts.get(Key::AddSms).to_owned()}</label>
            <input type="radio" id=voice.clone() name="method" value="VOICE" />
            <label for=voice>{texts.get(Key::AddVoice).to_owned()}</label>
        </fieldset>
    }
}
