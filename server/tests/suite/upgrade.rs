//! Upgrading without loss: a body made by the release of commit 7f08f54
//! (server/tests/fixtures/release-7f08f54, on SQLite and PostgreSQL) is
//! brought up to this binary's schema; every row of every table it had is
//! still there with the same values, but for what a migration changes on
//! purpose (checked to be exactly that change), and the application serves
//! it.

use axum::http::StatusCode;
use sea_orm::{ColumnTrait, ConnectionTrait, QueryFilter};

use crate::common;

/// What a migration since that release changes on purpose.
#[derive(Clone, Copy)]
enum Rewrite {
    /// Tokens stored as their SHA-256 (tokens_at_rest, issue 18).
    Sha256,
    /// A sent message's body wiped, its metadata kept (tokens_at_rest).
    WipedWhenSent,
    /// Whether an invitee attended, yes or no, become their attendance,
    /// « present » or « absent », in a column of that name
    /// (meeting_corrections, issue 17).
    Attendance,
}

impl Rewrite {
    /// What is read of `column` before the upgrade, and after.
    fn read(self, column: &str) -> (String, String) {
        match self {
            Rewrite::Attendance => (
                format!("CASE WHEN {column} THEN 'present' WHEN NOT {column} THEN 'absent' END"),
                "attendance".to_string(),
            ),
            _ => (column.to_string(), column.to_string()),
        }
    }
}

const REWRITTEN: &[(&str, &str, Rewrite)] = &[
    ("meeting_invitations", "token", Rewrite::Sha256),
    ("users", "calendar_token", Rewrite::Sha256),
    ("outbox_emails", "body_text", Rewrite::WipedWhenSent),
    ("outbox_emails", "body_html", Rewrite::WipedWhenSent),
    ("outbox_emails", "ics", Rewrite::WipedWhenSent),
    ("meeting_invitations", "attended", Rewrite::Attendance),
];

/// A procedure's document, a code of a fixed list, became a family of the
/// catalogue under the same code (reference_data, issue 17).
const DOCUMENT: (&str, &str) = ("procedures", "document");

/// The proposals' searchable text, rewritten by stems at the first start
/// (search_stems); SQLite's full-text index of it (its tables named
/// `proposals_fts…`) changes with it.
const RESTEMMED: (&str, &str) = ("proposals", "search_text");

/// Each procedure's family, by the procedure's id.
async fn families(db: &sea_orm::DatabaseConnection) -> Vec<(i32, Option<String>)> {
    db.query_all(sea_orm::Statement::from_string(
        db.get_database_backend(),
        "SELECT p.id AS id, f.slug AS slug FROM procedures p \
         JOIN procedure_families f ON f.id = p.family_id ORDER BY p.id"
            .to_string(),
    ))
    .await
    .unwrap()
    .into_iter()
    .map(|row| {
        (
            row.try_get::<i32>("", "id").unwrap(),
            row.try_get::<Option<String>>("", "slug").unwrap(),
        )
    })
    .collect()
}

/// Tables a migration replaced on purpose: the sign-in attempts, counters
/// of a minute, gave way to the throttle's own counters (throttles).
const REPLACED: &[&str] = &["login_attempts"];

fn fixture(test: &common::TestDb) -> &'static str {
    match test.db.get_database_backend() {
        sea_orm::DbBackend::Sqlite => {
            include_str!("../fixtures/release-7f08f54/sqlite.sql")
        }
        _ => include_str!("../fixtures/release-7f08f54/postgres.sql"),
    }
}

fn sha256(text: &str) -> String {
    use sha2::{Digest, Sha256};
    Sha256::digest(text.as_bytes())
        .iter()
        .map(|b| format!("{b:02x}"))
        .collect()
}

/// `(id, status, value)` of each row of `table`, by id, where `value` is
/// the SQL expression `read` (a column, or what a column's value meant).
async fn by_id(
    db: &sea_orm::DatabaseConnection,
    table: &str,
    read: &str,
) -> Vec<(i32, String, Option<String>)> {
    let status = if table == "outbox_emails" {
        "status"
    } else {
        "''"
    };
    db.query_all(sea_orm::Statement::from_string(
        db.get_database_backend(),
        format!("SELECT id, {status} AS s, {read} AS c FROM {table} ORDER BY id"),
    ))
    .await
    .unwrap()
    .into_iter()
    .map(|row| {
        (
            row.try_get::<i32>("", "id").unwrap(),
            row.try_get::<String>("", "s").unwrap(),
            row.try_get::<Option<String>>("", "c").unwrap(),
        )
    })
    .collect()
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
            .filter(|c| !REWRITTEN.iter().any(|(t, col, _)| *t == table && col == c))
            .filter(|c| (table.as_str(), c.as_str()) != DOCUMENT)
            .filter(|c| (table.as_str(), c.as_str()) != RESTEMMED)
            .collect();
        if table.starts_with("proposals_fts") {
            continue;
        }
        let rows = common::rows(&test.db, &table, &kept).await;
        before.push((table, kept, rows));
    }
    let count = |name: &str| before.iter().find(|(t, ..)| t == name).unwrap().2.len();
    assert!(count("proposals") >= 12 && count("users") >= 16);
    for table in [
        "login_sessions",
        "user_tokens",
        "outbox_emails",
        "meeting_invitations",
    ] {
        assert!(count(table) >= 1, "the fixture has no {table}");
    }
    let mut rewritten = Vec::new();
    for (table, column, rewrite) in REWRITTEN {
        rewritten.push(by_id(&test.db, table, &rewrite.read(column).0).await);
    }
    assert!(
        rewritten[0].iter().any(|(_, _, token)| token.is_some()),
        "the fixture has answer tokens"
    );
    let documents: Vec<(i32, Option<String>)> = by_id(&test.db, DOCUMENT.0, DOCUMENT.1)
        .await
        .into_iter()
        .map(|(id, _, document)| (id, document))
        .collect();
    assert!(!documents.is_empty(), "the fixture has procedures");

    server::db::migrate(&test.db)
        .await
        .expect("the upgrade applies");

    let tables_after = common::tables(&test.db).await;
    for (table, columns, rows) in &before {
        if REPLACED.contains(&table.as_str()) {
            continue;
        }
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
    for ((table, column, rewrite), before) in REWRITTEN.iter().zip(&rewritten) {
        let after = by_id(&test.db, table, &rewrite.read(column).1).await;
        assert_eq!(before.len(), after.len(), "rows of {table}");
        for ((id, status, old), (id_after, _, new)) in before.iter().zip(&after) {
            assert_eq!(id, id_after);
            let expected = match rewrite {
                Rewrite::Sha256 => old.as_deref().map(sha256),
                Rewrite::WipedWhenSent if status == "sent" => {
                    (*column != "ics").then(|| app::services::mail::outbox::WIPED.to_string())
                }
                Rewrite::WipedWhenSent | Rewrite::Attendance => old.clone(),
            };
            assert_eq!(new, &expected, "{table}.{column} of row {id}");
        }
    }
    assert_eq!(
        families(&test.db).await,
        documents,
        "each procedure is in the family of its former document"
    );
    use sea_orm::EntityTrait;
    for p in app::entities::proposal::Entity::find()
        .all(&test.db)
        .await
        .unwrap()
    {
        let document = app::services::search::document;
        assert_eq!(
            p.search_text,
            document(&[&p.title, &p.body]),
            "{}",
            p.reference
        );
        assert_eq!(
            p.search_title,
            Some(document(&[&p.title])),
            "{}",
            p.reference
        );
    }

    let site = tempfile::tempdir().unwrap();
    let app = common::router(&test, site.path());
    let backlog = common::get(&app, "/propositions", None).await;
    assert_eq!(backlog.status, StatusCode::OK);
    assert!(backlog.text().contains("DA-"), "{}", backlog.text());
    // A procedure's page, with its quality section, which no value fills yet.
    let procedure = app::entities::procedure::Entity::find()
        .one(&test.db)
        .await
        .unwrap()
        .expect("the fixture has procedures");
    let page = common::get(&app, &format!("/demarches/{}", procedure.slug), None).await;
    assert_eq!(page.status, StatusCode::OK);
    assert!(page.text().contains("Qualité de la démarche"));
    let origin = app::services::accounts::people::Origin {
        ip: None,
        user_agent: None,
    };
    let stored = || async {
        app::entities::user::Entity::find()
            .filter(app::entities::user::Column::Email.eq("secretariat@interieur.gouv.fr"))
            .one(&test.db)
            .await
            .unwrap()
            .and_then(|u| u.password_hash)
            .expect("the administrator has a password")
    };
    let before = stored().await;
    assert!(
        !app::services::accounts::passwords::is_current(&before),
        "{before}"
    );
    // Signed in with the password hashed by that release, the hash is made
    // anew with today's parameters once, and the password still opens a
    // session.
    let sign_in = || {
        app::services::accounts::people::sign_in(
            &test.db,
            "secretariat@interieur.gouv.fr",
            "le secrétariat général veille",
            &origin,
            chrono::Utc::now(),
        )
    };
    sign_in()
        .await
        .expect("the administrator of that release still signs in");
    let after = stored().await;
    assert!(
        app::services::accounts::passwords::is_current(&after),
        "{after}"
    );
    assert_ne!(after, before);
    sign_in()
        .await
        .expect("the administrator signs in with the new hash");
    assert_eq!(stored().await, after);
    test.drop_db().await;
}
