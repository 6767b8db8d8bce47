//! Work that grows with what people write or ask is bounded: Markdown
//! nesting, the comparison of minutes, the size of kept pages, long
//! timelines and lists, the CSV export, the comments a person posts in a
//! minute, the words of a search.

use crate::common;

use app::entities::{proposal, proposal_event, test_campaign, user, working_group};
use app::model::{
    AppError, BacklogFilters, CurrentUser, DiffLine, MeetingFormData, ProposalEventKind,
    ProposalStatus, Role,
};
use app::services::backlog::cards::Audience;
use app::services::backlog::exports;
use app::services::backlog::participation::{self, COMMENTS_PER_MINUTE};
use app::services::backlog::submissions::{self, Submission};
use app::services::backlog::triage::{self, Context, StatusChange};
use app::services::body::actions::ActionForm;
use app::services::body::{meetings, membership, minutes};
use app::services::markdown::DEEPEST;
use app::services::{accounts::sessions, views::rendered};
use axum::body::Body;
use axum::http::{header, Request, StatusCode};
use chrono::{Duration, Utc};
use http_body_util::BodyExt;
use leptos::server_fn::ServerFn;
use sea_orm::{ActiveModelTrait, ColumnTrait, EntityTrait, PaginatorTrait, QueryFilter, Set};
use tower::ServiceExt;

const URL: &str = common::PUBLIC_URL;
const MEMBER: &str = "marie.lefevre@familles-de-france.example";
const OTHER_MEMBER: &str = "patrick.durand@secourspopulaire.example";
const LEAD_2: &str = "julien.garnier@ants.example";
const ADMIN: &str = "helene.marchand@interieur.example";

/// The cookie of `person`, signed in.
async fn cookie_of(test: &common::TestDb, person: &CurrentUser) -> String {
    let token = sessions::start(&test.db, person.id, None, None, Utc::now())
        .await
        .unwrap();
    format!("ecoute_session={token}")
}

/// A form posted to a server function as a browser with JavaScript does;
/// its status and body.
async fn post(app: &axum::Router, path: &str, cookie: &str, form: &str) -> (StatusCode, String) {
    let response = app
        .clone()
        .oneshot(
            Request::post(path)
                .header(header::COOKIE, cookie)
                .header(header::CONTENT_TYPE, "application/x-www-form-urlencoded")
                .header(header::ORIGIN, URL)
                .body(Body::from(form.to_string()))
                .unwrap(),
        )
        .await
        .unwrap();
    let status = response.status();
    let body = response.into_body().collect().await.unwrap().to_bytes();
    (status, String::from_utf8_lossy(&body).into_owned())
}

fn refused(result: Result<impl std::fmt::Debug, AppError>) -> String {
    match result {
        Err(AppError::Invalid(message)) => message,
        other => panic!("expected a French refusal, got {other:?}"),
    }
}

fn submission(body: &str) -> Submission {
    Submission {
        title: "Simplifier la pré-demande".into(),
        body: body.into(),
        procedures: vec!["cni-pre-demande".into()],
        origin: "association".into(),
        campaign: String::new(),
        group: "simplification-des-demarches".into(),
        organisation: String::new(),
    }
}

/// A meeting of group 2 next year, on `day` (MM-DD), as its lead fills the
/// form.
fn group_meeting(title: &str, day: &str, agenda: &str) -> MeetingFormData {
    let year = chrono::Datelike::year(&Utc::now()) + 1;
    MeetingFormData {
        plenary: false,
        group_slug: Some("simplification-des-demarches".into()),
        title: title.into(),
        date: format!("{year}-{day}"),
        time: "14:00".into(),
        duration_minutes: 120,
        place: "Paris".into(),
        agenda: agenda.into(),
        ..Default::default()
    }
}

/// Quotes nested `levels` deep.
fn nested(levels: usize) -> String {
    format!("{} au fond", ">".repeat(levels))
}

#[tokio::test]
async fn markdown_nested_too_deep_is_refused_wherever_it_is_written() {
    let test = common::with_demo().await;
    let member = common::demo_person(&test, MEMBER).await;
    let lead = common::demo_person(&test, LEAD_2).await;
    let admin = common::demo_person(&test, ADMIN).await;
    let now = Utc::now();
    let bomb = nested(5_000);

    let message =
        refused(submissions::submit(&test.db, &member, submission(&bomb), URL, None, now).await);
    assert!(message.contains("niveaux"), "{message}");
    let meeting = group_meeting("Parcours de la pré-demande", "05-12", &bomb);
    refused(meetings::save(&test.db, &lead, meeting.clone(), URL, None, now).await);
    let group = membership::GroupForm {
        title: "Groupe".into(),
        mandate: bomb.clone(),
        lead_user_id: String::new(),
    };
    refused(
        membership::update_group(
            &test.db,
            &admin,
            "simplification-des-demarches",
            group,
            None,
        )
        .await,
    );
    let id = meetings::save(
        &test.db,
        &lead,
        group_meeting("Parcours de la pré-demande", "05-12", "1. Accueil"),
        URL,
        None,
        now,
    )
    .await
    .unwrap();
    refused(minutes::save(&test.db, &lead, id, 0, &bomb, None, now).await);
    let fine = nested(DEEPEST - 1);
    minutes::save(&test.db, &lead, id, 0, &fine, None, now)
        .await
        .unwrap();

    // The preview a member asks for while typing.
    let site = tempfile::tempdir().unwrap();
    let app = common::router(&test, site.path());
    let cookie = cookie_of(&test, &member).await;
    let path = <app::api::meetings::PreviewMarkdown as ServerFn>::PATH;
    let form = form_urlencoded::Serializer::new(String::new())
        .append_pair("body", &bomb)
        .finish();
    let (status, body) = post(&app, path, &cookie, &form).await;
    assert_ne!(status, StatusCode::OK, "{body}");
    assert!(body.contains("niveaux"), "{body}");
    let form = form_urlencoded::Serializer::new(String::new())
        .append_pair("body", &fine)
        .finish();
    let (status, body) = post(&app, path, &cookie, &form).await;
    assert_eq!(status, StatusCode::OK);
    assert_eq!(body.matches("<blockquote>").count(), DEEPEST - 1, "{body}");
    test.drop_db().await;
}

#[tokio::test]
async fn markdown_stored_before_the_bound_renders_flat() {
    let test = common::with_demo().await;
    let member = common::demo_person(&test, MEMBER).await;
    let p = submissions::submit(
        &test.db,
        &member,
        submission("Court."),
        URL,
        None,
        Utc::now(),
    )
    .await
    .unwrap();
    // As written before texts were checked, and before their HTML was kept.
    let mut old: proposal::ActiveModel = p.clone().into();
    old.body = Set(nested(5_000));
    old.body_html = Set(None);
    old.update(&test.db).await.unwrap();
    let mut group: working_group::ActiveModel = working_group::Entity::find()
        .filter(working_group::Column::Number.eq(2))
        .one(&test.db)
        .await
        .unwrap()
        .unwrap()
        .into();
    group.mandate = Set(nested(5_000));
    group.mandate_html = Set(None);
    group.update(&test.db).await.unwrap();

    let site = tempfile::tempdir().unwrap();
    let app = common::router(&test, site.path());
    let cookie = cookie_of(&test, &member).await;
    for path in [
        format!("/propositions/{}", p.reference),
        "/groupes/simplification-des-demarches".to_string(),
    ] {
        let page = common::get(&app, &path, Some(&cookie)).await;
        assert_eq!(page.status, StatusCode::OK, "{path}");
        let html = page.text();
        assert_eq!(html.matches("<blockquote>").count(), DEEPEST, "{path}");
        assert!(html.contains("au fond"), "{path}: the text is kept");
    }
    test.drop_db().await;
}

#[tokio::test]
async fn rendered_markdown_is_kept_with_its_text_and_shown_as_kept() {
    let test = common::with_demo().await;
    let member = common::demo_person(&test, MEMBER).await;
    let p = submissions::submit(
        &test.db,
        &member,
        submission("Les familles découvrent **trop tard** les pièces."),
        URL,
        None,
        Utc::now(),
    )
    .await
    .unwrap();
    assert!(p
        .body_html
        .as_deref()
        .is_some_and(|html| html.contains("<strong>trop tard</strong>")));

    // The page shows what is kept, without rendering the text again.
    let mut kept: proposal::ActiveModel = p.clone().into();
    kept.body_html = Set(Some("<p>Version gardée</p>".into()));
    kept.update(&test.db).await.unwrap();
    let site = tempfile::tempdir().unwrap();
    let app = common::router(&test, site.path());
    let cookie = cookie_of(&test, &member).await;
    let path = format!("/propositions/{}", p.reference);
    let html = common::get(&app, &path, Some(&cookie)).await.text();
    assert!(html.contains("Version gardée"), "{html}");

    // A text kept without its HTML gets it at the next start.
    let mut bare: proposal::ActiveModel = p.clone().into();
    bare.body_html = Set(None);
    bare.update(&test.db).await.unwrap();
    assert!(rendered::render_missing(&test.db).await.unwrap() >= 1);
    let again = proposal::Entity::find_by_id(p.id)
        .one(&test.db)
        .await
        .unwrap()
        .unwrap();
    assert!(again
        .body_html
        .is_some_and(|html| html.contains("<strong>trop tard</strong>")));
    assert_eq!(rendered::render_missing(&test.db).await.unwrap(), 0);

    // Whoever writes a text writes its HTML with it.
    let mut campaign: test_campaign::ActiveModel = test_campaign::Entity::find()
        .one(&test.db)
        .await
        .unwrap()
        .unwrap()
        .into();
    campaign.findings = Set("- Un *nouveau* constat".into());
    let campaign = campaign.update(&test.db).await.unwrap();
    assert_eq!(
        campaign.findings_html.as_deref(),
        Some("<ul>\n<li>Un <em>nouveau</em> constat</li>\n</ul>\n")
    );
    test.drop_db().await;
}

#[tokio::test]
async fn minutes_are_compared_within_a_bound_of_lines() {
    let test = common::with_demo().await;
    let lead = common::demo_person(&test, LEAD_2).await;
    let now = Utc::now();
    let form = group_meeting("Relevé des décisions", "05-12", "1. Accueil");
    let id = meetings::save(&test.db, &lead, form, URL, None, now)
        .await
        .unwrap();
    let lines = |count: usize, changed: usize| -> String {
        (1..=count)
            .map(|n| {
                if n == changed {
                    format!("Point {n}, revu\r\n")
                } else {
                    format!("Point {n}\r\n")
                }
            })
            .collect()
    };
    minutes::save(&test.db, &lead, id, 0, &lines(5_000, 0), None, now)
        .await
        .unwrap();
    minutes::save(&test.db, &lead, id, 1, &lines(5_000, 2_500), None, now)
        .await
        .unwrap();
    let changes: Vec<_> = minutes::compare(&test.db, &lead, id, 1, 2)
        .await
        .unwrap()
        .into_iter()
        .filter(|line| !matches!(line, DiffLine::Same(_)))
        .collect();
    assert_eq!(
        changes,
        vec![
            DiffLine::Removed("Point 2500".into()),
            DiffLine::Added("Point 2500, revu".into()),
        ]
    );

    minutes::save(&test.db, &lead, id, 2, &lines(6_000, 3), None, now)
        .await
        .unwrap();
    let message = refused(minutes::compare(&test.db, &lead, id, 1, 3).await);
    assert!(
        message.contains("5000") || message.contains("5 000"),
        "{message}"
    );
    test.drop_db().await;
}

/// A proposal of the member's organisation, made public by the lead of
/// group 2.
async fn public_proposal(test: &common::TestDb, title: &str) -> proposal::Model {
    let member = common::demo_person(test, MEMBER).await;
    let lead = common::demo_person(test, LEAD_2).await;
    let p = submissions::submit(
        &test.db,
        &member,
        Submission {
            title: title.into(),
            ..submission("Une description.")
        },
        URL,
        None,
        Utc::now(),
    )
    .await
    .unwrap();
    move_to(test, &lead, &p.reference, ProposalStatus::EnInstruction).await;
    p
}

async fn move_to(
    test: &common::TestDb,
    lead: &CurrentUser,
    reference: &str,
    status: ProposalStatus,
) {
    let version = proposal::Entity::find()
        .filter(proposal::Column::Reference.eq(reference))
        .one(&test.db)
        .await
        .unwrap()
        .unwrap()
        .version;
    let ctx = Context {
        user: lead,
        public_url: URL.into(),
        ip: None,
        now: Utc::now(),
    };
    let change = StatusChange {
        version,
        status: status.code().into(),
        ..Default::default()
    };
    triage::change_status(&test.db, &ctx, reference, change)
        .await
        .unwrap();
}

/// `count` comments on `reference` by `who`, a minute apart.
async fn comments(
    test: &common::TestDb,
    who: &CurrentUser,
    reference: &str,
    count: usize,
    text: impl Fn(usize) -> String,
) {
    let start = Utc::now() + Duration::seconds(1);
    for n in 0..count {
        let at = start + Duration::minutes(n as i64);
        let ctx = Context {
            user: who,
            public_url: URL.into(),
            ip: None,
            now: at,
        };
        participation::comment(&test.db, &ctx, reference, &text(n), false)
            .await
            .unwrap();
    }
}

#[tokio::test]
async fn a_public_page_over_a_mebibyte_is_served_not_kept() {
    let test = common::with_demo().await;
    let member = common::demo_person(&test, OTHER_MEMBER).await;
    let p = public_proposal(&test, "Une proposition très commentée").await;
    // Each comment is 5 000 '&', 25 kB once escaped: a page of 50 events
    // passes 1 MiB.
    comments(&test, &member, &p.reference, 60, |n| {
        format!("{n} {}", "&".repeat(4_990))
    })
    .await;
    let site = tempfile::tempdir().unwrap();
    let app = common::router_with(
        &test,
        site.path(),
        URL,
        Duration::seconds(60).to_std().unwrap(),
    );
    let path = format!("/propositions/{}", p.reference);
    let mut nonces = Vec::new();
    for _ in 0..2 {
        let page = common::get(&app, &path, None).await;
        assert_eq!(page.status, StatusCode::OK);
        assert!(page.body.len() > 1024 * 1024, "{} bytes", page.body.len());
        let html = page.text();
        assert!(html.contains("59 &amp;&amp;"), "the latest comment");
        assert!(
            html.contains("</footer>") && html.trim_end().ends_with("</html>"),
            "the whole page"
        );
        nonces.push(page.headers[header::CONTENT_SECURITY_POLICY].clone());
    }
    assert_ne!(nonces[0], nonces[1], "each response its own nonce");
    test.drop_db().await;
}

#[tokio::test]
async fn a_long_timeline_is_read_a_page_at_a_time_without_javascript() {
    let test = common::with_demo().await;
    let member = common::demo_person(&test, OTHER_MEMBER).await;
    let p = public_proposal(&test, "Une proposition discutée").await;
    comments(&test, &member, &p.reference, 118, |n| {
        format!("Avis n° {n}.")
    })
    .await;
    // 120 events: submitted, moved to « en instruction », 118 comments.
    let site = tempfile::tempdir().unwrap();
    let app = common::router(&test, site.path());
    let path = format!("/propositions/{}", p.reference);
    let latest = common::get(&app, &path, None).await.text();
    assert!(latest.contains("Événements 71 à 120 sur 120"), "{latest}");
    assert!(latest.contains("Avis n° 117.") && latest.contains("Avis n° 68."));
    assert!(!latest.contains("Avis n° 67.") && !latest.contains("Proposition déposée"));
    assert!(
        latest.find("Avis n° 68.").unwrap() < latest.find("Avis n° 117.").unwrap(),
        "oldest first within the page"
    );
    let older = format!("/propositions/{}?historique=2#historique", p.reference);
    assert!(
        latest.contains(&older.replace('&', "&amp;")),
        "a link, no script"
    );
    let page = common::get(&app, &format!("{path}?historique=2"), None)
        .await
        .text();
    assert!(page.contains("Événements 21 à 70 sur 120"));
    assert!(page.contains("Avis n° 67.") && page.contains("Avis n° 18."));
    assert!(!page.contains("Avis n° 68.") && !page.contains("Avis n° 17."));
    let oldest = common::get(&app, &format!("{path}?historique=99"), None)
        .await
        .text();
    assert!(oldest.contains("Événements 1 à 20 sur 120"));
    assert!(oldest.contains("Proposition déposée"));
    test.drop_db().await;
}

#[tokio::test]
async fn comments_are_limited_per_person_and_minute_by_the_database() {
    let test = common::with_demo().await;
    let member = common::demo_person(&test, OTHER_MEMBER).await;
    let other = common::demo_person(&test, MEMBER).await;
    let p = public_proposal(&test, "Une proposition").await;
    let now = Utc::now();
    let comment = |who: CurrentUser, at: chrono::DateTime<Utc>| {
        let (db, reference) = (test.db.clone(), p.reference.clone());
        async move {
            let ctx = Context {
                user: &who,
                public_url: URL.into(),
                ip: None,
                now: at,
            };
            participation::comment(&db, &ctx, &reference, "D'accord.", false).await
        }
    };
    for second in 0..COMMENTS_PER_MINUTE as i64 {
        comment(member.clone(), now + Duration::seconds(second))
            .await
            .unwrap();
    }
    let message = refused(comment(member.clone(), now + Duration::seconds(30)).await);
    assert!(message.contains("minute"), "{message}");
    assert_eq!(
        proposal_event::Entity::find()
            .filter(proposal_event::Column::ProposalId.eq(p.id))
            .filter(proposal_event::Column::Kind.eq(ProposalEventKind::Comment))
            .count(&test.db)
            .await
            .unwrap(),
        COMMENTS_PER_MINUTE,
        "the refused comment is not written"
    );
    comment(other.clone(), now + Duration::seconds(30))
        .await
        .unwrap();
    comment(member.clone(), now + Duration::seconds(61))
        .await
        .unwrap();
    test.drop_db().await;
}

#[tokio::test]
async fn parameters_a_page_does_not_read_do_not_bypass_the_kept_pages() {
    let test = common::with_demo().await;
    let lead = common::demo_person(&test, LEAD_2).await;
    let p = public_proposal(&test, "Rappeler la date du rendez-vous").await;
    let site = tempfile::tempdir().unwrap();
    let app = common::router_with(
        &test,
        site.path(),
        URL,
        Duration::seconds(600).to_std().unwrap(),
    );
    let path = format!("/propositions/{}", p.reference);
    let list = "/propositions?q=rappeler+rendez";
    let before = common::get(&app, &path, None).await.text();
    let listed = common::get(&app, list, None).await.text();
    assert!(before.contains("En instruction") && listed.contains(&p.reference));
    move_to(&test, &lead, &p.reference, ProposalStatus::Retenue).await;
    // The kept copies, whatever is added to their address.
    for variant in [
        format!("{path}?utm_source=courriel"),
        format!("{path}?x=1&y=2"),
        path.to_lowercase(),
    ] {
        let html = common::get(&app, &variant, None).await.text();
        assert!(
            !html.contains("Statut : <span class=\"fr-badge fr-badge--info\">Retenue"),
            "{variant}"
        );
        assert_eq!(
            html.matches("Retenue</span>").count(),
            before.matches("Retenue</span>").count(),
            "{variant}"
        );
    }
    for variant in [
        format!("{list}&page=1"),
        format!("{list}&x=1"),
        // Relevance is the order of a search that names none.
        "/propositions?q=+rappeler+rendez+&tri=pertinence".to_string(),
    ] {
        let html = common::get(&app, &variant, None).await.text();
        assert_eq!(
            html.matches("Retenue").count(),
            listed.matches("Retenue").count(),
            "{variant}"
        );
    }
    test.drop_db().await;
}

#[tokio::test]
async fn a_search_holds_few_words_and_none_of_one_letter() {
    let test = common::with_demo().await;
    let total = |query: String| {
        let db = test.db.clone();
        async move {
            let filters = BacklogFilters::parse(&query)?;
            app::services::backlog::proposals::backlog(
                &db,
                &common::lists(),
                Audience::Public,
                &filters,
            )
            .await
            .map(|page| page.total)
        }
    };
    let everything = total(String::new()).await.unwrap();
    let letters = form_urlencoded::Serializer::new(String::new())
        .append_pair("q", &"z ".repeat(100))
        .finish();
    assert_eq!(
        total(letters).await.unwrap(),
        everything,
        "one-letter words are left out"
    );
    let message = refused(total("q=un+deux+trois+quatre+cinq+six+sept".into()).await);
    assert!(message.contains("mots"), "{message}");
    assert!(total("q=d%C3%A9marche".into()).await.unwrap() > 0);
    test.drop_db().await;
}

#[tokio::test]
async fn the_csv_export_reads_on_after_each_chunk_in_every_order() {
    let test = common::with_demo().await;
    for query in [
        "",
        "ordre=asc",
        "tri=depot",
        "tri=depot&ordre=asc",
        "tri=statut",
        "tri=statut&ordre=asc",
        "tri=soutiens",
        "tri=soutiens&ordre=asc",
        "origine=association&tri=soutiens&ordre=asc",
        "q=d%C3%A9marche",
    ] {
        for audience in [Audience::Public, Audience::SignedIn] {
            let filters = BacklogFilters::parse(query).unwrap();
            let mut export = exports::CsvExport::new(test.db.clone(), audience, &filters)
                .await
                .unwrap()
                .in_chunks_of(3);
            let mut file = Vec::new();
            let mut pieces = 0;
            while let Some(piece) = export.next_chunk().await.unwrap() {
                file.extend(piece);
                pieces += 1;
            }
            let mut reader = csv::ReaderBuilder::new()
                .delimiter(b';')
                .from_reader(&file[3..]);
            let exported: Vec<String> = reader
                .records()
                .map(|record| record.unwrap()[0].to_string())
                .collect();
            let expected = crate::backlog::references(&test.db, audience, query).await;
            assert!(expected.len() > 3, "{query}: several chunks");
            assert_eq!(exported, expected, "{query} {audience:?}");
            assert_eq!(
                pieces,
                1 + expected.len().div_ceil(3),
                "{query}: a header, then chunks"
            );
        }
    }
    test.drop_db().await;
}

#[tokio::test]
async fn the_csv_export_is_sent_as_it_is_read() {
    let test = common::with_demo().await;
    let site = tempfile::tempdir().unwrap();
    let app = common::router(&test, site.path());
    let response = app
        .oneshot(
            Request::get("/propositions.csv")
                .body(Body::empty())
                .unwrap(),
        )
        .await
        .unwrap();
    assert_eq!(response.status(), StatusCode::OK);
    let mut body = response.into_body();
    let first = body.frame().await.unwrap().unwrap().into_data().unwrap();
    let header = String::from_utf8(first.to_vec()).unwrap();
    assert!(
        header.starts_with("\u{feff}Référence;Titre;") && header.ends_with("\r\n"),
        "the header goes first, alone: {header}"
    );
    assert_eq!(header.matches("\r\n").count(), 1);
    let mut rest = Vec::new();
    while let Some(frame) = body.frame().await {
        rest.extend(frame.unwrap().into_data().unwrap());
    }
    let rows = String::from_utf8(rest).unwrap();
    assert!(rows.contains("DA-"), "then the proposals");
    test.drop_db().await;
}

#[tokio::test]
async fn group_and_organisation_pages_list_their_proposals_a_page_at_a_time() {
    let test = common::with_demo().await;
    for n in 0..25 {
        public_proposal(&test, &format!("Proposition paginée n° {n}")).await;
    }
    let site = tempfile::tempdir().unwrap();
    let app = common::router(&test, site.path());
    for (path, all) in [
        (
            "/groupes/simplification-des-demarches",
            "/propositions?groupe=2",
        ),
        (
            "/membres/familles-de-france",
            "/propositions?organisation=familles-de-france",
        ),
    ] {
        let first = common::get(&app, path, None).await.text();
        let total: u64 = first
            .split(" propositions — page 1 sur ")
            .next()
            .and_then(|before| before.rsplit('>').next())
            .and_then(|count| count.trim().parse().ok())
            .unwrap_or_else(|| panic!("{path} says how many"));
        assert!(total >= 25, "{path}: {total}");
        let pages = total.div_ceil(20);
        assert!(first.contains(&format!("page 1 sur {pages}")), "{path}");
        assert!(
            first.contains(&format!("href=\"{all}\"")),
            "{path}: the filtered backlog"
        );
        assert!(
            first.contains("Proposition paginée n° 24"),
            "{path}: the latest first"
        );
        assert!(
            !first.contains("Proposition paginée n° 4<"),
            "{path}: not every proposal"
        );
        let second = format!("{path}?page=2#propositions");
        assert!(
            first.contains(&format!("href=\"{second}\"")),
            "{path}: a link, no script"
        );
        let page = common::get(&app, &format!("{path}?page=2"), None)
            .await
            .text();
        assert!(page.contains(&format!("page 2 sur {pages}")), "{path}");
        assert!(page.contains("Proposition paginée n° 4<"), "{path}");
        assert!(!page.contains("Proposition paginée n° 24<"), "{path}");
    }
    test.drop_db().await;
}

/// An active member of `organisation` named `name`.
async fn person(test: &common::TestDb, name: &str, email: &str, organisation: i32) -> user::Model {
    user::ActiveModel {
        email: Set(email.into()),
        name: Set(name.into()),
        role: Set(Role::Member),
        organisation_id: Set(Some(organisation)),
        active: Set(true),
        created_at: Set(Utc::now()),
        updated_at: Set(Utc::now()),
        ..Default::default()
    }
    .insert(&test.db)
    .await
    .unwrap()
}

#[tokio::test]
async fn an_actions_owner_is_typed_with_the_groups_people_suggested() {
    let test = common::with_demo().await;
    let lead = common::demo_person(&test, LEAD_2).await;
    let marie = common::demo_person(&test, MEMBER).await;
    let outsider = common::demo_person(&test, "thierry.blanc@aveuglesdefrance.example").await;
    let family = marie.organisation_id.unwrap();
    for n in 0..250 {
        person(
            &test,
            &format!("Bénévole {n:03}"),
            &format!("benevole.{n}@exemple.org"),
            family,
        )
        .await;
    }
    let now = Utc::now();
    let form = group_meeting("Parcours de la pré-demande", "05-12", "1. Accueil");
    let id = meetings::save(&test.db, &lead, form, URL, None, now)
        .await
        .unwrap();

    // The page suggests a bounded list drawn from the group, in a text field.
    let site = tempfile::tempdir().unwrap();
    let app = common::router(&test, site.path());
    let cookie = cookie_of(&test, &lead).await;
    let html = common::get(&app, &format!("/reunions/{id}/compte-rendu"), Some(&cookie))
        .await
        .text();
    assert!(
        html.contains(r#"type="text" id="action-owner" name="owner" list="action-owners""#),
        "{html}"
    );
    assert!(!html.contains("<select class=\"fr-select\" id=\"action-owner\""));
    let suggestions = html
        .split("<datalist id=\"action-owners\">")
        .nth(1)
        .unwrap();
    let suggestions = suggestions.split("</datalist>").next().unwrap();
    assert_eq!(suggestions.matches("<option").count(), 200, "at most 200");
    assert!(
        suggestions.contains(&format!("value=\"{}\"", lead.email)),
        "the lead"
    );
    assert!(
        !suggestions.contains(&outsider.email),
        "not a person of another group"
    );

    // What is typed is found on the server, or refused in French.
    let action = |owner: &str| {
        let (db, lead, owner) = (test.db.clone(), lead.clone(), owner.to_string());
        async move {
            let form = ActionForm {
                title: "Relire la notice".into(),
                owner,
                due_on: "2030-06-30".into(),
                description: String::new(),
                proposal_reference: String::new(),
            };
            meetings::record_action(&db, &lead, id, form, URL, None)
                .await
                .map(|a| a.owner_user_id)
        }
    };
    assert_eq!(
        action(&outsider.email.to_uppercase()).await,
        Ok(Some(outsider.id))
    );
    assert_eq!(action("  thierry BLANC ").await, Ok(Some(outsider.id)));
    assert_eq!(action("Bénévole 007").await.map(|o| o.is_some()), Ok(true));
    assert!(refused(action("Personne Inconnue").await).contains("Aucune personne"));
    assert!(refused(action("inconnu@exemple.org").await).contains("adresse"));
    assert!(refused(action("").await).contains("responsable"));
    person(
        &test,
        "Thierry Blanc",
        "thierry.blanc@autre.example",
        family,
    )
    .await;
    let message = refused(action("Thierry Blanc").await);
    assert!(message.contains("Plusieurs personnes"), "{message}");
    assert_eq!(action(&outsider.email).await, Ok(Some(outsider.id)));
    test.drop_db().await;
}

#[tokio::test]
async fn a_groups_meetings_are_listed_a_page_at_a_time() {
    let test = common::with_demo().await;
    let lead = common::demo_person(&test, LEAD_2).await;
    for day in 1..=25 {
        let form = group_meeting(&format!("Atelier n° {day}"), &format!("01-{day:02}"), "");
        meetings::save(&test.db, &lead, form, URL, None, Utc::now())
            .await
            .unwrap();
    }
    let site = tempfile::tempdir().unwrap();
    let app = common::router(&test, site.path());
    let path = "/groupes/simplification-des-demarches";
    let first = common::get(&app, path, None).await.text();
    assert!(first.contains(" réunions — page 1 sur 2"), "{first}");
    assert!(first.contains("Atelier n° 25<") && !first.contains("Atelier n° 5<"));
    assert!(first.contains(&format!("href=\"{path}?reunions=2#reunions\"")));
    let second = common::get(&app, &format!("{path}?reunions=2"), None)
        .await
        .text();
    assert!(second.contains(" réunions — page 2 sur 2") && second.contains("Atelier n° 5<"));
    assert!(!second.contains("Atelier n° 25<"));
    test.drop_db().await;
}
