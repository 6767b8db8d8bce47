//! Follow-up actions decided in meetings, a person's own actions, and the
//! working-group page that gathers meetings, open actions and its backlog.

use crate::common;

use app::entities::{meeting, proposal, proposal_event, working_group};
use app::model::{ActionStatus, AppError, MeetingKind, ProposalEventKind, ProposalStatus};
use app::services::body::actions::{self, ActionForm};
use app::services::body::meetings;
use app::services::views::group_page;
use sea_orm::{ActiveModelTrait, ColumnTrait, EntityTrait, QueryFilter, Set};

async fn group(test: &common::TestDb, number: i32) -> working_group::Model {
    working_group::Entity::find()
        .filter(working_group::Column::Number.eq(number))
        .one(&test.db)
        .await
        .unwrap()
        .unwrap()
}

/// A meeting of working group `number`, from the demo data.
async fn group_meeting(test: &common::TestDb, number: i32) -> meeting::Model {
    let group = group(test, number).await;
    meeting::Entity::find()
        .filter(meeting::Column::Kind.eq(MeetingKind::WorkingGroup))
        .filter(meeting::Column::WorkingGroupId.eq(group.id))
        .one(&test.db)
        .await
        .unwrap()
        .expect("a demo meeting of that group")
}

fn form(owner: &str, due_on: &str, reference: &str) -> ActionForm {
    ActionForm {
        title: "Rédiger la fiche « Préparer ma démarche »".into(),
        owner: owner.into(),
        due_on: due_on.into(),
        description: String::new(),
        proposal_reference: reference.into(),
    }
}

#[tokio::test]
async fn the_lead_records_actions_that_reach_the_owner_and_the_group_page() {
    let test = common::with_demo().await;
    let lead = common::demo_person(&test, "julien.garnier@ants.example").await;
    let other_lead = common::demo_person(&test, "sophie.lambert@interieur.example").await;
    let owner = common::demo_person(&test, "marie.lefevre@familles-de-france.example").await;
    let meeting = group_meeting(&test, 2).await;
    let linked = proposal::Entity::find()
        .filter(proposal::Column::WorkingGroupId.eq(meeting.working_group_id))
        .one(&test.db)
        .await
        .unwrap()
        .unwrap();

    let bad_date = meetings::record_action(
        &test.db,
        &lead,
        meeting.id,
        form(&owner.email, "31/12/2030", ""),
        common::PUBLIC_URL,
        None,
    )
    .await
    .unwrap_err();
    assert!(bad_date.to_string().contains("échéance"), "{bad_date}");
    let unknown = meetings::record_action(
        &test.db,
        &lead,
        meeting.id,
        form(&owner.email, "2030-12-31", "DA-1999-0001"),
        common::PUBLIC_URL,
        None,
    )
    .await
    .unwrap_err();
    assert!(unknown.to_string().contains("DA-1999-0001"), "{unknown}");
    assert_eq!(
        meetings::record_action(
            &test.db,
            &other_lead,
            meeting.id,
            form(&owner.email, "2030-12-31", ""),
            common::PUBLIC_URL,
            None
        )
        .await
        .unwrap_err(),
        AppError::Forbidden,
        "the lead of group 1 does not run group 2"
    );
    assert!(actions::of_owner(&test.db, &owner)
        .await
        .unwrap()
        .is_empty());

    let created = meetings::record_action(
        &test.db,
        &lead,
        meeting.id,
        form(&owner.email, "2030-12-31", &linked.reference.to_lowercase()),
        common::PUBLIC_URL,
        None,
    )
    .await
    .unwrap();
    assert_eq!(created.proposal_id, Some(linked.id));
    let event = proposal_event::Entity::find()
        .filter(proposal_event::Column::ActionId.eq(created.id))
        .one(&test.db)
        .await
        .unwrap()
        .expect("the proposal's timeline shows the action");
    assert_eq!(event.kind, ProposalEventKind::ActionLinked);

    let mine = actions::of_owner(&test.db, &owner).await.unwrap();
    assert_eq!(mine.len(), 1);
    assert!(mine[0].can_update, "the owner may move their action");
    assert_eq!(
        mine[0].proposal_reference.as_deref(),
        Some(linked.reference.as_str())
    );
    let page = group_page::detail(&test.db, None, &group(&test, 2).await.slug)
        .await
        .unwrap();
    assert!(page.actions.iter().any(|a| a.id == created.id));
    assert!(
        page.actions.iter().all(|a| !a.can_update),
        "not for anonymous visitors"
    );

    assert_eq!(
        actions::set_status(&test.db, &other_lead, created.id, ActionStatus::Done, None).await,
        Err(AppError::Forbidden)
    );
    actions::set_status(&test.db, &owner, created.id, ActionStatus::Done, None)
        .await
        .unwrap();
    let page = group_page::detail(&test.db, None, &group(&test, 2).await.slug)
        .await
        .unwrap();
    assert!(
        page.actions.iter().all(|a| a.id != created.id),
        "a finished action is no longer open"
    );
    test.drop_db().await;
}

#[tokio::test]
async fn the_group_page_hides_submitted_proposals_from_the_public() {
    let test = common::with_demo().await;
    let group_2 = group(&test, 2).await;
    let lead = common::demo_person(&test, "julien.garnier@ants.example").await;
    let member = common::demo_person(&test, "marie.lefevre@familles-de-france.example").await;
    let hidden = proposal::Entity::find()
        .filter(proposal::Column::WorkingGroupId.eq(group_2.id))
        .one(&test.db)
        .await
        .unwrap()
        .unwrap();
    let mut submitted: proposal::ActiveModel = hidden.clone().into();
    submitted.status = Set(ProposalStatus::Deposee);
    submitted.update(&test.db).await.unwrap();

    let public = group_page::detail(&test.db, None, &group_2.slug)
        .await
        .unwrap();
    assert!(public
        .backlog
        .items
        .iter()
        .all(|p| p.reference != hidden.reference));
    assert!(!public.can_schedule);
    assert!(public.heading.starts_with("Groupe 2"));
    assert_eq!(public.lead.as_deref(), Some("Julien Garnier"));
    assert!(!public.members.is_empty());
    assert!(!public.meetings.items.is_empty());

    let signed_in = group_page::detail(&test.db, Some(&member), &group_2.slug)
        .await
        .unwrap();
    assert!(signed_in
        .backlog
        .items
        .iter()
        .any(|p| p.reference == hidden.reference));
    assert!(!signed_in.can_schedule);
    assert!(
        group_page::detail(&test.db, Some(&lead), &group_2.slug)
            .await
            .unwrap()
            .can_schedule
    );
    assert_eq!(
        group_page::detail(&test.db, None, "pas-un-groupe")
            .await
            .unwrap_err(),
        AppError::NotFound
    );
    test.drop_db().await;
}
