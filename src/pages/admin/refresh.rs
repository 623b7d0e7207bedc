use leptos::prelude::*;

/// Tells a page's data to load again after one of its actions ran (enhanced pages
/// only; without JavaScript every form post loads the page anew).
#[derive(Debug, Clone, Copy)]
pub struct Refresh(RwSignal<u64>);

impl Refresh {
    /// A new counter for the page.
    pub fn new() -> Self {
        Self(RwSignal::new(0))
    }

    /// Reads the counter, so that a resource keyed on it loads again.
    pub fn track(self) -> u64 {
        self.0.get()
    }

    /// Loads the page's data again each time an action with this `version` finishes.
    pub fn after(self, version: RwSignal<usize>) {
        Effect::new(move |_| {
            if version.get() > 0 {
                self.0.update(|n| *n += 1);
            }
        });
    }
}
