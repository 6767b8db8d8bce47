//! What every request goes through before the application: who is asking
//! (session cookie), whether a state change comes from our own pages, and the
//! security headers of every response.

use axum::extract::{Request, State};
use axum::http::{header, HeaderMap, HeaderValue, Method, StatusCode};
use axum::middleware::Next;
use axum::response::{IntoResponse, Response};

use app::auth::{RequestAuth, COOKIE, SECURE_COOKIE};
use app::services::accounts::sessions;
use app::state::AppState;

/// The CSP of responses that are not pages (server functions, files, errors).
/// Pages get their own, with the script nonce, from the application shell.
const DEFAULT_CSP: &str = "default-src 'self'; frame-ancestors 'none'; base-uri 'self'; form-action 'self'; object-src 'none'";

fn cookie_value<'a>(headers: &'a HeaderMap, name: &str) -> Option<&'a str> {
    headers
        .get_all(header::COOKIE)
        .iter()
        .filter_map(|v| v.to_str().ok())
        .flat_map(|v| v.split(';'))
        .filter_map(|pair| pair.trim().split_once('='))
        .find(|(key, _)| *key == name)
        .map(|(_, value)| value)
}

fn client_ip(request: &Request) -> Option<String> {
    request
        .extensions()
        .get::<axum::extract::ConnectInfo<std::net::SocketAddr>>()
        .map(|info| info.0.ip().to_string())
}

/// Resolves the session cookie and leaves a [`RequestAuth`] for the application.
pub async fn authenticate(
    State(state): State<AppState>,
    mut request: Request,
    next: Next,
) -> Response {
    let secure = state.public_url.starts_with("https://");
    let name = if secure { SECURE_COOKIE } else { COOKIE };
    let token = cookie_value(request.headers(), name).map(str::to_string);
    let user = match &token {
        Some(token) => {
            match sessions::resolve(&state.reader, &state.db, token, chrono::Utc::now()).await {
                Ok(user) => user,
                Err(err) => {
                    tracing::error!(error = %err, "could not resolve a session");
                    None
                }
            }
        }
        None => None,
    };
    let auth = RequestAuth {
        token: user.as_ref().and(token),
        user,
        ip: client_ip(&request),
        user_agent: request
            .headers()
            .get(header::USER_AGENT)
            .and_then(|v| v.to_str().ok())
            .map(str::to_string),
        secure,
    };
    request.extensions_mut().insert(auth);
    next.run(request).await
}

/// Refuses state changes that do not come from our own pages: any non-GET
/// request marked cross-site by the browser or carrying a foreign Origin.
pub async fn same_origin(State(state): State<AppState>, request: Request, next: Next) -> Response {
    if matches!(
        *request.method(),
        Method::GET | Method::HEAD | Method::OPTIONS
    ) {
        return next.run(request).await;
    }
    let headers = request.headers();
    let cross_site = headers
        .get("sec-fetch-site")
        .is_some_and(|v| v.as_bytes() == b"cross-site");
    let foreign_origin = headers
        .get(header::ORIGIN)
        .and_then(|v| v.to_str().ok())
        .is_some_and(|origin| !is_own_origin(origin, &state.public_url, headers));
    if cross_site || foreign_origin {
        tracing::warn!(method = %request.method(), path = request.uri().path(), "cross-site request refused");
        return (
            StatusCode::FORBIDDEN,
            [(header::CONTENT_TYPE, "text/plain; charset=utf-8")],
            "Requête refusée : elle ne provient pas d'une page d'Écoute.",
        )
            .into_response();
    }
    next.run(request).await
}

fn is_own_origin(origin: &str, public_url: &str, headers: &HeaderMap) -> bool {
    if origin == public_url {
        return true;
    }
    let host = headers.get(header::HOST).and_then(|v| v.to_str().ok());
    let origin_host = origin.split_once("://").map(|(_, rest)| rest);
    host.is_some() && origin_host == host
}

/// Headers every response carries; a page's own CSP (with its nonce) is kept.
pub async fn security_headers(request: Request, next: Next) -> Response {
    let mut response = next.run(request).await;
    let headers = response.headers_mut();
    headers
        .entry(header::CONTENT_SECURITY_POLICY)
        .or_insert(HeaderValue::from_static(DEFAULT_CSP));
    headers.insert(
        header::X_CONTENT_TYPE_OPTIONS,
        HeaderValue::from_static("nosniff"),
    );
    headers.insert(
        header::REFERRER_POLICY,
        HeaderValue::from_static("same-origin"),
    );
    headers.insert(header::X_FRAME_OPTIONS, HeaderValue::from_static("DENY"));
    headers.insert(
        "permissions-policy",
        HeaderValue::from_static("camera=(), microphone=(), geolocation=()"),
    );
    response
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_session_cookie_is_found_among_others() {
        let mut headers = HeaderMap::new();
        headers.insert(
            header::COOKIE,
            HeaderValue::from_static("a=1; ecoute_session=tok; b=2"),
        );
        assert_eq!(cookie_value(&headers, COOKIE), Some("tok"));
        assert_eq!(cookie_value(&headers, SECURE_COOKIE), None);
    }

    #[test]
    fn only_our_own_origin_is_accepted() {
        let mut headers = HeaderMap::new();
        headers.insert(header::HOST, HeaderValue::from_static("ecoute.example"));
        assert!(is_own_origin(
            "http://127.0.0.1:3000",
            "http://127.0.0.1:3000",
            &headers
        ));
        assert!(is_own_origin(
            "https://ecoute.example",
            "http://127.0.0.1:3000",
            &headers
        ));
        assert!(!is_own_origin(
            "https://evil.example",
            "http://127.0.0.1:3000",
            &headers
        ));
    }
}
