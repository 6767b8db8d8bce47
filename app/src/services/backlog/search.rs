//! French full-text search without a search engine: titles and descriptions
//! are stored folded (lower case, accents removed, plurals reduced) in
//! `proposals.search_text`, and a query is folded the same way, so that
//! "accessibilite" finds "accessibilité" and "démarche" finds "démarches"
//! on SQLite and PostgreSQL alike.

use crate::services::format::fold;

/// A word reduced to the form its singular and plural share: "démarches" and
/// "démarche" both give "demarche" (a light stemmer for plurals in -s and -x,
/// not for conjugations).
fn stem(word: &str) -> &str {
    if word.chars().count() > 3 {
        if let Some(base) = word.strip_suffix('s').or_else(|| word.strip_suffix('x')) {
            return base;
        }
    }
    word
}

/// The words of a text, folded and stemmed, in order.
pub fn words(text: &str) -> Vec<String> {
    fold(text)
        .split(|c: char| !c.is_alphanumeric())
        .filter(|w| !w.is_empty())
        .map(|w| stem(w).to_string())
        .collect()
}

/// What to store in `search_text`: the folded words, separated and
/// surrounded by single spaces (the full-text indexes of the migration
/// `search_index` read it).
pub fn document(parts: &[&str]) -> String {
    let mut text = String::from(" ");
    for part in parts {
        for word in words(part) {
            text.push_str(&word);
            text.push(' ');
        }
    }
    text
}

/// The FTS5 query (SQLite) a search becomes: each folded word as a prefix,
/// all of them required. Words hold only letters and digits, so nothing a
/// user types reaches the query syntax. `None` when the query has no word.
pub fn fts5_query(query: &str) -> Option<String> {
    let words = words(query);
    (!words.is_empty()).then(|| {
        words
            .iter()
            .map(|w| format!("\"{w}\"*"))
            .collect::<Vec<_>>()
            .join(" ")
    })
}

/// The same for PostgreSQL's `to_tsquery('simple', …)`.
pub fn tsquery(query: &str) -> Option<String> {
    let words = words(query);
    (!words.is_empty()).then(|| {
        words
            .iter()
            .map(|w| format!("{w}:*"))
            .collect::<Vec<_>>()
            .join(" & ")
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    /// What both full-text indexes answer: each query word starts a word.
    fn finds(query: &str, text: &str) -> bool {
        let doc = document(&[text]);
        words(query).iter().all(|w| doc.contains(&format!(" {w}")))
    }

    #[test]
    fn accents_plurals_and_case_are_forgiven() {
        assert!(finds("accessibilite", "Améliorer l'accessibilité du site"));
        assert!(finds("démarche", "Simplifier les démarches en ligne"));
        assert!(finds("DEMARCHES", "Une démarche simple"));
        assert!(finds(
            "permis conduire",
            "Renouvellement du permis de conduire"
        ));
        assert!(!finds("passeport", "Carte nationale d'identité"));
    }

    #[test]
    fn query_words_match_at_word_starts_only() {
        assert!(finds("access", "accessibilité"));
        assert!(!finds("cessib", "accessibilité"));
    }

    #[test]
    fn query_syntax_typed_by_a_user_never_reaches_the_index() {
        assert_eq!(fts5_query("100% _x").as_deref(), Some("\"100\"* \"x\"*"));
        assert_eq!(
            tsquery("démarches  AND \"x\" | !y").as_deref(),
            Some("demarche:* & and:* & x:* & y:*")
        );
        assert_eq!(fts5_query("%% * \"").as_deref(), None);
        assert_eq!(tsquery(" & ").as_deref(), None);
    }
}
