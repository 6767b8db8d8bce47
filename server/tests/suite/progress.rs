//! The implementation of decided proposals: the lead of the proposal's group
//! (or the secretariat) keeps its progress and milestones, shown to the
//! public on its page, its timeline and the Atom feed; everyone else is
//! refused, and bad input changes nothing. « Suite donnée » lists what
//! was decided between two plenary sessions.

use crate::common::{self, audits, invalid};

use app::api::proposals::SetProposalProgress;
use app::entities::{meeting, proposal, proposal_event, proposal_milestone};
use app::model::{
    AppError, CurrentUser, MeetingKind, MeetingStatus, ProposalEventKind, ProposalStatus,
};
use app::services::backlog::{follow_up, progress, proposal_page, triage};
use app::services::body::actions::ActionForm;
use chrono::{DateTime, Duration, TimeZone, Utc};
use leptos::server_fn::ServerFn;
use sea_orm::{ActiveModelTrait, ColumnTrait, EntityTrait, QueryFilter, QueryOrder, Set};

const MEMBER: &str = "marie.lefevre@familles-de-france.example";
const LEAD_2: &str = "julien.garnier@ants.example";
const LEAD_3: &str = "nathalie.rousseau@apf-francehandicap.example";
const ADMIN: &str = "helene.marchand@interieur.example";

/// A proposal of group 2 being implemented, from the demo data.
async fn implemented(test: &common::TestDb) -> proposal::Model {
    let group_2 = common::demo_person(test, LEAD_2).await.lead_of[0];
    proposal::Entity::find()
        .filter(proposal::Column::WorkingGroupId.eq(group_2))
        .filter(proposal::Column::Status.is_in([ProposalStatus::Retenue, ProposalStatus::EnCours]))
        .one(&test.db)
        .await
        .unwrap()
        .expect("a demo proposal of group 2 retenue or en cours")
}

async fn reload(test: &common::TestDb, id: i32) -> proposal::Model {
    proposal::Entity::find_by_id(id)
        .one(&test.db)
        .await
        .unwrap()
        .unwrap()
}

async fn milestones(test: &common::TestDb, id: i32) -> Vec<proposal_milestone::Model> {
    proposal_milestone::Entity::find()
        .filter(proposal_milestone::Column::ProposalId.eq(id))
        .all(&test.db)
        .await
        .unwrap()
}

async fn progress_events(test: &common::TestDb, id: i32) -> Vec<String> {
    proposal_event::Entity::find()
        .filter(proposal_event::Column::ProposalId.eq(id))
        .filter(proposal_event::Column::Kind.eq(ProposalEventKind::ProgressChanged))
        .all(&test.db)
        .await
        .unwrap()
        .into_iter()
        .filter_map(|e| e.body)
        .collect()
}

#[tokio::test]
async fn the_lead_keeps_progress_and_milestones_shown_to_the_public() {
    let test = common::with_demo().await;
    let lead = common::demo_person(&test, LEAD_2).await;
    let admin = common::demo_person(&test, ADMIN).await;
    let p = implemented(&test).await;
    let ctx = common::context(&lead);

    progress::set_progress(&test.db, &ctx, &p.reference, p.version, "40")
        .await
        .unwrap();
    let p = reload(&test, p.id).await;
    assert_eq!(p.progress, Some(40));
    progress::add_milestone(
        &test.db,
        &ctx,
        &p.reference,
        p.version,
        "Page des pièces en ligne",
        "2027-03-15",
    )
    .await
    .unwrap();
    let p = reload(&test, p.id).await;
    let added = milestones(&test, p.id).await;
    assert_eq!(added.len(), 1);
    assert_eq!(added[0].done_on, None);
    progress::complete_milestone(
        &test.db,
        &common::context(&admin),
        &p.reference,
        p.version,
        added[0].id,
        "2027-03-10",
    )
    .await
    .unwrap();
    let done = milestones(&test, p.id).await;
    assert_eq!(
        done[0].done_on,
        Some(chrono::NaiveDate::from_ymd_opt(2027, 3, 10).unwrap())
    );
    assert_eq!(
        progress_events(&test, p.id).await,
        [
            "Avancement : 40 %",
            "Jalon « Page des pièces en ligne » prévu le 15 mars 2027",
            "Jalon « Page des pièces en ligne » atteint le 10 mars 2027",
        ]
    );
    assert_eq!(audits(&test, "proposal_progress").await.len(), 3);

    let detail = proposal_page::detail(&test.db, &common::views(), None, &p.reference)
        .await
        .unwrap();
    assert_eq!(detail.progress, Some(40));
    assert_eq!(detail.milestones.len(), 1);
    assert!(detail
        .timeline
        .iter()
        .any(|e| e.body.as_deref() == Some("Avancement : 40 %")));

    let site = tempfile::tempdir().unwrap();
    let app = common::router(&test, site.path());
    let page = common::get(&app, &format!("/propositions/{}", p.reference), None)
        .await
        .text();
    assert!(page.contains("Mise en œuvre"), "{page}");
    assert!(page.contains("Avancement : 40 %"));
    let bar = &page[page.find("<progress").expect("a progress bar")..];
    let bar = &bar[..bar.find("</progress>").unwrap()];
    assert!(
        bar.contains(r#"max="100""#) && bar.contains(r#"value="40""#),
        "{bar}"
    );
    assert!(
        bar.contains(r#"aria-labelledby="avancement""#) && bar.contains("40 %"),
        "{bar}"
    );
    assert!(page.contains("Page des pièces en ligne"));
    assert!(page.contains("10 mars 2027"));
    assert!(
        !page.contains(SetProposalProgress::PATH),
        "the public gets no form"
    );
    let lead_page = common::get(
        &app,
        &format!("/propositions/{}", p.reference),
        Some(&common::signed_in(&test, LEAD_2).await),
    )
    .await
    .text();
    assert!(lead_page.contains(SetProposalProgress::PATH));
    let feed = common::get(&app, "/propositions.atom", None).await.text();
    assert!(feed.contains("Avancement : 40 %"), "{feed}");
    assert!(feed.contains(&format!("{} — Avancement de la mise en œuvre", p.reference)));
    test.drop_db().await;
}

#[tokio::test]
async fn progress_is_refused_to_others_and_bad_input_changes_nothing() {
    let test = common::with_demo().await;
    let lead = common::demo_person(&test, LEAD_2).await;
    let p = implemented(&test).await;

    for email in [MEMBER, LEAD_3] {
        let someone = common::demo_person(&test, email).await;
        let ctx = common::context(&someone);
        assert_eq!(
            progress::set_progress(&test.db, &ctx, &p.reference, p.version, "50").await,
            Err(AppError::Forbidden),
            "{email}"
        );
        assert_eq!(
            progress::add_milestone(
                &test.db,
                &ctx,
                &p.reference,
                p.version,
                "Jalon",
                "2027-01-01"
            )
            .await,
            Err(AppError::Forbidden),
            "{email}"
        );
    }
    let site = tempfile::tempdir().unwrap();
    let app = common::router(&test, site.path());
    let refused = common::post_form(
        &app,
        SetProposalProgress::PATH,
        Some(&common::signed_in(&test, MEMBER).await),
        &format!("/propositions/{}", p.reference),
        &format!(
            "reference={}&version={}&progress=50",
            p.reference, p.version
        ),
    )
    .await;
    assert!(!refused.status.is_success(), "{}", refused.status);
    assert!(audits(&test, "access.refused")
        .await
        .iter()
        .any(|a| a.detail.contains("avancement")));

    let ctx = common::context(&lead);
    for typed in ["101", "-1", "beaucoup", ""] {
        let message =
            invalid(progress::set_progress(&test.db, &ctx, &p.reference, p.version, typed).await);
        assert!(message.contains("de 0 à 100"), "{typed}: {message}");
    }
    let empty = invalid(
        progress::add_milestone(&test.db, &ctx, &p.reference, p.version, "  ", "2027-01-01").await,
    );
    assert!(empty.contains("titre au jalon"), "{empty}");
    let two_lines = invalid(
        progress::add_milestone(
            &test.db,
            &ctx,
            &p.reference,
            p.version,
            "a\nb",
            "2027-01-01",
        )
        .await,
    );
    assert!(two_lines.contains("une ligne"), "{two_lines}");
    for day in ["2999-01-01", "31/01/2027", "2027-02-30"] {
        let message = invalid(
            progress::add_milestone(&test.db, &ctx, &p.reference, p.version, "Jalon", day).await,
        );
        assert!(message.contains("date prévue du jalon"), "{day}: {message}");
    }
    let stale =
        invalid(progress::set_progress(&test.db, &ctx, &p.reference, p.version - 1, "50").await);
    assert!(stale.contains("modifiée entre-temps"), "{stale}");
    let submitted = proposal::Entity::find()
        .filter(proposal::Column::Status.eq(ProposalStatus::Deposee))
        .one(&test.db)
        .await
        .unwrap()
        .unwrap();
    let admin = common::demo_person(&test, ADMIN).await;
    let not_decided = invalid(
        progress::set_progress(
            &test.db,
            &common::context(&admin),
            &submitted.reference,
            submitted.version,
            "50",
        )
        .await,
    );
    assert!(
        not_decided.contains("« retenue » ou « en cours »"),
        "{not_decided}"
    );

    assert_eq!(reload(&test, p.id).await, p, "nothing changed");
    assert!(milestones(&test, p.id).await.is_empty());
    assert!(progress_events(&test, p.id).await.is_empty());
    test.drop_db().await;
}

fn on(year: i32, month: u32, day: u32) -> DateTime<Utc> {
    Utc.with_ymd_and_hms(year, month, day, 10, 0, 0).unwrap()
}

async fn plenary(test: &common::TestDb, ordinal: i32, starts_at: DateTime<Utc>) -> meeting::Model {
    meeting::ActiveModel {
        uid: Set(format!("test-pleniere-{ordinal}@ecoute")),
        kind: Set(MeetingKind::Plenary),
        year: Set(Some(starts_at.format("%Y").to_string().parse().unwrap())),
        ordinal: Set(Some(ordinal)),
        title: Set(format!("Session plénière {ordinal}")),
        starts_at: Set(starts_at),
        ends_at: Set(starts_at + Duration::hours(3)),
        agenda: Set(String::new()),
        status: Set(MeetingStatus::Planned),
        sequence: Set(0),
        created_at: Set(Utc::now()),
        updated_at: Set(Utc::now()),
        ..Default::default()
    }
    .insert(&test.db)
    .await
    .unwrap()
}

/// Decides `p` on `at` with `reason`.
async fn decide(
    test: &common::TestDb,
    admin: &CurrentUser,
    p: &proposal::Model,
    to: ProposalStatus,
    reason: &str,
    at: DateTime<Utc>,
) {
    let ctx = triage::Context {
        now: at,
        ..common::context(admin)
    };
    triage::change_status(
        &test.db,
        &ctx,
        &p.reference,
        triage::StatusChange {
            version: p.version,
            status: to.code().into(),
            reason: reason.into(),
            kept: String::new(),
        },
    )
    .await
    .unwrap();
}

#[tokio::test]
async fn follow_up_lists_what_was_decided_between_two_plenary_sessions() {
    let test = common::with_demo().await;
    let admin = common::demo_person(&test, ADMIN).await;
    let marie = common::demo_person(&test, MEMBER).await;
    let mut waiting = Vec::new();
    for p in proposal::Entity::find()
        .filter(
            proposal::Column::Status
                .is_in([ProposalStatus::Deposee, ProposalStatus::EnInstruction]),
        )
        .order_by_asc(proposal::Column::Reference)
        .all(&test.db)
        .await
        .unwrap()
        .into_iter()
        .take(4)
    {
        if p.status == ProposalStatus::Deposee {
            decide(
                &test,
                &admin,
                &p,
                ProposalStatus::EnInstruction,
                "",
                on(2097, 1, 1),
            )
            .await;
        }
        waiting.push(reload(&test, p.id).await);
    }
    assert_eq!(waiting.len(), 4, "four demo proposals not yet decided");
    let previous = plenary(&test, 98, on(2098, 1, 10)).await;
    let session = plenary(&test, 99, on(2099, 1, 10)).await;
    decide(
        &test,
        &admin,
        &waiting[0],
        ProposalStatus::Retenue,
        "Nous la retenons pour 2099.",
        on(2098, 3, 1),
    )
    .await;
    decide(
        &test,
        &admin,
        &waiting[1],
        ProposalStatus::NonRetenue,
        "=HYPERLINK(\"http://x\") hors champ",
        on(2098, 4, 1),
    )
    .await;
    decide(
        &test,
        &admin,
        &waiting[2],
        ProposalStatus::Retenue,
        "Trop tôt.",
        on(2097, 12, 1),
    )
    .await;
    decide(
        &test,
        &admin,
        &waiting[3],
        ProposalStatus::Retenue,
        "Trop tard.",
        on(2099, 2, 1),
    )
    .await;
    let kept = reload(&test, waiting[0].id).await;
    progress::set_progress(
        &test.db,
        &common::context(&admin),
        &kept.reference,
        kept.version,
        "30",
    )
    .await
    .unwrap();
    triage::record_action(
        &test.db,
        &admin,
        &kept.reference,
        ActionForm {
            title: "Écrire le cahier des charges".into(),
            owner: marie.email.clone(),
            due_on: "2099-06-30".into(),
            description: String::new(),
            proposal_reference: String::new(),
        },
        common::PUBLIC_URL,
        None,
    )
    .await
    .unwrap();

    let table = follow_up::of_session(&test.db, None, session.id)
        .await
        .unwrap();
    assert!(table.since.is_some());
    let listed: Vec<&str> = table.rows.iter().map(|r| r.reference.as_str()).collect();
    assert_eq!(
        listed,
        [waiting[0].reference.as_str(), waiting[1].reference.as_str()]
    );
    assert_eq!(table.rows[0].status, ProposalStatus::Retenue);
    assert_eq!(
        table.rows[0].answer.as_deref(),
        Some("Nous la retenons pour 2099.")
    );
    assert_eq!(table.rows[0].progress, Some(30));
    assert_eq!(table.rows[0].actions.len(), 1);
    assert_eq!(
        table.rows[0].actions[0].owner.as_deref(),
        Some(marie.name.as_str())
    );
    assert_eq!(table.rows[1].status, ProposalStatus::NonRetenue);
    let earlier = follow_up::of_session(&test.db, None, previous.id)
        .await
        .unwrap();
    assert!(earlier
        .rows
        .iter()
        .any(|r| r.reference == waiting[2].reference));
    assert!(!earlier
        .rows
        .iter()
        .any(|r| r.reference == waiting[0].reference));

    let site = tempfile::tempdir().unwrap();
    let app = common::router(&test, site.path());
    let meeting_page = common::get(&app, &format!("/reunions/{}", session.id), None)
        .await
        .text();
    assert!(meeting_page.contains(&format!("/reunions/{}/suite-donnee", session.id)));
    let page = common::get(
        &app,
        &format!("/reunions/{}/suite-donnee", session.id),
        None,
    )
    .await;
    assert!(page.status.is_success(), "{}", page.status);
    let page = page.text();
    assert!(page.contains("Nous la retenons pour 2099."), "{page}");
    assert!(page.contains("Écrire le cahier des charges"));
    assert!(page.contains(&marie.name));
    assert!(page.contains("30 %"));
    assert!(!page.contains("Trop tôt.") && !page.contains("Trop tard."));
    let csv = common::get(
        &app,
        &format!("/reunions/{}/suite-donnee.csv", session.id),
        None,
    )
    .await;
    assert!(csv.status.is_success());
    assert!(csv.headers[axum::http::header::CONTENT_TYPE]
        .to_str()
        .unwrap()
        .starts_with("text/csv"));
    let csv = csv.text();
    assert!(csv.starts_with("\u{feff}Référence;Titre;Statut;Réponse apportée;Réponse en facile à lire;Avancement;Actions de suivi;Responsables\r\n"), "{csv}");
    assert!(csv.contains("Nous la retenons pour 2099.;;30 %;"), "{csv}");
    assert!(csv.contains(&marie.name));
    assert!(
        csv.contains("'=HYPERLINK"),
        "a formula is neutralised: {csv}"
    );
    assert_eq!(csv.matches("\r\n").count(), 3, "{csv}");
    let group_meeting = meeting::Entity::find()
        .filter(meeting::Column::Kind.eq(MeetingKind::WorkingGroup))
        .one(&test.db)
        .await
        .unwrap()
        .unwrap();
    assert_eq!(
        follow_up::of_session(&test.db, None, group_meeting.id).await,
        Err(AppError::NotFound)
    );
    test.drop_db().await;
}
