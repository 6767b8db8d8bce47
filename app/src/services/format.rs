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

/// "juillet 2019": a month of a year; `month` from 1.
pub fn month_of_year(year: i32, month: u32) -> String {
    format!("{} {year}", MONTHS[(month.clamp(1, 12) - 1) as usize])
}

/// "juillet 2019".
pub fn month(day: NaiveDate) -> String {
    format!("{} {}", MONTHS[day.month0() as usize], day.year())
}

/// "1 280", "12 345 678": groups of three digits split by a narrow no-break
/// space, as French writes numbers.
pub fn thousands(n: u64) -> String {
    let digits = n.to_string();
    let mut out = String::new();
    for (i, c) in digits.chars().enumerate() {
        if i > 0 && (digits.len() - i).is_multiple_of(3) {
            out.push('\u{202f}');
        }
        out.push(c);
    }
    out
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

/// The longest slug: addresses stay readable, and a suffix such as « -2 »
/// still fits the columns' 80 characters.
const SLUG_MAX: usize = 60;

/// An address segment made of `text`: « Secours populaire français » becomes
/// `secours-populaire-francais`.
pub fn slug(text: &str) -> String {
    let mut slug = String::new();
    for word in fold(text)
        .split(|c: char| !c.is_ascii_alphanumeric())
        .filter(|w| !w.is_empty())
    {
        if !slug.is_empty() && slug.len() + 1 + word.len() > SLUG_MAX {
            break;
        }
        if !slug.is_empty() {
            slug.push('-');
        }
        slug.push_str(word);
    }
    slug.truncate(SLUG_MAX);
    slug
}

/// The addresses to try, in order, for something new called `text`: its
/// slug, then the slug followed by -2, -3… Words of `reserved` (the
/// addresses of forms, such as « nouvelle ») are skipped. Empty when `text`
/// has no letter or digit.
pub fn slug_candidates<'a>(
    text: &str,
    reserved: &'a [&'a str],
) -> impl Iterator<Item = String> + 'a {
    let base = slug(text);
    let first = (!base.is_empty()).then(|| base.clone());
    first
        .into_iter()
        .chain((2..).map_while(move |n: u32| (!base.is_empty()).then(|| format!("{base}-{n}"))))
        .filter(move |candidate| !reserved.contains(&candidate.as_str()))
}

/// The first address of [`slug_candidates`] that no row of `E` holds in
/// `column`.
pub async fn free_slug<E: sea_orm::EntityTrait>(
    db: &impl sea_orm::ConnectionTrait,
    column: E::Column,
    text: &str,
    reserved: &[&str],
) -> Result<String, crate::model::AppError> {
    use sea_orm::{ColumnTrait, QueryFilter};
    for candidate in slug_candidates(text, reserved) {
        if E::find()
            .filter(column.eq(candidate.as_str()))
            .one(db)
            .await?
            .is_none()
        {
            return Ok(candidate);
        }
    }
    Err(crate::model::AppError::Invalid(
        "Le nom doit contenir au moins une lettre ou un chiffre.".into(),
    ))
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
    fn numbers_are_written_in_groups_of_three() {
        assert_eq!(thousands(0), "0");
        assert_eq!(thousands(320), "320");
        assert_eq!(thousands(1280), "1\u{202f}280");
        assert_eq!(thousands(12_345_678), "12\u{202f}345\u{202f}678");
    }

    #[test]
    fn slug_candidates_skip_reserved_words() {
        let tried: Vec<_> = slug_candidates("Nouvelle", &["nouvelle"]).take(2).collect();
        assert_eq!(tried, ["nouvelle-2", "nouvelle-3"]);
        assert_eq!(slug_candidates("!!", &[]).next(), None);
    }

    #[test]
    fn slugs_are_folded_words_joined_by_hyphens() {
        assert_eq!(
            slug("Secours populaire français"),
            "secours-populaire-francais"
        );
        assert_eq!(slug("  L'Œuvre — d'Orléans !"), "l-oeuvre-d-orleans");
        assert_eq!(slug("—"), "");
        let long = slug(&"organisation ".repeat(20));
        assert!(
            long.len() <= SLUG_MAX && long.ends_with("organisation"),
            "{long}"
        );
        assert_eq!(slug(&"x".repeat(200)).len(), SLUG_MAX);
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
