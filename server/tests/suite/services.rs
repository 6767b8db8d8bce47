//! The read services against the demo body, on the database under test.

use crate::common;

use app::entities::{audit_event, proposal, user};
use app::model::{AppError, MeetingKind, ProposalStatus};
use app::services::{self, seed::demo::SeedOutcome};
use chrono::Utc;
use sea_orm::{ColumnTrait, EntityTrait, PaginatorTrait, QueryFilter};

#[tokio::test]
async fn demo_data_loads_once_and_never_over_existing_data() {
    let test = common::migrated().await;
    let first = services::seed::demo::seed(&test.db, Utc::now(), None)
        .await
        .unwrap();
    let SeedOutcome::Loaded {
        organisations,
        proposals,
    } = first
    else {
        panic!("demo data not loaded into an empty database: {first:?}");
    };
    assert!(organisations >= 10 && proposals >= 12, "{first:?}");
    let count = proposal::Entity::find().count(&test.db).await.unwrap();
    assert_eq!(count as usize, proposals);

    let second = services::seed::demo::seed(&test.db, Utc::now(), None)
        .await
        .unwrap();
    assert_eq!(second, SeedOutcome::SkippedNotEmpty);
    assert_eq!(
        proposal::Entity::find().count(&test.db).await.unwrap(),
        count
    );
    test.drop_db().await;
}

#[tokio::test]
async fn home_shows_the_next_meeting_groups_and_latest_public_proposals() {
    let test = common::with_demo().await;
    let home = services::views::home::load(&test.db, Utc::now())
        .await
        .unwrap();

    let next = home
        .next_meeting
        .expect("the demo body has a meeting to come");
    assert!(next.starts_at_iso > Utc::now().to_rfc3339(), "{next:?}");

    let numbers: Vec<i32> = home.groups.iter().map(|g| g.number).collect();
    assert_eq!(numbers, vec![1, 2, 3]);
    assert!(home
        .groups
        .iter()
        .all(|g| g.member_count > 0 && g.lead_name.is_some()));

    assert!(!home.latest_proposals.is_empty() && home.latest_proposals.len() <= 5);
    for card in &home.latest_proposals {
        assert_ne!(
            card.status,
            ProposalStatus::Deposee,
            "{} is not public",
            card.reference
        );
        assert!(card.reference.starts_with("DA-"), "{}", card.reference);
        assert!(!card.organisation.is_empty());
    }
    test.drop_db().await;
}

#[tokio::test]
async fn plenary_sessions_list_the_third_session_of_2_july_2019() {
    let test = common::with_demo().await;
    let sessions = services::body::meetings::plenary_sessions(&test.db)
        .await
        .unwrap();
    assert!(sessions
        .iter()
        .all(|s| s.meeting.kind == MeetingKind::Plenary));
    let third = sessions
        .iter()
        .find(|s| s.ordinal_label == "3e session — 2 juillet 2019")
        .unwrap_or_else(|| panic!("no 3rd session in {sessions:?}"));
    assert!(third.has_published_minutes);
    assert!(
        third
            .meeting
            .when
            .starts_with("mardi 2 juillet 2019 à 14 h"),
        "{}",
        third.meeting.when
    );
    let dates: Vec<&str> = sessions
        .iter()
        .map(|s| s.meeting.starts_at_iso.as_str())
        .collect();
    let mut sorted = dates.clone();
    sorted.sort_by(|a, b| b.cmp(a));
    assert_eq!(dates, sorted, "sessions are not most recent first");
    test.drop_db().await;
}

#[tokio::test]
async fn the_directory_lists_associations_and_partners_with_their_groups() {
    let test = common::with_demo().await;
    let members = services::body::organisations::directory(&test.db)
        .await
        .unwrap();
    let familles = members
        .iter()
        .find(|m| m.name.contains("Familles de France"))
        .expect("Familles de France is a member");
    assert!(!familles.groups.is_empty());
    assert!(members.iter().any(|m| m.name.contains("Secours populaire")));
    assert!(members
        .iter()
        .any(|m| m.name.contains("ANTS") || m.name.contains("titres sécurisés")));
    test.drop_db().await;
}

#[tokio::test]
async fn the_catalogue_groups_procedures_by_document_and_counts_public_proposals() {
    let test = common::with_demo().await;
    let families = services::backlog::procedures::catalogue(
        &test.db,
        services::backlog::cards::Audience::Public,
    )
    .await
    .unwrap();
    let documents: Vec<&str> = families.iter().map(|f| f.slug.as_str()).collect();
    assert_eq!(
        documents,
        ["cni", "passeport", "permis", "immatriculation", "autre"],
        "the starting catalogue's families, in its order"
    );
    let counted: u64 = families
        .iter()
        .flat_map(|f| f.procedures.iter())
        .map(|p| p.public_proposals)
        .sum();
    assert!(counted > 0);

    let hidden = proposal::Entity::find()
        .filter(proposal::Column::Status.eq(ProposalStatus::Deposee))
        .all(&test.db)
        .await
        .unwrap();
    assert!(
        !hidden.is_empty(),
        "the demo body has proposals still déposées"
    );
    test.drop_db().await;
}

#[tokio::test]
async fn the_public_backlog_hides_submitted_proposals_and_clamps_pages() {
    let test = common::with_demo().await;
    let public = proposal::Entity::find()
        .filter(proposal::Column::Status.ne(ProposalStatus::Deposee))
        .count(&test.db)
        .await
        .unwrap();
    let audience = services::backlog::cards::Audience::Public;
    let first = app::model::BacklogFilters::default();
    let page = services::backlog::proposals::backlog(&test.db, &common::lists(), audience, &first)
        .await
        .unwrap();
    assert_eq!(page.total, public);
    assert!(page.rows.iter().all(|row| row.card.status.is_public()));
    let far = app::model::BacklogFilters { page: 999, ..first };
    let beyond = services::backlog::proposals::backlog(&test.db, &common::lists(), audience, &far)
        .await
        .unwrap();
    assert_eq!(beyond.page, beyond.pages.max(1));
    test.drop_db().await;
}

#[tokio::test]
async fn creating_an_admin_hashes_the_password_and_audits_it() {
    let test = common::migrated().await;
    let created = services::accounts::people::create_admin(
        &test.db,
        " Secretariat@Interieur.gouv.fr ",
        "Claire Martin",
        "une phrase de passe robuste",
    )
    .await
    .unwrap();
    assert_eq!(created.email, "secretariat@interieur.gouv.fr");
    let hash = created.password_hash.clone().unwrap();
    assert!(hash.starts_with("$argon2id$") && !hash.contains("robuste"));
    let audit = audit_event::Entity::find()
        .filter(audit_event::Column::TargetId.eq(created.id))
        .one(&test.db)
        .await
        .unwrap()
        .expect("account creation is audited");
    assert_eq!(audit.kind, "account.created");
    assert!(!audit.detail.contains("robuste"));

    let again = services::accounts::people::create_admin(
        &test.db,
        "secretariat@interieur.gouv.fr",
        "Claire Martin",
        "une autre phrase de passe",
    )
    .await
    .unwrap_err();
    assert!(
        matches!(again, AppError::Invalid(ref m) if m.contains("existe déjà")),
        "{again}"
    );

    let short = services::accounts::people::create_admin(
        &test.db,
        "autre@interieur.gouv.fr",
        "Paul",
        "court",
    )
    .await
    .unwrap_err();
    assert!(short.to_string().contains("au moins 12 caractères"));
    assert_eq!(user::Entity::find().count(&test.db).await.unwrap(), 1);
    test.drop_db().await;
}
