//! French full-text search without a search engine: titles and descriptions
//! are stored folded (lower case, accents removed, plurals reduced) in
//! `proposals.search_text`, and a query is folded the same way, so that
//! "accessibilite" finds "accessibilité" and "démarche" finds "démarches"
//! on SQLite and PostgreSQL alike.

use crate::model::AppError;
use crate::services::format::fold;

/// The bounds of a search, here only. Each word is a prefix the index looks
/// up: SQLite's keeps prefixes of two to four letters (migration
/// `search_index`), so a word of one letter would read every word starting
/// with it, and PostgreSQL's GIN index scans as widely. Words shorter than
/// this are left out (they are mostly « l' », « d' », « à »)…
pub const SHORTEST_WORD: usize = 2;
/// …and a search of more words than this is refused.
pub const MOST_WORDS: usize = 6;

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

/// The words of a search that count, each once, within the bounds above;
/// a French sentence when there are too many.
pub fn query_words(query: &str) -> Result<Vec<String>, AppError> {
    let mut counted: Vec<String> = Vec::new();
    for word in words(query) {
        if word.chars().count() >= SHORTEST_WORD && !counted.contains(&word) {
            counted.push(word);
        }
    }
    if counted.len() > MOST_WORDS {
        return Err(AppError::Invalid(format!(
            "La recherche tient compte de {MOST_WORDS} mots au plus : retirez-en quelques-uns."
        )));
    }
    Ok(counted)
}

/// The FTS5 query (SQLite) a search becomes: each word that counts as a
/// prefix, all of them required. Words hold only letters and digits, so
/// nothing a user types reaches the query syntax. `None` when no word counts.
pub fn fts5_query(query: &str) -> Result<Option<String>, AppError> {
    let words = query_words(query)?;
    Ok((!words.is_empty()).then(|| {
        words
            .iter()
            .map(|w| format!("\"{w}\"*"))
            .collect::<Vec<_>>()
            .join(" ")
    }))
}

/// The same for PostgreSQL's `to_tsquery('simple', …)`.
pub fn tsquery(query: &str) -> Result<Option<String>, AppError> {
    let words = query_words(query)?;
    Ok((!words.is_empty()).then(|| {
        words
            .iter()
            .map(|w| format!("{w}:*"))
            .collect::<Vec<_>>()
            .join(" & ")
    }))
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
        assert_eq!(
            fts5_query("100% _xy").unwrap().as_deref(),
            Some("\"100\"* \"xy\"*")
        );
        assert_eq!(
            tsquery("démarches  AND \"xy\" | !yz").unwrap().as_deref(),
            Some("demarche:* & and:* & xy:* & yz:*")
        );
        assert_eq!(fts5_query("%% * \"").unwrap().as_deref(), None);
        assert_eq!(tsquery(" & ").unwrap().as_deref(), None);
    }

    #[test]
    fn a_search_holds_few_words_of_two_letters_or_more() {
        assert_eq!(
            query_words("l'accessibilité à la mairie").unwrap(),
            ["accessibilite", "la", "mairie"]
        );
        assert_eq!(
            query_words(&"a ".repeat(100)).unwrap(),
            Vec::<String>::new()
        );
        assert_eq!(
            query_words("cni cni CNI passeport").unwrap(),
            ["cni", "passeport"]
        );
        let many = "un deux trois quatre cinq six sept";
        assert!(matches!(query_words(many), Err(AppError::Invalid(_))));
        assert_eq!(
            query_words("un deux trois quatre cinq six").unwrap().len(),
            MOST_WORDS
        );
    }
}
