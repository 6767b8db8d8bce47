//! The relevance set: French searches over the demo body as people type
//! them (misspellings, plurals, conjugations, missing accents, several
//! words), each with what it must find first, on the database under test.

use crate::common;

use app::model::{BacklogFilters, FoundMeeting, SearchResults};
use app::services::backlog::cards::Audience;
use app::services::backlog::proposals;
use app::services::views::search::everything;

/// A search, and the proposal it must list first (seen by a member).
const PROPOSALS: &[(&str, &str)] = &[
    // Several words, with and without accents.
    ("captcha lecteurs d'écran", "DA-2018-0003"),
    ("captcha lecteur ecran", "DA-2018-0003"),
    ("vérification accessible", "DA-2020-0001"),
    ("verification accessible a tous", "DA-2020-0001"),
    ("perte permis", "DA-2019-0003"),
    ("déclarer la perte", "DA-2019-0003"),
    ("permis de conduire", "DA-2019-0006"),
    ("informer par SMS", "DA-2019-0006"),
    ("carte identite", "DA-2018-0001"),
    ("QR code", "DA-2018-0001"),
    ("adresse e-mail", "DA-2018-0001"),
    ("changement de titulaire", "DA-2019-0001"),
    ("erreur de saisie", "DA-2020-0002"),
    ("rendez-vous mairie", "DA-2020-0002"),
    ("conseillers France services", "DA-2020-0003"),
    ("préfecture Rouen", "DA-2019-0002"),
    ("démarche officielle gratuite", "DA-2019-0002"),
    ("sécurité du compte", "DA-2019-0005"),
    ("facile à comprendre", "DA-2019-0004"),
    ("justificatifs domicile", "DA-2018-0002"),
    // Plurals and singulars.
    ("smartphones", "DA-2019-0001"),
    ("aidants proches", "DA-2019-0005"),
    ("imprimable", "DA-2018-0001"),
    ("malvoyant", "DA-2020-0001"),
    ("pictogramme", "DA-2019-0004"),
    ("sites payants", "DA-2019-0002"),
    ("identifiant", "DA-2020-0003"),
    ("gratuites", "DA-2019-0002"),
    // Conjugations and derived words.
    ("déclaration de perte", "DA-2019-0003"),
    ("conseiller", "DA-2020-0003"),
    ("validée", "DA-2020-0002"),
    ("photographier justificatif", "DA-2019-0001"),
    ("abandonner", "DA-2018-0002"),
    ("informé étapes", "DA-2019-0006"),
    ("corrigée pré-demande", "DA-2020-0002"),
    // One typing mistake in a word of five letters or more.
    ("capcha lecteur", "DA-2018-0003"),
    ("smarphone", "DA-2019-0001"),
    ("comissariat", "DA-2019-0003"),
    ("verification accesible", "DA-2020-0001"),
    ("pictogrames", "DA-2019-0004"),
    ("conduite permis", "DA-2019-0006"),
    ("titualire", "DA-2019-0001"),
    ("securite compte", "DA-2019-0005"),
    ("avencement demandes", "DA-2019-0006"),
];

/// A search with a typing mistake, and the search offered instead.
const CORRECTED: &[(&str, &str)] = &[
    ("capcha", "captcha"),
    ("smarphone", "smartphone"),
    ("comissariat", "commissariat"),
    ("verification accesible", "verification accessible"),
];

/// A search, and the meeting it must list first (as a visitor).
const MEETINGS: &[(&str, &str)] = &[
    ("captcha écran", "Groupe 3 — captcha et lecteurs d'écran"),
    (
        "changement titulaire",
        "Groupe 2 — simplifier le changement de titulaire",
    ),
    (
        "médiation numerique",
        "Groupe 1 — médiation numérique et aidants",
    ),
    (
        "installation",
        "Séance d'installation de l'instance d'écoute des usagers",
    ),
    // The agenda says « groupes de travail ».
    (
        "travaux installation",
        "Séance d'installation de l'instance d'écoute des usagers",
    ),
    (
        "mediateurs Cergy",
        "Groupe 1 — premiers tests en préfecture",
    ),
];

/// A search, and the meeting whose published minutes it must list first.
const MINUTES: &[(&str, &str)] = &[
    (
        "alternative accessible captcha",
        "3e séance plénière de l'instance d'écoute",
    ),
    (
        "abandons pièces justificatives",
        "Groupe 2 — pièces justificatives et compte ANTS",
    ),
    ("guide FALC", "3e séance plénière de l'instance d'écoute"),
];

fn searching(query: &str) -> BacklogFilters {
    let query: String = form_urlencoded::Serializer::new(String::new())
        .append_pair("q", query)
        .finish();
    BacklogFilters::parse(&query).unwrap()
}

#[tokio::test]
async fn each_french_search_of_the_relevance_set_finds_its_answer_first() {
    let test = common::with_demo().await;
    let db = &test.db;
    assert!(PROPOSALS.len() + MEETINGS.len() + MINUTES.len() >= 40);
    let mut wrong = Vec::new();
    for (query, expected) in PROPOSALS {
        let page = proposals::backlog(db, &common::lists(), Audience::SignedIn, &searching(query))
            .await
            .unwrap();
        let found: Vec<&str> = page
            .rows
            .iter()
            .map(|r| r.card.reference.as_str())
            .collect();
        if found.first() != Some(expected) {
            wrong.push(format!("« {query} » lists {found:?}, not {expected} first"));
        }
    }
    type Kind = fn(SearchResults) -> Vec<FoundMeeting>;
    type Expected = &'static [(&'static str, &'static str)];
    let kinds: [(&str, Expected, Kind); 2] = [
        ("meetings", MEETINGS, |found| found.meetings),
        ("minutes of", MINUTES, |found| found.minutes),
    ];
    for (kind, set, of_kind) in kinds {
        for (query, expected) in set {
            let found = of_kind(everything(db, &common::lists(), None, query).await.unwrap());
            let titles: Vec<&str> = found.iter().map(|m| m.meeting.title.as_str()).collect();
            if titles.first() != Some(expected) {
                wrong.push(format!(
                    "« {query} » finds the {kind} {titles:?}, not {expected} first"
                ));
            }
        }
    }
    assert!(
        wrong.is_empty(),
        "on {}:\n{}",
        common::backend(),
        wrong.join("\n")
    );
    test.drop_db().await;
}

#[tokio::test]
async fn a_search_with_a_typing_mistake_offers_the_corrected_search() {
    let test = common::with_demo().await;
    let db = &test.db;
    for (typed, corrected) in CORRECTED {
        let page = proposals::backlog(db, &common::lists(), Audience::Public, &searching(typed))
            .await
            .unwrap();
        assert_eq!(page.corrected.as_deref(), Some(*corrected), "{typed}");
        assert!(page.total > 0, "{typed}");
        let found = everything(db, &common::lists(), None, typed).await.unwrap();
        assert_eq!(found.corrected.as_deref(), Some(*corrected), "{typed}");
    }
    // Right words are not corrected, nor short ones, nor what matches nothing.
    for query in ["captcha", "permis", "sms", "cni", "zzzzzzzz"] {
        let page = proposals::backlog(db, &common::lists(), Audience::Public, &searching(query))
            .await
            .unwrap();
        assert_eq!(page.corrected, None, "{query}");
    }
    test.drop_db().await;
}

#[tokio::test]
async fn the_search_page_shows_only_what_the_visitor_may_see() {
    let test = common::with_demo().await;
    let db = &test.db;
    // The minutes of group 1's October meeting are a draft: its words are
    // not found, while the meeting itself is.
    let draft_only = everything(db, &common::lists(), None, "questionnaire")
        .await
        .unwrap();
    assert!(draft_only.minutes.is_empty(), "{:?}", draft_only.minutes);
    let found = everything(db, &common::lists(), None, "mandat aidants")
        .await
        .unwrap();
    assert_eq!(
        found.meetings.first().map(|m| m.meeting.title.as_str()),
        Some("Groupe 1 — médiation numérique et aidants")
    );
    assert!(found.minutes.is_empty(), "{:?}", found.minutes);
    // A submitted proposal is found by members, not by visitors.
    let submitted = "DA-2020-0003";
    let signed_in = proposals::backlog(
        db,
        &common::lists(),
        Audience::SignedIn,
        &searching("conseillers"),
    )
    .await
    .unwrap();
    let public = everything(db, &common::lists(), None, "conseillers")
        .await
        .unwrap();
    let listed = |cards: Vec<String>| cards.contains(&submitted.to_string());
    assert!(listed(
        signed_in
            .rows
            .into_iter()
            .map(|r| r.card.reference)
            .collect()
    ));
    assert!(!listed(
        public.proposals.into_iter().map(|c| c.reference).collect()
    ));
    test.drop_db().await;
}

#[tokio::test]
async fn the_search_page_groups_what_it_finds_and_offers_the_correction() {
    let test = common::with_demo().await;
    let site = tempfile::tempdir().unwrap();
    let app = common::router(&test, site.path());
    let page = common::get(&app, "/recherche?q=capcha", None).await;
    assert_eq!(page.status, axum::http::StatusCode::OK);
    let html = page.text();
    for expected in [
        "Vouliez-vous dire « <a href=\"/recherche?q=captcha\">captcha</a> » ?",
        "Propositions (",
        "Rendre le captcha accessible aux lecteurs d'écran",
        "Comptes rendus (1)",
        "href=\"/reunions/",
        "Réunions (1)",
        "Groupe 3 — captcha et lecteurs d'écran",
    ] {
        assert!(html.contains(expected), "{expected} missing from {html}");
    }
    let hostile = common::get(
        &app,
        "/recherche?q=%3Cscript%3Ealert(1)%3C%2Fscript%3E%22%3E",
        None,
    )
    .await;
    assert_eq!(hostile.status, axum::http::StatusCode::OK);
    assert!(!hostile.text().contains("<script>alert(1)"));
    test.drop_db().await;
}
