//! Rules shared by the free-text fields (names shown to people).

use super::Invalid;

/// Trims surrounding white space and checks a display text: present, at most `max`
/// characters, and free of control characters.
pub(super) fn display_text(field: &str, raw: &str, max: usize) -> Result<String, Invalid> {
    let text = raw.trim();
    if text.is_empty() {
        return Err(Invalid::new(format!("`{field}` must not be empty")));
    }
    if text.chars().count() > max {
        return Err(Invalid::new(format!(
            "`{field}` must be at most {max} characters"
        )));
    }
    if text.chars().any(char::is_control) {
        return Err(Invalid::new(format!(
            "`{field}` must not contain control characters"
        )));
    }
    Ok(text.to_owned())
}
