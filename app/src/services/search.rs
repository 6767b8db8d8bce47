//! French full-text search without a search engine. Texts are stored as
//! their words folded (lower case, accents removed) and reduced to their
//! stem by the Snowball French stemmer (`proposals.search_text`,
//! `search_title`, `meetings.search_text`, `minutes.search_text`), and a
//! query goes through the same steps in Rust, so that « démarches »,
//! « demarche » and « démarché » meet, identically on SQLite and PostgreSQL.
//!
//! Every stem ever indexed is kept once in `search_words` with a word it
//! came from: a query word of [`FORGIVEN_FROM`] letters or more that starts
//! no known stem is looked up there with one typing mistake forgiven, and
//! the query is shown corrected. The table lives in the database, so every
//! server sharing it corrects alike.

use std::collections::{BTreeMap, BTreeSet};

use rust_stemmers::{Algorithm, Stemmer};
use sea_orm::sea_query::{Alias, CaseStatement, Expr, OnConflict, Query, SimpleExpr};
use sea_orm::{Condition, ConnectionTrait, DbBackend, Order};

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
/// A query word this long or longer may hold one typing mistake.
pub const FORGIVEN_FROM: usize = 5;

/// Vocabulary rows written by one statement.
const WORDS_AT_ONCE: usize = 300;

/// Letters a typing mistake may have left out or put in the wrong place.
const ALPHABET: std::ops::RangeInclusive<char> = 'a'..='z';

/// The nouns in -ail whose plural is in -aux: Snowball reduces « -aux » to
/// « -al » (« chevaux », « cheval »), which parts these from their singular.
const PLURALS_IN_AUX: &[(&str, &str)] = &[
    ("travaux", "travail"),
    ("baux", "bail"),
    ("coraux", "corail"),
    ("soupiraux", "soupirail"),
    ("vantaux", "vantail"),
    ("vitraux", "vitrail"),
];

/// The stem of a folded word.
fn stem(folded: &str) -> String {
    let singular = PLURALS_IN_AUX
        .iter()
        .find(|(plural, _)| *plural == folded)
        .map_or(folded, |(_, singular)| singular);
    Stemmer::create(Algorithm::French)
        .stem(singular)
        .into_owned()
}

/// The words of a text as typed (in lower case) with their stems, in order.
fn typed(text: &str) -> Vec<(String, String)> {
    text.to_lowercase()
        .split(|c: char| !c.is_alphanumeric())
        .filter(|w| !w.is_empty())
        .map(|w| (w.to_string(), stem(&fold(w))))
        .collect()
}

/// The stems of a text's words, in order.
pub fn words(text: &str) -> Vec<String> {
    typed(text).into_iter().map(|(_, stem)| stem).collect()
}

/// What to store as a searchable text: the stems, separated and surrounded
/// by single spaces (the full-text indexes of the migration `search_index`
/// read it, and `LIKE '% stem%'` finds a word starting with `stem`).
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

/// The words of a search that count, as typed and as stems, each stem
/// once, within the bounds above; a French sentence when there are too many.
fn counted(query: &str) -> Result<Vec<(String, String)>, AppError> {
    let mut counted: Vec<(String, String)> = Vec::new();
    for (word, stem) in typed(query) {
        if word.chars().count() >= SHORTEST_WORD && !counted.iter().any(|(_, s)| *s == stem) {
            counted.push((word, stem));
        }
    }
    if counted.len() > MOST_WORDS {
        return Err(AppError::Invalid(format!(
            "La recherche tient compte de {MOST_WORDS} mots au plus : retirez-en quelques-uns."
        )));
    }
    Ok(counted)
}

/// The stems of the words of a search that count.
pub fn query_words(query: &str) -> Result<Vec<String>, AppError> {
    Ok(counted(query)?.into_iter().map(|(_, stem)| stem).collect())
}

/// A search as the indexes read it.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Terms {
    /// For each word that counts, the stems that stand for it: the word's
    /// own, or those of the known words one typing mistake away.
    pub words: Vec<Vec<String>>,
    /// The search as corrected, when a word was.
    pub corrected: Option<String>,
}

impl Terms {
    pub fn is_empty(&self) -> bool {
        self.words.is_empty()
    }

    /// The FTS5 query (SQLite): each word as a prefix, its alternatives
    /// joined by OR, every word required. Stems hold only letters and
    /// digits, so nothing a user types reaches the query syntax.
    pub fn fts5(&self) -> Option<String> {
        self.joined(|stem| format!("\"{stem}\"*"), " OR ", " AND ")
    }

    /// The same for PostgreSQL's `to_tsquery('simple', …)`.
    pub fn tsquery(&self) -> Option<String> {
        self.joined(|stem| format!("{stem}:*"), " | ", " & ")
    }

    fn joined(&self, term: impl Fn(&str) -> String, or: &str, and: &str) -> Option<String> {
        (!self.is_empty()).then(|| {
            self.words
                .iter()
                .map(|alternatives| {
                    let terms: Vec<String> = alternatives.iter().map(|s| term(s)).collect();
                    match terms.as_slice() {
                        [one] => one.clone(),
                        _ => format!("({})", terms.join(or)),
                    }
                })
                .collect::<Vec<_>>()
                .join(and)
        })
    }

    /// How many words of the search start a word of `document` (a stored
    /// searchable text).
    pub fn score(&self, document: &str) -> i32 {
        self.words
            .iter()
            .filter(|alternatives| {
                alternatives
                    .iter()
                    .any(|stem| document.contains(&format!(" {stem}")))
            })
            .count() as i32
    }

    /// [`Terms::score`] computed by the database on the stored text `column`.
    pub fn score_of(&self, column: &SimpleExpr) -> SimpleExpr {
        self.words
            .iter()
            .map(|alternatives| -> SimpleExpr {
                CaseStatement::new()
                    .case(Self::any_starts(column, alternatives), 1)
                    .finally(0)
                    .into()
            })
            .reduce(|sum, one| sum.add(one))
            .unwrap_or_else(|| Expr::value(0))
    }

    /// Every word of the search starts a word of the stored text `column`:
    /// for the few rows of small tables, read without a full-text index.
    pub fn all_in(&self, column: &SimpleExpr) -> Condition {
        self.words
            .iter()
            .fold(Condition::all(), |all, alternatives| {
                all.add(Self::any_starts(column, alternatives))
            })
    }

    fn any_starts(column: &SimpleExpr, alternatives: &[String]) -> Condition {
        alternatives.iter().fold(Condition::any(), |any, stem| {
            any.add(Expr::expr(column.clone()).like(format!("% {stem}%")))
        })
    }
}

/// A search read for the indexes: its words' stems, and for a word of
/// [`FORGIVEN_FROM`] letters or more that starts no known stem, the known
/// stems one typing mistake away (then the search is shown corrected).
pub async fn terms(db: &impl ConnectionTrait, query: &str) -> Result<Terms, AppError> {
    terms_knowing(db, query, |_| false).await
}

/// [`terms`], where `known_here` may tell that a stem is known without
/// asking the database (a server's list index holds the proposals' stems).
pub async fn terms_knowing(
    db: &impl ConnectionTrait,
    query: &str,
    known_here: impl Fn(&str) -> bool,
) -> Result<Terms, AppError> {
    let mut terms = Terms::default();
    let mut shown = Vec::new();
    let mut corrected = false;
    for (word, stem) in counted(query)? {
        let mut alternatives = vec![stem.clone()];
        let mut as_shown = word.clone();
        if word.chars().count() >= FORGIVEN_FROM && !known_here(&stem) && !known(db, &stem).await? {
            let near = nearest(db, &word, &stem).await?;
            if let Some((_, first)) = near.first() {
                as_shown = first.clone();
                corrected = true;
                alternatives = near.into_iter().map(|(stem, _)| stem).collect();
            }
        }
        terms.words.push(alternatives);
        shown.push(as_shown);
    }
    terms.corrected = corrected.then(|| shown.join(" "));
    Ok(terms)
}

fn words_table() -> Alias {
    Alias::new("search_words")
}

/// Whether a known stem starts with `stem`: one step in the vocabulary's
/// index (its order is bytewise on both databases, migration
/// `search_stems`).
async fn known(db: &impl ConnectionTrait, stem: &str) -> Result<bool, AppError> {
    let next = Query::select()
        .column(Alias::new("stem"))
        .from(words_table())
        .and_where(Expr::col(Alias::new("stem")).gte(stem))
        .order_by(Alias::new("stem"), Order::Asc)
        .limit(1)
        .to_owned();
    let backend = db.get_database_backend();
    Ok(match db.query_one(backend.build(&next)).await? {
        Some(row) => row.try_get::<String>("", "stem")?.starts_with(stem),
        None => false,
    })
}

/// Every text one typing mistake (a letter left out, put in, replaced, or
/// two swapped) away from `word`.
fn one_mistake_away(word: &str) -> BTreeSet<String> {
    let chars: Vec<char> = word.chars().collect();
    let with = |at: usize, skip: usize, put: &[char]| -> String {
        chars[..at]
            .iter()
            .chain(put)
            .chain(&chars[(at + skip).min(chars.len())..])
            .collect()
    };
    let mut near = BTreeSet::new();
    for at in 0..=chars.len() {
        for letter in ALPHABET {
            near.insert(with(at, 0, &[letter]));
            if at < chars.len() {
                near.insert(with(at, 1, &[letter]));
            }
        }
        if at < chars.len() {
            near.insert(with(at, 1, &[]));
        }
        if at + 1 < chars.len() {
            near.insert(with(at, 2, &[chars[at + 1], chars[at]]));
        }
    }
    near.remove(word);
    near
}

/// The known stems, with a word each came from, of the words one typing
/// mistake away from the typed `word`; failing those, the known stems one
/// mistake away from its stem (a mistake in a suffix the stemmer cut, or
/// that changed the cut). Of those, the ones whose word is closest to the
/// typed one (« avencement » is one letter from « avancement », while the
/// stem of « avecement » is that of « avec »), in the stems' order.
async fn nearest(
    db: &impl ConnectionTrait,
    word: &str,
    typed_stem: &str,
) -> Result<Vec<(String, String)>, AppError> {
    let of_words: BTreeSet<String> = one_mistake_away(&fold(word))
        .iter()
        .map(|w| stem(w))
        .filter(|s| s != typed_stem)
        .collect();
    let mut found = known_among(db, of_words).await?;
    if found.is_empty() {
        found = known_among(db, one_mistake_away(typed_stem)).await?;
    }
    let typed = fold(word);
    let distance = |known: &str| mistakes(&typed, &fold(known));
    let closest = found.iter().map(|(_, known)| distance(known)).min();
    found.retain(|(_, known)| Some(distance(known)) == closest);
    Ok(found)
}

/// How many typing mistakes (letters left out, put in, replaced, or two
/// swapped) turn `a` into `b`.
fn mistakes(a: &str, b: &str) -> usize {
    let (a, b): (Vec<char>, Vec<char>) = (a.chars().collect(), b.chars().collect());
    let mut rows = vec![(0..=b.len()).collect::<Vec<usize>>()];
    for i in 1..=a.len() {
        let mut row = vec![i; b.len() + 1];
        for j in 1..=b.len() {
            let replaced = usize::from(a[i - 1] != b[j - 1]);
            row[j] = (rows[i - 1][j] + 1)
                .min(row[j - 1] + 1)
                .min(rows[i - 1][j - 1] + replaced);
            if i > 1 && j > 1 && a[i - 1] == b[j - 2] && a[i - 2] == b[j - 1] {
                row[j] = row[j].min(rows[i - 2][j - 2] + 1);
            }
        }
        rows.push(row);
    }
    rows[a.len()][b.len()]
}

/// Those of `candidates` that are known stems, with a word each came from.
async fn known_among(
    db: &impl ConnectionTrait,
    candidates: BTreeSet<String>,
) -> Result<Vec<(String, String)>, AppError> {
    let candidates: Vec<String> = candidates.into_iter().collect();
    let backend = db.get_database_backend();
    let mut found = Vec::new();
    for some in candidates.chunks(500) {
        let select = Query::select()
            .columns([Alias::new("stem"), Alias::new("word")])
            .from(words_table())
            .and_where(Expr::col(Alias::new("stem")).is_in(some.iter().cloned()))
            .to_owned();
        for row in db.query_all(backend.build(&select)).await? {
            found.push((row.try_get("", "stem")?, row.try_get("", "word")?));
        }
    }
    found.sort();
    Ok(found)
}

/// Keeps the stems of `texts` in the vocabulary, each with the first word
/// it was seen from; the stems already known are left as they are.
pub async fn remember(db: &impl ConnectionTrait, texts: &[&str]) -> Result<(), AppError> {
    let mut seen: BTreeMap<String, String> = BTreeMap::new();
    for text in texts {
        for (word, stem) in typed(text) {
            seen.entry(stem).or_insert(word);
        }
    }
    let seen: Vec<(String, String)> = seen.into_iter().collect();
    let backend = db.get_database_backend();
    for some in seen.chunks(WORDS_AT_ONCE) {
        let mut insert = Query::insert()
            .into_table(words_table())
            .columns([Alias::new("stem"), Alias::new("word")])
            .on_conflict(
                OnConflict::column(Alias::new("stem"))
                    .do_nothing()
                    .to_owned(),
            )
            .to_owned();
        for (stem, word) in some {
            insert.values_panic([stem.clone().into(), word.clone().into()]);
        }
        db.execute(backend.build(&insert)).await?;
    }
    Ok(())
}

/// Forgets the stems of `text` (an erased person's name).
pub async fn forget(db: &impl ConnectionTrait, text: &str) -> Result<(), AppError> {
    let stems = words(text);
    let delete = Query::delete()
        .from_table(words_table())
        .and_where(Expr::col(Alias::new("stem")).is_in(stems))
        .to_owned();
    db.execute(db.get_database_backend().build(&delete)).await?;
    Ok(())
}

/// Texts stored before the stems (migration `search_stems`, which leaves
/// their new columns empty) or by a bulk insert: made searchable once, at
/// the server's start and after a bulk load. Returns how many rows.
pub async fn index_missing(db: &impl ConnectionTrait) -> Result<u64, AppError> {
    let backend = db.get_database_backend();
    let mut indexed = 0;
    for source in SOURCES {
        loop {
            let rows = db.query_all(backend.build(&(source.missing)())).await?;
            if rows.is_empty() {
                break;
            }
            let mut read = Vec::with_capacity(rows.len());
            for row in rows {
                let id: i32 = row.try_get("", "id")?;
                let texts: Vec<String> = source
                    .texts
                    .iter()
                    .map(|column| row.try_get::<Option<String>>("", column))
                    .collect::<Result<Vec<_>, _>>()?
                    .into_iter()
                    .map(Option::unwrap_or_default)
                    .collect();
                read.push((id, texts));
            }
            let all: Vec<&str> = read
                .iter()
                .flat_map(|(_, t)| t)
                .map(String::as_str)
                .collect();
            remember(db, &all).await?;
            for (id, texts) in &read {
                let texts: Vec<&str> = texts.iter().map(String::as_str).collect();
                let mut update = Query::update();
                update
                    .table(Alias::new(source.table))
                    .value(Alias::new("search_text"), document(&texts))
                    .and_where(Expr::col(Alias::new("id")).eq(*id));
                if source.table == "proposals" {
                    update.value(Alias::new("search_title"), document(&texts[..1]));
                }
                db.execute(backend.build(&update)).await?;
                indexed += 1;
            }
        }
    }
    Ok(indexed)
}

/// A table whose rows are searched, and how to read those not indexed yet.
struct Source {
    table: &'static str,
    /// The columns the `missing` query gives, the title first.
    texts: &'static [&'static str],
    missing: fn() -> sea_orm::sea_query::SelectStatement,
}

/// Rows read at a time.
const BATCH: u64 = 200;

const SOURCES: &[Source] = &[
    Source {
        table: "proposals",
        texts: &["title", "body"],
        missing: || {
            Query::select()
                .columns([Alias::new("id"), Alias::new("title"), Alias::new("body")])
                .from(Alias::new("proposals"))
                .and_where(Expr::col(Alias::new("search_title")).is_null())
                .limit(BATCH)
                .to_owned()
        },
    },
    Source {
        table: "meetings",
        texts: &["title", "place", "agenda"],
        missing: || {
            Query::select()
                .columns([
                    Alias::new("id"),
                    Alias::new("title"),
                    Alias::new("place"),
                    Alias::new("agenda"),
                ])
                .from(Alias::new("meetings"))
                .and_where(Expr::col(Alias::new("search_text")).is_null())
                .limit(BATCH)
                .to_owned()
        },
    },
    Source {
        table: "minutes",
        texts: &["body"],
        missing: || {
            // Only the published version is searched: drafts are for
            // their writers.
            Query::select()
                .column((Alias::new("minutes"), Alias::new("id")))
                .expr_as(
                    Expr::col((Alias::new("minutes_revisions"), Alias::new("body"))),
                    Alias::new("body"),
                )
                .from(Alias::new("minutes"))
                .left_join(
                    Alias::new("minutes_revisions"),
                    Condition::all()
                        .add(
                            Expr::col((Alias::new("minutes_revisions"), Alias::new("minutes_id")))
                                .equals((Alias::new("minutes"), Alias::new("id"))),
                        )
                        .add(
                            Expr::col((Alias::new("minutes_revisions"), Alias::new("number")))
                                .equals((Alias::new("minutes"), Alias::new("published_revision"))),
                        ),
                )
                .and_where(Expr::col((Alias::new("minutes"), Alias::new("search_text"))).is_null())
                .limit(BATCH)
                .to_owned()
        },
    },
];

/// The condition of a full-text match on the proposals' index (migration
/// `search_index`; on SQLite, `proposals_fts` must be joined) and the
/// query it binds.
pub fn proposals_match(backend: DbBackend, terms: &Terms) -> Option<(String, String)> {
    match backend {
        DbBackend::Sqlite => terms
            .fts5()
            .map(|q| ("proposals_fts MATCH ?".to_string(), q)),
        DbBackend::Postgres | DbBackend::MySql => terms.tsquery().map(|q| {
            (
                "to_tsvector('simple', proposals.search_text) @@ to_tsquery('simple', $1)"
                    .to_string(),
                q,
            )
        }),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn terms_of(query: &str) -> Terms {
        Terms {
            words: query_words(query)
                .unwrap()
                .into_iter()
                .map(|w| vec![w])
                .collect(),
            corrected: None,
        }
    }

    /// What both full-text indexes answer: each query word starts a word.
    fn finds(query: &str, text: &str) -> bool {
        let terms = terms_of(query);
        terms.score(&document(&[text])) == terms.words.len() as i32
    }

    #[test]
    fn accents_plurals_conjugations_and_case_are_forgiven() {
        assert!(finds("accessibilite", "Améliorer l'accessibilité du site"));
        assert!(finds("démarche", "Simplifier les démarches en ligne"));
        assert!(finds("DEMARCHES", "Une démarche simple"));
        assert!(finds("demandé", "Nous demandons une aide"));
        assert!(finds("fiscaux", "Le timbre fiscal"));
        assert!(finds("travaux", "Les groupes de travail"));
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
            terms_of("100% _xy").fts5().as_deref(),
            Some("\"100\"* AND \"xy\"*")
        );
        assert_eq!(
            terms_of("démarches  AND \"xy\" | !yz").tsquery().as_deref(),
            Some("demarch:* & and:* & xy:* & yz:*")
        );
        assert_eq!(terms_of("%% * \"").fts5(), None);
        assert_eq!(terms_of(" & ").tsquery(), None);
        let forgiven = Terms {
            words: vec![vec!["captch".into(), "capt".into()], vec!["ecran".into()]],
            corrected: None,
        };
        assert_eq!(
            forgiven.fts5().as_deref(),
            Some("(\"captch\"* OR \"capt\"*) AND \"ecran\"*")
        );
        assert_eq!(
            forgiven.tsquery().as_deref(),
            Some("(captch:* | capt:*) & ecran:*")
        );
    }

    #[test]
    fn a_search_holds_few_words_of_two_letters_or_more() {
        assert_eq!(
            query_words("l'accessibilité à la mairie").unwrap(),
            ["accessibilit", "la", "mair"]
        );
        assert_eq!(
            query_words(&"a ".repeat(100)).unwrap(),
            Vec::<String>::new()
        );
        assert_eq!(
            query_words("cni cni CNI passeports passeport").unwrap(),
            ["cni", "passeport"]
        );
        let many = "un deux trois quatre cinq six sept";
        assert!(matches!(query_words(many), Err(AppError::Invalid(_))));
        assert_eq!(
            query_words("un deux trois quatre cinq six").unwrap().len(),
            MOST_WORDS
        );
    }

    #[test]
    fn mistakes_count_each_kind_once() {
        assert_eq!(mistakes("capcha", "captcha"), 1);
        assert_eq!(mistakes("titualire", "titulaire"), 1);
        assert_eq!(mistakes("avencement", "avancement"), 1);
        assert_eq!(mistakes("avencement", "avec"), 6);
        assert_eq!(mistakes("", "abc"), 3);
    }

    #[test]
    fn one_mistake_away_holds_each_kind_of_mistake() {
        let near = one_mistake_away("capcha");
        for fixed in ["captcha", "capha", "capcah", "capchz"] {
            assert!(near.contains(fixed), "{fixed}");
        }
        assert!(!near.contains("capcha") && !near.contains("catpcah"));
    }
}
