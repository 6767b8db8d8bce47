//! Everyday corrections of follow-up actions: the lead of the action's
//! group or the secretariat edits its title, owner, due date and details;
//! a status change shows on the timeline of the proposal it follows; overdue
//! actions are flagged « En retard » on the dashboard.

use crate::common::{self, audits, invalid, signed_in};

use app::api::actions::UpdateAction;
use app::entities::{action, proposal, user};
use app::model::{ActionStatus, AppError, CurrentUser, ProposalEventKind, ProposalStatus};
use app::services::backlog::proposal_page;
use app::services::backlog::triage;
use app::services::body::actions::{self, ActionForm};
use axum::http::StatusCode;
use chrono::{Duration, Utc};
use leptos::server_fn::ServerFn;
use sea_orm::{ActiveModelTrait, ColumnTrait, EntityTrait, QueryFilter, Set};

const MEMBER: &str = "marie.lefevre@familles-de-france.example";
const LEAD_2: &str = "julien.garnier@ants.example";
const LEAD_3: &str = "nathalie.rousseau@apf-francehandicap.example";
const ADMIN: &str = "helene.marchand@interieur.example";

/// A proposal of group 2 being worked on.
async fn group_2_proposal(test: &common::TestDb) -> proposal::Model {
    let group_2 = common::demo_person(test, LEAD_2).await.lead_of[0];
    proposal::Entity::find()
        .filter(proposal::Column::WorkingGroupId.eq(group_2))
        .filter(proposal::Column::Status.eq(ProposalStatus::EnInstruction))
        .one(&test.db)
        .await
        .unwrap()
        .expect("a demo proposal of group 2 in instruction")
}

fn form(title: &str, owner: &str, due_on: &str) -> ActionForm {
    ActionForm {
        title: title.into(),
        owner: owner.into(),
        due_on: due_on.into(),
        description: String::new(),
        proposal_reference: String::new(),
    }
}

/// An action of `p` owned by Marie Lefèvre, due on `due_on`.
async fn decided(
    test: &common::TestDb,
    lead: &CurrentUser,
    p: &proposal::Model,
    due_on: &str,
) -> action::Model {
    let marie = common::demo_person(test, MEMBER).await;
    triage::record_action(
        &test.db,
        lead,
        &p.reference,
        form("Recenser les pièces demandées", &marie.email, due_on),
        common::PUBLIC_URL,
        None,
    )
    .await
    .unwrap()
}

#[tokio::test]
async fn the_lead_or_the_secretariat_edits_an_action() {
    let test = common::with_demo().await;
    let lead = common::demo_person(&test, LEAD_2).await;
    let marie = common::demo_person(&test, MEMBER).await;
    let p = group_2_proposal(&test).await;
    let a = decided(&test, &lead, &p, "2099-03-31").await;
    let edited_for = |owner: &str| ActionForm {
        description: "Avec la liste des pièces par démarche.".into(),
        ..form(
            "Recenser et publier les pièces demandées",
            owner,
            "2099-04-30",
        )
    };
    let edited = || edited_for(&lead.email);

    for email in [MEMBER, LEAD_3] {
        let someone = common::demo_person(&test, email).await;
        assert_eq!(
            actions::update(&test.db, &someone, a.id, edited(), common::PUBLIC_URL, None).await,
            Err(AppError::Forbidden),
            "{email}: the owner moves its status, not its terms"
        );
    }
    let bad_date = invalid(
        actions::update(
            &test.db,
            &lead,
            a.id,
            form("Titre", &marie.email, "31/04/2099"),
            common::PUBLIC_URL,
            None,
        )
        .await,
    );
    assert!(bad_date.contains("échéance"), "{bad_date}");
    let empty = invalid(
        actions::update(
            &test.db,
            &lead,
            a.id,
            form(" ", &marie.email, "2099-03-31"),
            common::PUBLIC_URL,
            None,
        )
        .await,
    );
    assert!(empty.contains("intitulé"), "{empty}");
    let mut gone: user::ActiveModel = user::Entity::find_by_id(lead.id)
        .one(&test.db)
        .await
        .unwrap()
        .unwrap()
        .into();
    let nothing = invalid(
        actions::update(
            &test.db,
            &lead,
            a.id,
            form("Recenser les pièces demandées", &marie.email, "2099-03-31"),
            common::PUBLIC_URL,
            None,
        )
        .await,
    );
    assert!(nothing.contains("Rien n'a changé"), "{nothing}");

    let back = actions::update(&test.db, &lead, a.id, edited(), common::PUBLIC_URL, None)
        .await
        .unwrap();
    assert_eq!(back, format!("/propositions/{}#actions", p.reference));
    let saved = action::Entity::find_by_id(a.id)
        .one(&test.db)
        .await
        .unwrap()
        .unwrap();
    assert_eq!(saved.title, "Recenser et publier les pièces demandées");
    assert_eq!(saved.owner_user_id, Some(lead.id));
    assert_eq!(
        saved.due_on.map(|d| d.to_string()).as_deref(),
        Some("2099-04-30")
    );
    assert_eq!(saved.description, "Avec la liste des pièces par démarche.");
    assert_eq!(saved.status, ActionStatus::Open);
    let audited = audits(&test, "action.updated").await;
    assert_eq!(audited.len(), 1);
    for said in [
        "intitulé",
        "responsable Julien Garnier",
        "échéance le 30 avril 2099",
        "précisions",
    ] {
        assert!(
            audited[0].detail.contains(said),
            "{said}: {}",
            audited[0].detail
        );
    }

    // A new owner is told, as of a new action.
    let admin = common::demo_person(&test, ADMIN).await;
    let marie_mails = common::mails_to(&test, &marie.email).await.len();
    actions::update(
        &test.db,
        &admin,
        a.id,
        edited_for(&marie.email),
        common::PUBLIC_URL,
        None,
    )
    .await
    .unwrap();
    let told = common::mails_to(&test, &marie.email).await;
    assert_eq!(told.len(), marie_mails + 1);
    assert!(told
        .last()
        .unwrap()
        .body_text
        .contains("Recenser et publier les pièces demandées"));

    // An owner who left cannot be given an action.
    gone.active = Set(false);
    gone.update(&test.db).await.unwrap();
    let inactive = invalid(
        actions::update(
            &test.db,
            &admin,
            a.id,
            form("Autre", &lead.email, "2099-04-30"),
            common::PUBLIC_URL,
            None,
        )
        .await,
    );
    assert!(
        inactive.contains("Aucune personne active n'a l'adresse"),
        "{inactive}"
    );
    test.drop_db().await;
}

#[tokio::test]
async fn a_status_change_shows_on_the_proposals_timeline() {
    let test = common::with_demo().await;
    let lead = common::demo_person(&test, LEAD_2).await;
    let marie = common::demo_person(&test, MEMBER).await;
    let p = group_2_proposal(&test).await;
    let a = decided(&test, &lead, &p, "2099-03-31").await;

    actions::set_status(&test.db, &marie, a.id, ActionStatus::InProgress, None)
        .await
        .unwrap();
    let same =
        invalid(actions::set_status(&test.db, &marie, a.id, ActionStatus::InProgress, None).await);
    assert!(same.contains("déjà « En cours »"), "{same}");
    let detail = proposal_page::detail(&test.db, &common::views(), None, &p.reference)
        .await
        .unwrap();
    let event = detail
        .timeline
        .iter()
        .find(|e| e.kind == ProposalEventKind::ActionStatusChanged)
        .expect("the change is on the proposal's timeline");
    assert_eq!(event.summary, "Action de suivi mise à jour");
    assert_eq!(
        event.body.as_deref(),
        Some("« Recenser les pièces demandées » : À faire → En cours")
    );
    assert_eq!(event.who.as_deref(), Some("Familles de France"));
    assert_eq!(audits(&test, "action.status").await.len(), 1);
    test.drop_db().await;
}

#[tokio::test]
async fn overdue_actions_are_flagged_on_the_dashboard_and_edited_through_their_page() {
    let test = common::with_demo().await;
    let lead = common::demo_person(&test, LEAD_2).await;
    let marie = common::demo_person(&test, MEMBER).await;
    let p = group_2_proposal(&test).await;
    let yesterday = (Utc::now() - Duration::days(2)).date_naive().to_string();
    let late = decided(&test, &lead, &p, &yesterday).await;
    let owned = actions::of_owner(&test.db, &marie).await.unwrap();
    let row = owned.iter().find(|r| r.id == late.id).unwrap();
    assert!(row.overdue);
    assert!(
        row.can_update && !row.can_edit,
        "the owner moves it, the lead edits it"
    );

    let site = tempfile::tempdir().unwrap();
    let app = common::router(&test, site.path());
    let cookie = signed_in(&test, MEMBER).await;
    let dashboard = common::get(&app, "/tableau-de-bord", Some(&cookie))
        .await
        .text();
    assert!(dashboard.contains("En retard"), "{dashboard}");
    assert!(dashboard.contains("de vos actions") && dashboard.contains("en retard"));
    assert_eq!(
        common::get(
            &app,
            &format!("/actions/{}/modifier", late.id),
            Some(&cookie)
        )
        .await
        .status,
        StatusCode::FORBIDDEN
    );

    let lead_cookie = signed_in(&test, LEAD_2).await;
    let page = common::get(
        &app,
        &format!("/actions/{}/modifier", late.id),
        Some(&lead_cookie),
    )
    .await;
    assert_eq!(page.status, StatusCode::OK);
    assert!(page.text().contains("Recenser les pièces demandées"));
    let response = common::post_form(
        &app,
        UpdateAction::PATH,
        Some(&lead_cookie),
        &format!("/actions/{}/modifier", late.id),
        &format!(
            "action_id={}&title=Recenser+les+pi%C3%A8ces&owner={}&due_on=2099-01-15&description=",
            late.id,
            marie.email.replace('@', "%40")
        ),
    )
    .await;
    assert_eq!(
        response.headers["location"].to_str().unwrap(),
        format!("/propositions/{}#actions", p.reference)
    );
    let owned = actions::of_owner(&test.db, &marie).await.unwrap();
    assert!(!owned.iter().find(|r| r.id == late.id).unwrap().overdue);
    test.drop_db().await;
}
