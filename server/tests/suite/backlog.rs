//! The proposal backlog as lists: filters, sorts, French search, pagination,
//! the public rule, the CSV and Atom exports, the procedure and test-campaign
//! pages — through the services and through HTTP.

use crate::common;

use std::collections::HashMap;

use app::entities::{
    organisation, procedure, proposal, proposal_event, proposal_procedure, test_campaign, user,
    working_group,
};
use app::model::{
    AppError, BacklogFilters, Origin, ProposalEventKind, ProposalStatus, SortKey, SortOrder,
};
use app::services::backlog::cards::Audience;
use app::services::{self, accounts::sessions, backlog::exports, search};
use axum::http::{header, StatusCode};
use chrono::{DateTime, Duration, TimeZone, Utc};
use sea_orm::{
    ActiveModelTrait, ColumnTrait, ConnectionTrait, EntityTrait, PaginatorTrait, QueryFilter, Set,
};

/// A session cookie of an active demo member.
async fn signed_in(db: &impl ConnectionTrait) -> String {
    let person = user::Entity::find()
        .filter(user::Column::Active.eq(true))
        .one(db)
        .await
        .unwrap()
        .expect("an active demo person");
    let token = sessions::start(db, person.id, None, None, Utc::now())
        .await
        .unwrap();
    format!("ecoute_session={token}")
}

fn at(year: i32, month: u32, day: u32) -> DateTime<Utc> {
    Utc.with_ymd_and_hms(year, month, day, 10, 0, 0).unwrap()
}

/// A proposal written straight to the database, numbered from 900 in its year
/// so it never meets a demo reference.
struct NewProposal {
    number: i32,
    title: &'static str,
    body: &'static str,
    status: ProposalStatus,
    group: Option<i32>,
    supports: i32,
    created: DateTime<Utc>,
    procedure: Option<&'static str>,
}

impl Default for NewProposal {
    fn default() -> Self {
        NewProposal {
            number: 900,
            title: "Une proposition de test",
            body: "Son texte.",
            status: ProposalStatus::EnInstruction,
            group: None,
            supports: 0,
            created: at(2021, 3, 1),
            procedure: None,
        }
    }
}

async fn add(db: &impl ConnectionTrait, new: NewProposal) -> proposal::Model {
    let organisation = organisation::Entity::find().one(db).await.unwrap().unwrap();
    let group_id = match new.group {
        Some(number) => Some(
            working_group::Entity::find()
                .filter(working_group::Column::Number.eq(number))
                .one(db)
                .await
                .unwrap()
                .unwrap()
                .id,
        ),
        None => None,
    };
    let year = 2021;
    let saved = proposal::ActiveModel {
        reference: Set(format!("DA-{year}-{:04}", new.number)),
        year: Set(year),
        number: Set(new.number),
        title: Set(new.title.to_string()),
        body: Set(new.body.to_string()),
        origin: Set(Origin::Association),
        organisation_id: Set(organisation.id),
        working_group_id: Set(group_id),
        status: Set(new.status),
        version: Set(1),
        supports_count: Set(new.supports),
        search_text: Set(search::document(&[new.title, new.body])),
        created_at: Set(new.created),
        updated_at: Set(new.created),
        last_activity_at: Set(new.created),
        ..Default::default()
    }
    .insert(db)
    .await
    .unwrap();
    if let Some(slug) = new.procedure {
        let procedure = procedure::Entity::find()
            .filter(procedure::Column::Slug.eq(slug))
            .one(db)
            .await
            .unwrap()
            .unwrap();
        proposal_procedure::ActiveModel {
            proposal_id: Set(saved.id),
            procedure_id: Set(procedure.id),
        }
        .insert(db)
        .await
        .unwrap();
    }
    saved
}

async fn status_event(
    db: &impl ConnectionTrait,
    proposal: &proposal::Model,
    from: ProposalStatus,
    to: ProposalStatus,
    body: &str,
    internal: bool,
    when: DateTime<Utc>,
) -> proposal_event::Model {
    proposal_event::ActiveModel {
        proposal_id: Set(proposal.id),
        kind: Set(ProposalEventKind::StatusChanged),
        from_status: Set(Some(from)),
        to_status: Set(Some(to)),
        body: Set(Some(body.to_string())),
        internal: Set(internal),
        created_at: Set(when),
        ..Default::default()
    }
    .insert(db)
    .await
    .unwrap()
}

fn filters(query: &str) -> BacklogFilters {
    BacklogFilters::parse(query).unwrap()
}

/// The references of every proposal in a view, over all its pages.
pub(crate) async fn references(
    db: &impl ConnectionTrait,
    audience: Audience,
    query: &str,
) -> Vec<String> {
    let mut view = filters(query);
    let mut found = Vec::new();
    loop {
        let page = services::backlog::proposals::backlog(db, &common::lists(), audience, &view)
            .await
            .unwrap();
        found.extend(page.rows.into_iter().map(|row| row.card.reference));
        if page.page >= page.pages {
            return found;
        }
        view.page = page.page + 1;
    }
}

async fn all_proposals(db: &impl ConnectionTrait) -> HashMap<String, proposal::Model> {
    proposal::Entity::find()
        .all(db)
        .await
        .unwrap()
        .into_iter()
        .map(|p| (p.reference.clone(), p))
        .collect()
}

/// The references of the proposals the public may see that `keep` accepts.
fn expected(
    all: &HashMap<String, proposal::Model>,
    keep: impl Fn(&proposal::Model) -> bool,
) -> Vec<String> {
    let mut found: Vec<String> = all
        .values()
        .filter(|p| p.status.is_public() && keep(p))
        .map(|p| p.reference.clone())
        .collect();
    found.sort();
    found
}

fn sorted(mut references: Vec<String>) -> Vec<String> {
    references.sort();
    references
}

async fn ids_of_procedures(db: &impl ConnectionTrait, condition: sea_orm::Condition) -> Vec<i32> {
    let procedures: Vec<i32> = procedure::Entity::find()
        .filter(condition)
        .all(db)
        .await
        .unwrap()
        .into_iter()
        .map(|p| p.id)
        .collect();
    proposal_procedure::Entity::find()
        .filter(proposal_procedure::Column::ProcedureId.is_in(procedures))
        .all(db)
        .await
        .unwrap()
        .into_iter()
        .map(|link| link.proposal_id)
        .collect()
}

#[tokio::test]
async fn each_filter_keeps_exactly_the_matching_public_proposals() {
    let test = common::with_demo().await;
    let db = &test.db;
    let all = all_proposals(db).await;
    let public = Audience::Public;

    let retenues = references(db, public, "statut=retenue").await;
    assert!(!retenues.is_empty());
    assert_eq!(
        sorted(retenues),
        expected(&all, |p| p.status == ProposalStatus::Retenue)
    );

    let group_2 = working_group::Entity::find()
        .filter(working_group::Column::Number.eq(2))
        .one(db)
        .await
        .unwrap()
        .unwrap();
    let in_group = references(db, public, "groupe=2").await;
    assert!(!in_group.is_empty());
    assert_eq!(
        sorted(in_group),
        expected(&all, |p| p.working_group_id == Some(group_2.id))
    );

    let on_cni = ids_of_procedures(
        db,
        sea_orm::Condition::all().add(procedure::Column::Slug.eq("cni-pre-demande")),
    )
    .await;
    let found = references(db, public, "demarche=cni-pre-demande").await;
    assert!(!found.is_empty());
    assert_eq!(sorted(found), expected(&all, |p| on_cni.contains(&p.id)));

    let on_driving = ids_of_procedures(
        db,
        sea_orm::Condition::all().add(
            procedure::Column::FamilyId.in_subquery(
                sea_orm::sea_query::Query::select()
                    .column(app::entities::procedure_family::Column::Id)
                    .from(app::entities::procedure_family::Entity)
                    .and_where(app::entities::procedure_family::Column::Slug.eq("permis"))
                    .to_owned(),
            ),
        ),
    )
    .await;
    let found = references(db, public, "document=permis").await;
    assert!(!found.is_empty());
    assert_eq!(
        sorted(found),
        expected(&all, |p| on_driving.contains(&p.id))
    );

    let secours = organisation::Entity::find()
        .filter(organisation::Column::Slug.eq("secours-populaire"))
        .one(db)
        .await
        .unwrap()
        .expect("the Secours populaire is a demo member");
    let found = references(db, public, "organisation=secours-populaire").await;
    assert_eq!(
        sorted(found),
        expected(&all, |p| p.organisation_id == secours.id)
    );

    let cergy = test_campaign::Entity::find()
        .filter(test_campaign::Column::Slug.eq("tests-cergy-2019"))
        .one(db)
        .await
        .unwrap()
        .unwrap();
    let found = references(db, public, "campagne=tests-cergy-2019").await;
    assert!(!found.is_empty());
    assert_eq!(
        sorted(found),
        expected(&all, |p| p.test_campaign_id == Some(cergy.id))
    );

    let found = references(db, public, "origine=test_campaign").await;
    assert!(!found.is_empty());
    assert_eq!(
        sorted(found),
        expected(&all, |p| p.origin == Origin::TestCampaign)
    );

    let found = references(db, public, "annee=2019").await;
    assert!(!found.is_empty());
    assert_eq!(sorted(found), expected(&all, |p| p.year == 2019));

    let found = references(db, public, "annee=2019&groupe=2&statut=en_instruction").await;
    assert_eq!(
        sorted(found),
        expected(&all, |p| p.year == 2019
            && p.working_group_id == Some(group_2.id)
            && p.status == ProposalStatus::EnInstruction)
    );
    test.drop_db().await;
}

#[tokio::test]
async fn filters_naming_nothing_that_exists_are_refused_in_french() {
    let test = common::with_demo().await;
    for query in [
        "groupe=9",
        "demarche=visa-long-sejour",
        "organisation=inconnue",
        "campagne=tests-lune-2019",
    ] {
        let result = services::backlog::proposals::backlog(
            &test.db,
            &common::lists(),
            Audience::Public,
            &filters(query),
        )
        .await;
        match result {
            Err(AppError::Invalid(message)) => {
                assert!(message.contains("n'existe pas"), "{query}: {message}")
            }
            other => panic!("{query}: {other:?}"),
        }
    }
    test.drop_db().await;
}

#[tokio::test]
async fn every_sort_orders_the_list_both_ways() {
    let test = common::with_demo().await;
    let db = &test.db;
    let all = all_proposals(db).await;
    let rank = |status: ProposalStatus| {
        ProposalStatus::ALL
            .iter()
            .position(|s| *s == status)
            .unwrap()
    };
    for sort in SortKey::ALL {
        for order in SortOrder::ALL {
            let query = format!("tri={}&ordre={}", sort.code(), order.code());
            let found = references(db, Audience::SignedIn, &query).await;
            assert_eq!(found.len(), all.len(), "{query}");
            let keys: Vec<i64> = found
                .iter()
                .map(|reference| {
                    let p = &all[reference];
                    match sort {
                        SortKey::Submitted => p.created_at.timestamp(),
                        SortKey::Status => rank(p.status) as i64,
                        SortKey::Supports => p.supports_count as i64,
                        // Without a search, relevance is the activity's order.
                        SortKey::Relevance | SortKey::Activity => p.last_activity_at.timestamp(),
                    }
                })
                .collect();
            let mut expected = keys.clone();
            expected.sort();
            if order == SortOrder::Desc {
                expected.reverse();
            }
            assert_eq!(keys, expected, "{query}");
            let distinct: std::collections::HashSet<_> = keys.iter().collect();
            assert!(distinct.len() > 1, "{query}: the demo data cannot tell");
        }
    }
    test.drop_db().await;
}

#[tokio::test]
async fn the_french_search_forgives_accents_case_and_plurals() {
    let test = common::with_demo().await;
    let db = &test.db;
    let wanted = add(
        db,
        NewProposal {
            number: 901,
            title: "Améliorer l'accessibilité des démarches pour les aveugles",
            body: "Les lecteurs d'écran butent sur les formulaires.",
            ..Default::default()
        },
    )
    .await;
    let other = add(
        db,
        NewProposal {
            number: 902,
            title: "Une démarche plus courte",
            body: "Moins d'étapes.",
            ..Default::default()
        },
    )
    .await;
    let find = |query: &'static str| async move {
        references(db, Audience::Public, &format!("q={query}")).await
    };

    let accessibility = find("accessibilite").await;
    assert!(accessibility.contains(&wanted.reference));
    assert!(!accessibility.contains(&other.reference));

    let procedures = find("d%C3%A9marche").await;
    assert!(
        procedures.contains(&wanted.reference),
        "« démarche » finds « démarches »"
    );
    assert!(procedures.contains(&other.reference));

    let shouting = find("DEMARCHES+aveugle").await;
    assert_eq!(shouting, vec![wanted.reference.clone()]);

    let in_body = find("lecteur+formulaire").await;
    assert_eq!(in_body, vec![wanted.reference.clone()]);

    assert!(find("accessibilite+passeport").await.is_empty());

    let all = all_proposals(db).await;
    let found = find("pr%C3%A9-demande").await;
    assert!(!found.is_empty());
    for reference in &found {
        let text = &all[reference].search_text;
        assert!(
            text.contains(" pre ") && text.contains(" demand"),
            "{reference}"
        );
    }
    test.drop_db().await;
}

/// The proposals whose folded text every word of `query` starts a word of.
fn matching_by_hand(all: &HashMap<String, proposal::Model>, query: &str) -> Vec<String> {
    let mut found: Vec<String> = all
        .values()
        .filter(|p| {
            search::words(query)
                .iter()
                .all(|w| p.search_text.contains(&format!(" {w}")))
        })
        .map(|p| p.reference.clone())
        .collect();
    found.sort();
    found
}

#[tokio::test]
async fn a_search_counts_what_its_pages_list_for_members_and_visitors() {
    let test = common::with_demo().await;
    let db = &test.db;
    let submitted = add(
        db,
        NewProposal {
            number: 903,
            title: "Une démarche en ligne, pas encore instruite",
            status: ProposalStatus::Deposee,
            ..Default::default()
        },
    )
    .await;
    let query = "demarche";
    let expected = matching_by_hand(&all_proposals(db).await, query);
    assert!(expected.len() > 1, "{expected:?}");
    assert!(expected.contains(&submitted.reference));

    let member = services::backlog::proposals::backlog(
        db,
        &common::lists(),
        Audience::SignedIn,
        &filters("q=demarche"),
    )
    .await
    .unwrap();
    assert_eq!(member.total as usize, expected.len(), "a search alone");
    let mut listed = references(db, Audience::SignedIn, "q=demarche").await;
    listed.sort();
    assert_eq!(listed, expected);

    let visitor = services::backlog::proposals::backlog(
        db,
        &common::lists(),
        Audience::Public,
        &filters("q=demarche"),
    )
    .await
    .unwrap();
    assert_eq!(
        visitor.total as usize,
        expected.len() - 1,
        "without the one déposée"
    );
    let deposee = services::backlog::proposals::backlog(
        db,
        &common::lists(),
        Audience::SignedIn,
        &filters("statut=deposee&q=demarche"),
    )
    .await
    .unwrap();
    assert!(deposee
        .rows
        .iter()
        .all(|r| r.card.status == ProposalStatus::Deposee));
    assert!(deposee
        .rows
        .iter()
        .any(|r| r.card.reference == submitted.reference));

    // Reworded: the search follows the new text at once.
    let mut reworded: proposal::ActiveModel = submitted.clone().into();
    reworded.search_text = Set(search::document(&["Une photo refusée"]));
    reworded.update(db).await.unwrap();
    let after = services::backlog::proposals::backlog(
        db,
        &common::lists(),
        Audience::SignedIn,
        &filters("q=demarche"),
    )
    .await
    .unwrap();
    assert_eq!(after.total as usize, expected.len() - 1);
    test.drop_db().await;
}

#[tokio::test]
async fn the_list_page_keeps_its_filters_in_the_form_the_pages_and_the_exports() {
    let test = common::with_demo().await;
    let db = &test.db;
    for n in 0..25 {
        add(
            db,
            NewProposal {
                number: 910 + n,
                title: "Proposition retenue du groupe deux",
                status: ProposalStatus::Retenue,
                group: Some(2),
                supports: n % 4,
                created: at(2021, 3, 1) + Duration::hours(n as i64),
                ..Default::default()
            },
        )
        .await;
    }
    let expected = proposal::Entity::find()
        .filter(proposal::Column::Status.eq(ProposalStatus::Retenue))
        .filter(
            proposal::Column::WorkingGroupId.in_subquery(
                sea_orm::sea_query::Query::select()
                    .column(working_group::Column::Id)
                    .from(working_group::Entity)
                    .and_where(working_group::Column::Number.eq(2))
                    .to_owned(),
            ),
        )
        .count(db)
        .await
        .unwrap();
    assert!(expected > 20);
    let site = tempfile::tempdir().unwrap();
    let app = common::router(&test, site.path());

    // An address of before groups were named by slug still works, and the
    // page's links name the group by its slug.
    let first = common::get(
        &app,
        "/propositions?statut=retenue&groupe=2&tri=soutiens",
        None,
    )
    .await;
    assert_eq!(first.status, StatusCode::OK);
    let html = first.text();
    assert!(
        html.contains(&format!("{expected} propositions trouvées — page 1 sur 2")),
        "{html}"
    );
    assert!(html.contains(r#"role="status""#));
    assert!(
        html.contains(r#"<option value="retenue" selected"#),
        "{html}"
    );
    assert!(html.contains(r#"<option value="simplification-des-demarches" selected"#));
    assert!(html.contains(r#"<option value="soutiens" selected"#));
    assert!(html.contains(
        r#"href="/propositions?statut=retenue&amp;groupe=simplification-des-demarches&amp;tri=soutiens&amp;page=2""#
    ));
    assert!(
        html.contains(r#"href="/propositions.csv?statut=retenue&amp;groupe=simplification-des-demarches&amp;tri=soutiens""#)
    );
    assert!(
        html.contains(r#"href="/propositions.atom?statut=retenue&amp;groupe=simplification-des-demarches&amp;tri=soutiens""#)
    );
    assert!(html.contains(
        r#"<link href="/propositions.atom?statut=retenue&amp;groupe=simplification-des-demarches&amp;tri=soutiens" rel="alternate" title="Changements de statut des propositions" type="application/atom+xml">"#
    ));
    assert!(html.contains("Réinitialiser"));
    assert!(html.contains("Télécharger en CSV"));
    assert!(html.contains("Flux Atom des changements de statut"));

    let second = common::get(
        &app,
        "/propositions?statut=retenue&groupe=simplification-des-demarches&tri=soutiens&page=2",
        None,
    )
    .await;
    let html = second.text();
    assert!(html.contains("page 2 sur 2"));
    assert!(html.contains(r#"href="/propositions?statut=retenue&amp;groupe=simplification-des-demarches&amp;tri=soutiens""#));
    assert_eq!(
        html.matches(r#"<span class="fr-badge fr-badge--sm fr-badge--warning">Retenue</span>"#)
            .count() as u64,
        expected - 20
    );

    let searched = common::get(
        &app,
        "/propositions?q=accessibilit%C3%A9+d%C3%A9marches",
        None,
    )
    .await;
    assert!(searched
        .text()
        .contains(r#"value="accessibilité démarches""#));
    test.drop_db().await;
}

#[tokio::test]
async fn invalid_filters_get_a_french_message_and_a_way_back() {
    let test = common::with_demo().await;
    let site = tempfile::tempdir().unwrap();
    let app = common::router(&test, site.path());
    for (path, message) in [
        (
            "/propositions?statut=perdue",
            "Le statut demandé n&#x27;existe pas",
        ),
        (
            "/propositions?groupe=9",
            "Ce groupe de travail n&#x27;existe pas",
        ),
        (
            "/propositions?annee=19",
            "L&#x27;année s&#x27;écrit avec quatre chiffres",
        ),
        (
            "/propositions?tri=titre",
            "Le tri demandé n&#x27;existe pas",
        ),
        ("/propositions?page=0", "Le numéro de page doit être"),
    ] {
        let response = common::get(&app, path, None).await;
        assert_eq!(response.status, StatusCode::BAD_REQUEST, "{path}");
        let html = response.text();
        let plain = html.replace("&#39;", "&#x27;").replace('\'', "&#x27;");
        assert!(plain.contains(message), "{path}: {html}");
        assert!(html.contains("Réinitialiser les filtres"));
        assert!(!html.contains("panicked"));
    }
    let csv = common::get(&app, "/propositions.csv?statut=perdue", None).await;
    assert_eq!(csv.status, StatusCode::BAD_REQUEST);
    assert!(csv.text().starts_with("Le statut demandé n'existe pas"));
    let atom = common::get(&app, "/propositions.atom?demarche=inconnue", None).await;
    assert_eq!(atom.status, StatusCode::BAD_REQUEST);
    assert!(atom.text().contains("Cette démarche n'existe pas"));
    test.drop_db().await;
}

fn csv_records(body: &[u8]) -> (Vec<String>, Vec<csv::StringRecord>) {
    let bom = b"\xEF\xBB\xBF";
    assert!(
        body.starts_with(bom),
        "the CSV starts with a byte order mark"
    );
    let mut reader = csv::ReaderBuilder::new()
        .delimiter(b';')
        .from_reader(&body[bom.len()..]);
    let headers = reader
        .headers()
        .unwrap()
        .iter()
        .map(str::to_string)
        .collect();
    let records = reader.records().map(Result::unwrap).collect();
    (headers, records)
}

#[tokio::test]
async fn the_csv_export_reads_back_in_a_spreadsheet_reader() {
    let test = common::with_demo().await;
    let db = &test.db;
    let formula = add(
        db,
        NewProposal {
            number: 950,
            title: "=HYPERLINK(\"http://exemple.invalid\";\"Cliquez ici\")",
            body: "Une cellule qui se prend pour une formule; avec un point-virgule.",
            ..Default::default()
        },
    )
    .await;
    let site = tempfile::tempdir().unwrap();
    let app = common::router(&test, site.path());

    let response = common::get(&app, "/propositions.csv", None).await;
    assert_eq!(response.status, StatusCode::OK);
    assert_eq!(
        response.headers[header::CONTENT_TYPE],
        "text/csv; charset=utf-8"
    );
    let disposition = response.headers[header::CONTENT_DISPOSITION]
        .to_str()
        .unwrap();
    let today = services::format::today();
    assert_eq!(
        disposition,
        format!("attachment; filename=\"propositions-{today}.csv\"")
    );
    let text = response.text();
    assert!(text.contains("Dernière activité\r\n"), "rows end with CRLF");
    let (headers, records) = csv_records(&response.body);
    assert_eq!(headers, exports::CSV_HEADER);
    let public = proposal::Entity::find()
        .filter(proposal::Column::Status.ne(ProposalStatus::Deposee))
        .count(db)
        .await
        .unwrap();
    assert_eq!(records.len() as u64, public);
    assert!(records.iter().all(|r| r.len() == 11 && &r[2] != "Déposée"));
    let row = records
        .iter()
        .find(|r| &r[0] == formula.reference.as_str())
        .expect("the new proposal is exported");
    assert_eq!(
        &row[1], "'=HYPERLINK(\"http://exemple.invalid\";\"Cliquez ici\")",
        "the formula is neutralised, its text kept"
    );
    assert_eq!(&row[2], "En instruction");
    assert_eq!(&row[6], "Association");
    assert_eq!(&row[9], "2021-03-01");

    let realised = common::get(
        &app,
        "/propositions.csv?statut=realisee&tri=depot&ordre=asc",
        None,
    )
    .await;
    let (_, records) = csv_records(&realised.body);
    assert!(!records.is_empty());
    assert!(records.iter().all(|r| &r[2] == "Réalisée"));
    let dates: Vec<&str> = records.iter().map(|r| r.get(9).unwrap()).collect();
    let mut in_order = dates.clone();
    in_order.sort();
    assert_eq!(dates, in_order);
    test.drop_db().await;
}

const ATOM: &str = "http://www.w3.org/2005/Atom";

struct Entry {
    id: String,
    title: String,
    updated: DateTime<Utc>,
    link: String,
    content: String,
}

fn child_text(node: roxmltree::Node, name: &str) -> String {
    node.children()
        .find(|c| c.has_tag_name((ATOM, name)))
        .unwrap_or_else(|| panic!("<{name}> missing"))
        .text()
        .unwrap_or_default()
        .to_string()
}

/// Parses a feed, checks what Atom 1.0 requires of it, and returns its entries.
fn atom_entries(xml: &str) -> Vec<Entry> {
    let document = roxmltree::Document::parse(xml).expect("well-formed XML");
    let feed = document.root_element();
    assert!(feed.has_tag_name((ATOM, "feed")));
    assert!(child_text(feed, "id").starts_with("http://"));
    assert!(!child_text(feed, "title").is_empty());
    DateTime::parse_from_rfc3339(&child_text(feed, "updated")).expect("RFC 3339 feed date");
    assert!(feed.children().any(|c| c.has_tag_name((ATOM, "author"))));
    feed.children()
        .filter(|c| c.has_tag_name((ATOM, "entry")))
        .map(|entry| Entry {
            id: child_text(entry, "id"),
            title: child_text(entry, "title"),
            updated: DateTime::parse_from_rfc3339(&child_text(entry, "updated"))
                .expect("RFC 3339 entry date")
                .with_timezone(&Utc),
            link: entry
                .children()
                .find(|c| c.has_tag_name((ATOM, "link")))
                .and_then(|l| l.attribute("href"))
                .expect("entry link")
                .to_string(),
            content: child_text(entry, "content"),
        })
        .collect()
}

#[tokio::test]
async fn the_atom_feed_lists_public_status_changes_newest_first() {
    let test = common::with_demo().await;
    let db = &test.db;
    let escaped = add(
        db,
        NewProposal {
            number: 960,
            title: "R&D <script>alert(1)</script> « guillemets »",
            status: ProposalStatus::Retenue,
            group: Some(3),
            ..Default::default()
        },
    )
    .await;
    let now = Utc::now();
    status_event(
        db,
        &escaped,
        ProposalStatus::EnInstruction,
        ProposalStatus::Retenue,
        "Retenue & programmée <bientôt>.",
        false,
        now - Duration::minutes(2),
    )
    .await;
    let hidden_note = status_event(
        db,
        &escaped,
        ProposalStatus::Deposee,
        ProposalStatus::EnInstruction,
        "Note interne du groupe.",
        true,
        now - Duration::minutes(3),
    )
    .await;
    let site = tempfile::tempdir().unwrap();
    let app = common::router(&test, site.path());

    let response = common::get(&app, "/propositions.atom", None).await;
    assert_eq!(response.status, StatusCode::OK);
    assert_eq!(
        response.headers[header::CONTENT_TYPE],
        "application/atom+xml; charset=utf-8"
    );
    let entries = atom_entries(&response.text());
    let visible_changes = proposal_event::Entity::find()
        .filter(
            proposal_event::Column::Kind
                .is_in([ProposalEventKind::StatusChanged, ProposalEventKind::Merged]),
        )
        .filter(proposal_event::Column::Internal.eq(false))
        .count(db)
        .await
        .unwrap();
    assert_eq!(
        entries.len() as u64,
        visible_changes.min(exports::FEED_ENTRIES)
    );
    assert!(entries.windows(2).all(|w| w[0].updated >= w[1].updated));
    let first = &entries[0];
    assert_eq!(
        first.title,
        format!(
            "{} — Retenue : R&D <script>alert(1)</script> « guillemets »",
            escaped.reference
        )
    );
    assert_eq!(
        first.link,
        format!("{}/propositions/{}", common::PUBLIC_URL, escaped.reference)
    );
    assert!(first.content.contains("En instruction → Retenue"));
    assert!(first.content.contains("Retenue & programmée <bientôt>."));
    assert!(entries
        .iter()
        .all(|e| !e.id.ends_with(&format!("-{}", hidden_note.id))));
    let ids: std::collections::HashSet<&str> = entries.iter().map(|e| e.id.as_str()).collect();
    assert_eq!(ids.len(), entries.len(), "entry ids are unique");

    let group_3 = atom_entries(
        &common::get(&app, "/propositions.atom?groupe=3", None)
            .await
            .text(),
    );
    let all = all_proposals(db).await;
    let group_3_id = all[&escaped.reference].working_group_id;
    assert!(!group_3.is_empty());
    for entry in &group_3 {
        let reference = entry.link.rsplit('/').next().unwrap();
        assert_eq!(
            all[reference].working_group_id, group_3_id,
            "{}",
            entry.title
        );
    }

    for n in 0..60 {
        status_event(
            db,
            &escaped,
            ProposalStatus::Retenue,
            ProposalStatus::EnCours,
            "Étape.",
            false,
            now - Duration::hours(1) - Duration::minutes(n),
        )
        .await;
    }
    let many = atom_entries(&common::get(&app, "/propositions.atom", None).await.text());
    assert_eq!(many.len() as u64, exports::FEED_ENTRIES);
    test.drop_db().await;
}

#[tokio::test]
async fn anonymous_visitors_never_see_submitted_proposals_and_signed_in_people_do() {
    let test = common::with_demo().await;
    let db = &test.db;
    let submitted = add(
        db,
        NewProposal {
            number: 970,
            title: "Proposition encore déposée sur la pré-demande",
            status: ProposalStatus::Deposee,
            group: Some(1),
            procedure: Some("cni-pre-demande"),
            ..Default::default()
        },
    )
    .await;
    // Sent back to "déposée" for more detail: the change itself stays private.
    status_event(
        db,
        &submitted,
        ProposalStatus::EnInstruction,
        ProposalStatus::Deposee,
        "Renvoyée pour complément.",
        false,
        Utc::now(),
    )
    .await;
    let member = signed_in(db).await;
    let site = tempfile::tempdir().unwrap();
    let app = common::router(&test, site.path());
    let reference = submitted.reference.as_str();

    for path in [
        "/propositions?annee=2021",
        "/propositions.csv",
        "/propositions.atom",
        "/demarches/cni-pre-demande",
    ] {
        let anonymous = common::get(&app, path, None).await;
        assert_eq!(anonymous.status, StatusCode::OK, "{path}");
        assert!(
            !anonymous.text().contains(reference),
            "anonymous sees {reference} on {path}"
        );
        let member_view = common::get(&app, path, Some(&member)).await;
        assert_eq!(member_view.status, StatusCode::OK, "{path}");
        assert!(
            member_view.text().contains(reference),
            "a member misses {reference} on {path}"
        );
    }

    let anonymous_form = common::get(&app, "/propositions", None).await.text();
    assert!(!anonymous_form.contains(r#"<option value="deposee""#));
    let member_form = common::get(&app, "/propositions", Some(&member))
        .await
        .text();
    assert!(member_form.contains(r#"<option value="deposee""#));
    let asked = common::get(&app, "/propositions?statut=deposee", None)
        .await
        .text();
    assert!(asked.contains("0 proposition trouvée"), "{asked}");

    let public_catalogue = services::backlog::procedures::catalogue(db, Audience::Public)
        .await
        .unwrap();
    let member_catalogue = services::backlog::procedures::catalogue(db, Audience::SignedIn)
        .await
        .unwrap();
    let count = |families: &[app::model::ProcedureFamily]| {
        families
            .iter()
            .flat_map(|f| &f.procedures)
            .find(|p| p.slug == "cni-pre-demande")
            .unwrap()
            .public_proposals
    };
    assert!(count(&member_catalogue) > count(&public_catalogue));
    let on_procedure = BacklogFilters::parse("demarche=cni-pre-demande").unwrap();
    for (audience, catalogue) in [
        (Audience::Public, &public_catalogue),
        (Audience::SignedIn, &member_catalogue),
    ] {
        let listed =
            services::backlog::proposals::backlog(db, &common::lists(), audience, &on_procedure)
                .await
                .unwrap();
        assert_eq!(count(catalogue), listed.total, "{audience:?}");
    }
    test.drop_db().await;
}

#[tokio::test]
async fn a_procedure_page_shows_its_proposals_grouped_by_status() {
    let test = common::with_demo().await;
    let db = &test.db;
    let page = services::backlog::procedures::page(db, Audience::Public, "cni-pre-demande")
        .await
        .unwrap();
    let procedure = procedure::Entity::find()
        .filter(procedure::Column::Slug.eq("cni-pre-demande"))
        .one(db)
        .await
        .unwrap()
        .unwrap();
    assert_eq!(page.name, procedure.name);
    let on_procedure = ids_of_procedures(
        db,
        sea_orm::Condition::all().add(procedure::Column::Slug.eq("cni-pre-demande")),
    )
    .await;
    let all = all_proposals(db).await;
    let mut by_status: HashMap<ProposalStatus, u64> = HashMap::new();
    for p in all
        .values()
        .filter(|p| on_procedure.contains(&p.id) && p.status.is_public())
    {
        *by_status.entry(p.status).or_default() += 1;
    }
    assert!(
        by_status.len() > 1,
        "the demo procedure has several statuses"
    );
    assert_eq!(page.total, by_status.values().sum::<u64>());
    assert_eq!(page.by_status.len(), by_status.len());
    let order: Vec<usize> = page
        .by_status
        .iter()
        .map(|g| {
            ProposalStatus::ALL
                .iter()
                .position(|s| *s == g.status)
                .unwrap()
        })
        .collect();
    assert!(order.windows(2).all(|w| w[0] < w[1]), "workflow order");
    for group in &page.by_status {
        assert_eq!(group.count, by_status[&group.status], "{:?}", group.status);
        assert_eq!(
            group.proposals.len() as u64,
            group.count.min(services::backlog::procedures::PER_STATUS)
        );
        assert!(group.proposals.iter().all(|p| p.status == group.status));
    }
    assert!(page.campaigns.iter().any(|c| c.slug == "tests-cergy-2019"));

    let missing =
        services::backlog::procedures::page(db, Audience::Public, "visa-long-sejour").await;
    assert_eq!(missing.unwrap_err(), AppError::NotFound);

    let site = tempfile::tempdir().unwrap();
    let app = common::router(&test, site.path());
    let response = common::get(&app, "/demarches/cni-pre-demande", None).await;
    assert_eq!(response.status, StatusCode::OK);
    let html = response.text();
    assert!(html.contains("Où en sont les propositions"));
    for group in &page.by_status {
        assert!(html.contains(&format!("{} ({})", group.status.label(), group.count)));
    }
    assert!(html.contains(r#"href="/propositions?demarche=cni-pre-demande""#));
    let catalogue = common::get(&app, "/demarches", None).await.text();
    assert!(catalogue.contains(r#"href="/demarches/cni-pre-demande""#));
    assert!(catalogue.contains(r#"href="/campagnes""#));
    assert_eq!(
        common::get(&app, "/demarches/visa-long-sejour", None)
            .await
            .status,
        StatusCode::NOT_FOUND
    );
    test.drop_db().await;
}

#[tokio::test]
async fn campaign_pages_show_findings_procedures_and_proposals() {
    let test = common::with_demo().await;
    let db = &test.db;
    let campaigns = services::backlog::campaigns::list(db, Audience::Public)
        .await
        .unwrap();
    assert_eq!(campaigns.len(), 8);
    let dates: Vec<&str> = campaigns.iter().map(|c| c.held_on_iso.as_str()).collect();
    assert!(dates.windows(2).all(|w| w[0] >= w[1]), "most recent first");
    let cergy = campaigns
        .iter()
        .find(|c| c.slug == "tests-cergy-2019")
        .unwrap();
    assert_eq!(cergy.held_on, "12 février 2019");
    assert!(cergy.procedures.iter().any(|p| p.slug == "compte-ants"));
    let all = all_proposals(db).await;
    let cergy_id = test_campaign::Entity::find()
        .filter(test_campaign::Column::Slug.eq("tests-cergy-2019"))
        .one(db)
        .await
        .unwrap()
        .unwrap()
        .id;
    let from_cergy = expected(&all, |p| p.test_campaign_id == Some(cergy_id));
    assert!(!from_cergy.is_empty());
    assert_eq!(cergy.proposals, from_cergy.len() as u64);

    let page = services::backlog::campaigns::page(db, Audience::Public, None, "tests-cergy-2019")
        .await
        .unwrap();
    assert!(page
        .findings_html
        .contains("<strong>plus de vingt minutes</strong>"));
    assert_eq!(
        sorted(page.proposals.iter().map(|p| p.reference.clone()).collect()),
        from_cergy
    );
    assert!(!page.can_propose);
    let for_member =
        services::backlog::campaigns::page(db, Audience::SignedIn, None, "tests-cergy-2019")
            .await
            .unwrap();
    assert!(for_member.can_propose);
    assert_eq!(
        services::backlog::campaigns::page(db, Audience::Public, None, "tests-lune-2019")
            .await
            .unwrap_err(),
        AppError::NotFound
    );

    let member = signed_in(db).await;
    let site = tempfile::tempdir().unwrap();
    let app = common::router(&test, site.path());
    let list = common::get(&app, "/campagnes", None).await;
    assert_eq!(list.status, StatusCode::OK);
    assert!(list
        .text()
        .contains(r#"href="/campagnes/tests-cergy-2019""#));
    let create = r#"href="/propositions/nouvelle?campagne=tests-cergy-2019""#;
    let anonymous = common::get(&app, "/campagnes/tests-cergy-2019", None)
        .await
        .text();
    assert!(anonymous.contains("Constats"));
    assert!(anonymous.contains(&from_cergy[0]));
    assert!(!anonymous.contains(create));
    let signed = common::get(&app, "/campagnes/tests-cergy-2019", Some(&member))
        .await
        .text();
    assert!(signed.contains(create));
    assert!(signed.contains("Créer une proposition à partir de cette campagne"));
    assert_eq!(
        common::get(&app, "/campagnes/tests-lune-2019", None)
            .await
            .status,
        StatusCode::NOT_FOUND
    );
    test.drop_db().await;
}
