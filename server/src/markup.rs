//! Pages leave as valid HTML (RGAA 8.2). The renderer writes `<!>`, a
//! comment HTML does not allow, wherever the browser would need a marker to
//! hydrate the page, and Leptos appends its resource scripts after
//! `</html>`. Pages are hydrated only inside their islands: the markers
//! elsewhere serve no one and are dropped; inside islands they become
//! `<!---->`, which the browser reads as the same empty comment. The
//! trailing scripts move before `</body>`. Leptos 0.8 also writes the
//! script nonce into its preload links' `crossorigin`, where only
//! `anonymous` and `use-credentials` are valid (browsers read any other
//! value as `anonymous`): it becomes `anonymous`. Text inside `<script>`,
//! `<style>`, `<textarea>` and `<title>` is copied as it is.

use axum::body::Body;
use axum::extract::Request;
use axum::http::{header, StatusCode};
use axum::middleware::Next;
use axum::response::{IntoResponse, Response};

/// Larger pages are a fault of their own (lists are paginated): refused
/// rather than buffered.
const LARGEST: usize = 32 * 1024 * 1024;

/// Whether `response` is an HTML page.
pub fn is_html(response: &Response) -> bool {
    response
        .headers()
        .get(header::CONTENT_TYPE)
        .and_then(|v| v.to_str().ok())
        .is_some_and(|v| v.starts_with("text/html"))
}

/// Makes every HTML response valid markup.
pub async fn tidy(request: Request, next: Next) -> Response {
    let response = next.run(request).await;
    if !is_html(&response) {
        return response;
    }
    let (mut parts, body) = response.into_parts();
    let Ok(bytes) = axum::body::to_bytes(body, LARGEST).await else {
        tracing::error!("a page could not be read whole to be tidied");
        return StatusCode::INTERNAL_SERVER_ERROR.into_response();
    };
    let tidied = tidy_page(&bytes);
    parts.headers.remove(header::CONTENT_LENGTH);
    Response::from_parts(parts, Body::from(tidied))
}

/// Elements whose content is text to copy, not markup to read.
const RAW_TEXT: [&[u8]; 4] = [b"script", b"style", b"textarea", b"title"];
const ISLAND: &[u8] = b"leptos-island";

fn starts_with_tag(rest: &[u8], name: &[u8]) -> bool {
    rest.len() > name.len()
        && rest[..name.len()].eq_ignore_ascii_case(name)
        && matches!(rest[name.len()], b'>' | b' ' | b'/' | b'\t' | b'\n' | b'\r')
}

/// The length of the tag starting at `html[0] == b'<'`, quotes respected.
fn tag_length(html: &[u8]) -> usize {
    let mut at = 1;
    let mut quote = None;
    while at < html.len() {
        match (quote, html[at]) {
            (None, b'"' | b'\'') => quote = Some(html[at]),
            (Some(q), c) if c == q => quote = None,
            (None, b'>') => return at + 1,
            _ => {}
        }
        at += 1;
    }
    html.len()
}

fn find(haystack: &[u8], needle: &[u8]) -> Option<usize> {
    haystack
        .windows(needle.len())
        .position(|w| w.eq_ignore_ascii_case(needle))
}

fn rfind(haystack: &[u8], needle: &[u8]) -> Option<usize> {
    haystack
        .windows(needle.len())
        .rposition(|w| w.eq_ignore_ascii_case(needle))
}

/// The page without markers outside islands, its trailing scripts inside
/// its body.
pub fn tidy_page(html: &[u8]) -> Vec<u8> {
    let mut out = Vec::with_capacity(html.len());
    let mut islands = 0usize;
    let mut at = 0;
    while at < html.len() {
        let Some(next) = memchr::memchr(b'<', &html[at..]) else {
            out.extend_from_slice(&html[at..]);
            break;
        };
        out.extend_from_slice(&html[at..at + next]);
        at += next;
        let rest = &html[at..];
        if rest.starts_with(b"<!>") {
            if islands > 0 {
                out.extend_from_slice(b"<!---->");
            }
            at += 3;
            continue;
        }
        if rest.starts_with(b"<!--") {
            let end = find(&rest[4..], b"-->").map_or(rest.len(), |i| i + 7);
            out.extend_from_slice(&rest[..end]);
            at += end;
            continue;
        }
        if rest.len() > 1 && rest[1] == b'/' && starts_with_tag(&rest[2..], ISLAND) {
            islands = islands.saturating_sub(1);
        } else if starts_with_tag(&rest[1..], ISLAND) {
            islands += 1;
        }
        let tag = tag_length(rest);
        if starts_with_tag(&rest[1..], b"link") {
            out.extend_from_slice(&anonymous_crossorigin(&rest[..tag]));
        } else {
            out.extend_from_slice(&rest[..tag]);
        }
        at += tag;
        if let Some(name) = RAW_TEXT.iter().find(|n| starts_with_tag(&rest[1..], n)) {
            let closing = [b"</".as_slice(), name].concat();
            let end = find(&html[at..], &closing).unwrap_or(html.len() - at);
            out.extend_from_slice(&html[at..at + end]);
            at += end;
        }
    }
    move_trailing_scripts(out)
}

/// The tag with a `crossorigin` value other than the two valid ones
/// written `anonymous`.
fn anonymous_crossorigin(tag: &[u8]) -> Vec<u8> {
    const ATTRIBUTE: &[u8] = b" crossorigin=\"";
    let Some(start) = find(tag, ATTRIBUTE).map(|i| i + ATTRIBUTE.len()) else {
        return tag.to_vec();
    };
    let Some(length) = tag[start..].iter().position(|&b| b == b'"') else {
        return tag.to_vec();
    };
    let value = &tag[start..start + length];
    if value.eq_ignore_ascii_case(b"anonymous") || value.eq_ignore_ascii_case(b"use-credentials") {
        return tag.to_vec();
    }
    [
        &tag[..start],
        b"anonymous".as_slice(),
        &tag[start + length..],
    ]
    .concat()
}

/// What Leptos writes after `</html>` goes before `</body>`.
fn move_trailing_scripts(mut page: Vec<u8>) -> Vec<u8> {
    let Some(end) = rfind(&page, b"</html>") else {
        return page;
    };
    let tail = page.split_off(end + b"</html>".len());
    if tail.iter().all(u8::is_ascii_whitespace) {
        return page;
    }
    let Some(body_end) = rfind(&page, b"</body>") else {
        page.extend_from_slice(&tail);
        return page;
    };
    let closing = page.split_off(body_end);
    page.extend_from_slice(&tail);
    page.extend_from_slice(&closing);
    page
}

#[cfg(test)]
mod tests {
    use super::*;

    fn tidy(html: &str) -> String {
        String::from_utf8(tidy_page(html.as_bytes())).unwrap()
    }

    #[test]
    fn markers_go_outside_islands_and_stay_inside() {
        assert_eq!(
            tidy("<p>a<!>b</p><!><leptos-island data-component=\"F\"><i>x<!>y</i></leptos-island><!>"),
            "<p>ab</p><leptos-island data-component=\"F\"><i>x<!---->y</i></leptos-island>"
        );
    }

    #[test]
    fn scripts_after_the_document_move_into_its_body() {
        assert_eq!(
            tidy("<html><body><p>a</p><!></body></html><script nonce=\"n\">x=1;</script><script>y</script>"),
            "<html><body><p>a</p><script nonce=\"n\">x=1;</script><script>y</script></body></html>"
        );
        assert_eq!(
            tidy("<html><body></body></html>\n"),
            "<html><body></body></html>"
        );
    }

    #[test]
    fn text_of_scripts_textareas_and_titles_is_left_as_it_is() {
        let page = "<title>a &lt;!&gt; b</title><script>var s = \"<!>\";</script>\
                    <textarea name=\"t\"><!></textarea><style>p::after{content:\"<!>\"}</style>";
        assert_eq!(tidy(page), page);
    }

    #[test]
    fn a_quoted_greater_than_sign_does_not_end_a_tag() {
        assert_eq!(
            tidy("<a title=\"a > b <!>\" href='/x>'>l<!></a>"),
            "<a title=\"a > b <!>\" href='/x>'>l</a>"
        );
    }

    #[test]
    fn preload_links_cross_origin_anonymously() {
        assert_eq!(
            tidy("<link rel=\"modulepreload\" href=\"/pkg/e.js\" crossorigin=\"9TEf-w\"><link rel=\"x\" crossorigin=\"use-credentials\">"),
            "<link rel=\"modulepreload\" href=\"/pkg/e.js\" crossorigin=\"anonymous\"><link rel=\"x\" crossorigin=\"use-credentials\">"
        );
    }

    #[test]
    fn real_comments_are_kept_whole() {
        assert_eq!(
            tidy("<!-- a <!> b --><p><!></p>"),
            "<!-- a <!> b --><p></p>"
        );
    }
}
