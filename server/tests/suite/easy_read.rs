//! « Facile à lire et à comprendre » versions: the secretariat writes,
//! rewrites and deletes the version of published minutes, of a status
//! answer and of an annual report; the public pages and the « suite
//! donnée » table (page and CSV) show it beside the standard text; what
//! still lacks one is listed until it is written; everyone else is refused
//! and bad input changes nothing.

use crate::common::{self, audits, invalid};

use app::api::easy_read::{DeleteEasyRead, SaveEasyRead};
use app::entities::{easy_read_text, meeting, minutes, proposal, proposal_event};
use app::model::{
    AppError, CurrentUser, EasyReadKind, EasyReadSubject, MeetingKind, MinutesStatus,
    ProposalStatus,
};
use app::services::backlog::triage;
use app::services::body::easy_read;
use chrono::Utc;
use leptos::server_fn::ServerFn;
use sea_orm::{ColumnTrait, EntityTrait, PaginatorTrait, QueryFilter, QueryOrder};

const MEMBER: &str = "isabelle.moreau@papillonsblancs-paris.example";
const LEAD_2: &str = "julien.garnier@ants.example";
const ADMIN: &str = "helene.marchand@interieur.example";

async fn lacking(test: &common::TestDb, admin: &CurrentUser) -> Vec<EasyReadSubject> {
    easy_read::overview(&test.db, admin).await.unwrap().lacking
}

fn lacks(list: &[EasyReadSubject], kind: EasyReadKind, key: &str) -> bool {
    list.iter().any(|s| s.kind == kind && s.key == key)
}

/// Published minutes of the demo that have no version yet.
async fn minutes_without_version(test: &common::TestDb, admin: &CurrentUser) -> i32 {
    let subject = lacking(test, admin)
        .await
        .into_iter()
        .find(|s| s.kind == EasyReadKind::Minutes)
        .expect("demo minutes without a version");
    subject.key.parse().unwrap()
}

/// The demo's next plenary session: its « suite donnée » lists what is
/// decided now.
async fn next_plenary(test: &common::TestDb) -> i32 {
    meeting::Entity::find()
        .filter(meeting::Column::Kind.eq(MeetingKind::Plenary))
        .filter(meeting::Column::StartsAt.gt(Utc::now()))
        .order_by_asc(meeting::Column::StartsAt)
        .one(&test.db)
        .await
        .unwrap()
        .expect("a plenary session to come in the demo data")
        .id
}

/// Decides a demo proposal under instruction « non retenue » with `reason`;
/// returns its reference and the id of the event that says the answer.
async fn decide(test: &common::TestDb, reason: &str) -> (String, i32) {
    let lead = common::demo_person(test, LEAD_2).await;
    let group_2 = lead.lead_of[0];
    let p = proposal::Entity::find()
        .filter(proposal::Column::WorkingGroupId.eq(group_2))
        .filter(proposal::Column::Status.eq(ProposalStatus::EnInstruction))
        .one(&test.db)
        .await
        .unwrap()
        .expect("a demo proposal of group 2 under instruction");
    triage::change_status(
        &test.db,
        &common::context(&lead),
        &p.reference,
        triage::StatusChange {
            version: p.version,
            status: ProposalStatus::NonRetenue.code().into(),
            reason: reason.into(),
            kept: String::new(),
        },
    )
    .await
    .unwrap();
    let event = proposal_event::Entity::find()
        .filter(proposal_event::Column::ProposalId.eq(p.id))
        .order_by_desc(proposal_event::Column::Id)
        .one(&test.db)
        .await
        .unwrap()
        .unwrap();
    (p.reference, event.id)
}

async fn save(
    test: &common::TestDb,
    admin: &CurrentUser,
    kind: EasyReadKind,
    key: &str,
    text: &str,
) -> Result<String, AppError> {
    easy_read::save(&test.db, admin, kind, key, text, None, Utc::now()).await
}

#[tokio::test]
async fn the_secretariat_writes_edits_and_deletes_versions_the_public_pages_show() {
    let test = common::with_demo().await;
    let admin = common::demo_person(&test, ADMIN).await;
    let site = tempfile::tempdir().unwrap();
    let app = common::router(&test, site.path());

    // Minutes.
    let id = minutes_without_version(&test, &admin).await;
    let key = id.to_string();
    let page = format!("/reunions/{id}/compte-rendu");
    let before = common::get(&app, &page, None).await.text();
    assert!(
        !before.contains("?version=falc"),
        "no switch without a version"
    );
    let shown_at = save(
        &test,
        &admin,
        EasyReadKind::Minutes,
        &key,
        "# Ce que nous avons dit\n\nLe groupe a parlé des **pièces** à donner.",
    )
    .await
    .unwrap();
    assert_eq!(shown_at, page);
    assert!(!lacks(
        &lacking(&test, &admin).await,
        EasyReadKind::Minutes,
        &key
    ));
    let standard = common::get(&app, &page, None).await.text();
    assert!(
        standard.contains(&format!(r#"href="{page}?version=falc""#)),
        "{standard}"
    );
    assert!(standard.contains("Texte standard"));
    assert!(standard.contains("Compte rendu publié"));
    assert!(!standard.contains("Le groupe a parlé"));
    let easy = common::get(&app, &format!("{page}?version=falc"), None)
        .await
        .text();
    assert!(
        easy.contains(r#"lang="fr" aria-labelledby="facile-a-lire""#),
        "{easy}"
    );
    assert!(easy.contains(r#"<h2 id="facile-a-lire">Version facile à lire et à comprendre</h2>"#));
    assert!(easy.contains("<h2>Ce que nous avons dit</h2>"), "{easy}");
    assert!(easy.contains("<strong>pièces</strong>"));
    assert!(easy.contains(r#"aria-current="page""#));
    assert!(!easy.contains(r#"aria-label="Compte rendu publié""#));
    save(
        &test,
        &admin,
        EasyReadKind::Minutes,
        &key,
        "Le groupe a choisi une page plus simple.",
    )
    .await
    .unwrap();
    let easy = common::get(&app, &format!("{page}?version=falc"), None)
        .await
        .text();
    assert!(easy.contains("Le groupe a choisi une page plus simple."));
    assert!(!easy.contains("Le groupe a parlé"));
    let admin_cookie = common::signed_in(&test, ADMIN).await;
    let form = common::get(
        &app,
        &format!("/admin/facile-a-lire/minutes/{id}"),
        Some(&admin_cookie),
    )
    .await
    .text();
    assert!(form.contains("Le groupe a choisi une page plus simple."));
    assert!(form.contains(SaveEasyRead::PATH) && form.contains(DeleteEasyRead::PATH));

    // A status answer, on the proposal's page and in « suite donnée ».
    let (reference, answer) = decide(&test, "La démarche existe déjà.").await;
    let answer_key = answer.to_string();
    assert!(lacks(
        &lacking(&test, &admin).await,
        EasyReadKind::StatusAnswer,
        &answer_key
    ));
    let written = common::post_form(
        &app,
        SaveEasyRead::PATH,
        Some(&admin_cookie),
        &format!("/admin/facile-a-lire/status_answer/{answer}"),
        &format!("kind=status_answer&key={answer}&body=Nous+ne+changeons+rien.+La+d%C3%A9marche+existe+d%C3%A9j%C3%A0."),
    )
    .await;
    assert!(written.status.is_redirection(), "{}", written.status);
    assert!(!lacks(
        &lacking(&test, &admin).await,
        EasyReadKind::StatusAnswer,
        &answer_key
    ));
    let proposal_page = format!("/propositions/{reference}");
    let standard = common::get(&app, &proposal_page, None).await.text();
    assert!(standard.contains("La démarche existe déjà."));
    assert!(standard.contains(&format!(r#"href="{proposal_page}?version=falc""#)));
    let easy = common::get(&app, &format!("{proposal_page}?version=falc"), None)
        .await
        .text();
    assert!(
        easy.contains("Nous ne changeons rien. La démarche existe déjà."),
        "{easy}"
    );
    assert!(easy.contains(r#"<h2 id="facile-a-lire">"#));
    let session = next_plenary(&test).await;
    let follow_up = format!("/reunions/{session}/suite-donnee");
    let table = common::get(&app, &follow_up, None).await.text();
    assert!(table.contains("La démarche existe déjà."));
    assert!(!table.contains("Nous ne changeons rien."));
    let table = common::get(&app, &format!("{follow_up}?version=falc"), None)
        .await
        .text();
    assert!(table.contains("Réponse en facile à lire et à comprendre"));
    assert!(table.contains("Nous ne changeons rien. La démarche existe déjà."));
    let csv = common::get(&app, &format!("{follow_up}.csv"), None)
        .await
        .text();
    let header = csv.lines().next().unwrap();
    assert!(
        header.contains("Réponse apportée;Réponse en facile à lire;"),
        "{header}"
    );
    let line = csv
        .lines()
        .find(|l| l.contains(&reference))
        .expect("the decision in the CSV");
    assert!(line.contains("La démarche existe déjà."), "{line}");
    assert!(
        line.contains("Nous ne changeons rien. La démarche existe déjà."),
        "{line}"
    );

    // A later answer shows none of the earlier one's version.
    let p = proposal::Entity::find()
        .filter(proposal::Column::Reference.eq(&reference))
        .one(&test.db)
        .await
        .unwrap()
        .unwrap();
    triage::change_status(
        &test.db,
        &common::context(&admin),
        &reference,
        triage::StatusChange {
            version: p.version,
            status: ProposalStatus::EnInstruction.code().into(),
            reason: "Réexaminée à la demande de l'association.".into(),
            kept: String::new(),
        },
    )
    .await
    .unwrap();
    let again = common::get(&app, &proposal_page, None).await.text();
    assert!(again.contains("Réexaminée"));
    assert!(!again.contains("?version=falc"), "{again}");

    // The annual report of a year with proposals.
    let overview = lacking(&test, &admin).await;
    for year in ["2018", "2019", "2020"] {
        assert!(lacks(&overview, EasyReadKind::AnnualReport, year), "{year}");
    }
    assert!(!lacks(&overview, EasyReadKind::AnnualReport, "2017"));
    save(
        &test,
        &admin,
        EasyReadKind::AnnualReport,
        "2019",
        "En 2019, nous avons fait 6 propositions.",
    )
    .await
    .unwrap();
    assert!(!lacks(
        &lacking(&test, &admin).await,
        EasyReadKind::AnnualReport,
        "2019"
    ));
    assert!(
        easy_read::html_of(&test.db, EasyReadKind::AnnualReport, "2019")
            .await
            .unwrap()
            .unwrap()
            .contains("En 2019, nous avons fait 6 propositions.")
    );

    // The secretariat's list names what lacks a version, with its form.
    let list = common::get(&app, "/admin/facile-a-lire", Some(&admin_cookie))
        .await
        .text();
    assert!(list.contains("Textes sans version facile à lire"));
    assert!(
        list.contains(r#"href="/admin/facile-a-lire/annual_report/2020""#),
        "{list}"
    );
    assert!(!list.contains(r#"href="/admin/facile-a-lire/annual_report/2019""#));
    assert!(!list.contains(&format!(r#"href="/admin/facile-a-lire/minutes/{id}""#)));

    // Deleted: the page shows the standard text only, and the list again
    // names the minutes.
    let deleted = common::post_form(
        &app,
        DeleteEasyRead::PATH,
        Some(&admin_cookie),
        &format!("/admin/facile-a-lire/minutes/{id}"),
        &format!("kind=minutes&key={id}"),
    )
    .await;
    assert!(deleted.status.is_redirection(), "{}", deleted.status);
    let after = common::get(&app, &format!("{page}?version=falc"), None)
        .await
        .text();
    assert!(!after.contains("Le groupe a choisi"));
    assert!(!after.contains("facile-a-lire"));
    assert!(lacks(
        &lacking(&test, &admin).await,
        EasyReadKind::Minutes,
        &key
    ));
    assert_eq!(audits(&test, "easy_read.saved").await.len(), 4);
    let removal = audits(&test, "easy_read.deleted").await;
    assert_eq!(removal.len(), 1);
    assert!(
        removal[0].detail.contains("Compte rendu"),
        "{}",
        removal[0].detail
    );
    test.drop_db().await;
}

#[tokio::test]
async fn others_are_refused_and_bad_input_changes_nothing() {
    let test = common::with_demo().await;
    let admin = common::demo_person(&test, ADMIN).await;
    let id = minutes_without_version(&test, &admin).await;
    let key = id.to_string();
    let count = || async {
        easy_read_text::Entity::find()
            .count(&test.db)
            .await
            .unwrap()
    };
    let before = count().await;

    for email in [MEMBER, LEAD_2] {
        let someone = common::demo_person(&test, email).await;
        assert_eq!(
            save(
                &test,
                &someone,
                EasyReadKind::Minutes,
                &key,
                "Un texte simple."
            )
            .await,
            Err(AppError::Forbidden),
            "{email}"
        );
        assert_eq!(
            easy_read::overview(&test.db, &someone).await,
            Err(AppError::Forbidden)
        );
        assert_eq!(
            easy_read::form(&test.db, &someone, EasyReadKind::Minutes, &key)
                .await
                .map(|_| ()),
            Err(AppError::Forbidden)
        );
    }
    let site = tempfile::tempdir().unwrap();
    let app = common::router(&test, site.path());
    let lead_cookie = common::signed_in(&test, LEAD_2).await;
    let refused = common::post_form(
        &app,
        SaveEasyRead::PATH,
        Some(&lead_cookie),
        &format!("/admin/facile-a-lire/minutes/{id}"),
        &format!("kind=minutes&key={id}&body=Un+texte"),
    )
    .await;
    assert!(!refused.status.is_success(), "{}", refused.status);
    let page = common::get(&app, "/admin/facile-a-lire", Some(&lead_cookie)).await;
    assert_eq!(page.status, axum::http::StatusCode::FORBIDDEN);
    assert!(
        page.text().contains("pas les droits nécessaires"),
        "{}",
        page.text()
    );
    assert!(audits(&test, "access.refused")
        .await
        .iter()
        .any(|a| a.detail.contains("facile à lire")));

    let empty = invalid(save(&test, &admin, EasyReadKind::Minutes, &key, " \n ").await);
    assert!(empty.contains("vide"), "{empty}");
    let long = "a".repeat(50_001);
    let too_long = invalid(save(&test, &admin, EasyReadKind::Minutes, &key, &long).await);
    assert!(
        too_long.contains("50000") || too_long.contains("50 000"),
        "{too_long}"
    );
    let deep = format!("{}x", ">".repeat(40));
    invalid(save(&test, &admin, EasyReadKind::Minutes, &key, &deep).await);
    let draft = minutes::Entity::find()
        .filter(minutes::Column::Status.eq(MinutesStatus::Draft))
        .one(&test.db)
        .await
        .unwrap()
        .expect("draft minutes in the demo");
    let unpublished = invalid(
        save(
            &test,
            &admin,
            EasyReadKind::Minutes,
            &draft.meeting_id.to_string(),
            "Un texte simple.",
        )
        .await,
    );
    assert!(unpublished.contains("n'est pas publié"), "{unpublished}");
    let internal = proposal_event::Entity::find()
        .filter(proposal_event::Column::Internal.eq(true))
        .one(&test.db)
        .await
        .unwrap()
        .expect("an internal comment in the demo");
    for (kind, key) in [
        (EasyReadKind::StatusAnswer, internal.id.to_string()),
        (EasyReadKind::StatusAnswer, "999999".to_string()),
        (EasyReadKind::Minutes, "trois".to_string()),
        (EasyReadKind::AnnualReport, "19".to_string()),
    ] {
        assert_eq!(
            save(&test, &admin, kind, &key, "Un texte simple.").await,
            Err(AppError::NotFound),
            "{kind:?} {key}"
        );
    }
    let typed = common::post_form(
        &app,
        SaveEasyRead::PATH,
        Some(&common::signed_in(&test, ADMIN).await),
        &format!("/admin/facile-a-lire/minutes/{id}"),
        &format!("kind=minutes&key={id}&body=+"),
    )
    .await;
    assert!(typed.status.is_redirection(), "{}", typed.status);
    let back = typed.headers[axum::http::header::LOCATION]
        .to_str()
        .unwrap()
        .to_string();
    assert!(
        back.starts_with(&format!("/admin/facile-a-lire/minutes/{id}?erreur=")),
        "{back}"
    );
    assert_eq!(
        easy_read::delete(&test.db, &admin, EasyReadKind::Minutes, &key, None).await,
        Err(AppError::NotFound)
    );
    assert_eq!(count().await, before, "nothing was written");
    assert!(audits(&test, "easy_read.saved").await.is_empty());
    test.drop_db().await;
}

#[tokio::test]
async fn a_version_stays_when_its_writer_is_erased() {
    let test = common::with_demo().await;
    let writer = common::demo_person(&test, ADMIN).await;
    let id = minutes_without_version(&test, &writer).await;
    save(
        &test,
        &writer,
        EasyReadKind::Minutes,
        &id.to_string(),
        "Un texte simple.",
    )
    .await
    .unwrap();
    let other = common::person(
        &test,
        app::model::Role::Admin,
        "secretariat@exemple.fr",
        None,
    )
    .await;
    app::services::legal::erasure::erase(&test.db, &other, writer.id, None)
        .await
        .unwrap();
    let kept = easy_read_text::Entity::find()
        .filter(easy_read_text::Column::SubjectKey.eq(id.to_string()))
        .one(&test.db)
        .await
        .unwrap()
        .expect("the version stays");
    assert_eq!(kept.updated_by, None);
    assert_eq!(kept.body, "Un texte simple.");
    test.drop_db().await;
}
