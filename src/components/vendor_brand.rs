use leptos::{either::Either, prelude::*};

use crate::{i18n::text_case, model::connect::Branding};

/// The vendor's logo and name at the top of a connect page.
#[component]
pub fn VendorBrand(branding: Branding) -> impl IntoView {
    let first = branding.vendor_name.chars().next().unwrap_or('?');
    let initial = text_case::uppercase(first.encode_utf8(&mut [0; 4]));
    let name = branding.vendor_name.clone();
    view! {
        <header class="brand">
            {match branding.logo_url {
                Some(url) => {
                    Either::Left(
                        view! { <img class="brand-logo" src=url alt="" width="48" height="48" /> },
                    )
                }
                None => {
                    Either::Right(
                        view! {
                            <span class="brand-logo brand-initial" aria-hidden="true">
                                {initial}
                            </span>
                        },
                    )
                }
            }} <span class="brand-name">{name}</span>
        </header>
    }
}
