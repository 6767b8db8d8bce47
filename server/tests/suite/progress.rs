//! The implementation of decided proposals: the lead of the proposal's group
//! (or the secretariat) keeps its progress and milestones, shown to the
//! public on its page, its timeline and the Atom feed; everyone else is
//! refused, and bad input changes nothing.

use crate::common::{self, audits, invalid};

use app::api::proposals::SetProposalProgress;
use app::entities::{proposal, proposal_event, proposal_milestone};
use app::model::{AppError, ProposalEventKind, ProposalStatus};
use app::services::backlog::{progress, proposal_page};
use leptos::server_fn::ServerFn;
use sea_orm::{ColumnTrait, EntityTrait, QueryFilter};

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
    assert!(bar.contains(r#"max="100""#) && bar.contains(r#"value="40""#), "{bar}");
    assert!(bar.contains(r#"aria-labelledby="avancement""#) && bar.contains("40 %"), "{bar}");
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
