//! Responses gzipped on their way out, by deflate encoders kept between
//! responses. A new encoder costs more than compressing a page: setting up
//! its state zeroes about a megabyte, which was a tenth of the instructions
//! a signed-in page cost with a new encoder per response (bench/RESULTS.md).
//! Pages are gzipped at the fastest level; static assets come compressed at
//! build time (Brotli) and pass through as they are.

use std::pin::Pin;
use std::sync::{Arc, Mutex};
use std::task::{Context, Poll};

use axum::body::{Body, Bytes, HttpBody};
use axum::extract::{Request, State};
use axum::http::{header, HeaderMap, HeaderValue, Method, StatusCode};
use axum::middleware::Next;
use axum::response::Response;
use flate2::{Compress, Compression, Crc, FlushCompress, Status};
use http_body::{Frame, SizeHint};

/// Smaller bodies are sent as they are: gzip's header and trailer alone
/// weigh 18 bytes.
const SMALLEST: u64 = 32;

/// The fixed header of a gzip member: deflate, no name, no time, unknown
/// system (RFC 1952, 2.3).
const GZIP_HEADER: [u8; 10] = [0x1f, 0x8b, 8, 0, 0, 0, 0, 0, 0, 0xff];

/// Deflate encoders ready for another response; at most `keep` of them, the
/// most responses a server compresses at once in practice.
#[derive(Debug)]
pub struct Encoders {
    idle: Mutex<Vec<Compress>>,
    keep: usize,
}

impl Encoders {
    pub fn new(keep: usize) -> Self {
        Self {
            idle: Mutex::new(Vec::with_capacity(keep)),
            keep,
        }
    }

    fn take(&self) -> Compress {
        self.idle
            .lock()
            .unwrap_or_else(|poisoned| poisoned.into_inner())
            .pop()
            .unwrap_or_else(|| Compress::new(Compression::fast(), false))
    }

    fn give_back(&self, mut encoder: Compress) {
        encoder.reset();
        let mut idle = self.idle.lock().unwrap_or_else(|p| p.into_inner());
        if idle.len() < self.keep {
            idle.push(encoder);
        }
    }

    /// How many encoders wait for a response.
    pub fn idle(&self) -> usize {
        self.idle.lock().unwrap_or_else(|p| p.into_inner()).len()
    }
}

/// The middleware: gzips the response when the request accepts gzip and the
/// response is text not yet encoded.
pub async fn gzip(State(encoders): State<Arc<Encoders>>, request: Request, next: Next) -> Response {
    let accepted = request.method() != Method::HEAD && accepts_gzip(request.headers());
    let mut response = next.run(request).await;
    if !compressible(&response) {
        return response;
    }
    let headers = response.headers_mut();
    let varies = headers
        .get_all(header::VARY)
        .iter()
        .filter_map(|value| value.to_str().ok())
        .any(|value| value.to_ascii_lowercase().contains("accept-encoding"));
    if !varies {
        headers.append(header::VARY, HeaderValue::from_static("accept-encoding"));
    }
    if !accepted {
        return response;
    }
    headers.insert(header::CONTENT_ENCODING, HeaderValue::from_static("gzip"));
    headers.remove(header::CONTENT_LENGTH);
    headers.remove(header::ACCEPT_RANGES);
    response.map(|body| {
        Body::new(Gzipped {
            inner: body,
            encoders,
            encoder: None,
            unflushed: false,
            header_sent: false,
            done: false,
        })
    })
}

/// Whether the `Accept-Encoding` headers accept gzip, by name or by `*`,
/// with a weight above zero (RFC 9110, 12.5.3).
fn accepts_gzip(headers: &HeaderMap) -> bool {
    let mut gzip = None;
    let mut any = None;
    let codings = headers
        .get_all(header::ACCEPT_ENCODING)
        .iter()
        .filter_map(|value| value.to_str().ok())
        .flat_map(|value| value.split(','));
    for coding in codings {
        let mut parts = coding.split(';');
        let name = parts.next().unwrap_or_default().trim();
        let weight = parts
            .filter_map(|p| p.trim().split_once('='))
            .find(|(key, _)| key.trim().eq_ignore_ascii_case("q"))
            .map_or(1.0, |(_, q)| q.trim().parse::<f32>().unwrap_or(0.0));
        if name.eq_ignore_ascii_case("gzip") || name.eq_ignore_ascii_case("x-gzip") {
            gzip = Some(weight);
        } else if name == "*" {
            any = Some(weight);
        }
    }
    gzip.or(any).is_some_and(|weight| weight > 0.0)
}

/// Text worth compressing, whole, and not already encoded.
fn compressible(response: &Response) -> bool {
    let status = response.status();
    if matches!(
        status,
        StatusCode::NO_CONTENT | StatusCode::PARTIAL_CONTENT | StatusCode::NOT_MODIFIED
    ) || status.is_informational()
    {
        return false;
    }
    let headers = response.headers();
    if headers.contains_key(header::CONTENT_ENCODING) {
        return false;
    }
    if response
        .body()
        .size_hint()
        .exact()
        .is_some_and(|size| size < SMALLEST)
    {
        return false;
    }
    let Some(kind) = headers
        .get(header::CONTENT_TYPE)
        .and_then(|value| value.to_str().ok())
    else {
        return false;
    };
    let essence = kind
        .split(';')
        .next()
        .unwrap_or_default()
        .trim()
        .to_ascii_lowercase();
    match essence.split_once('/') {
        // An event stream is read as it comes: compressing would hold it back.
        Some(("text", subtype)) => subtype != "event-stream",
        Some(("application", subtype)) => {
            matches!(subtype, "json" | "javascript" | "xml" | "wasm")
                || subtype.ends_with("+xml")
                || subtype.ends_with("+json")
        }
        Some(("image", "svg+xml")) => true,
        _ => false,
    }
}

/// A deflate stream in progress and the checksum of what it has read.
#[derive(Debug)]
struct Encoder {
    deflate: Compress,
    crc: Crc,
}

/// A body gzipped as it is read. Whatever the inner body has given is
/// flushed whenever it makes the reader wait, so a page streamed in parts
/// reaches the browser in parts.
struct Gzipped {
    inner: Body,
    encoders: Arc<Encoders>,
    /// Taken at the first frame, given back at the end.
    encoder: Option<Encoder>,
    /// Whether input went in since the last flush.
    unflushed: bool,
    header_sent: bool,
    done: bool,
}

impl Gzipped {
    /// `input` deflated with `flush`, after the gzip header if nothing was
    /// sent yet. Empty while deflate holds all it was given.
    fn deflate(&mut self, input: &[u8], flush: FlushCompress) -> Result<Vec<u8>, axum::Error> {
        let encoder = self.encoder.get_or_insert_with(|| Encoder {
            deflate: self.encoders.take(),
            crc: Crc::new(),
        });
        encoder.crc.update(input);
        let header = if self.header_sent {
            &[][..]
        } else {
            &GZIP_HEADER[..]
        };
        let mut output = header.to_vec();
        let mut rest = input;
        loop {
            output.reserve(rest.len() / 2 + 1024);
            let read_before = encoder.deflate.total_in();
            let status = encoder
                .deflate
                .compress_vec(rest, &mut output, flush)
                .map_err(axum::Error::new)?;
            rest = &rest[(encoder.deflate.total_in() - read_before) as usize..];
            let room_left = output.len() < output.capacity();
            let complete = match flush {
                FlushCompress::Finish => status == Status::StreamEnd,
                FlushCompress::None => rest.is_empty(),
                _ => rest.is_empty() && room_left,
            };
            if complete {
                break;
            }
        }
        if output.len() == header.len() {
            return Ok(Vec::new());
        }
        self.header_sent = true;
        Ok(output)
    }

    /// The end of the stream and the gzip trailer: checksum and length.
    fn finish(&mut self) -> Result<Vec<u8>, axum::Error> {
        let mut output = self.deflate(&[], FlushCompress::Finish)?;
        if let Some(encoder) = self.encoder.take() {
            output.extend_from_slice(&encoder.crc.sum().to_le_bytes());
            output.extend_from_slice(&encoder.crc.amount().to_le_bytes());
            self.encoders.give_back(encoder.deflate);
        }
        Ok(output)
    }
}

impl HttpBody for Gzipped {
    type Data = Bytes;
    type Error = axum::Error;

    fn poll_frame(
        mut self: Pin<&mut Self>,
        cx: &mut Context<'_>,
    ) -> Poll<Option<Result<Frame<Bytes>, axum::Error>>> {
        let this = &mut *self;
        while !this.done {
            match Pin::new(&mut this.inner).poll_frame(cx) {
                Poll::Pending => {
                    if !this.unflushed {
                        return Poll::Pending;
                    }
                    this.unflushed = false;
                    let output = this.deflate(&[], FlushCompress::Sync)?;
                    if output.is_empty() {
                        return Poll::Pending;
                    }
                    return Poll::Ready(Some(Ok(Frame::data(output.into()))));
                }
                Poll::Ready(Some(Ok(frame))) => {
                    // Trailers are not sent on HTTP/1.1, which carries pages.
                    let Ok(data) = frame.into_data() else {
                        continue;
                    };
                    if data.is_empty() {
                        continue;
                    }
                    this.unflushed = true;
                    let output = this.deflate(&data, FlushCompress::None)?;
                    if !output.is_empty() {
                        return Poll::Ready(Some(Ok(Frame::data(output.into()))));
                    }
                }
                Poll::Ready(Some(Err(error))) => {
                    this.done = true;
                    return Poll::Ready(Some(Err(error)));
                }
                Poll::Ready(None) => {
                    this.done = true;
                    let output = this.finish()?;
                    return Poll::Ready(Some(Ok(Frame::data(output.into()))));
                }
            }
        }
        Poll::Ready(None)
    }

    fn is_end_stream(&self) -> bool {
        self.done
    }

    fn size_hint(&self) -> SizeHint {
        SizeHint::default()
    }
}

impl Drop for Gzipped {
    /// A response cut short (the browser went away) still gives its encoder
    /// back.
    fn drop(&mut self) {
        if let Some(encoder) = self.encoder.take() {
            self.encoders.give_back(encoder.deflate);
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn headers(accept: &[&str]) -> HeaderMap {
        let mut headers = HeaderMap::new();
        for value in accept {
            headers.append(
                header::ACCEPT_ENCODING,
                HeaderValue::from_str(value).unwrap(),
            );
        }
        headers
    }

    #[test]
    fn gzip_is_accepted_by_name_or_star_unless_weighed_zero() {
        assert!(accepts_gzip(&headers(&["gzip, deflate, br"])));
        assert!(accepts_gzip(&headers(&["br;q=1.0, GZIP;q=0.5"])));
        assert!(accepts_gzip(&headers(&["br", "x-gzip"])));
        assert!(accepts_gzip(&headers(&["*"])));
        assert!(!accepts_gzip(&headers(&[])));
        assert!(!accepts_gzip(&headers(&["br, deflate"])));
        assert!(!accepts_gzip(&headers(&["gzip;q=0, *"])));
        assert!(!accepts_gzip(&headers(&["*;q=0"])));
        assert!(!accepts_gzip(&headers(&["identity"])));
    }

    fn response(kind: &str, body: &'static str) -> Response {
        Response::builder()
            .header(header::CONTENT_TYPE, kind)
            .body(Body::from(body))
            .unwrap()
    }

    const PAGE: &str =
        "<!DOCTYPE html><html><body>Une page assez longue pour être compressée.</body></html>";

    #[test]
    fn only_text_not_yet_encoded_is_compressed() {
        assert!(compressible(&response("text/html; charset=utf-8", PAGE)));
        assert!(compressible(&response("application/json", PAGE)));
        assert!(compressible(&response("application/atom+xml", PAGE)));
        assert!(compressible(&response("image/svg+xml", PAGE)));
        assert!(!compressible(&response("image/png", PAGE)));
        assert!(!compressible(&response("text/event-stream", PAGE)));
        assert!(!compressible(&response("text/html", "court")));
        let mut encoded = response("text/css", PAGE);
        encoded
            .headers_mut()
            .insert(header::CONTENT_ENCODING, HeaderValue::from_static("br"));
        assert!(!compressible(&encoded));
        let mut unchanged = response("text/html", PAGE);
        *unchanged.status_mut() = StatusCode::NOT_MODIFIED;
        assert!(!compressible(&unchanged));
    }

    fn gunzip(bytes: &[u8]) -> String {
        let mut text = String::new();
        std::io::Read::read_to_string(&mut flate2::read::GzDecoder::new(bytes), &mut text).unwrap();
        text
    }

    /// A body given in parts, each `None` a moment where it makes its
    /// reader wait.
    struct Parts(std::collections::VecDeque<Option<Bytes>>);

    impl HttpBody for Parts {
        type Data = Bytes;
        type Error = axum::Error;

        fn poll_frame(
            mut self: Pin<&mut Self>,
            cx: &mut Context<'_>,
        ) -> Poll<Option<Result<Frame<Bytes>, axum::Error>>> {
            match self.0.pop_front() {
                Some(Some(part)) => Poll::Ready(Some(Ok(Frame::data(part)))),
                Some(None) => {
                    cx.waker().wake_by_ref();
                    Poll::Pending
                }
                None => Poll::Ready(None),
            }
        }
    }

    fn parts(parts: Vec<Option<String>>) -> Body {
        Body::new(Parts(
            parts.into_iter().map(|p| p.map(Bytes::from)).collect(),
        ))
    }

    /// A long page, varied enough that deflate needs several rounds of
    /// output room.
    fn long_page() -> String {
        (0..20_000)
            .map(|i| {
                format!(
                    "<li>Proposition DA-2018-{i:04} : {}</li>",
                    i * 7919 % 10_007
                )
            })
            .collect()
    }

    fn app(encoders: &Arc<Encoders>) -> axum::Router {
        axum::Router::new()
            .route(
                "/",
                axum::routing::get(|| async {
                    let page = long_page();
                    let (start, end) = page.split_at(page.len() / 3);
                    Response::builder()
                        .header(header::CONTENT_TYPE, "text/html; charset=utf-8")
                        .body(parts(vec![Some(start.into()), None, Some(end.into())]))
                        .unwrap()
                }),
            )
            .layer(axum::middleware::from_fn_with_state(encoders.clone(), gzip))
    }

    async fn fetch(app: &axum::Router, accept: &'static str) -> (HeaderMap, Bytes) {
        use http_body_util::BodyExt;
        use tower::ServiceExt;
        let request = Request::get("/")
            .header(header::ACCEPT_ENCODING, accept)
            .body(Body::empty())
            .unwrap();
        let response = app.clone().oneshot(request).await.unwrap();
        let headers = response.headers().clone();
        (
            headers,
            response.into_body().collect().await.unwrap().to_bytes(),
        )
    }

    #[tokio::test]
    async fn pages_come_back_whole_from_an_encoder_used_again() {
        let encoders = Arc::new(Encoders::new(4));
        let app = app(&encoders);
        for _ in 0..3 {
            let (headers, body) = fetch(&app, "gzip, deflate, br").await;
            assert_eq!(headers[header::CONTENT_ENCODING], "gzip");
            assert_eq!(headers[header::VARY], "accept-encoding");
            assert!(!headers.contains_key(header::CONTENT_LENGTH));
            assert!(body.len() < long_page().len() / 3, "{} bytes", body.len());
            assert_eq!(gunzip(&body), long_page());
            assert_eq!(encoders.idle(), 1, "one encoder, given back each time");
        }
    }

    #[tokio::test]
    async fn a_browser_without_gzip_gets_the_page_as_it_is() {
        let encoders = Arc::new(Encoders::new(4));
        let (headers, body) = fetch(&app(&encoders), "br;q=1, gzip;q=0").await;
        assert!(!headers.contains_key(header::CONTENT_ENCODING));
        assert_eq!(headers[header::VARY], "accept-encoding");
        assert_eq!(body, long_page());
        assert_eq!(encoders.idle(), 0);
    }

    #[tokio::test]
    async fn what_comes_before_a_wait_is_sent_before_it() {
        use http_body_util::BodyExt;
        let encoders = Arc::new(Encoders::new(4));
        let mut body = Gzipped {
            inner: parts(vec![
                Some("<h1>Écoute</h1>".into()),
                None,
                Some("<p>la suite</p>".into()),
            ]),
            encoders: encoders.clone(),
            encoder: None,
            unflushed: false,
            header_sent: false,
            done: false,
        };
        let first = body.frame().await.unwrap().unwrap().into_data().unwrap();
        let mut decoder = flate2::write::GzDecoder::new(Vec::new());
        std::io::Write::write_all(&mut decoder, &first).unwrap();
        std::io::Write::flush(&mut decoder).unwrap();
        assert_eq!(decoder.get_ref().as_slice(), "<h1>Écoute</h1>".as_bytes());
        let rest = body.collect().await.unwrap().to_bytes();
        std::io::Write::write_all(&mut decoder, &rest).unwrap();
        assert_eq!(
            decoder.finish().unwrap(),
            "<h1>Écoute</h1><p>la suite</p>".as_bytes()
        );
        assert_eq!(encoders.idle(), 1);
    }

    #[tokio::test]
    async fn a_response_cut_short_gives_its_encoder_back() {
        use http_body_util::BodyExt;
        let encoders = Arc::new(Encoders::new(4));
        let mut body = Gzipped {
            inner: parts(vec![Some(long_page()), None, Some(long_page())]),
            encoders: encoders.clone(),
            encoder: None,
            unflushed: false,
            header_sent: false,
            done: false,
        };
        body.frame().await.unwrap().unwrap();
        assert_eq!(encoders.idle(), 0, "in use");
        drop(body);
        assert_eq!(encoders.idle(), 1);
    }
}
