//! French full-text search without a search engine: titles and descriptions
//! are stored folded (lower case, accents removed, plurals reduced) in
//! `proposals.search_text`, and a query is folded the same way, so that
//! "accessibilite" finds "accessibilité" and "démarche" finds "démarches"
//! on SQLite and PostgreSQL alike.

/// Lower case, without accents or ligatures.
fn strip_accents(s: &str) -> String {
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
    strip_accents(text)
        .split(|c: char| !c.is_alphanumeric())
        .filter(|w| !w.is_empty())
        .map(|w| stem(w).to_string())
        .collect()
}

/// An address segment made of `text`: « Secours populaire français » becomes
/// `secours-populaire-francais`.
pub fn slug(text: &str) -> String {
    strip_accents(text)
        .split(|c: char| !c.is_ascii_alphanumeric())
        .filter(|w| !w.is_empty())
        .collect::<Vec<_>>()
        .join("-")
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

    #[test]
    fn slugs_are_folded_words_joined_by_hyphens() {
        assert_eq!(
            slug("Secours populaire français"),
            "secours-populaire-francais"
        );
        assert_eq!(slug("  L'Œuvre — d'Orléans !"), "l-oeuvre-d-orleans");
        assert_eq!(slug("—"), "");
    }

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
