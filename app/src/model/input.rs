//! Checks every form applies to what people type, on both sides: one-line
//! fields, dates, and the local paths a response may send the browser to.

use chrono::{Datelike, NaiveDate};

use super::error::AppError;

/// A one-line field, trimmed: refused in French (`label` names it, e.g.
/// « Le titre ») when it holds a line break or any other control character,
/// which would break the e-mail headers, iCalendar lines and CSV cells the
/// text ends up in.
pub fn one_line<'a>(raw: &'a str, label: &str) -> Result<&'a str, AppError> {
    let text = raw.trim();
    if text.chars().any(char::is_control) {
        return Err(AppError::Invalid(format!(
            "{label} doit tenir sur une ligne, sans caractère de contrôle."
        )));
    }
    Ok(text)
}

/// The earliest and latest years a date typed in a form may have: the body
/// was set up in 2017, and nothing it plans lies a century ahead. Outside
/// this range date arithmetic (time zones, durations) may overflow.
pub const FIRST_YEAR: i32 = 1900;
pub const LAST_YEAR: i32 = 2200;

/// A date typed as YYYY-MM-DD, within [`FIRST_YEAR`]..=[`LAST_YEAR`];
/// `what` names it in the French message (« la date de la réunion »).
pub fn day(typed: &str, what: &str) -> Result<NaiveDate, AppError> {
    let date = NaiveDate::parse_from_str(typed.trim(), "%Y-%m-%d").map_err(|_| {
        AppError::Invalid(format!("Indiquez {what} (format attendu : JJ/MM/AAAA)."))
    })?;
    if !(FIRST_YEAR..=LAST_YEAR).contains(&date.year()) {
        return Err(AppError::Invalid(format!(
            "Indiquez {what} entre {FIRST_YEAR} et {LAST_YEAR}."
        )));
    }
    Ok(date)
}

/// A path of this site to send the browser to, from something a request
/// carried (`retour=`, `back=`): only an absolute path of our own origin —
/// starting with one `/`, without a backslash, a control character or a
/// space, which browsers strip or reinterpret (`/\t/evil.example/` becomes
/// `//evil.example/`) — otherwise the home page. Non-ASCII characters are
/// percent-encoded, so the path is always a valid `Location` header.
pub fn local_path(next: Option<&str>) -> String {
    let Some(path) = next else {
        return "/".to_string();
    };
    let unsafe_char = |c: char| c.is_control() || c.is_whitespace() || c == '\\';
    if !path.starts_with('/') || path.starts_with("//") || path.chars().any(unsafe_char) {
        return "/".to_string();
    }
    let mut encoded = String::with_capacity(path.len());
    for c in path.chars() {
        if c.is_ascii() {
            encoded.push(c);
        } else {
            let mut buffer = [0u8; 4];
            for byte in c.encode_utf8(&mut buffer).bytes() {
                encoded.push_str(&format!("%{byte:02X}"));
            }
        }
    }
    encoded
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn one_line_fields_refuse_line_breaks_and_control_characters() {
        assert_eq!(
            one_line("  Réunion du groupe 2 ", "Le titre").unwrap(),
            "Réunion du groupe 2"
        );
        for bad in [
            "a\r\nBCC: x",
            "a\nb",
            "a\u{0}b",
            "a\tb",
            "a\u{1b}[31m",
            "a\u{85}b",
        ] {
            let err = one_line(bad, "Le nom").unwrap_err().to_string();
            assert_eq!(
                err, "Le nom doit tenir sur une ligne, sans caractère de contrôle.",
                "{bad:?}"
            );
        }
    }

    #[test]
    fn dates_outside_a_sane_range_are_refused_in_french() {
        assert_eq!(
            day("2019-07-02", "la date").unwrap(),
            NaiveDate::from_ymd_opt(2019, 7, 2).unwrap()
        );
        for bad in ["+262142-12-31", "-0001-01-01", "0000-01-01", "9999-12-31"] {
            let err = day(bad, "la date de la réunion").unwrap_err().to_string();
            assert!(err.contains("la date de la réunion"), "{bad}: {err}");
        }
        assert!(day("02/07/2019", "la date")
            .unwrap_err()
            .to_string()
            .contains("format attendu"));
    }

    #[test]
    fn only_paths_of_our_own_origin_are_followed() {
        assert_eq!(
            local_path(Some("/propositions?page=2")),
            "/propositions?page=2"
        );
        assert_eq!(local_path(Some("/démarches")), "/d%C3%A9marches");
        for bad in [
            "//evil.example/",
            "/\t/evil.example/",
            "/\n/evil.example/",
            "/\r/evil.example",
            "/\\evil.example",
            "\\/evil.example",
            "https://evil.example/",
            "/ /evil.example",
            "/\u{7f}x",
            "evil.example",
            "",
        ] {
            assert_eq!(local_path(Some(bad)), "/", "{bad:?}");
        }
        assert_eq!(local_path(None), "/");
    }
}
