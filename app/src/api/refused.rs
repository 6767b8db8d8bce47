//! A form refused for its input goes back to its page with the French
//! message, the field it concerns and what was typed in the address, so
//! that the page, rendered again without JavaScript, shows the form as it
//! was sent with the message next to the field (read by
//! [`crate::components::forms::Returned`]). Any other error stays one.

use crate::model::AppError;

/// Sends the browser back to `page` (its `#anchor`) when `error` is bad
/// input, and returns the error otherwise.
pub fn back_to(
    page: &str,
    anchor: &str,
    error: AppError,
    field: Option<&str>,
    typed: &[(&str, &str)],
) -> Result<(), AppError> {
    let AppError::Invalid(message) = error else {
        return Err(error);
    };
    leptos_axum::redirect(&address(page, anchor, &message, field, typed));
    Ok(())
}

/// The address `back_to` sends the browser to: `page` with the message,
/// the field and what was typed, at `#anchor`.
pub fn address(
    page: &str,
    anchor: &str,
    message: &str,
    field: Option<&str>,
    typed: &[(&str, &str)],
) -> String {
    let mut query = form_urlencoded::Serializer::new(String::new());
    query.append_pair("erreur", message);
    if let Some(field) = field {
        query.append_pair("champ", field);
    }
    for (name, value) in typed {
        query.append_pair(name, value);
    }
    let separator = if page.contains('?') { '&' } else { '?' };
    format!("{page}{separator}{}#{anchor}", query.finish())
}
