//! Every request gets an id: the proxy's `X-Request-Id` when it is a short
//! run of safe characters, or a new one. It is in every log line written
//! while the request is served (a span), in the response's `X-Request-Id`,
//! and on the French error pages (a person quotes it to the secretariat,
//! an operator finds the request's lines with it).
//!
//! The span names the route's pattern, never the path: a path can hold a
//! single-use link's token or a calendar feed's.

use std::panic::AssertUnwindSafe;

use axum::extract::{MatchedPath, Request};
use axum::http::{header, HeaderValue, StatusCode};
use axum::middleware::Next;
use axum::response::{IntoResponse, Response};
use futures::FutureExt;
use tracing::Instrument;

pub use app::request_id::RequestId;

pub const HEADER: &str = "x-request-id";
/// The longest id taken from a request.
const LONGEST: usize = 64;

/// The id a client or proxy sent, if it is one to keep: 1 to 64 ASCII
/// letters, digits, `-`, `_`, `.` or `:`.
fn accepted(value: &HeaderValue) -> Option<String> {
    let text = value.to_str().ok()?;
    let fine = !text.is_empty()
        && text.len() <= LONGEST
        && text
            .bytes()
            .all(|b| b.is_ascii_alphanumeric() || matches!(b, b'-' | b'_' | b'.' | b':'));
    fine.then(|| text.to_string())
}

/// A new id: 16 random hexadecimal digits.
fn generated() -> String {
    format!("{:016x}", rand::random::<u64>())
}

/// The route a request matched, as written in the router (`/propositions/{reference}`).
pub fn route(request: &Request) -> &str {
    request
        .extensions()
        .get::<MatchedPath>()
        .map_or("(autre)", MatchedPath::as_str)
}

/// Gives the request its id and span, and the response its header. A
/// handler that panics is answered with the French error page, its id on it.
pub async fn track(mut request: Request, next: Next) -> Response {
    let id = request
        .headers()
        .get(HEADER)
        .and_then(accepted)
        .unwrap_or_else(generated);
    let span = tracing::info_span!(
        "request",
        request_id = %id,
        method = %request.method(),
        route = %route(&request),
    );
    request.extensions_mut().insert(RequestId(id.clone()));
    let mut response = match AssertUnwindSafe(next.run(request).instrument(span.clone()))
        .catch_unwind()
        .await
    {
        Ok(response) => response,
        Err(_) => {
            span.in_scope(|| tracing::error!("the request's handler panicked"));
            error_page(StatusCode::INTERNAL_SERVER_ERROR, &id)
        }
    };
    if response.status().is_server_error() {
        span.in_scope(|| tracing::warn!(status = response.status().as_u16(), "server error"));
    }
    if let Ok(value) = HeaderValue::from_str(&id) {
        response.headers_mut().insert(HEADER, value);
    }
    response
}

/// A plain French page for a failure outside the application's own pages,
/// with the request's id to quote.
pub fn error_page(status: StatusCode, id: &str) -> Response {
    let body = format!(
        "<!DOCTYPE html>\n<html lang=\"fr\"><head><meta charset=\"utf-8\"><title>Service indisponible — Écoute</title></head>\
         <body><main><h1>Service momentanément indisponible</h1>\
         <p>Le service est momentanément indisponible. Veuillez réessayer dans quelques instants.</p>\
         <p>{}</p></main></body></html>\n",
        app::request_id::sentence(id)
    );
    (
        status,
        [
            (header::CONTENT_TYPE, "text/html; charset=utf-8"),
            (header::CACHE_CONTROL, "no-store"),
        ],
        body,
    )
        .into_response()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn only_short_safe_ids_are_taken() {
        for good in ["abc-123", "7f3a.b_c:1", &"a".repeat(64)] {
            assert_eq!(
                accepted(&HeaderValue::from_str(good).unwrap()).as_deref(),
                Some(good)
            );
        }
        for bad in ["", "a b", "<script>", "é", &"a".repeat(65), "a\"b", "a/b"] {
            if let Ok(value) = HeaderValue::from_str(bad) {
                assert_eq!(accepted(&value), None, "{bad}");
            }
        }
        let made = generated();
        assert_eq!(made.len(), 16);
        assert!(accepted(&HeaderValue::from_str(&made).unwrap()).is_some());
    }
}
