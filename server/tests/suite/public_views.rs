//! The views kept for anonymous visitors: a change reaches signed-in people
//! at once and the public once the kept copy is older than its time to live.

use std::time::Duration;

use crate::common;

use app::model::{BacklogFilters, CurrentUser, ProposalStatus};
use app::services::proposals::Audience;
use app::services::public_views::{self, PublicViews};
use app::services::submissions::{self, Submission};
use app::services::triage::{self, Context, StatusChange};
use chrono::Utc;

const URL: &str = common::PUBLIC_URL;
const MEMBER: &str = "marie.lefevre@familles-de-france.example";
const LEAD_2: &str = "julien.garnier@ants.example";
const TTL: Duration = Duration::from_millis(1500);

async fn move_to(
    test: &common::TestDb,
    lead: &CurrentUser,
    reference: &str,
    version: i32,
    status: ProposalStatus,
) {
    let ctx = Context {
        user: lead,
        public_url: URL.to_string(),
        ip: None,
        now: Utc::now(),
    };
    let change = StatusChange {
        version,
        status: status.code().into(),
        reason: String::new(),
        kept: String::new(),
    };
    triage::change_status(&test.db, &ctx, reference, change)
        .await
        .unwrap();
}

#[tokio::test]
async fn the_public_sees_a_change_once_its_copy_expires_and_members_at_once() {
    let test = common::with_demo().await;
    let member = common::demo_person(&test, MEMBER).await;
    let lead = common::demo_person(&test, LEAD_2).await;
    let submission = Submission {
        title: "Rappeler par SMS la date du rendez-vous en mairie".into(),
        body: "Beaucoup de rendez-vous sont manqués.".into(),
        procedures: vec!["cni-pre-demande".into()],
        origin: "association".into(),
        campaign: String::new(),
        group: "2".into(),
    };
    let p = submissions::submit(&test.db, &member, submission, URL, None, Utc::now())
        .await
        .unwrap();
    move_to(&test, &lead, &p.reference, 1, ProposalStatus::EnInstruction).await;

    let views = PublicViews::new(TTL);
    let search = BacklogFilters::parse("q=rappeler+sms+rendez").unwrap();
    let public_status = || async {
        public_views::proposal(&views, &test.db, None, &p.reference.to_lowercase())
            .await
            .unwrap()
            .status
    };
    let listed_status = |audience| {
        let views = &views;
        let search = &search;
        let db = &test.db;
        async move {
            let page = public_views::backlog(views, db, audience, search)
                .await
                .unwrap();
            assert_eq!(page.total, 1, "{:?}", page.rows);
            page.rows[0].card.status
        }
    };
    let on_home = || async {
        let home = public_views::home(&views, &test.db, Utc::now())
            .await
            .unwrap();
        let latest = &home.latest_proposals[0];
        assert_eq!(latest.reference, p.reference, "the latest public proposal");
        latest.status
    };
    assert_eq!(public_status().await, ProposalStatus::EnInstruction);
    assert_eq!(
        listed_status(Audience::Public).await,
        ProposalStatus::EnInstruction
    );
    assert_eq!(on_home().await, ProposalStatus::EnInstruction);

    move_to(&test, &lead, &p.reference, 2, ProposalStatus::Retenue).await;
    let signed_in = public_views::proposal(&views, &test.db, Some(&member), &p.reference)
        .await
        .unwrap();
    assert_eq!(
        signed_in.status,
        ProposalStatus::Retenue,
        "members read the database"
    );
    assert_eq!(
        listed_status(Audience::SignedIn).await,
        ProposalStatus::Retenue
    );
    assert_eq!(
        public_status().await,
        ProposalStatus::EnInstruction,
        "the public is shown the copy kept a moment ago"
    );
    assert_eq!(
        listed_status(Audience::Public).await,
        ProposalStatus::EnInstruction
    );

    assert_eq!(
        on_home().await,
        ProposalStatus::EnInstruction,
        "the home page is kept for everyone"
    );

    tokio::time::sleep(TTL).await;
    assert_eq!(public_status().await, ProposalStatus::Retenue);
    assert_eq!(
        listed_status(Audience::Public).await,
        ProposalStatus::Retenue
    );
    assert_eq!(on_home().await, ProposalStatus::Retenue);
    test.drop_db().await;
}
