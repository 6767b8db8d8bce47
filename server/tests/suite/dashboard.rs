//! What the handling side sees: a lead's dashboard (their groups' proposals
//! awaiting triage, oldest first, open actions with the overdue ones
//! flagged, next meetings), the secretariat's (the same across the body
//! with the proposals no group has), a member's (their actions); the
//! « sans groupe » view of the backlog in its form, CSV and feed; and the
//! « Mes notifications » form posted without JavaScript.

use crate::common;

use app::entities::{meeting, proposal, working_group};
use app::model::{
    BacklogFilters, CurrentUser, MeetingKind, MeetingStatus, NoticeKind, ProposalStatus,
};
use app::services::accounts::{notifications, sessions};
use app::services::backlog::cards::Audience;
use app::services::backlog::submissions::{self, Submission};
use app::services::backlog::{exports, proposals, triage};
use app::services::body::actions;
use app::services::views::dashboard;
use axum::body::Body;
use axum::http::{header, Request, StatusCode};
use chrono::{Duration, Utc};
use leptos::server_fn::ServerFn;
use sea_orm::{ActiveModelTrait, ColumnTrait, EntityTrait, PaginatorTrait, QueryFilter, Set};
use tower::ServiceExt;

const URL: &str = common::PUBLIC_URL;

const MEMBER: &str = "marie.lefevre@familles-de-france.example";
const OTHER_MEMBER: &str = "patrick.durand@secourspopulaire.example";
const LEAD_2: &str = "julien.garnier@ants.example";
const ADMIN: &str = "helene.marchand@interieur.example";

async fn submit(
    test: &common::TestDb,
    by: &CurrentUser,
    title: &str,
    group: &str,
) -> proposal::Model {
    let typed = Submission {
        title: title.into(),
        body: "Une difficulté rencontrée par les usagers.".into(),
        procedures: vec!["cni-pre-demande".into()],
        origin: "association".into(),
        campaign: String::new(),
        group: common::group_slug(test, group).await,
        organisation: String::new(),
    };
    submissions::submit(&test.db, by, typed, URL, None, Utc::now())
        .await
        .unwrap()
}

async fn group(test: &common::TestDb, number: i32) -> working_group::Model {
    working_group::Entity::find()
        .filter(working_group::Column::Number.eq(number))
        .one(&test.db)
        .await
        .unwrap()
        .unwrap()
}

async fn meeting_in(
    test: &common::TestDb,
    days: i64,
    group: Option<i32>,
    title: &str,
    status: MeetingStatus,
) {
    let starts_at = Utc::now() + Duration::days(days);
    meeting::ActiveModel {
        uid: Set(format!("test-{title}@ecoute")),
        kind: Set(MeetingKind::WorkingGroup),
        working_group_id: Set(group),
        title: Set(title.into()),
        starts_at: Set(starts_at),
        ends_at: Set(starts_at + Duration::hours(2)),
        agenda: Set(String::new()),
        status: Set(status),
        sequence: Set(0),
        created_at: Set(Utc::now()),
        updated_at: Set(Utc::now()),
        ..Default::default()
    }
    .insert(&test.db)
    .await
    .unwrap();
}

fn action(title: &str, owner: &str, due: &str) -> actions::ActionForm {
    actions::ActionForm {
        title: title.into(),
        owner: owner.into(),
        due_on: due.into(),
        description: String::new(),
        proposal_reference: String::new(),
    }
}

async fn signed_in(test: &common::TestDb, person: &CurrentUser) -> String {
    let token = sessions::start(&test.db, person.id, None, None, Utc::now())
        .await
        .unwrap();
    format!("ecoute_session={token}")
}

/// The body and work the tests look at: new proposals in groups 2 and 3 and
/// in none, actions of groups 2 and 3 (one overdue), meetings to come of
/// groups 2 and 3, one of them cancelled.
struct Work {
    in_group_2: proposal::Model,
    in_group_3: proposal::Model,
    unassigned: proposal::Model,
}

async fn work(test: &common::TestDb) -> Work {
    let member = common::demo_person(test, MEMBER).await;
    let other = common::demo_person(test, OTHER_MEMBER).await;
    let lead = common::demo_person(test, LEAD_2).await;
    let admin = common::demo_person(test, ADMIN).await;
    let in_group_2 = submit(test, &member, "Nouvelle du groupe deux", "2").await;
    let in_group_3 = submit(test, &member, "Nouvelle du groupe trois", "3").await;
    let unassigned = submit(test, &member, "Nouvelle sans groupe", "").await;
    for (title, due) in [
        ("Action en retard", "2020-01-31"),
        ("Action à venir", "2099-01-31"),
    ] {
        triage::record_action(
            &test.db,
            &lead,
            &in_group_2.reference,
            action(title, &other.email, due),
            URL,
            None,
        )
        .await
        .unwrap();
    }
    triage::record_action(
        &test.db,
        &admin,
        &in_group_3.reference,
        action("Action du groupe trois", &other.email, "2099-02-28"),
        URL,
        None,
    )
    .await
    .unwrap();
    let (two, three) = (group(test, 2).await.id, group(test, 3).await.id);
    meeting_in(
        test,
        5,
        Some(two),
        "Réunion annulée du groupe 2",
        MeetingStatus::Cancelled,
    )
    .await;
    meeting_in(
        test,
        10,
        Some(three),
        "Réunion du groupe 3",
        MeetingStatus::Planned,
    )
    .await;
    Work {
        in_group_2,
        in_group_3,
        unassigned,
    }
}

#[tokio::test]
async fn a_leads_dashboard_shows_their_groups_work_awaiting_them() {
    let test = common::with_demo().await;
    let body = work(&test).await;
    let lead = common::demo_person(&test, LEAD_2).await;
    let two = group(&test, 2).await;

    let seen = dashboard::dashboard(&test.db, &lead, Utc::now())
        .await
        .unwrap();
    let work = seen.handling.expect("a lead handles proposals");
    assert_eq!(work.queues.len(), 1);
    let queue = &work.queues[0];
    assert_eq!(queue.heading, app::services::body::groups::label(&two));
    let expected = proposal::Entity::find()
        .filter(proposal::Column::WorkingGroupId.eq(two.id))
        .filter(
            proposal::Column::Status
                .is_in([ProposalStatus::Deposee, ProposalStatus::EnInstruction]),
        )
        .count(&test.db)
        .await
        .unwrap();
    assert_eq!(queue.total, expected);
    assert!(queue.total >= 1);
    let references: Vec<_> = queue
        .proposals
        .iter()
        .map(|p| p.reference.clone())
        .collect();
    assert!(references.contains(&body.in_group_2.reference));
    assert!(!references.contains(&body.in_group_3.reference));
    assert!(!references.contains(&body.unassigned.reference));
    let mut created = Vec::new();
    for card in &queue.proposals {
        assert!(
            matches!(
                card.status,
                ProposalStatus::Deposee | ProposalStatus::EnInstruction
            ),
            "{card:?}"
        );
        let p = proposal::Entity::find_by_id(card.id)
            .one(&test.db)
            .await
            .unwrap()
            .unwrap();
        assert_eq!(p.working_group_id, Some(two.id));
        created.push(p.created_at);
    }
    assert!(created.windows(2).all(|w| w[0] <= w[1]), "oldest first");
    assert!(
        queue.links[0]
            .1
            .contains("groupe=simplification-des-demarches")
            && queue.links[0].1.contains("ordre=asc")
    );

    let titles: Vec<_> = work
        .actions
        .iter()
        .map(|a| (a.title.as_str(), a.overdue))
        .collect();
    assert_eq!(
        titles,
        vec![("Action en retard", true), ("Action à venir", false)],
        "the group's open actions by due date, overdue flagged"
    );
    let meetings: Vec<_> = work.meetings.iter().map(|m| m.title.as_str()).collect();
    assert_eq!(
        meetings,
        vec![
            "Groupe 2 — simplifier le changement de titulaire",
            "4e séance plénière de l'instance d'écoute"
        ],
        "their group's and the plenary sessions, not cancelled ones nor other groups'"
    );

    // Moved along, a proposal leaves the queue.
    triage::change_status(
        &test.db,
        &common::context(&lead),
        &body.in_group_2.reference,
        triage::StatusChange {
            version: body.in_group_2.version,
            status: ProposalStatus::NonRetenue.code().into(),
            reason: "Hors du champ de l'instance.".into(),
            ..Default::default()
        },
    )
    .await
    .unwrap();
    let after = dashboard::dashboard(&test.db, &lead, Utc::now())
        .await
        .unwrap()
        .handling
        .unwrap();
    assert_eq!(after.queues[0].total, expected - 1);
    assert!(after.queues[0]
        .proposals
        .iter()
        .all(|p| p.reference != body.in_group_2.reference));

    let site = tempfile::tempdir().unwrap();
    let app = common::router(&test, site.path());
    let cookie = signed_in(&test, &lead).await;
    let page = common::get(&app, "/tableau-de-bord", Some(&cookie)).await;
    assert_eq!(page.status, StatusCode::OK);
    let html = page.text();
    assert!(html.contains(&format!(
        "À instruire — {}",
        app::services::body::groups::label(&two)
    )));
    assert!(html.contains("Actions en cours (1 en retard)"));
    assert!(
        html.contains(">En retard</span>"),
        "the overdue action's badge"
    );
    assert!(html.contains("Prochaines réunions"));
    assert!(html.contains("/compte/notifications"));
    assert!(!html.contains("Sans groupe de travail"));
    test.drop_db().await;
}

#[tokio::test]
async fn the_secretariats_dashboard_covers_every_group_and_the_proposals_without_one() {
    let test = common::with_demo().await;
    let body = work(&test).await;
    let admin = common::demo_person(&test, ADMIN).await;
    let seen = dashboard::dashboard(&test.db, &admin, Utc::now())
        .await
        .unwrap();
    let work = seen.handling.expect("the secretariat handles proposals");
    let headings: Vec<_> = work.queues.iter().map(|q| q.heading.clone()).collect();
    let mut expected = vec!["Sans groupe de travail".to_string()];
    for number in 1..=3 {
        expected.push(app::services::body::groups::label(
            &group(&test, number).await,
        ));
    }
    assert_eq!(headings, expected);
    let unassigned = &work.queues[0];
    assert!(unassigned
        .proposals
        .iter()
        .any(|p| p.reference == body.unassigned.reference));
    assert!(unassigned
        .proposals
        .iter()
        .all(|p| p.working_group.is_none()));
    assert!(unassigned.links[0].1.contains("groupe=aucun"));
    assert!(work.queues[3]
        .proposals
        .iter()
        .any(|p| p.reference == body.in_group_3.reference));

    let titles: Vec<_> = work.actions.iter().map(|a| a.title.as_str()).collect();
    for title in [
        "Action en retard",
        "Action à venir",
        "Action du groupe trois",
    ] {
        assert!(titles.contains(&title), "{title}: {titles:?}");
    }
    assert!(work.actions.iter().any(|a| a.title
        == "Expertiser une alternative accessible au captcha visuel"
        && a.overdue));
    let meetings: Vec<_> = work.meetings.iter().map(|m| m.title.as_str()).collect();
    assert_eq!(
        meetings,
        vec![
            "Réunion du groupe 3",
            "Groupe 2 — simplifier le changement de titulaire",
            "4e séance plénière de l'instance d'écoute"
        ]
    );

    // An action of theirs shows in both lists, each form with its own ids.
    let own = triage::record_action(
        &test.db,
        &admin,
        &body.in_group_3.reference,
        action("Action du secrétariat", &admin.email, "2099-03-31"),
        URL,
        None,
    )
    .await
    .unwrap();
    let site = tempfile::tempdir().unwrap();
    let app = common::router(&test, site.path());
    let cookie = signed_in(&test, &admin).await;
    let html = common::get(&app, "/tableau-de-bord", Some(&cookie))
        .await
        .text();
    assert!(html.contains("À instruire — Sans groupe de travail"));
    assert!(html.contains("Nouvelle sans groupe"));
    for id in [
        format!("etat-action-{}", own.id),
        format!("etat-mon-action-{}", own.id),
    ] {
        assert_eq!(html.matches(&format!(r#"id="{id}""#)).count(), 1, "{id}");
    }
    test.drop_db().await;
}

#[tokio::test]
async fn a_members_dashboard_holds_the_actions_they_own_only() {
    let test = common::with_demo().await;
    work(&test).await;
    let other = common::demo_person(&test, OTHER_MEMBER).await;
    let seen = dashboard::dashboard(&test.db, &other, Utc::now())
        .await
        .unwrap();
    assert!(seen.handling.is_none());
    assert_eq!(seen.my_actions.len(), 3);
    let site = tempfile::tempdir().unwrap();
    let app = common::router(&test, site.path());
    let cookie = signed_in(&test, &other).await;
    let html = common::get(&app, "/tableau-de-bord", Some(&cookie))
        .await
        .text();
    assert!(html.contains("Mes actions"));
    assert!(!html.contains("À instruire"));
    test.drop_db().await;
}

#[tokio::test]
async fn the_backlog_shows_the_proposals_without_a_group_in_its_form_csv_and_feed() {
    let test = common::with_demo().await;
    let body = work(&test).await;
    let admin = common::demo_person(&test, ADMIN).await;
    let unassigned = BacklogFilters::parse("groupe=aucun").unwrap();

    let page = proposals::backlog(&test.db, &common::lists(), Audience::SignedIn, &unassigned)
        .await
        .unwrap();
    let expected = proposal::Entity::find()
        .filter(proposal::Column::WorkingGroupId.is_null())
        .count(&test.db)
        .await
        .unwrap();
    assert_eq!(page.total, expected);
    assert!(page.rows.iter().all(|r| r.card.working_group.is_none()));
    assert!(page
        .rows
        .iter()
        .any(|r| r.card.reference == body.unassigned.reference));
    assert!(page
        .options
        .groups
        .iter()
        .any(|c| c.value == "aucun" && c.label == "Sans groupe de travail"));
    // The public never sees a proposal still « déposée », in this view either.
    let public = proposals::backlog(&test.db, &common::lists(), Audience::Public, &unassigned)
        .await
        .unwrap();
    assert!(public
        .rows
        .iter()
        .all(|r| r.card.reference != body.unassigned.reference));

    let csv = String::from_utf8(common::csv_export(&test, Audience::SignedIn, &unassigned).await)
        .unwrap();
    assert!(csv.contains("Nouvelle sans groupe"));
    assert!(!csv.contains("Nouvelle du groupe deux"));

    for p in [&body.unassigned, &body.in_group_2] {
        triage::change_status(
            &test.db,
            &common::context(&admin),
            &p.reference,
            triage::StatusChange {
                version: p.version,
                status: ProposalStatus::EnInstruction.code().into(),
                ..Default::default()
            },
        )
        .await
        .unwrap();
    }
    let feed = exports::status_feed(&test.db, Audience::Public, &unassigned, URL, Utc::now())
        .await
        .unwrap();
    assert!(feed.contains("Nouvelle sans groupe"), "{feed}");
    assert!(!feed.contains("Nouvelle du groupe deux"));
    assert!(feed.contains("groupe=aucun"));

    let site = tempfile::tempdir().unwrap();
    let app = common::router(&test, site.path());
    let cookie = signed_in(&test, &admin).await;
    let html = common::get(&app, "/propositions?groupe=aucun", Some(&cookie))
        .await
        .text();
    assert!(html.contains("Nouvelle sans groupe"));
    assert!(!html.contains("Nouvelle du groupe deux"));
    assert!(
        html.contains(r#"<option value="aucun" selected>Sans groupe de travail</option>"#),
        "the form keeps the view"
    );
    assert!(html.contains("/propositions.csv?groupe=aucun"));
    assert!(html.contains("/propositions.atom?groupe=aucun"));
    test.drop_db().await;
}

fn post(path: &str, cookie: &str, body: &str) -> Request<Body> {
    Request::post(path)
        .header(header::COOKIE, cookie)
        .header(header::ORIGIN, URL)
        .header(header::REFERER, format!("{URL}/compte/notifications"))
        .header(header::ACCEPT, "text/html")
        .header(header::CONTENT_TYPE, "application/x-www-form-urlencoded")
        .body(Body::from(body.to_string()))
        .unwrap()
}

#[tokio::test]
async fn the_notification_form_works_without_javascript() {
    let test = common::with_demo().await;
    let lead = common::demo_person(&test, LEAD_2).await;
    let member = common::demo_person(&test, MEMBER).await;
    let site = tempfile::tempdir().unwrap();
    let app = common::router(&test, site.path());
    let cookie = signed_in(&test, &lead).await;
    let save = <app::api::dashboard::SaveNoticePreferences as ServerFn>::PATH;

    let anonymous = common::get(&app, "/compte/notifications", None).await;
    assert!(anonymous.status.is_redirection(), "{:?}", anonymous.status);

    let html = common::get(&app, "/compte/notifications", Some(&cookie))
        .await
        .text();
    assert!(html.contains("Les résumés partent à 8 h, heure de Paris"));
    for kind in NoticeKind::ALL {
        assert!(html.contains(kind.label()), "{kind:?}");
    }
    assert!(
        html.contains(
            r#"id="new_proposal-immediate" name="new_proposal" value="immediate" checked"#
        ),
        "{html}"
    );
    assert!(html
        .contains(r#"<label for="participation-daily" class="fr-label">Résumé quotidien</label>"#));
    assert!(html.contains(&format!(r#"action="{save}""#)));

    let response = app
        .clone()
        .oneshot(post(
            save,
            &cookie,
            "new_proposal=weekly&participation=off&action_assigned=daily&action_overdue=immediate",
        ))
        .await
        .unwrap();
    assert!(
        response.status().is_redirection(),
        "{:?}",
        response.status()
    );
    let location = response.headers()[header::LOCATION]
        .to_str()
        .unwrap()
        .to_string();
    assert_eq!(location, "/compte/notifications?enregistre");
    let html = common::get(&app, &location, Some(&cookie)).await.text();
    assert!(html.contains("Vos préférences de notification sont enregistrées."));
    assert!(html.contains(r#"id="new_proposal-weekly" name="new_proposal" value="weekly" checked"#));
    let settings = notifications::settings(&test.db, &lead, 8).await.unwrap();
    let chosen: Vec<_> = settings
        .preferences
        .iter()
        .map(|p| p.cadence.code())
        .collect();
    assert_eq!(chosen, vec!["weekly", "off", "daily", "immediate"]);

    // A value not offered: back to the form with the French message, nothing changed.
    let response = app
        .clone()
        .oneshot(post(
            save,
            &cookie,
            "new_proposal=toujours&participation=daily",
        ))
        .await
        .unwrap();
    assert!(response.status().is_redirection());
    let back = response.headers()[header::LOCATION]
        .to_str()
        .unwrap()
        .to_string();
    assert!(
        back.starts_with(&format!("{URL}/compte/notifications")),
        "{back}"
    );
    let back = back.trim_start_matches(URL);
    let html = common::get(&app, back, Some(&cookie)).await.text();
    assert!(
        html.contains("Choisissez quand être prévenu(e) pour « Nouvelles propositions » parmi les choix proposés."),
        "{html}"
    );
    let settings = notifications::settings(&test.db, &lead, 8).await.unwrap();
    assert_eq!(settings.preferences[1].cadence.code(), "off");

    // A member is offered the kinds that concern them.
    let cookie = signed_in(&test, &member).await;
    let html = common::get(&app, "/compte/notifications", Some(&cookie))
        .await
        .text();
    assert!(html.contains("Actions qui vous sont confiées"));
    assert!(!html.contains("Nouvelles propositions"));
    test.drop_db().await;
}
