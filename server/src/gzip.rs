//! Pages gzipped with an encoder kept by each thread. A gzip encoder holds
//! about 300 kB of tables, which tower-http's compression allocates, zeroed,
//! for every response: under load that was a tenth of a signed-in page's
//! CPU (page faults and zeroing, perf) and megabytes of memory per page in
//! flight. A page is rendered whole before it leaves (`markup::tidy`), so it
//! is compressed in one call; what streams (exports) and what is not a page
//! is left to tower-http's layer.

use std::cell::RefCell;

use axum::body::{Body, HttpBody};
use axum::extract::Request;
use axum::http::{header, HeaderMap, HeaderValue, StatusCode};
use axum::middleware::Next;
use axum::response::{IntoResponse, Response};
use flate2::{Compress, Compression, Crc, FlushCompress, Status};

use crate::markup;

/// Below this, gzip's header and trailer outweigh what it saves.
const SMALLEST: usize = 256;

/// A page is read whole only if it is whole already (see `markup::LARGEST`).
const LARGEST: usize = 32 * 1024 * 1024;

thread_local! {
    static DEFLATE: RefCell<Option<Compress>> = const { RefCell::new(None) };
}

/// Gzips the HTML pages of the clients that accept it.
pub async fn pages(request: Request, next: Next) -> Response {
    let accepts = accepts_gzip(request.headers());
    let response = next.run(request).await;
    let whole = response
        .body()
        .size_hint()
        .exact()
        .is_some_and(|size| size >= SMALLEST as u64);
    if !accepts
        || !markup::is_html(&response)
        || !whole
        || response.headers().contains_key(header::CONTENT_ENCODING)
    {
        return response;
    }
    let (mut parts, body) = response.into_parts();
    let Ok(bytes) = axum::body::to_bytes(body, LARGEST).await else {
        tracing::error!("a page could not be read whole to be compressed");
        return StatusCode::INTERNAL_SERVER_ERROR.into_response();
    };
    let Some(zipped) = gzip(&bytes) else {
        tracing::error!("a page could not be compressed");
        return StatusCode::INTERNAL_SERVER_ERROR.into_response();
    };
    parts.headers.remove(header::CONTENT_LENGTH);
    parts
        .headers
        .insert(header::CONTENT_ENCODING, HeaderValue::from_static("gzip"));
    parts
        .headers
        .append(header::VARY, HeaderValue::from_static("accept-encoding"));
    Response::from_parts(parts, Body::from(zipped))
}

/// Whether `Accept-Encoding` names gzip with a weight above zero.
fn accepts_gzip(headers: &HeaderMap) -> bool {
    headers
        .get_all(header::ACCEPT_ENCODING)
        .iter()
        .filter_map(|value| value.to_str().ok())
        .flat_map(|value| value.split(','))
        .any(|coding| {
            let mut parts = coding.split(';').map(str::trim);
            let name = parts.next().unwrap_or_default();
            let weight = parts
                .filter_map(|p| p.strip_prefix("q="))
                .find_map(|q| q.parse::<f32>().ok())
                .unwrap_or(1.0);
            (name.eq_ignore_ascii_case("gzip") || name.eq_ignore_ascii_case("x-gzip"))
                && weight > 0.0
        })
}

/// `data` in the gzip format (RFC 1952), at the fastest level.
fn gzip(data: &[u8]) -> Option<Vec<u8>> {
    // Magic, deflate, no flags, no time, fastest (4), unknown system.
    let mut out = Vec::with_capacity(data.len() / 2 + 64);
    out.extend_from_slice(&[0x1f, 0x8b, 8, 0, 0, 0, 0, 0, 4, 255]);
    DEFLATE.with_borrow_mut(|kept| {
        let deflate = kept.get_or_insert_with(|| Compress::new(Compression::fast(), false));
        deflate.reset();
        loop {
            let read = usize::try_from(deflate.total_in()).ok()?;
            out.reserve(data.len().saturating_sub(read) / 2 + 4096);
            match deflate.compress_vec(&data[read..], &mut out, FlushCompress::Finish) {
                Ok(Status::StreamEnd) => return Some(()),
                Ok(Status::Ok | Status::BufError) => continue,
                Err(_) => return None,
            }
        }
    })?;
    let mut crc = Crc::new();
    crc.update(data);
    out.extend_from_slice(&crc.sum().to_le_bytes());
    // The size modulo 2^32, as the format says.
    out.extend_from_slice(&(data.len() as u32).to_le_bytes());
    Some(out)
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::io::Read;

    fn gunzip(bytes: &[u8]) -> Vec<u8> {
        let mut out = Vec::new();
        flate2::read::GzDecoder::new(bytes)
            .read_to_end(&mut out)
            .unwrap();
        out
    }

    #[test]
    fn the_kept_encoder_gives_whole_gzip_members_one_after_another() {
        let long: Vec<u8> = (0..200_000u32)
            .flat_map(|i| (i % 251).to_le_bytes())
            .collect();
        for data in [
            b"<p>court</p>".to_vec(),
            "<p>é</p>".repeat(10_000).into_bytes(),
            long,
            Vec::new(),
        ] {
            let zipped = gzip(&data).unwrap();
            assert_eq!(gunzip(&zipped), data);
        }
    }

    #[test]
    fn gzip_is_used_only_when_accepted() {
        let accepts = |value: &str| {
            let mut headers = HeaderMap::new();
            headers.insert(
                header::ACCEPT_ENCODING,
                HeaderValue::from_str(value).unwrap(),
            );
            accepts_gzip(&headers)
        };
        assert!(accepts("gzip, deflate, br"));
        assert!(accepts("br;q=1.0, GZIP;q=0.5"));
        assert!(accepts("x-gzip"));
        assert!(!accepts("gzip;q=0"));
        assert!(!accepts("br, identity"));
        assert!(!accepts_gzip(&HeaderMap::new()));
    }
}
