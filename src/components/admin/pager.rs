use leptos::prelude::*;

/// Previous and next links between the pages of a list; `href` makes a page's address.
#[component]
pub fn Pager(page: u32, pages: u32, href: impl Fn(u32) -> String + 'static) -> impl IntoView {
    let previous = (page > 1).then(|| href(page - 1));
    let next = (page < pages).then(|| href(page + 1));
    view! {
        <nav class="pager" aria-label="Pages">
            {previous
                .map(|h| {
                    view! {
                        <a href=h rel="prev">
                            "← Previous"
                        </a>
                    }
                })}
            <span>{format!("Page {page} of {pages}")}</span>
            {next
                .map(|h| {
                    view! {
                        <a href=h rel="next">
                            "Next →"
                        </a>
                    }
                })}
        </nav>
    }
}
