//! The demo body: loaded from its data file with a password for its three
//! accounts that is never the same twice (or given by ECOUTE_DEMO_PASSWORD),
//! and removed as a whole without touching what real users created.

use crate::common::{self, ecoute, text};

use app::entities::{
    audit_event, demo_row, meeting, organisation, plenary_snapshot, plenary_snapshot_row,
    procedure, procedure_family, proposal, reference_counter, user, working_group,
};
use app::model::{AppError, Role};
use app::services::accounts;
use app::services::backlog::{catalogue, submissions};
use app::services::body::{meetings, membership};
use app::services::seed::removal;
use chrono::Utc;
use migration::{Migrator, MigratorTrait};
use sea_orm::{ColumnTrait, ConnectionTrait, EntityTrait, PaginatorTrait, QueryFilter};

#[tokio::test]
async fn removing_the_demo_keeps_what_real_users_created_and_the_demo_rows_they_use() {
    let test = common::with_demo().await;
    let admin = common::person(&test, Role::Admin, "secretariat@exemple.fr", None).await;
    let demo_admin = common::demo_person(&test, "helene.marchand@interieur.example").await;
    let demo_member = common::demo_person(&test, "marie.lefevre@familles-de-france.example").await;

    // Real data: an organisation with a member, who submits a proposal on a
    // demo procedure for a demo group; a group and a family of its own.
    let slug = membership::create_organisation(
        &test.db,
        &admin,
        membership::OrganisationForm {
            name: "Association des usagers du Nord".into(),
            kind: "association".into(),
            joined_on: "2024-01-15".into(),
            ..Default::default()
        },
        None,
    )
    .await
    .unwrap();
    let real_org = organisation::Entity::find()
        .filter(organisation::Column::Slug.eq(slug.as_str()))
        .one(&test.db)
        .await
        .unwrap()
        .unwrap();
    let member = common::person(
        &test,
        Role::Member,
        "usager@nord.example",
        Some(real_org.id),
    )
    .await;
    let real = submissions::submit(
        &test.db,
        &member,
        submissions::Submission {
            title: "Rendre la pré-demande lisible sur téléphone".into(),
            body: "Les pages sont trop larges.".into(),
            procedures: vec!["cni-pre-demande".into()],
            origin: "association".into(),
            campaign: String::new(),
            group: "simplification-des-demarches".into(),
            organisation: String::new(),
        },
        common::PUBLIC_URL,
        None,
        Utc::now(),
    )
    .await
    .unwrap();
    let real_group = membership::create_group(
        &test.db,
        &admin,
        membership::GroupForm {
            title: "Accueil téléphonique".into(),
            mandate: String::new(),
            lead_user_id: String::new(),
        },
        None,
    )
    .await
    .unwrap();
    let real_family = catalogue::create_family(&test.db, &admin, "Titres de séjour", None)
        .await
        .unwrap();

    // The real secretariat schedules a plenary session: its snapshot names
    // every proposal, the demo's among them, and must not keep them.
    let session = meetings::save(
        &test.db,
        &admin,
        crate::meetings::plenary_form(),
        common::PUBLIC_URL,
        None,
        Utc::now(),
    )
    .await
    .unwrap();

    assert_eq!(
        removal::remove(&test.db, Some(&demo_member), None).await,
        Err(AppError::Forbidden)
    );
    match removal::remove(&test.db, Some(&demo_admin), None).await {
        Err(AppError::Invalid(message)) => assert!(message.contains("compte de la démonstration")),
        other => panic!("the demo's own secretariat removing it: {other:?}"),
    }
    assert_eq!(
        organisation::Entity::find().count(&test.db).await.unwrap(),
        23,
        "nothing removed by a refusal"
    );

    let removed = removal::remove(&test.db, Some(&admin), None).await.unwrap();
    assert!(removed.removed > 200, "{removed:?}");
    let kept = removed.kept.join("\n");
    for expected in [
        "démarche « Pré-demande de carte d'identité » (des données réelles y renvoient : démarche d'une proposition)",
        "groupe de travail « Améliorer et simplifier les démarches en ligne » (des données réelles y renvoient : proposition)",
        "famille de démarches « Carte nationale d'identité »",
    ] {
        assert!(kept.contains(expected), "{expected} not in:\n{kept}");
    }
    // The kept group's lead, a demo person, is kept with it, and their
    // organisation.
    assert!(kept.contains("compte « Julien Garnier »"), "{kept}");
    assert!(
        kept.contains("organisation « Agence nationale des titres sécurisés »"),
        "{kept}"
    );
    assert!(!kept.contains("Familles de France"), "{kept}");

    // The real data is all there, whole.
    let still = proposal::Entity::find().all(&test.db).await.unwrap();
    assert_eq!(still.len(), 1);
    let snapshot = plenary_snapshot::Entity::find()
        .filter(plenary_snapshot::Column::MeetingId.eq(session))
        .one(&test.db)
        .await
        .unwrap()
        .expect("the real session's snapshot is kept");
    let rows: Vec<i32> = plenary_snapshot_row::Entity::find()
        .filter(plenary_snapshot_row::Column::SnapshotId.eq(snapshot.id))
        .all(&test.db)
        .await
        .unwrap()
        .into_iter()
        .map(|r| r.proposal_id)
        .collect();
    assert_eq!(rows, [still[0].id], "only the real proposal stays in it");
    assert_eq!(still[0].reference, real.reference);
    assert!(still[0].working_group_id.is_some());
    let detail = app::services::backlog::proposal_page::detail(
        &test.db,
        &common::views(),
        Some(&member),
        &real.reference,
    )
    .await
    .unwrap();
    assert_eq!(detail.procedures.len(), 1);
    assert_eq!(
        detail.working_group_slug.as_deref(),
        Some("simplification-des-demarches")
    );
    assert!(working_group::Entity::find()
        .filter(working_group::Column::Slug.eq(real_group.as_str()))
        .one(&test.db)
        .await
        .unwrap()
        .is_some());
    assert!(procedure_family::Entity::find()
        .filter(procedure_family::Column::Slug.eq(real_family.as_str()))
        .one(&test.db)
        .await
        .unwrap()
        .is_some());
    let mut organisations: Vec<String> = organisation::Entity::find()
        .all(&test.db)
        .await
        .unwrap()
        .into_iter()
        .map(|o| o.slug)
        .collect();
    organisations.sort();
    assert_eq!(organisations, ["ants".to_string(), slug.clone()]);
    assert!(user::Entity::find()
        .filter(user::Column::Email.eq("helene.marchand@interieur.example"))
        .one(&test.db)
        .await
        .unwrap()
        .is_none());
    assert!(user::Entity::find_by_id(member.id)
        .one(&test.db)
        .await
        .unwrap()
        .is_some());
    assert_eq!(procedure::Entity::find().count(&test.db).await.unwrap(), 1);
    let scopes: Vec<String> = reference_counter::Entity::find()
        .all(&test.db)
        .await
        .unwrap()
        .into_iter()
        .map(|c| c.scope)
        .collect();
    assert_eq!(scopes, [format!("DA-{}", real.year)], "the demo's years go");
    assert_eq!(
        demo_row::Entity::find().count(&test.db).await.unwrap() as usize,
        removed.kept.len()
    );
    let state = removal::state(&test.db).await.unwrap();
    assert!(state.removed);
    assert_eq!(state.kept.len(), removed.kept.len());
    let audit = audit_event::Entity::find()
        .filter(audit_event::Column::Kind.eq("demo.removed"))
        .one(&test.db)
        .await
        .unwrap()
        .expect("the removal is audited");
    assert_eq!(audit.actor_user_id, Some(admin.id));
    assert!(audit.detail.contains("Pré-demande de carte d'identité"));

    // Once more: nothing left to remove, the same rows kept.
    let again = removal::remove(&test.db, Some(&admin), None).await.unwrap();
    assert_eq!(again.removed, 0);
    assert_eq!(again.kept.len(), removed.kept.len());

    // The secretariat's page says what was kept.
    let site = tempfile::tempdir().unwrap();
    let app = common::router(&test, site.path());
    let token = accounts::sessions::start(&test.db, admin.id, None, None, Utc::now())
        .await
        .unwrap();
    let html = common::get(
        &app,
        "/admin/mise-en-place",
        Some(&format!("ecoute_session={token}")),
    )
    .await
    .text();
    assert!(html.contains("sont conservés"), "{html}");
    assert!(html.contains("Améliorer et simplifier les démarches en ligne"));
    assert!(!html.contains("Retirer les données de démonstration"));
    test.drop_db().await;
}

#[tokio::test]
async fn the_demo_shows_milestones_progress_and_easy_read_versions() {
    let test = common::with_demo().await;
    let site = tempfile::tempdir().unwrap();
    let app = common::router(&test, site.path());
    let page = common::get(&app, "/propositions/DA-2019-0004", None)
        .await
        .text();
    assert!(page.contains("Mise en œuvre"), "{page}");
    assert!(page.contains("Avancement : 80 %"));
    assert!(page.contains("Guide FALC relu par des personnes accompagnées"));
    assert!(page.contains("Parcours en ligne réécrit en FALC"));
    let plenary = meeting::Entity::find()
        .filter(meeting::Column::Ordinal.eq(3))
        .one(&test.db)
        .await
        .unwrap()
        .expect("the 3rd plenary session");
    let minutes = common::get(
        &app,
        &format!("/reunions/{}/compte-rendu?version=falc", plenary.id),
        None,
    )
    .await
    .text();
    assert!(minutes.contains("Version facile à lire et à comprendre"));
    assert!(minutes.contains("La réunion a eu lieu le mardi 2 juillet 2019."));
    let answer = common::get(&app, "/propositions/DA-2019-0003?version=falc", None)
        .await
        .text();
    assert!(
        answer.contains("Vous n&#x27;allez pas au commissariat.")
            || answer.contains("Vous n'allez pas au commissariat."),
        "{answer}"
    );
    test.drop_db().await;
}

#[tokio::test]
async fn a_body_without_real_data_loses_the_whole_demo() {
    let test = common::with_demo().await;
    let removed = removal::remove(&test.db, None, None).await.unwrap();
    assert!(removed.kept.is_empty(), "{:?}", removed.kept);
    assert!(
        !removal::holds_data(&test.db).await.unwrap(),
        "an empty body again"
    );
    assert!(
        removal::was_removed(&test.db).await.unwrap(),
        "not loaded again at the next start"
    );
    assert!(
        !app::services::settings::identity_saved(&test.db)
            .await
            .unwrap(),
        "the demo's identity goes with it: the set-up step is to do"
    );
    assert_eq!(demo_row::Entity::find().count(&test.db).await.unwrap(), 0);
    assert_eq!(
        reference_counter::Entity::find()
            .count(&test.db)
            .await
            .unwrap(),
        0
    );
    let audit = audit_event::Entity::find()
        .filter(audit_event::Column::Kind.eq("demo.removed"))
        .one(&test.db)
        .await
        .unwrap()
        .unwrap();
    assert_eq!(audit.actor_label, "ligne de commande");
    // The catalogue is empty: the starting set is offered again.
    assert_eq!(
        catalogue::admin_view(&test.db)
            .await
            .unwrap()
            .starting_set
            .len(),
        5
    );
    test.drop_db().await;
}

/// The procedures of a database made before families were a table keep
/// their family, under the code of the document they had.
#[tokio::test]
async fn the_former_documents_become_families_under_their_codes() {
    let test = common::empty().await;
    let migrations = Migrator::migrations();
    let before = migrations
        .iter()
        .position(|m| m.name() == "m20261204_300001_reference_data")
        .expect("the migration of families") as u32;
    Migrator::up(&test.db, Some(before)).await.unwrap();
    for (slug, document, position) in [
        ("cni-pre-demande", "cni", 1),
        ("compte-ants", "autre", 1),
        ("permis-perte", "permis", 2),
        ("permis-inscription", "permis", 1),
    ] {
        test.db
            .execute_unprepared(&format!(
                "INSERT INTO procedures (slug, document, name, description, position) \
                 VALUES ('{slug}', '{document}', 'Démarche {slug}', '', {position})"
            ))
            .await
            .unwrap();
    }
    Migrator::up(&test.db, None).await.unwrap();
    let families: Vec<(String, String)> = procedure_family::Entity::find()
        .all(&test.db)
        .await
        .unwrap()
        .into_iter()
        .map(|f| (f.slug, f.name))
        .collect();
    assert_eq!(
        families,
        [
            ("cni".to_string(), "Carte nationale d'identité".to_string()),
            ("permis".to_string(), "Permis de conduire".to_string()),
            ("autre".to_string(), "Autres démarches".to_string()),
        ],
        "only the documents used, in the former order"
    );
    let order: Vec<(String, Vec<String>)> = catalogue::admin_view(&test.db)
        .await
        .unwrap()
        .families
        .into_iter()
        .map(|f| (f.slug, f.procedures.into_iter().map(|p| p.slug).collect()))
        .collect();
    assert_eq!(order[1].1, ["permis-inscription", "permis-perte"]);
    // And back: the schema goes down to the documents and up again.
    Migrator::down(&test.db, Some(migrations.len() as u32 - before))
        .await
        .unwrap();
    let documents: Vec<(String, String)> = test
        .db
        .query_all(sea_orm::Statement::from_string(
            test.db.get_database_backend(),
            "SELECT slug, document FROM procedures ORDER BY slug",
        ))
        .await
        .unwrap()
        .iter()
        .map(|row| {
            (
                row.try_get::<String>("", "slug").unwrap(),
                row.try_get::<String>("", "document").unwrap(),
            )
        })
        .collect();
    assert_eq!(documents[0], ("cni-pre-demande".into(), "cni".into()));
    assert_eq!(documents[1], ("compte-ants".into(), "autre".into()));
    Migrator::up(&test.db, None).await.unwrap();
    assert_eq!(procedure::Entity::find().count(&test.db).await.unwrap(), 4);
    test.drop_db().await;
}

/// Signs in to the demo database of `dir`: whether `password` opens `email`.
async fn opens(dir: &std::path::Path, email: &str, password: &str) -> bool {
    let url = format!("sqlite://{}/ecoute.db", dir.display());
    let db = server::db::connect(&url, 1).await.unwrap();
    let origin = accounts::people::Origin {
        ip: None,
        user_agent: None,
    };
    let opened = accounts::people::sign_in(&db, email, password, &origin, Utc::now())
        .await
        .is_ok();
    db.close().await.ok();
    opened
}

const ACCOUNTS: [&str; 3] = [
    "helene.marchand@interieur.example",
    "nathalie.rousseau@apf-francehandicap.example",
    "isabelle.moreau@papillonsblancs-paris.example",
];

#[tokio::test]
async fn the_demo_accounts_get_a_password_printed_once_never_the_same() {
    let mut printed = Vec::new();
    for _ in 0..2 {
        let dir = tempfile::tempdir().unwrap();
        let seeded = ecoute(dir.path(), &["seed-demo"], &[]);
        assert!(seeded.status.success(), "{}", text(&seeded.stderr));
        let out = text(&seeded.stdout);
        for (role, email) in [
            ("Secrétariat", ACCOUNTS[0]),
            ("Pilote de groupe de travail", ACCOUNTS[1]),
            ("Membre", ACCOUNTS[2]),
        ] {
            assert!(
                out.lines().any(|l| l.contains(role) && l.contains(email)),
                "{out}"
            );
        }
        let password = out
            .lines()
            .find_map(|l| l.strip_prefix("Mot de passe de ces comptes (affiché une seule fois) : "))
            .expect("a password, printed once")
            .to_string();
        assert!(password.chars().count() >= 12);
        assert_eq!(out.matches(&password).count(), 1);
        assert!(!text(&seeded.stderr).contains(&password), "not in the logs");
        for email in ACCOUNTS {
            assert!(opens(dir.path(), email, &password).await, "{email}");
        }
        assert!(
            !opens(
                dir.path(),
                "marie.lefevre@familles-de-france.example",
                &password
            )
            .await,
            "the other demo people are invited as before"
        );
        printed.push(password);
    }
    assert_ne!(printed[0], printed[1], "never a fixed password");
}

#[tokio::test]
async fn the_demo_password_may_be_given_and_the_demo_removed_from_the_command_line() {
    let dir = tempfile::tempdir().unwrap();
    let given = "la démonstration se visite";
    let weak = ecoute(
        dir.path(),
        &["seed-demo"],
        &[("ECOUTE_DEMO_PASSWORD", "court")],
    );
    assert!(!weak.status.success());
    assert!(
        text(&weak.stderr).contains("ECOUTE_DEMO_PASSWORD"),
        "{}",
        text(&weak.stderr)
    );
    let seeded = ecoute(
        dir.path(),
        &["seed-demo"],
        &[("ECOUTE_DEMO_PASSWORD", given)],
    );
    assert!(seeded.status.success(), "{}", text(&seeded.stderr));
    let out = text(&seeded.stdout);
    assert!(!out.contains(given), "{out}");
    assert!(out.contains("ECOUTE_DEMO_PASSWORD"), "{out}");
    for email in ACCOUNTS {
        assert!(opens(dir.path(), email, given).await, "{email}");
    }

    let removed = ecoute(dir.path(), &["remove-demo"], &[]);
    assert!(removed.status.success(), "{}", text(&removed.stderr));
    assert!(
        text(&removed.stdout).contains("Données de démonstration retirées"),
        "{}",
        text(&removed.stdout)
    );
    assert!(
        !opens(dir.path(), ACCOUNTS[0], given).await,
        "its accounts went with it"
    );
    let again = ecoute(
        dir.path(),
        &["seed-demo"],
        &[("ECOUTE_DEMO_PASSWORD", given)],
    );
    assert!(
        text(&again.stdout).contains("Données de démonstration chargées"),
        "an empty body may take the demo again"
    );
}
