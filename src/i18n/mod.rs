//! The connect pages in their customers' languages. The texts live in `locales/*.txt`
//! (plain `key = text` lines a translator can edit); the server reads them, picks the
//! session's language (the session's `locale`, else the browser's `Accept-Language`)
//! and hands the page that language's texts only.

mod keys;
mod locale;
pub mod text_case;
mod texts;

#[cfg(feature = "ssr")]
pub mod catalogue;

pub use keys::Key;
pub use locale::Locale;
pub use texts::Texts;

use std::sync::Arc;

use leptos::prelude::*;

/// Gives the components below the page's texts, shared: each component reads them
/// without copying the language's strings.
pub fn provide_texts(texts: Texts) {
    provide_context(Arc::new(texts));
}

/// The texts the page was given (by the connect page on the server, by the flow's
/// island in the browser).
pub fn use_texts() -> Arc<Texts> {
    expect_context::<Arc<Texts>>()
}

/// English, for the page the server renders when it could not load the session. Only
/// the server renders it; the browser never needs texts it was not given.
pub fn server_texts() -> Texts {
    #[cfg(feature = "ssr")]
    {
        catalogue::texts(Locale::En)
    }
    #[cfg(not(feature = "ssr"))]
    {
        Texts::new(Locale::En, Vec::new())
    }
}
