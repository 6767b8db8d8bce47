//! Upgrading without loss: a body made by the release of commit 7f08f54
//! (server/tests/fixtures/release-7f08f54, on SQLite and PostgreSQL) is
//! brought up to this binary's schema; every row of every table it had is
//! still there with the same values, and the application serves it.

use axum::http::StatusCode;
use sea_orm::ConnectionTrait;

use crate::common;

/// Columns a migration since that release rewrites on purpose, with the
/// reason; none so far.
const REWRITTEN: &[(&str, &str)] = &[];

fn fixture(test: &common::TestDb) -> &'static str {
    match test.db.get_database_backend() {
        sea_orm::DbBackend::Sqlite => {
            include_str!("../fixtures/release-7f08f54/sqlite.sql")
        }
        _ => include_str!("../fixtures/release-7f08f54/postgres.sql"),
    }
}

#[tokio::test]
async fn a_body_made_by_the_previous_release_survives_the_upgrade() {
    let mut test = common::empty().await;
    test.db
        .execute_unprepared(fixture(&test))
        .await
        .expect("the fixture loads");
    // SQLite's dump writes its full-text table into the schema directly:
    // connections opened before do not see it.
    test.db.clone().close().await.unwrap();
    test.db = server::db::connect(&test.url, 2).await.unwrap();
    let mut before = Vec::new();
    for table in common::tables(&test.db).await {
        let columns = common::columns(&test.db, &table).await;
        let kept: Vec<String> = columns
            .into_iter()
            .filter(|c| !REWRITTEN.iter().any(|(t, col)| *t == table && col == c))
            .collect();
        let rows = common::rows(&test.db, &table, &kept).await;
        before.push((table, kept, rows));
    }
    let count = |name: &str| before.iter().find(|(t, ..)| t == name).unwrap().2.len();
    assert!(count("proposals") >= 12 && count("users") >= 16);
    for table in [
        "login_sessions",
        "user_tokens",
        "outbox_emails",
        "login_attempts",
    ] {
        assert!(count(table) >= 1, "the fixture has no {table}");
    }

    server::db::migrate(&test.db)
        .await
        .expect("the upgrade applies");

    let tables_after = common::tables(&test.db).await;
    for (table, columns, rows) in &before {
        assert!(tables_after.contains(table), "{table} was dropped");
        let now = common::rows(&test.db, table, columns).await;
        if table == "seaql_migrations" {
            assert!(rows.iter().all(|r| now.contains(r)));
            assert!(now.len() > rows.len(), "no migration was applied");
            continue;
        }
        assert_eq!(rows.len(), now.len(), "rows of {table}");
        assert_eq!(rows, &now, "values of {table}");
    }

    let site = tempfile::tempdir().unwrap();
    let app = common::router(&test, site.path());
    let home = common::get(&app, "/propositions", None).await;
    assert_eq!(home.status, StatusCode::OK);
    assert!(home.text().contains("DA-"), "{}", home.text());
    let origin = app::services::accounts::people::Origin {
        ip: None,
        user_agent: None,
    };
    app::services::accounts::people::sign_in(
        &test.db,
        "secretariat@interieur.gouv.fr",
        "le secrétariat général veille",
        &origin,
        chrono::Utc::now(),
    )
    .await
    .expect("the administrator of that release still signs in");
    test.drop_db().await;
}
