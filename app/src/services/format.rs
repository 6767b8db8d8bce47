//! Dates and times written the French way, in the Europe/Paris time zone.

use chrono::{DateTime, Datelike, NaiveDate, Timelike, Utc};
use chrono_tz::Europe::Paris;

const MONTHS: [&str; 12] = [
    "janvier",
    "février",
    "mars",
    "avril",
    "mai",
    "juin",
    "juillet",
    "août",
    "septembre",
    "octobre",
    "novembre",
    "décembre",
];

const WEEKDAYS: [&str; 7] = [
    "lundi", "mardi", "mercredi", "jeudi", "vendredi", "samedi", "dimanche",
];

/// "1er juillet 2019", "2 juillet 2019".
pub fn date(day: NaiveDate) -> String {
    let number = match day.day() {
        1 => "1er".to_string(),
        n => n.to_string(),
    };
    format!("{number} {} {}", MONTHS[day.month0() as usize], day.year())
}

/// "mardi 2 juillet 2019 à 14 h 00", in Paris time.
pub fn date_time(at: DateTime<Utc>) -> String {
    let local = at.with_timezone(&Paris);
    format!(
        "{} {} à {} h {:02}",
        WEEKDAYS[local.weekday().num_days_from_monday() as usize],
        date(local.date_naive()),
        local.hour(),
        local.minute()
    )
}

/// The date of an instant, in Paris.
pub fn local_date(at: DateTime<Utc>) -> String {
    date(at.with_timezone(&Paris).date_naive())
}

/// Today's date in Paris.
pub fn today() -> NaiveDate {
    Utc::now().with_timezone(&Paris).date_naive()
}

/// "1re session", "3e session".
pub fn session_ordinal(ordinal: i32) -> String {
    match ordinal {
        1 => "1re session".to_string(),
        n => format!("{n}e session"),
    }
}

/// Lower case, without accents or ligatures.
pub fn fold(s: &str) -> String {
    let mut folded = String::with_capacity(s.len());
    for c in s.chars().flat_map(char::to_lowercase) {
        match c {
            'à' | 'á' | 'â' | 'ä' | 'ã' => folded.push('a'),
            'é' | 'è' | 'ê' | 'ë' => folded.push('e'),
            'î' | 'ï' | 'í' => folded.push('i'),
            'ô' | 'ö' | 'ó' => folded.push('o'),
            'ù' | 'û' | 'ü' | 'ú' => folded.push('u'),
            'ÿ' => folded.push('y'),
            'ç' => folded.push('c'),
            'ñ' => folded.push('n'),
            'œ' => folded.push_str("oe"),
            'æ' => folded.push_str("ae"),
            other => folded.push(other),
        }
    }
    folded
}

/// An address segment made of `text`: « Secours populaire français » becomes
/// `secours-populaire-francais`.
pub fn slug(text: &str) -> String {
    fold(text)
        .split(|c: char| !c.is_ascii_alphanumeric())
        .filter(|w| !w.is_empty())
        .collect::<Vec<_>>()
        .join("-")
}

/// The instant as HTML's `<time datetime>` and feeds want it: RFC 3339 in
/// UTC, to the second.
pub fn iso(at: DateTime<Utc>) -> String {
    at.to_rfc3339_opts(chrono::SecondsFormat::Secs, true)
}

#[cfg(test)]
mod tests {
    use super::*;
    use chrono::TimeZone;

    #[test]
    fn slugs_are_folded_words_joined_by_hyphens() {
        assert_eq!(
            slug("Secours populaire français"),
            "secours-populaire-francais"
        );
        assert_eq!(slug("  L'Œuvre — d'Orléans !"), "l-oeuvre-d-orleans");
        assert_eq!(slug("—"), "");
    }

    #[test]
    fn dates_read_as_in_french() {
        let d = NaiveDate::from_ymd_opt(2019, 7, 2).unwrap();
        assert_eq!(date(d), "2 juillet 2019");
        let first = NaiveDate::from_ymd_opt(2017, 11, 1).unwrap();
        assert_eq!(date(first), "1er novembre 2017");
    }

    #[test]
    fn times_are_shown_in_paris_summer_and_winter_time() {
        let summer = Utc.with_ymd_and_hms(2019, 7, 2, 12, 0, 0).unwrap();
        assert_eq!(date_time(summer), "mardi 2 juillet 2019 à 14 h 00");
        let winter = Utc.with_ymd_and_hms(2017, 11, 20, 9, 30, 0).unwrap();
        assert_eq!(date_time(winter), "lundi 20 novembre 2017 à 10 h 30");
    }

    #[test]
    fn first_session_is_feminine_ordinal() {
        assert_eq!(session_ordinal(1), "1re session");
        assert_eq!(session_ordinal(3), "3e session");
    }
}
