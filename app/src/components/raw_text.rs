//! Text for the elements whose content the framework writes unescaped:
//! the page's `<title>` (leptos_meta copies it into the head as is) and
//! `<textarea>` (tachys writes the children of `textarea`, `script`, `style`
//! and `noscript` raw). A browser reads a title's or a text area's content
//! as text up to its closing tag, so a `</textarea>` typed by someone would
//! end the element and what follows would be markup.
//!
//! On the server such text is escaped here, before the framework sees it.
//! In the browser an island sets it as text, where escaping would show
//! `&lt;`: there it passes unchanged. Nothing of ours puts a person's text
//! in `script`, `style` or `noscript` (the islands' props go in an escaped
//! attribute); the test below keeps it so.

/// `text` as the content of a `<textarea>`, for [`view!`](leptos::view).
pub fn field_text(text: &str) -> String {
    // The parser drops a newline just after `<textarea>`: one more keeps
    // the text's own.
    let newline = if text.starts_with(['\n', '\r']) {
        "\n"
    } else {
        ""
    };
    format!("{newline}{}", escape(text))
}

/// `text` as the content of the page's `<title>`.
pub fn title_text(text: &str) -> String {
    escape(text)
}

#[cfg(feature = "ssr")]
fn escape(text: &str) -> String {
    crate::services::mail::outbox::escape_html(text)
}

#[cfg(not(feature = "ssr"))]
fn escape(text: &str) -> String {
    text.to_string()
}

#[cfg(all(test, feature = "ssr"))]
mod tests {
    use super::*;
    use std::path::Path;

    #[test]
    fn closing_tags_and_entities_stay_text() {
        assert_eq!(
            field_text("</textarea><base href=\"//x\">&lt;"),
            "&lt;/textarea&gt;&lt;base href=&quot;//x&quot;&gt;&amp;lt;"
        );
        assert_eq!(title_text("a </title> b"), "a &lt;/title&gt; b");
        assert_eq!(field_text("\nsuite"), "\n\nsuite");
    }

    /// Every `.rs` file of the interface, with its path: its code without
    /// comments nor tests.
    fn interface_sources() -> Vec<(String, String)> {
        let root = Path::new(env!("CARGO_MANIFEST_DIR")).join("src");
        let mut files = Vec::new();
        for folder in ["", "pages", "components"] {
            for entry in std::fs::read_dir(root.join(folder)).unwrap().flatten() {
                let path = entry.path();
                if path.extension().is_some_and(|e| e == "rs") {
                    let text = std::fs::read_to_string(&path).unwrap();
                    let code = text.split("#[cfg(all(test").next().unwrap_or_default();
                    let code = code.split("#[cfg(test)]").next().unwrap_or_default();
                    let code: Vec<&str> = code
                        .lines()
                        .filter(|line| !line.trim_start().starts_with("//"))
                        .collect();
                    files.push((path.display().to_string(), code.join("\n")));
                }
            }
        }
        files
    }

    /// A text area's content, a script's, a style's: what the interface
    /// puts there goes through [`field_text`], or is a literal.
    #[test]
    fn raw_text_elements_get_escaped_content_only() {
        for (path, text) in interface_sources() {
            for tag in ["<textarea", "<script", "<style", "<noscript"] {
                for (at, _) in text.match_indices(tag) {
                    let rest = &text[at..];
                    let Some(open_end) = rest.find('>') else {
                        continue;
                    };
                    if rest[..open_end].ends_with('/') {
                        continue;
                    }
                    let content = rest[open_end + 1..].trim_start();
                    assert!(
                        content.starts_with("</") || content.starts_with("{field_text("),
                        "{path}: the content of {tag}> must go through field_text: {}",
                        &rest[..rest.len().min(160)]
                    );
                }
            }
        }
    }

    /// The page's title goes through the one formatter, which escapes it.
    #[test]
    fn titles_have_one_formatter_which_escapes() {
        let formatters: Vec<String> = interface_sources()
            .into_iter()
            .filter(|(_, text)| text.contains("formatter="))
            .map(|(path, text)| {
                assert!(text.contains("title_text("), "{path}");
                path
            })
            .collect();
        assert_eq!(formatters.len(), 1, "{formatters:?}");
    }
}
