//! Markdown from users (agendas, minutes, proposals, mandates, findings) to
//! HTML that is safe to put in a page: raw HTML in the text is shown as
//! text, never interpreted, and the result is sanitised again by ammonia (no
//! script, no event handler, no `javascript:` link). Headings move one level
//! down, since the page around the text owns its only `<h1>`.
//!
//! Rendering is bounded: the HTML tree builder behind ammonia takes time
//! that grows with the square of the nesting (40 000 `>` took 10 s), so
//! nothing nests deeper than [`DEEPEST`] levels (deeper marks are dropped,
//! their text kept), and a text written by someone is refused when it
//! nests deeper. What can take a while runs off the async runtime
//! ([`render`], [`render_checked`]).

use pulldown_cmark::{html, Event, HeadingLevel, Options, Parser, Tag, TagEnd};

use crate::model::AppError;

/// The deepest nesting of quotes, lists, emphasis and links rendered.
pub const DEEPEST: usize = 16;

/// The longest text rendered, in bytes: more than any field holds (200 000
/// characters of minutes); past it, the rest is not rendered.
const LONGEST: usize = 1 << 20;

fn demote(level: HeadingLevel) -> HeadingLevel {
    match level {
        HeadingLevel::H1 => HeadingLevel::H2,
        HeadingLevel::H2 => HeadingLevel::H3,
        HeadingLevel::H3 => HeadingLevel::H4,
        HeadingLevel::H4 => HeadingLevel::H5,
        HeadingLevel::H5 | HeadingLevel::H6 => HeadingLevel::H6,
    }
}

/// `source` rendered, and whether it nested deeper than [`DEEPEST`].
fn rendered(source: &str) -> (String, bool) {
    let mut end = source.len().min(LONGEST);
    while !source.is_char_boundary(end) {
        end -= 1;
    }
    let source = &source[..end];
    let options = Options::ENABLE_TABLES | Options::ENABLE_STRIKETHROUGH;
    // For each open element, whether it is kept.
    let mut open: Vec<bool> = Vec::new();
    let mut kept = 0;
    let mut too_deep = false;
    let events = Parser::new_ext(source, options).filter_map(|event| match event {
        Event::Start(tag) => {
            let keep = kept < DEEPEST;
            too_deep |= !keep;
            open.push(keep);
            kept += usize::from(keep);
            keep.then(|| {
                Event::Start(match tag {
                    Tag::Heading {
                        level,
                        id,
                        classes,
                        attrs,
                    } => Tag::Heading {
                        level: demote(level),
                        id,
                        classes,
                        attrs,
                    },
                    tag => tag,
                })
            })
        }
        Event::End(tag) => {
            let keep = open.pop().unwrap_or(false);
            kept -= usize::from(keep);
            keep.then(|| {
                Event::End(match tag {
                    TagEnd::Heading(level) => TagEnd::Heading(demote(level)),
                    tag => tag,
                })
            })
        }
        Event::Html(raw) | Event::InlineHtml(raw) => Some(Event::Text(raw)),
        other => Some(other),
    });
    let mut unsafe_html = String::with_capacity(source.len() * 3 / 2);
    html::push_html(&mut unsafe_html, events);
    let html = ammonia::Builder::default()
        .url_schemes(["http", "https", "mailto"].into_iter().collect())
        .link_rel(Some("noopener noreferrer"))
        .clean(&unsafe_html)
        .to_string();
    (html, too_deep)
}

/// Renders `source` to sanitised HTML; marks nested deeper than
/// [`DEEPEST`] are dropped, their text kept.
pub fn to_html(source: &str) -> String {
    rendered(source).0
}

/// The same for a text someone is writing: one that nests deeper is
/// refused with a French sentence.
pub fn checked_html(source: &str) -> Result<String, AppError> {
    match rendered(source) {
        (_, true) => Err(AppError::Invalid(format!(
            "Le texte imbrique plus de {DEEPEST} niveaux de citations (>), de listes ou de \
             mises en forme : simplifiez sa mise en forme."
        ))),
        (html, false) => Ok(html),
    }
}

/// [`to_html`], off the async runtime.
pub async fn render(source: String) -> Result<String, AppError> {
    off_runtime(move || Ok(to_html(&source))).await
}

/// [`checked_html`], off the async runtime.
pub async fn render_checked(source: String) -> Result<String, AppError> {
    off_runtime(move || checked_html(&source)).await
}

/// The HTML kept with a text, or, when none is kept yet, the text rendered
/// off the async runtime.
pub async fn kept_or_rendered(kept: Option<&str>, source: &str) -> Result<String, AppError> {
    match kept {
        Some(html) => Ok(html.to_string()),
        None => render(source.to_string()).await,
    }
}

async fn off_runtime(
    work: impl FnOnce() -> Result<String, AppError> + Send + 'static,
) -> Result<String, AppError> {
    tokio::task::spawn_blocking(work).await.map_err(|error| {
        tracing::error!("rendering Markdown failed: {error}");
        AppError::Unavailable
    })?
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn markdown_becomes_html() {
        let html = to_html(
            "# Ordre du jour\n\n1. Accueil\n2. *Bilan* 2019\n\n| a | b |\n|---|---|\n| 1 | 2 |",
        );
        assert!(html.contains("<h2>Ordre du jour</h2>"), "{html}");
        assert!(html.contains("<li><em>Bilan</em> 2019</li>"), "{html}");
        assert!(html.contains("<table>"), "{html}");
    }

    #[test]
    fn raw_html_is_shown_as_text() {
        let html = to_html("Bonjour <script>alert(1)</script> <b onclick=\"x()\">gras</b>");
        assert!(!html.contains("<script"), "{html}");
        assert!(!html.contains("<b "), "{html}");
        assert!(html.contains("&lt;script&gt;"), "{html}");
    }

    #[test]
    fn dangerous_links_lose_their_target() {
        let html = to_html("[clic](javascript:alert(1)) et [site](https://www.interieur.gouv.fr)");
        assert!(!html.contains("javascript:"), "{html}");
        assert!(
            html.contains("href=\"https://www.interieur.gouv.fr\""),
            "{html}"
        );
        assert!(html.contains("rel=\"noopener noreferrer\""), "{html}");
    }

    #[test]
    fn nesting_past_the_deepest_is_flattened_and_refused_when_written() {
        let deep = format!("{} fond", ">".repeat(DEEPEST + 30));
        let html = to_html(&deep);
        assert_eq!(html.matches("<blockquote>").count(), DEEPEST, "{html}");
        assert!(html.contains("fond"), "{html}");
        assert!(matches!(checked_html(&deep), Err(AppError::Invalid(_))));
        let fine = format!("{} juste", ">".repeat(DEEPEST - 2));
        assert!(checked_html(&fine).unwrap().contains("juste"));
        let lists: String = (0..40)
            .map(|i| format!("{}- point\n", "  ".repeat(i)))
            .collect();
        assert!(to_html(&lists).matches("<ul>").count() <= DEEPEST);
    }

    #[test]
    fn a_bomb_of_nested_quotes_renders_flat() {
        // 200 000 '>' are what a field of minutes may hold: rendered flat,
        // the marks past the deepest become nothing.
        let html = to_html(&">".repeat(200_000));
        assert_eq!(html.matches("<blockquote>").count(), DEEPEST);
        assert!(html.len() < 1_000, "{} bytes", html.len());
    }
}
