//! The pages anonymous visitors read most (home, backlog views, proposal
//! pages, procedures), kept rendered for a few seconds. Signed-in people get pages
//! rendered for them, so whoever makes a change sees it at once; the public
//! sees it once the kept copy is older than its time to live.
//!
//! A kept page is not sent twice as it was: each response gets a nonce of its
//! own, written into the page's scripts and its Content-Security-Policy in
//! place of the one it was rendered with.
//!
//! Pages are told apart by their path and only the query parameters they
//! read, so that one added to an address (`?x=1`, `?x=2`…) does not make a
//! page of its own, rendered anew. A page over [`LARGEST`] is sent as it is
//! rendered, not kept.

use std::sync::Arc;
use std::time::Duration;

use axum::body::{Body, Bytes};
use axum::extract::{Request, State};
use axum::http::{header, HeaderMap, HeaderValue, Method, StatusCode, Uri};
use axum::middleware::Next;
use axum::response::{IntoResponse, Response};
use futures_util::stream::{self, StreamExt};
use leptos::nonce::Nonce;

use app::auth::RequestAuth;
use app::model::{BacklogFilters, PROPOSAL_PAGE_PARAMS};
use app::services::shelf::Shelf;

/// Larger pages are sent, not kept.
const LARGEST: usize = 1024 * 1024;

#[derive(Debug)]
pub struct KeptPages {
    ttl: Duration,
    pages: Shelf<KeptPage>,
}

impl KeptPages {
    /// Pages kept `ttl`; zero keeps none.
    pub fn new(ttl: Duration) -> Self {
        Self {
            ttl,
            pages: Shelf::default(),
        }
    }
}

/// A rendered page, cut where its nonce was.
#[derive(Debug)]
pub struct KeptPage {
    headers: HeaderMap,
    policy: Vec<Bytes>,
    body: Vec<Bytes>,
}

impl KeptPage {
    /// The page as rendered with `nonce`, if it is one to keep: a success,
    /// setting no cookie, with a nonce in its policy.
    async fn from_response(response: Response) -> Result<Self, Response> {
        if response.status() != StatusCode::OK
            || response.headers().contains_key(header::SET_COOKIE)
        {
            return Err(response);
        }
        let Some(nonce) = nonce_of(response.headers()) else {
            return Err(response);
        };
        let (parts, body) = response.into_parts();
        let mut rest = body.into_data_stream();
        let mut read = Vec::new();
        while let Some(chunk) = rest.next().await {
            let Ok(chunk) = chunk else {
                tracing::error!("a page could not be read whole to be kept");
                return Err(StatusCode::INTERNAL_SERVER_ERROR.into_response());
            };
            read.extend_from_slice(&chunk);
            if read.len() > LARGEST {
                // Too large to keep: sent as rendered, what was read first.
                let read = Bytes::from(read);
                let whole = stream::once(async move { Ok::<_, axum::Error>(read) }).chain(rest);
                return Err(Response::from_parts(parts, Body::from_stream(whole)));
            }
        }
        let bytes = Bytes::from(read);
        let mut headers = parts.headers;
        let policy = headers
            .remove(header::CONTENT_SECURITY_POLICY)
            .map(|v| Bytes::copy_from_slice(v.as_bytes()))
            .unwrap_or_default();
        headers.remove(header::CONTENT_LENGTH);
        Ok(Self {
            headers,
            policy: split(&policy, nonce.as_bytes()),
            body: split(&bytes, nonce.as_bytes()),
        })
    }

    /// The page as if rendered with `nonce`.
    fn with_nonce(&self, nonce: &str) -> Response {
        let body = self.body.join(nonce.as_bytes());
        let mut response = Response::new(Body::from(body));
        *response.headers_mut() = self.headers.clone();
        if let Ok(policy) = HeaderValue::from_bytes(&self.policy.join(nonce.as_bytes())) {
            response
                .headers_mut()
                .insert(header::CONTENT_SECURITY_POLICY, policy);
        }
        response
    }
}

/// The nonce a page's policy allows scripts with.
fn nonce_of(headers: &HeaderMap) -> Option<String> {
    let policy = headers
        .get(header::CONTENT_SECURITY_POLICY)?
        .to_str()
        .ok()?;
    let start = policy.find("'nonce-")? + "'nonce-".len();
    let length = policy[start..].find('\'')?;
    Some(policy[start..start + length].to_string()).filter(|n| !n.is_empty())
}

/// `bytes` cut at every `separator`.
fn split(bytes: &Bytes, separator: &[u8]) -> Vec<Bytes> {
    let mut parts = Vec::new();
    let mut rest = 0;
    let mut at = 0;
    while at + separator.len() <= bytes.len() {
        if &bytes[at..at + separator.len()] == separator {
            parts.push(bytes.slice(rest..at));
            at += separator.len();
            rest = at;
        } else {
            at += 1;
        }
    }
    parts.push(bytes.slice(rest..));
    parts
}

/// The pages kept: the home page, the backlog, the proposals' pages and the
/// procedure catalogue with its procedures' pages (which count proposals).
fn is_kept(path: &str) -> bool {
    let one_below = |prefix: &str| {
        path.strip_prefix(prefix).is_some_and(|rest| match rest {
            "" => true,
            rest => rest
                .strip_prefix('/')
                .is_some_and(|key| !key.is_empty() && !key.contains('/') && key != "nouvelle"),
        })
    };
    path == "/" || one_below("/propositions") || one_below("/demarches")
}

/// What tells a kept page from another: its path (a proposal's reference
/// in capitals, as the page reads it) and, of the query, what the page
/// reads: a backlog view's filters as the view writes them (or the French
/// sentence of a filter it cannot read, which is all that page shows), a
/// proposal page's parameters.
fn key(uri: &Uri) -> String {
    let path = uri.path();
    let query = uri.query().unwrap_or_default();
    let (path, read) = if path == "/propositions" {
        let read = match BacklogFilters::parse(query) {
            Ok(filters) => filters.query_with_page(filters.page),
            Err(error) => format!("!{error}"),
        };
        (path.to_string(), read)
    } else if let Some(reference) = path.strip_prefix("/propositions/") {
        let mut read = form_urlencoded::Serializer::new(String::new());
        for (name, value) in form_urlencoded::parse(query.as_bytes()) {
            if PROPOSAL_PAGE_PARAMS.contains(&name.as_ref()) {
                read.append_pair(&name, &value);
            }
        }
        (
            format!("/propositions/{}", reference.trim().to_uppercase()),
            read.finish(),
        )
    } else {
        (path.to_string(), String::new())
    };
    if read.is_empty() {
        path
    } else {
        format!("{path}?{read}")
    }
}

/// Serves an anonymous visitor's page from the kept copy, or renders it and
/// keeps it.
pub async fn serve(State(kept): State<Arc<KeptPages>>, request: Request, next: Next) -> Response {
    let anonymous = request
        .extensions()
        .get::<RequestAuth>()
        .is_some_and(|auth| auth.user.is_none());
    if kept.ttl.is_zero()
        || request.method() != Method::GET
        || !anonymous
        || !is_kept(request.uri().path())
    {
        return next.run(request).await;
    }
    let key = key(request.uri());
    let rendered = std::sync::atomic::AtomicBool::new(false);
    let page = kept
        .pages
        .get(kept.ttl, &key, || async {
            rendered.store(true, std::sync::atomic::Ordering::Relaxed);
            KeptPage::from_response(next.run(request).await).await
        })
        .await;
    let result = if rendered.into_inner() { "miss" } else { "hit" };
    metrics::counter!(crate::metrics::KEPT_PAGES, "result" => result).increment(1);
    match page {
        Ok(page) => page.with_nonce(&Nonce::new().to_string()),
        Err(response) => response,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_page_is_cut_at_each_nonce_and_filled_with_another() {
        let page =
            Bytes::from_static(b"<script nonce=\"abc\"></script><p>x</p><script nonce=\"abc\">");
        let parts = split(&page, b"abc");
        assert_eq!(parts.len(), 3);
        assert_eq!(
            parts.join(&b"xyz"[..]),
            b"<script nonce=\"xyz\"></script><p>x</p><script nonce=\"xyz\">".to_vec()
        );
        assert_eq!(split(&Bytes::from_static(b"none"), b"abc").len(), 1);
    }

    #[test]
    fn the_nonce_is_read_from_the_policy() {
        let mut headers = HeaderMap::new();
        assert_eq!(nonce_of(&headers), None);
        headers.insert(
            header::CONTENT_SECURITY_POLICY,
            HeaderValue::from_static(
                "default-src 'self'; script-src 'self' 'nonce-Zm9v+/=' 'wasm-unsafe-eval'",
            ),
        );
        assert_eq!(nonce_of(&headers).as_deref(), Some("Zm9v+/="));
    }

    #[test]
    fn pages_are_told_apart_by_what_they_read_only() {
        let key = |uri: &str| key(&uri.parse::<Uri>().unwrap());
        assert_eq!(key("/"), "/");
        assert_eq!(key("/?utm_source=x"), "/");
        assert_eq!(
            key("/demarches/cni-pre-demande?x=1"),
            "/demarches/cni-pre-demande"
        );
        assert_eq!(
            key("/propositions?x=1&statut=retenue"),
            "/propositions?statut=retenue"
        );
        // A search is sorted by relevance unless it names another order.
        assert_eq!(
            key("/propositions?page=1&q=+d%C3%A9marche+&tri=pertinence"),
            key("/propositions?q=d%C3%A9marche")
        );
        assert_ne!(
            key("/propositions?q=d%C3%A9marche&tri=activite"),
            key("/propositions?q=d%C3%A9marche")
        );
        assert_eq!(
            key("/propositions?page=1&tri=activite"),
            key("/propositions")
        );
        assert_ne!(key("/propositions?page=2"), key("/propositions"));
        assert_eq!(
            key("/propositions?statut=perdue&a=1"),
            key("/propositions?statut=perdue&a=2")
        );
        assert_ne!(
            key("/propositions?statut=perdue"),
            key("/propositions?annee=19")
        );
        assert_eq!(
            key("/propositions/da-2024-0001?historique=2&x=1"),
            "/propositions/DA-2024-0001?historique=2"
        );
        assert_eq!(
            key("/propositions/DA-2024-0001?x=1"),
            "/propositions/DA-2024-0001"
        );
        assert_ne!(
            key("/propositions/DA-2024-0001?deposee"),
            key("/propositions/DA-2024-0001")
        );
    }

    #[test]
    fn only_the_public_reading_pages_are_kept() {
        for path in [
            "/",
            "/propositions",
            "/propositions/DA-2024-001",
            "/demarches",
            "/demarches/cni-pre-demande",
        ] {
            assert!(is_kept(path), "{path}");
        }
        for path in [
            "/propositions/nouvelle",
            "/propositions/",
            "/propositions.csv",
            "/propositions.atom",
            "/propositions/DA-2024-001/autre",
            "/demarchesx",
            "/connexion",
            "/reunions/1",
            "/api/load_proposal",
        ] {
            assert!(!is_kept(path), "{path}");
        }
    }
}
