//! The schema goes up, down and up again on the database under test.

use crate::common;

use migration::{Migrator, MigratorTrait};
use sea_orm::ConnectionTrait;

async fn table_names(db: &sea_orm::DatabaseConnection) -> Vec<String> {
    let sql = match db.get_database_backend() {
        sea_orm::DatabaseBackend::Sqlite => {
            "SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite_%' AND name <> 'seaql_migrations' ORDER BY name"
        }
        _ => {
            "SELECT table_name AS name FROM information_schema.tables WHERE table_schema = 'public' AND table_name <> 'seaql_migrations' ORDER BY table_name"
        }
    };
    db.query_all(sea_orm::Statement::from_string(
        db.get_database_backend(),
        sql,
    ))
    .await
    .unwrap()
    .iter()
    .map(|row| row.try_get::<String>("", "name").unwrap())
    .collect()
}

#[tokio::test]
async fn migrations_go_up_down_and_up_again() {
    let test = common::empty().await;
    Migrator::up(&test.db, None).await.unwrap();
    let created = table_names(&test.db).await;
    for table in [
        "organisations",
        "users",
        "proposals",
        "proposal_events",
        "outbox_emails",
        "login_sessions",
        "audit_events",
        "minutes_revisions",
        "notice_preferences",
        "digest_items",
        "digests",
        "action_overdue_notices",
        "search_words",
        "proposal_milestones",
        "plenary_snapshots",
        "plenary_snapshot_rows",
        "procedure_indicators",
        "indicator_imports",
        "proposal_changes",
    ] {
        assert!(
            created.contains(&table.to_string()),
            "{table} missing on {}: {created:?}",
            common::backend()
        );
    }
    // SQLite's full-text index is a virtual table with four shadow tables.
    let search_tables = created
        .iter()
        .filter(|t| t.starts_with("proposals_fts"))
        .count();
    let expected_search_tables = match test.db.get_database_backend() {
        sea_orm::DatabaseBackend::Sqlite => 5,
        _ => 0,
    };
    assert_eq!(search_tables, expected_search_tables, "{created:?}");
    assert_eq!(created.len() - search_tables, 43, "{created:?}");

    Migrator::down(&test.db, None).await.unwrap();
    assert!(
        table_names(&test.db).await.is_empty(),
        "tables left after down on {}",
        common::backend()
    );

    Migrator::up(&test.db, None).await.unwrap();
    assert_eq!(table_names(&test.db).await, created);
    assert!(Migrator::get_pending_migrations(&test.db)
        .await
        .unwrap()
        .is_empty());
    test.drop_db().await;
}

#[tokio::test]
async fn foreign_keys_and_unique_constraints_are_enforced() {
    let test = common::migrated().await;
    let db = &test.db;
    let backend = db.get_database_backend();
    let now = "2019-07-02 12:00:00+00:00";
    let insert_org = |slug: &str| {
        format!(
            "INSERT INTO organisations (slug, name, kind, description, joined_on, created_at, updated_at) VALUES ('{slug}', 'Org {slug}', 'association', '', '2017-11-20', '{now}', '{now}')"
        )
    };
    db.execute(sea_orm::Statement::from_string(
        backend,
        insert_org("famille"),
    ))
    .await
    .unwrap();
    let duplicate = db
        .execute(sea_orm::Statement::from_string(
            backend,
            insert_org("famille"),
        ))
        .await;
    assert!(
        duplicate.is_err(),
        "a second organisation with the same slug was accepted"
    );

    let orphan = db
        .execute(sea_orm::Statement::from_string(
            backend,
            format!("INSERT INTO users (email, name, role, organisation_id, active, created_at, updated_at) VALUES ('a@b.fr', 'A', 'member', 9999, true, '{now}', '{now}')"),
        ))
        .await;
    assert!(
        orphan.is_err(),
        "a user of an unknown organisation was accepted"
    );
    test.drop_db().await;
}
