//! The benchmark body generator: the sizes it promises, deterministic from
//! its seed, and only ever into an empty database.

use crate::common;

use app::entities::{meeting_invitation, proposal, proposal_event, proposal_support, user};
use app::model::ProposalStatus;
use app::services::seed::generator::{self, Generated, Outcome, Size, LONG_TIMELINE};
use chrono::Utc;
use sea_orm::{ColumnTrait, EntityTrait, PaginatorTrait, QueryFilter, QueryOrder, QuerySelect};

const SIZE: Size = Size {
    organisations: 40,
    users: 120,
    proposals: 600,
    events: 5_000,
    supports: 900,
    meetings: 30,
};

async fn generate(test: &common::TestDb, seed: u64) -> Generated {
    match generator::generate(&test.db, SIZE, seed, "hash".into(), Utc::now())
        .await
        .expect("generation succeeds")
    {
        Outcome::Generated(body) => *body,
        Outcome::NotEmpty => panic!("the database was empty"),
    }
}

#[tokio::test]
async fn generates_the_promised_body_and_never_over_data() {
    let test = common::migrated().await;
    let body = generate(&test, 7).await;
    assert_eq!(body.proposals, SIZE.proposals);
    assert_eq!(body.events, SIZE.events);
    assert_eq!(body.supports, SIZE.supports);
    assert_eq!(body.meetings, SIZE.meetings);

    let demo_proposals = 12;
    assert_eq!(
        proposal::Entity::find().count(&test.db).await.unwrap() as usize,
        SIZE.proposals + demo_proposals
    );
    let long = proposal::Entity::find()
        .filter(proposal::Column::Reference.eq(&body.long_timeline_reference))
        .one(&test.db)
        .await
        .unwrap()
        .expect("the long-timeline proposal");
    assert_ne!(long.status, ProposalStatus::Deposee, "it must be public");
    let long_events = proposal_event::Entity::find()
        .filter(proposal_event::Column::ProposalId.eq(long.id))
        .count(&test.db)
        .await
        .unwrap();
    assert_eq!(long_events as usize, LONG_TIMELINE);

    let supports = proposal_support::Entity::find()
        .count(&test.db)
        .await
        .unwrap();
    let counted: Vec<i32> = proposal::Entity::find()
        .select_only()
        .column(proposal::Column::SupportsCount)
        .into_tuple()
        .all(&test.db)
        .await
        .unwrap();
    assert_eq!(
        supports as i64,
        counted.iter().map(|n| *n as i64).sum::<i64>()
    );

    let calendar_owner = user::Entity::find()
        .filter(
            user::Column::CalendarToken.eq(app::services::accounts::sessions::token_hash(
                &body.calendar_token,
            )),
        )
        .one(&test.db)
        .await
        .unwrap()
        .expect("the calendar feed's owner");
    assert_eq!(calendar_owner.email, body.member_email);
    let invited = meeting_invitation::Entity::find()
        .filter(meeting_invitation::Column::UserId.eq(calendar_owner.id))
        .count(&test.db)
        .await
        .unwrap();
    assert!(invited >= 3, "{invited} invitations");

    let again = generator::generate(&test.db, SIZE, 7, "hash".into(), Utc::now())
        .await
        .unwrap();
    assert!(matches!(again, Outcome::NotEmpty));
    test.drop_db().await;
}

#[tokio::test]
async fn the_same_seed_gives_the_same_body() {
    let mut titles = Vec::new();
    for _ in 0..2 {
        let test = common::migrated().await;
        generate(&test, 11).await;
        let found: Vec<(String, String)> = proposal::Entity::find()
            .order_by_asc(proposal::Column::Id)
            .select_only()
            .column(proposal::Column::Reference)
            .column(proposal::Column::Title)
            .into_tuple()
            .all(&test.db)
            .await
            .unwrap();
        titles.push(found);
        test.drop_db().await;
    }
    assert_eq!(titles[0], titles[1]);
}
