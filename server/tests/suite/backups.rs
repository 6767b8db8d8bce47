//! `ecoute backup` and `ecoute restore` on the database under test: a copy
//! made while a writer goes on is one consistent state of the body, a copy
//! made at rest restores table for table, row for row; a database that
//! holds anything is never restored into.

use std::sync::atomic::{AtomicBool, AtomicU32, Ordering};
use std::sync::Arc;

use sea_orm::{ColumnTrait, EntityTrait, QueryFilter, TransactionTrait};

use app::entities::{audit_event, outbox_email};
use app::services::accounts::audit::{self, Actor};
use app::services::mail::outbox::{self, OutgoingEmail};

use crate::common;

fn mail(subject: String) -> OutgoingEmail {
    OutgoingEmail {
        to_address: "claire.martin@interieur.gouv.fr".into(),
        to_name: "Claire Martin".into(),
        subject,
        body_text: "texte".into(),
        body_html: "<p>texte</p>".into(),
        ics: None,
    }
}

/// Restores `file` into a new empty database, and opens it.
async fn restored(file: &std::path::Path) -> common::TestDb {
    let target = common::empty().await;
    target.db.clone().close().await.unwrap();
    server::backup::restore(&target.url, file)
        .await
        .expect("the backup restores into an empty database");
    let mut target = target;
    target.db = server::db::connect(&target.url, 2).await.unwrap();
    target
}

/// The numbers of the writer's changes present in `db`, read from the
/// journal and from the outbox, which each change writes together.
async fn written(db: &sea_orm::DatabaseConnection) -> (Vec<u32>, Vec<u32>) {
    let mut journal: Vec<u32> = audit_event::Entity::find()
        .filter(audit_event::Column::Kind.eq("backup.write"))
        .all(db)
        .await
        .unwrap()
        .iter()
        .map(|e| e.detail.parse().unwrap())
        .collect();
    let mut mails: Vec<u32> = outbox_email::Entity::find()
        .filter(outbox_email::Column::Subject.starts_with("écriture "))
        .all(db)
        .await
        .unwrap()
        .iter()
        .map(|m| m.subject["écriture ".len()..].parse().unwrap())
        .collect();
    journal.sort_unstable();
    mails.sort_unstable();
    (journal, mails)
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_backup_during_writes_restores_one_consistent_body() {
    let test = common::with_demo().await;
    let dir = tempfile::tempdir().unwrap();
    let stop = Arc::new(AtomicBool::new(false));
    let done = Arc::new(AtomicU32::new(0));
    let writer = {
        let (db, stop, done) = (test.db.clone(), stop.clone(), done.clone());
        tokio::spawn(async move {
            let mut n = 0u32;
            while !stop.load(Ordering::SeqCst) {
                let txn = db.begin().await.unwrap();
                audit::record(
                    &txn,
                    &Actor::System("essai"),
                    "backup.write",
                    None,
                    None,
                    n.to_string(),
                )
                .await
                .unwrap();
                outbox::enqueue(&txn, mail(format!("écriture {n}")))
                    .await
                    .unwrap();
                txn.commit().await.unwrap();
                n += 1;
                done.store(n, Ordering::SeqCst);
            }
        })
    };
    while done.load(Ordering::SeqCst) < 20 {
        tokio::time::sleep(std::time::Duration::from_millis(10)).await;
    }
    let during = dir.path().join("pendant.sauvegarde");
    let summary = server::backup::backup(&test.url, &during).await.unwrap();
    let after_backup = done.load(Ordering::SeqCst);
    stop.store(true, Ordering::SeqCst);
    writer.await.unwrap();
    assert!(summary.bytes > 0 && summary.tables > 20, "{summary:?}");

    let copy = restored(&during).await;
    let (journal, mails) = written(&copy.db).await;
    assert_eq!(journal, mails, "a change was cut in two");
    let expected: Vec<u32> = (0..journal.len() as u32).collect();
    assert_eq!(journal, expected, "not one state of the body");
    assert!(journal.len() >= 20 && journal.len() as u32 <= after_backup);
    // The restored database goes on: its counters follow its rows.
    outbox::enqueue(&copy.db, mail("après la restauration".into()))
        .await
        .unwrap();
    copy.drop_db().await;

    let at_rest = dir.path().join("repos.sauvegarde");
    server::backup::backup(&test.url, &at_rest).await.unwrap();
    let copy = restored(&at_rest).await;
    let source = common::snapshot(&test.db).await;
    let restored = common::snapshot(&copy.db).await;
    assert_eq!(
        source.keys().collect::<Vec<_>>(),
        restored.keys().collect::<Vec<_>>()
    );
    for (table, rows) in &source {
        assert_eq!(rows.len(), restored[table].len(), "rows of {table}");
        assert_eq!(rows, &restored[table], "contents of {table}");
    }
    assert!(source["proposals"].len() >= 10);
    copy.drop_db().await;
    test.drop_db().await;
}

#[tokio::test]
async fn a_database_holding_anything_is_never_restored_into() {
    let test = common::with_demo().await;
    let dir = tempfile::tempdir().unwrap();
    let file = dir.path().join("corps.sauvegarde");
    server::backup::backup(&test.url, &file).await.unwrap();

    let again = server::backup::backup(&test.url, &file)
        .await
        .unwrap_err()
        .to_string();
    assert!(again.contains("existe déjà"), "{again}");

    let occupied = common::migrated().await;
    let before = common::snapshot(&occupied.db).await;
    let refused = server::backup::restore(&occupied.url, &file)
        .await
        .unwrap_err()
        .to_string();
    assert!(refused.contains("n'est pas vide"), "{refused}");
    assert!(
        refused.contains("ne se restaure que dans une base vide"),
        "{refused}"
    );
    assert_eq!(common::snapshot(&occupied.db).await, before);

    let text = dir.path().join("notes.txt");
    std::fs::write(&text, "pas une sauvegarde").unwrap();
    let empty = common::empty().await;
    let wrong = server::backup::restore(&empty.url, &text)
        .await
        .unwrap_err()
        .to_string();
    assert!(wrong.contains("n'est pas une sauvegarde"), "{wrong}");

    occupied.drop_db().await;
    empty.drop_db().await;
    test.drop_db().await;
}
