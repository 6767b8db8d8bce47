//! The list index (`services::backlog::list_index`) answers every list view
//! as the database does, and stays so through every kind of change, made by
//! any writer: a service, a bulk statement, another server; on PostgreSQL
//! also a transaction that commits after a later one.

use crate::common;

use app::entities::{proposal, proposal_procedure};
use app::model::{BacklogFilters, ProposalStatus, SortKey, SortOrder, BACKLOG_PAGE_SIZE};
use app::services::backlog::cards::Audience;
use app::services::backlog::list_index::{ListIndex, ListQuery};
use app::services::backlog::proposals;
use app::services::search;
use sea_orm::{
    ActiveModelTrait, ColumnTrait, ConnectionTrait, DatabaseConnection, EntityTrait,
    IntoActiveModel, QueryFilter, QuerySelect, Set, TransactionTrait,
};

/// The views compared: filters and searches, each in every order.
const VIEWS: &[&str] = &[
    "",
    "statut=retenue",
    "statut=deposee",
    "statut=retiree",
    "groupe=aucun",
    "document=cni",
    "demarche=cni-pre-demande",
    "origine=association",
    "annee=2019",
    "q=demarche",
    "q=captcha+ecran",
    "q=capcha",
    "q=permis",
    "q=la",
    "statut=en_instruction&q=acces",
];

/// The ids of a view's page and its total, as the database answers them.
async fn from_database(
    db: &DatabaseConnection,
    audience: Audience,
    filters: &BacklogFilters,
) -> (u64, Vec<i32>) {
    let (found, terms) = proposals::select(db, audience, filters).await.unwrap();
    let all: Vec<i32> = proposals::sorted(found, filters, &terms)
        .select_only()
        .column(proposal::Column::Id)
        .into_tuple()
        .all(db)
        .await
        .unwrap();
    let per_page = BACKLOG_PAGE_SIZE as usize;
    let pages = all.len().div_ceil(per_page).max(1);
    let page = (filters.page as usize).clamp(1, pages);
    let shown = all.iter().skip((page - 1) * per_page).take(per_page);
    (all.len() as u64, shown.copied().collect())
}

async fn from_index(
    db: &DatabaseConnection,
    index: &ListIndex,
    audience: Audience,
    filters: &BacklogFilters,
) -> (u64, Vec<i32>) {
    let wanted = proposals::resolve(db, filters).await.unwrap();
    let terms = search::terms(db, &filters.search).await.unwrap();
    let listed = index
        .page(
            db,
            &ListQuery {
                audience,
                wanted: &wanted,
                terms: &terms,
                sort: filters.sort,
                order: filters.order,
                page: filters.page,
                per_page: BACKLOG_PAGE_SIZE,
            },
        )
        .await
        .unwrap();
    (listed.total, listed.ids)
}

/// Every view, in every order, on its first and second pages, for both
/// audiences: the index and the database agree.
async fn agree(db: &DatabaseConnection, indexes: &[&ListIndex], when: &str) {
    for view in VIEWS {
        for sort in SortKey::ALL {
            for order in SortOrder::ALL {
                for page in [1, 2] {
                    let filters = BacklogFilters {
                        sort,
                        order,
                        page,
                        ..BacklogFilters::parse(view).unwrap()
                    };
                    for audience in [Audience::Public, Audience::SignedIn] {
                        let expected = from_database(db, audience, &filters).await;
                        for (n, index) in indexes.iter().enumerate() {
                            let got = from_index(db, index, audience, &filters).await;
                            assert_eq!(
                                got,
                                expected,
                                "{when}: server {n}, « {view} » by {} {} page {page}, {audience:?}, on {}",
                                sort.code(),
                                order.code(),
                                common::backend()
                            );
                        }
                    }
                }
            }
        }
    }
}

async fn proposal_at(db: &DatabaseConnection, reference: &str) -> proposal::Model {
    proposal::Entity::find()
        .filter(proposal::Column::Reference.eq(reference))
        .one(db)
        .await
        .unwrap()
        .unwrap()
}

async fn set_status(db: &impl ConnectionTrait, id: i32, status: ProposalStatus) {
    let mut active = proposal::Entity::find_by_id(id)
        .one(db)
        .await
        .unwrap()
        .unwrap()
        .into_active_model();
    active.status = Set(status);
    active.last_activity_at = Set(chrono::Utc::now());
    active.update(db).await.unwrap();
}

#[tokio::test]
async fn the_list_index_answers_as_the_database_through_every_change() {
    let test = common::with_demo().await;
    let db = &test.db;
    // Two servers on one database.
    let (one, other) = (ListIndex::default(), ListIndex::default());
    agree(db, &[&one, &other], "loaded").await;

    // A status changed and a proposal supported, as the services write them.
    let retained = proposal_at(db, "DA-2019-0001").await;
    set_status(db, retained.id, ProposalStatus::Retenue).await;
    let mut supported = proposal_at(db, "DA-2018-0002").await.into_active_model();
    supported.supports_count = Set(40);
    supported.update(db).await.unwrap();
    agree(db, &[&one, &other], "status and supports").await;

    // New words in a title: found by them, ranked by them.
    let mut retitled = proposal_at(db, "DA-2020-0002").await.into_active_model();
    let title = "Permis de conduire : un captcha sonore pour les malvoyants";
    retitled.title = Set(title.to_string());
    retitled.search_title = Set(Some(search::document(&[title])));
    retitled.search_text = Set(search::document(&[title, "Un texte tout neuf."]));
    retitled.update(db).await.unwrap();
    agree(db, &[&one, &other], "retitled").await;

    // A new proposal, its procedures, then one of them taken off.
    let mut copy = proposal_at(db, "DA-2019-0006").await;
    copy.id = 0;
    copy.reference = "DA-2026-0999".into();
    copy.number = 999;
    copy.year = 2026;
    let mut fresh = copy.into_active_model();
    fresh.id = sea_orm::ActiveValue::NotSet;
    let fresh = fresh.insert(db).await.unwrap();
    for procedure in [1, 2] {
        proposal_procedure::ActiveModel {
            proposal_id: Set(fresh.id),
            procedure_id: Set(procedure),
        }
        .insert(db)
        .await
        .unwrap();
    }
    agree(db, &[&one, &other], "submitted").await;
    proposal_procedure::Entity::delete_many()
        .filter(proposal_procedure::Column::ProposalId.eq(fresh.id))
        .filter(proposal_procedure::Column::ProcedureId.eq(1))
        .exec(db)
        .await
        .unwrap();
    agree(db, &[&one, &other], "procedure taken off").await;

    // Many proposals changed by one statement (as psql would), then one
    // deleted.
    db.execute_unprepared("UPDATE proposals SET supports_count = supports_count + id % 7")
        .await
        .unwrap();
    proposal_procedure::Entity::delete_many()
        .filter(proposal_procedure::Column::ProposalId.eq(fresh.id))
        .exec(db)
        .await
        .unwrap();
    proposal::Entity::delete_by_id(fresh.id)
        .exec(db)
        .await
        .unwrap();
    agree(db, &[&one, &other], "bulk change and deletion").await;

    // A server that missed journal rows (trimmed past its position) loads
    // the whole index again rather than serve a view without them.
    let behind = ListIndex::default();
    behind.catch_up(db).await.unwrap();
    set_status(db, retained.id, ProposalStatus::EnCours).await;
    set_status(
        db,
        proposal_at(db, "DA-2019-0003").await.id,
        ProposalStatus::Retenue,
    )
    .await;
    db.execute_unprepared(
        "DELETE FROM proposal_changes WHERE id < (SELECT MAX(id) FROM proposal_changes)",
    )
    .await
    .unwrap();
    agree(db, &[&behind], "journal trimmed").await;
    test.drop_db().await;
}

#[tokio::test]
async fn a_change_committed_after_a_later_one_is_not_missed() {
    let test = common::with_demo().await;
    let db = &test.db;
    // The index reads through the readers' connections, as in the server:
    // SQLite's writer has one, which the slow transaction holds.
    let reader = server::db::connect_reader(&test.url, db).await.unwrap();
    let index = ListIndex::default();
    let count = |query: &'static str| {
        let filters = BacklogFilters::parse(query).unwrap();
        let (index, reader) = (&index, &reader);
        async move {
            from_index(reader, index, Audience::SignedIn, &filters)
                .await
                .0
        }
    };
    let before = count("statut=realisee").await;
    let others = proposal::Entity::find()
        .filter(proposal::Column::Status.ne(ProposalStatus::Realisee))
        .all(db)
        .await
        .unwrap();
    let [first, second, ..] = others.as_slice() else {
        panic!("the demo has proposals not yet delivered");
    };

    let slow = db.begin().await.unwrap();
    set_status(&slow, first.id, ProposalStatus::Realisee).await;
    assert_eq!(count("statut=realisee").await, before, "uncommitted");
    if db.get_database_backend() == sea_orm::DbBackend::Postgres {
        // Another transaction takes a later journal row and commits first.
        set_status(db, second.id, ProposalStatus::Realisee).await;
        assert_eq!(
            count("statut=realisee").await,
            before + 1,
            "the later change"
        );
        slow.commit().await.unwrap();
        assert_eq!(
            count("statut=realisee").await,
            before + 2,
            "the earlier change"
        );
    } else {
        slow.commit().await.unwrap();
        assert_eq!(count("statut=realisee").await, before + 1, "committed");
    }
    agree(db, &[&index], "after both").await;
    test.drop_db().await;
}
