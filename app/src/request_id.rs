//! The id the server gives each request (server/src/request_id.rs), which a
//! person quotes from an error page and an operator finds in the logs.

/// A request's id, left in its extensions by the server.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct RequestId(pub String);

/// The current request's id, during server rendering.
pub fn current() -> Option<String> {
    leptos::prelude::use_context::<axum::http::request::Parts>()
        .and_then(|parts| parts.extensions.get::<RequestId>().map(|id| id.0.clone()))
}

/// What an error page says of the id.
pub fn sentence(id: &str) -> String {
    format!(
        "Référence de la demande : {id}. Indiquez-la si vous signalez le problème au secrétariat."
    )
}
