//! Where the logs go and in what form: standard error, as text lines or
//! (ECOUTE_LOG_FORMAT=json) one JSON object per line, each with the fields
//! of its request's span (request id, method, route pattern).

use tracing_subscriber::EnvFilter;

use crate::Error;

pub const DEFAULT_FILTER: &str = "info,sqlx=warn,sea_orm=warn";

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Format {
    Text,
    Json,
}

impl Format {
    /// ECOUTE_LOG_FORMAT: `text` (the default) or `json`.
    pub fn from_lookup(get: impl Fn(&str) -> Option<String>) -> Result<Self, Error> {
        match get("ECOUTE_LOG_FORMAT")
            .map(|v| v.trim().to_ascii_lowercase())
            .as_deref()
        {
            None | Some("") | Some("text") | Some("texte") => Ok(Format::Text),
            Some("json") => Ok(Format::Json),
            Some(other) => Err(Error::Config(format!(
                "ECOUTE_LOG_FORMAT « {other} » doit valoir text ou json"
            ))),
        }
    }
}

/// Sets the process's logger, filtered by RUST_LOG.
pub fn init(format: Format) {
    let filter =
        EnvFilter::try_from_default_env().unwrap_or_else(|_| EnvFilter::new(DEFAULT_FILTER));
    let builder = tracing_subscriber::fmt()
        .with_env_filter(filter)
        .with_writer(std::io::stderr);
    match format {
        Format::Text => builder.init(),
        Format::Json => builder
            .json()
            .flatten_event(true)
            .with_current_span(true)
            .with_span_list(false)
            .init(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_format_is_text_or_json() {
        let with = |v: &'static str| Format::from_lookup(move |_| Some(v.to_string()));
        assert_eq!(Format::from_lookup(|_| None).unwrap(), Format::Text);
        assert_eq!(with("JSON").unwrap(), Format::Json);
        assert_eq!(with("text").unwrap(), Format::Text);
        let err = with("xml").unwrap_err().to_string();
        assert!(err.contains("ECOUTE_LOG_FORMAT « xml »"), "{err}");
    }
}
