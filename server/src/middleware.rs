//! What every request goes through before the application: where it comes
//! from (through the trusted proxies), who is asking (session cookie),
//! whether a state change comes from our own pages, and the security headers
//! of every response.

use std::net::IpAddr;
use std::sync::Arc;

use axum::extract::{Request, State};
use axum::http::{header, HeaderMap, HeaderValue, Method, StatusCode};
use axum::middleware::Next;
use axum::response::{IntoResponse, Response};

use app::auth::{cookie_in, RequestAuth, COOKIE, SECURE_COOKIE};
use app::services::accounts::sessions;
use app::state::AppState;

use crate::config::{normal, TrustedProxies};

/// The CSP of responses that are not pages (server functions, files, errors).
/// Pages get their own, with the script nonce, from the application shell.
const DEFAULT_CSP: &str = "default-src 'self'; frame-ancestors 'none'; base-uri 'self'; form-action 'self'; object-src 'none'";

/// Where a request comes from and how it reached the first proxy, as far
/// as the trusted proxies vouch for it. The one place that reads the
/// forwarding headers: the throttle, the audit, the same-origin check and
/// whatever else needs the client's address, scheme or host reads this.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Client {
    /// The client's address: the TCP peer, or behind trusted proxies the
    /// rightmost address in the forwarding chain that is not a proxy.
    pub ip: Option<IpAddr>,
    /// `https` or `http`, when a trusted proxy said how it was reached.
    pub scheme: Option<String>,
    /// The `Host` the client asked for (as a trusted proxy relayed it).
    pub host: Option<String>,
}

impl Client {
    /// Reads `headers` as received from `peer`.
    pub fn locate(peer: Option<IpAddr>, headers: &HeaderMap, proxies: &TrustedProxies) -> Self {
        let peer = peer.map(normal);
        let own_host = header_text(headers, header::HOST.as_str());
        let behind_proxy = peer.is_some_and(|p| proxies.contains(p));
        if !behind_proxy {
            return Client {
                ip: peer,
                scheme: None,
                host: own_host,
            };
        }
        let forwarded = forwarded_elements(headers);
        let chain: Vec<String> = if forwarded.is_empty() {
            headers
                .get_all("x-forwarded-for")
                .iter()
                .filter_map(|v| v.to_str().ok())
                .flat_map(|v| v.split(','))
                .map(|hop| hop.trim().to_string())
                .collect()
        } else {
            forwarded
                .iter()
                .filter_map(|element| param(element, "for"))
                .collect()
        };
        // Walking from the proxy nearest to us: the first hop that is not
        // one of our proxies is the client; what lies left of it was
        // written by the client itself and proves nothing.
        let mut ip = peer;
        for hop in chain.iter().rev() {
            match hop_address(hop) {
                Some(address) if proxies.contains(address) => ip = Some(address),
                Some(address) => {
                    ip = Some(address);
                    break;
                }
                None => break,
            }
        }
        let nearest = forwarded.last();
        let scheme = nearest
            .and_then(|element| param(element, "proto"))
            .or_else(|| last_value(headers, "x-forwarded-proto"))
            .map(|s| s.to_ascii_lowercase())
            .filter(|s| s == "http" || s == "https");
        let host = nearest
            .and_then(|element| param(element, "host"))
            .or_else(|| last_value(headers, "x-forwarded-host"))
            .or(own_host);
        Client {
            ip: normal_opt(ip),
            scheme,
            host,
        }
    }
}

fn normal_opt(ip: Option<IpAddr>) -> Option<IpAddr> {
    ip.map(normal)
}

fn header_text(headers: &HeaderMap, name: &str) -> Option<String> {
    headers
        .get(name)
        .and_then(|v| v.to_str().ok())
        .map(|v| v.trim().to_string())
        .filter(|v| !v.is_empty())
}

/// The last comma-separated value of a header (the nearest proxy's).
fn last_value(headers: &HeaderMap, name: &str) -> Option<String> {
    headers
        .get_all(name)
        .iter()
        .filter_map(|v| v.to_str().ok())
        .flat_map(|v| v.split(','))
        .map(str::trim)
        .rfind(|v| !v.is_empty())
        .map(str::to_string)
}

/// The elements of RFC 7239 `Forwarded` headers, in order.
fn forwarded_elements(headers: &HeaderMap) -> Vec<String> {
    headers
        .get_all("forwarded")
        .iter()
        .filter_map(|v| v.to_str().ok())
        .flat_map(|v| v.split(','))
        .map(|e| e.trim().to_string())
        .filter(|e| !e.is_empty())
        .collect()
}

/// A parameter of a `Forwarded` element, unquoted.
fn param(element: &str, name: &str) -> Option<String> {
    element.split(';').find_map(|pair| {
        let (key, value) = pair.trim().split_once('=')?;
        key.trim()
            .eq_ignore_ascii_case(name)
            .then(|| value.trim().trim_matches('"').to_string())
    })
}

/// The address of a hop: `10.0.0.1`, `10.0.0.1:4711`, `[2001:db8::1]:4711`
/// or `2001:db8::1`; None for `unknown` or an obfuscated name.
fn hop_address(hop: &str) -> Option<IpAddr> {
    let hop = hop.trim().trim_matches('"');
    if let Ok(address) = hop.parse::<IpAddr>() {
        return Some(normal(address));
    }
    if let Some(rest) = hop.strip_prefix('[') {
        return rest.split_once(']')?.0.parse().ok().map(normal);
    }
    hop.rsplit_once(':')?.0.parse().ok().map(normal)
}

/// Finds where the request comes from and leaves a [`Client`] for the
/// layers and handlers after this one.
pub async fn locate_client(
    State(proxies): State<Arc<TrustedProxies>>,
    mut request: Request,
    next: Next,
) -> Response {
    let peer = request
        .extensions()
        .get::<axum::extract::ConnectInfo<std::net::SocketAddr>>()
        .map(|info| info.0.ip());
    let client = Client::locate(peer, request.headers(), &proxies);
    request.extensions_mut().insert(client);
    next.run(request).await
}

fn client(request: &Request) -> Client {
    request
        .extensions()
        .get::<Client>()
        .cloned()
        .unwrap_or_default()
}

/// Resolves the session cookie and leaves a [`RequestAuth`] for the application.
pub async fn authenticate(
    State(state): State<AppState>,
    mut request: Request,
    next: Next,
) -> Response {
    let secure = state.public_url.starts_with("https://");
    let name = if secure { SECURE_COOKIE } else { COOKIE };
    let token = cookie_in(request.headers(), name).map(str::to_string);
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
        ip: client(&request).ip.map(|ip| ip.to_string()),
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

/// Refuses state changes that do not come from our own pages: a non-GET
/// request must carry our origin in `Origin`, or else be marked same-origin
/// by the browser (`Sec-Fetch-Site`), or else come from one of our pages
/// (`Referer`); one that says none of these is refused too.
pub async fn same_origin(State(state): State<AppState>, request: Request, next: Next) -> Response {
    if matches!(
        *request.method(),
        Method::GET | Method::HEAD | Method::OPTIONS
    ) {
        return next.run(request).await;
    }
    let headers = request.headers();
    let client = client(&request);
    let own = |url: &str| is_own_origin(origin_of(url), &state.public_url, &client);
    let allowed = match (
        headers.get(header::ORIGIN).and_then(|v| v.to_str().ok()),
        headers.get("sec-fetch-site").and_then(|v| v.to_str().ok()),
        headers.get(header::REFERER).and_then(|v| v.to_str().ok()),
    ) {
        (Some(origin), fetch_site, _) => {
            own(origin) && !fetch_site.is_some_and(|s| s == "cross-site" || s == "same-site")
        }
        (None, Some(fetch_site), _) => fetch_site == "same-origin" || fetch_site == "none",
        (None, None, Some(referer)) => own(referer),
        (None, None, None) => false,
    };
    if !allowed {
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

/// `scheme://host[:port]` of a URL (an Origin is one already).
fn origin_of(url: &str) -> &str {
    match url.split_once("://") {
        Some((scheme, rest)) => {
            let end = rest.find(['/', '?', '#']).unwrap_or(rest.len());
            &url[..scheme.len() + 3 + end]
        }
        None => url,
    }
}

/// Our origin is the public URL's, or the scheme and host the request was
/// addressed to (the scheme when a trusted proxy told it).
fn is_own_origin(origin: &str, public_url: &str, client: &Client) -> bool {
    if origin.eq_ignore_ascii_case(origin_of(public_url)) {
        return true;
    }
    let Some((scheme, host)) = origin.split_once("://") else {
        return false;
    };
    client
        .host
        .as_deref()
        .is_some_and(|h| h.eq_ignore_ascii_case(host))
        && client
            .scheme
            .as_deref()
            .is_none_or(|s| s.eq_ignore_ascii_case(scheme))
}

/// Headers every response carries; a page's own CSP (with its nonce) is
/// kept. Served at an `https://` public URL, every response also tells the
/// browser to come back over HTTPS only (HSTS).
pub async fn security_headers(State(https): State<bool>, request: Request, next: Next) -> Response {
    let mut response = next.run(request).await;
    let headers = response.headers_mut();
    if https {
        headers.insert(
            header::STRICT_TRANSPORT_SECURITY,
            HeaderValue::from_static("max-age=31536000; includeSubDomains"),
        );
    }
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
        assert_eq!(cookie_in(&headers, COOKIE), Some("tok"));
        assert_eq!(cookie_in(&headers, SECURE_COOKIE), None);
    }

    #[test]
    fn only_our_own_origin_is_accepted() {
        let client = Client {
            ip: None,
            scheme: None,
            host: Some("ecoute.example".into()),
        };
        let public = "http://127.0.0.1:3000";
        assert!(is_own_origin("http://127.0.0.1:3000", public, &client));
        assert!(is_own_origin("https://ecoute.example", public, &client));
        assert!(!is_own_origin("https://evil.example", public, &client));
        assert!(!is_own_origin(
            "https://ecoute.example.evil.example",
            public,
            &client
        ));
        let told = Client {
            scheme: Some("https".into()),
            ..client
        };
        assert!(is_own_origin("https://ecoute.example", public, &told));
        assert!(!is_own_origin("http://ecoute.example", public, &told));
        assert_eq!(
            origin_of("https://a.example:8443/x?y#z"),
            "https://a.example:8443"
        );
    }

    fn headers(pairs: &[(&'static str, &'static str)]) -> HeaderMap {
        let mut map = HeaderMap::new();
        for (name, value) in pairs {
            map.append(*name, HeaderValue::from_static(value));
        }
        map
    }

    #[test]
    fn forwarding_headers_count_only_from_a_trusted_proxy() {
        let proxies = TrustedProxies::parse("10.0.0.0/8").unwrap();
        let forwarded = headers(&[
            ("x-forwarded-for", "6.6.6.6, 203.0.113.7"),
            ("x-forwarded-for", "10.0.0.9"),
            ("x-forwarded-proto", "https"),
            ("x-forwarded-host", "ecoute.example"),
            ("host", "127.0.0.1:3000"),
        ]);
        let peer = Some("10.0.0.2".parse().unwrap());
        let behind = Client::locate(peer, &forwarded, &proxies);
        assert_eq!(behind.ip, Some("203.0.113.7".parse().unwrap()));
        assert_eq!(behind.scheme.as_deref(), Some("https"));
        assert_eq!(behind.host.as_deref(), Some("ecoute.example"));

        let direct = Client::locate(Some("198.51.100.4".parse().unwrap()), &forwarded, &proxies);
        assert_eq!(direct.ip, Some("198.51.100.4".parse().unwrap()));
        assert_eq!(direct.scheme, None);
        assert_eq!(direct.host.as_deref(), Some("127.0.0.1:3000"));

        let none = Client::locate(peer, &forwarded, &TrustedProxies::default());
        assert_eq!(none.ip, Some("10.0.0.2".parse().unwrap()));

        let rfc = headers(&[(
            "forwarded",
            "for=6.6.6.6;proto=http, for=\"[2001:db8::7]:4711\";proto=https;host=ecoute.example",
        )]);
        let located = Client::locate(peer, &rfc, &proxies);
        assert_eq!(located.ip, Some("2001:db8::7".parse().unwrap()));
        assert_eq!(located.scheme.as_deref(), Some("https"));
        assert_eq!(located.host.as_deref(), Some("ecoute.example"));

        let only_proxies = headers(&[("x-forwarded-for", "10.1.1.1, 10.2.2.2")]);
        assert_eq!(
            Client::locate(peer, &only_proxies, &proxies).ip,
            Some("10.1.1.1".parse().unwrap())
        );
        let mapped = Client::locate(
            Some("::ffff:10.0.0.2".parse().unwrap()),
            &forwarded,
            &proxies,
        );
        assert_eq!(mapped.ip, Some("203.0.113.7".parse().unwrap()));
    }
}
