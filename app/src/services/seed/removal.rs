//! The demo body's rows, marked when it is loaded and removed as a whole,
//! leaving what real users created untouched.
//!
//! Which tables hold the body's data, and how they refer to each other, is
//! read from the database's own schema (its foreign keys), so that a table
//! added later is taken into account without a list to keep up to date. A
//! demo row that a real row refers to (a real proposal on a demo procedure,
//! say) is kept, with every demo row it refers to in turn, and the result
//! names it.

use std::collections::{BTreeMap, BTreeSet, HashMap, HashSet};

use sea_orm::sea_query::{Alias, Expr, Query};
use sea_orm::{
    ConnectionTrait, DatabaseBackend, DbErr, EntityTrait, QueryFilter, Statement, TransactionTrait,
    Value,
};

use crate::entities::{demo_row, proposal, reference_counter};
use crate::model::{AppError, CurrentUser, DemoRemoval, DemoState};
use crate::services::accounts::audit::{self, Actor};
use crate::services::data_files;
use crate::services::settings;

/// The setting that records when the demo body was removed.
const REMOVED: &str = "demo.removed_at";

/// Tables that are not the body's data: the schema's own, technical ones,
/// the journal, the sign-in throttles, and what goes with a person
/// (sessions, addresses they signed in from, single-use links, a new e-mail
/// address waiting for its confirmation, notice preferences, lines waiting
/// for a digest).
const NOT_BODY_DATA: &[&str] = &[
    "seaql_migrations",
    "settings",
    "demo_rows",
    "audit_events",
    "outbox_emails",
    "login_sessions",
    "throttles",
    "known_addresses",
    "user_tokens",
    "email_changes",
    "reference_counters",
    "notice_preferences",
    "digests",
    "digest_items",
    "action_overdue_notices",
    // Import files of indicators waiting for their dry run to be applied:
    // a person's work in progress, gone with them.
    "indicator_imports",
    // Stems and a word each, from every text indexed: kept, like an index,
    // after the texts are gone (a correction is offered only when the
    // corrected search finds something).
    "search_words",
    // Which proposals changed, for the servers' list index: ids only,
    // trimmed as it grows.
    "proposal_changes",
];

/// Link tables whose rows are records drawn from other rows (a snapshot
/// names each proposal of the backlog): they go with a demo row they point
/// to and never keep it.
const DRAWN_FROM_ROWS: &[&str] = &["plenary_snapshot_rows"];

/// Ids are sent to the database this many at a time.
const CHUNK: usize = 500;

/// A foreign key of a table: its column and the table it points to.
#[derive(Debug, Clone)]
struct Parent {
    column: String,
    table: String,
}

/// A table of the body's data.
#[derive(Debug, Clone)]
struct Table {
    name: String,
    /// Whether its rows have an `id` (link tables do not).
    has_id: bool,
    /// The column that names a row for people, if any.
    label: Option<String>,
    parents: Vec<Parent>,
}

async fn strings(
    db: &impl ConnectionTrait,
    sql: &str,
    values: Vec<Value>,
) -> Result<Vec<Vec<String>>, DbErr> {
    let backend = db.get_database_backend();
    let rows = db
        .query_all(Statement::from_sql_and_values(backend, sql, values))
        .await?;
    rows.iter()
        .map(|row| {
            let mut cells = Vec::new();
            let mut index = 0;
            while let Ok(cell) = row.try_get_by_index::<String>(index) {
                cells.push(cell);
                index += 1;
            }
            Ok(cells)
        })
        .collect()
}

/// The tables of the body's data, with their foreign keys.
async fn tables(db: &impl ConnectionTrait) -> Result<Vec<Table>, DbErr> {
    let backend = db.get_database_backend();
    let names = match backend {
        DatabaseBackend::Sqlite => {
            strings(
                db,
                "SELECT name FROM sqlite_master WHERE type = 'table' \
                 AND name NOT LIKE 'sqlite_%' AND name NOT LIKE 'proposals_fts%' ORDER BY name",
                vec![],
            )
            .await?
        }
        _ => {
            strings(
                db,
                "SELECT table_name::text FROM information_schema.tables \
                 WHERE table_schema = current_schema() AND table_type = 'BASE TABLE' ORDER BY table_name",
                vec![],
            )
            .await?
        }
    };
    let mut found = Vec::new();
    for name in names.into_iter().filter_map(|row| row.into_iter().next()) {
        if NOT_BODY_DATA.contains(&name.as_str()) {
            continue;
        }
        let (columns, keys) = match backend {
            DatabaseBackend::Sqlite => (
                strings(
                    db,
                    "SELECT name FROM pragma_table_info(?)",
                    vec![name.clone().into()],
                )
                .await?,
                strings(
                    db,
                    "SELECT \"from\", \"table\" FROM pragma_foreign_key_list(?)",
                    vec![name.clone().into()],
                )
                .await?,
            ),
            _ => (
                strings(
                    db,
                    "SELECT column_name::text FROM information_schema.columns \
                     WHERE table_schema = current_schema() AND table_name = $1",
                    vec![name.clone().into()],
                )
                .await?,
                strings(
                    db,
                    "SELECT a.attname::text, cf.relname::text FROM pg_constraint c \
                     JOIN pg_class ct ON ct.oid = c.conrelid \
                     JOIN pg_class cf ON cf.oid = c.confrelid \
                     JOIN pg_namespace n ON n.oid = ct.relnamespace \
                     JOIN pg_attribute a ON a.attrelid = c.conrelid AND a.attnum = ANY (c.conkey) \
                     WHERE c.contype = 'f' AND n.nspname = current_schema() AND ct.relname = $1",
                    vec![name.clone().into()],
                )
                .await?,
            ),
        };
        let columns: Vec<String> = columns.into_iter().flatten().collect();
        found.push(Table {
            has_id: columns.iter().any(|c| c == "id"),
            label: ["reference", "name", "title", "slug"]
                .into_iter()
                .find(|c| columns.iter().any(|column| column == c))
                .map(str::to_string),
            parents: keys
                .into_iter()
                .filter_map(|row| match row.as_slice() {
                    [column, table] => Some(Parent {
                        column: column.clone(),
                        table: table.clone(),
                    }),
                    _ => None,
                })
                .collect(),
            name,
        });
    }
    Ok(found)
}

/// Whether the database holds any of the body's data.
pub async fn holds_data(db: &impl ConnectionTrait) -> Result<bool, DbErr> {
    for table in tables(db).await? {
        let query = Query::select()
            .expr(Expr::val(1))
            .from(Alias::new(table.name.as_str()))
            .limit(1)
            .to_owned();
        if db
            .query_one(db.get_database_backend().build(&query))
            .await?
            .is_some()
        {
            return Ok(true);
        }
    }
    Ok(false)
}

/// Marks every row of the body's data as the demo's: called once the demo
/// is loaded into an empty database, in its transaction.
pub async fn mark_all(db: &impl ConnectionTrait) -> Result<(), DbErr> {
    settings::forget(db, REMOVED).await?;
    for table in tables(db).await?.into_iter().filter(|t| t.has_id) {
        let name = table.name.replace('\'', "");
        db.execute_unprepared(&format!(
            "INSERT INTO demo_rows (entity, row_id) SELECT '{name}', id FROM \"{name}\""
        ))
        .await?;
    }
    Ok(())
}

/// A row that refers to demo rows: its table, its id (none for a link
/// row), and the demo rows it points to.
struct Referrer {
    table: String,
    id: Option<i32>,
    /// Every row it points to, demo or not: (table, id).
    parents: Vec<(String, i32)>,
}

fn read_ids(row: &sea_orm::QueryResult, count: usize) -> Result<Vec<Option<i32>>, DbErr> {
    (0..count)
        .map(|i| row.try_get_by_index::<Option<i32>>(i))
        .collect()
}

/// Removes the demo body: every row it loaded that no real row refers to,
/// in one transaction. Refused to anyone but the secretariat, and to the
/// demo's own accounts (the one removing would remove themself).
pub async fn remove(
    db: &impl TransactionTrait,
    by: Option<&CurrentUser>,
    ip: Option<String>,
) -> Result<DemoRemoval, AppError> {
    if let Some(user) = by {
        if !user.is_admin() {
            return Err(AppError::Forbidden);
        }
    }
    let txn = db.begin().await?;
    let mut demo: HashMap<String, BTreeSet<i32>> = HashMap::new();
    for row in demo_row::Entity::find().all(&txn).await? {
        demo.entry(row.entity).or_default().insert(row.row_id);
    }
    if let Some(user) = by {
        if demo.get("users").is_some_and(|ids| ids.contains(&user.id)) {
            return Err(AppError::Invalid(
                "Vous êtes connecté(e) avec un compte de la démonstration, qui serait retiré avec elle : connectez-vous avec votre propre compte de secrétariat pour retirer la démonstration.".into(),
            ));
        }
    }
    let tables = tables(&txn).await?;
    let is_demo = |table: &str, id: i32| demo.get(table).is_some_and(|ids| ids.contains(&id));

    // Every row that points to a demo row, with all it points to.
    let mut referrers = Vec::new();
    for table in &tables {
        let pointing: Vec<&Parent> = table
            .parents
            .iter()
            .filter(|p| demo.contains_key(&p.table))
            .collect();
        if pointing.is_empty() {
            continue;
        }
        let mut columns: Vec<String> = Vec::new();
        if table.has_id {
            columns.push("id".into());
        }
        columns.extend(table.parents.iter().map(|p| p.column.clone()));
        let mut seen = HashSet::new();
        for parent in pointing {
            let ids: Vec<i32> = demo[&parent.table].iter().copied().collect();
            for chunk in ids.chunks(CHUNK) {
                let query = Query::select()
                    .columns(columns.iter().map(|c| Alias::new(c.as_str())))
                    .from(Alias::new(table.name.as_str()))
                    .and_where(Expr::col(Alias::new(parent.column.as_str())).is_in(chunk.to_vec()))
                    .to_owned();
                for row in txn
                    .query_all(txn.get_database_backend().build(&query))
                    .await?
                {
                    let values = read_ids(&row, columns.len())?;
                    if !seen.insert(values.clone()) {
                        continue;
                    }
                    let (id, keys) = if table.has_id {
                        (values[0], &values[1..])
                    } else {
                        (None, &values[..])
                    };
                    referrers.push(Referrer {
                        table: table.name.clone(),
                        id,
                        parents: table
                            .parents
                            .iter()
                            .zip(keys)
                            .filter_map(|(p, key)| key.map(|k| (p.table.clone(), k)))
                            .collect(),
                    });
                }
            }
        }
    }
    // A row is the demo's if marked; a link row if all it points to is.
    let demo_referrer = |r: &Referrer| match r.id {
        Some(id) => is_demo(&r.table, id),
        None => r.parents.iter().all(|(t, id)| is_demo(t, *id)),
    };
    let mut kept: BTreeSet<(String, i32)> = BTreeSet::new();
    let mut because: BTreeMap<(String, i32), String> = BTreeMap::new();
    for r in referrers
        .iter()
        .filter(|r| !demo_referrer(r) && !DRAWN_FROM_ROWS.contains(&r.table.as_str()))
    {
        for (table, id) in r.parents.iter().filter(|(t, id)| is_demo(t, *id)) {
            kept.insert((table.clone(), *id));
            because
                .entry((table.clone(), *id))
                .or_insert_with(|| r.table.clone());
        }
    }
    // What a kept row points to is kept too. A link row of the demo goes
    // with any of the rows it links (a kept demo proposal may lose a demo
    // procedure), so that it keeps nothing itself.
    loop {
        let mut grew = false;
        for r in referrers.iter().filter(|r| demo_referrer(r)) {
            if r.id.is_some_and(|id| kept.contains(&(r.table.clone(), id))) {
                for parent in r.parents.iter().filter(|(t, id)| is_demo(t, *id)) {
                    grew |= kept.insert(parent.clone());
                }
            }
        }
        if !grew {
            break;
        }
    }

    let mut doomed: BTreeMap<String, Vec<i32>> = BTreeMap::new();
    for (table, ids) in &demo {
        let gone: Vec<i32> = ids
            .iter()
            .copied()
            .filter(|id| !kept.contains(&(table.clone(), *id)))
            .collect();
        if !gone.is_empty() {
            doomed.insert(table.clone(), gone);
        }
    }
    let mut removed = 0;
    // Link rows first, then tables whose rows nothing left to remove points to.
    for table in tables.iter().filter(|t| !t.has_id) {
        for parent in table
            .parents
            .iter()
            .filter(|p| doomed.contains_key(&p.table))
        {
            for chunk in doomed[&parent.table].chunks(CHUNK) {
                let query = Query::delete()
                    .from_table(Alias::new(table.name.as_str()))
                    .and_where(Expr::col(Alias::new(parent.column.as_str())).is_in(chunk.to_vec()))
                    .to_owned();
                removed += txn
                    .execute(txn.get_database_backend().build(&query))
                    .await?
                    .rows_affected();
            }
        }
    }
    let mut pending: Vec<&Table> = tables
        .iter()
        .filter(|t| t.has_id && doomed.contains_key(&t.name))
        .collect();
    while !pending.is_empty() {
        let referred = |name: &str, pending: &[&Table]| {
            pending
                .iter()
                .any(|other| other.name != name && other.parents.iter().any(|p| p.table == name))
        };
        let next = pending
            .iter()
            .position(|t| !referred(&t.name, &pending))
            .unwrap_or(0);
        let table = pending.remove(next);
        for chunk in doomed[&table.name].chunks(CHUNK) {
            let query = Query::delete()
                .from_table(Alias::new(table.name.as_str()))
                .and_where(Expr::col(Alias::new("id")).is_in(chunk.to_vec()))
                .to_owned();
            removed += txn
                .execute(txn.get_database_backend().build(&query))
                .await?
                .rows_affected();
        }
        for chunk in doomed[&table.name].chunks(CHUNK) {
            demo_row::Entity::delete_many()
                .filter(Expr::col(demo_row::Column::Entity).eq(table.name.as_str()))
                .filter(Expr::col(demo_row::Column::RowId).is_in(chunk.to_vec()))
                .exec(&txn)
                .await?;
        }
    }
    forget_unused_counters(&txn).await?;

    let mut names = Vec::new();
    for (table, id) in &kept {
        let referrer = because
            .get(&(table.clone(), *id))
            .map(|t| format!(" (des données réelles y renvoient : {})", what(t)))
            .unwrap_or_default();
        names.push(format!(
            "{}{referrer}",
            label(&txn, &tables, table, *id).await?
        ));
    }
    settings::set(
        &txn,
        REMOVED,
        &chrono::Utc::now().to_rfc3339(),
        chrono::Utc::now(),
    )
    .await?;
    // The demo's identity goes with it, unless the secretariat changed it.
    if settings::identity(&txn).await? == data_files::demo().identity {
        settings::forget_identity(&txn).await?;
    }
    let result = DemoRemoval {
        removed,
        kept: names,
    };
    let actor = match by {
        Some(user) => Actor::of(user),
        None => Actor::System("ligne de commande"),
    };
    audit::record(
        &txn,
        &actor,
        "demo.removed",
        None,
        ip,
        format!(
            "{} ligne(s) retirée(s) ; conservée(s) : {}",
            result.removed,
            if result.kept.is_empty() {
                "aucune".to_string()
            } else {
                result.kept.join(", ")
            }
        ),
    )
    .await?;
    txn.commit().await?;
    Ok(result)
}

/// A row for people: « proposition « DA-2019-0001 » ».
async fn label(
    db: &impl ConnectionTrait,
    tables: &[Table],
    table: &str,
    id: i32,
) -> Result<String, DbErr> {
    let column = tables
        .iter()
        .find(|t| t.name == table)
        .and_then(|t| t.label.clone());
    let shown = match column {
        Some(column) => {
            let query = Query::select()
                .column(Alias::new(column.as_str()))
                .from(Alias::new(table))
                .and_where(Expr::col(Alias::new("id")).eq(id))
                .to_owned();
            db.query_one(db.get_database_backend().build(&query))
                .await?
                .and_then(|row| row.try_get_by_index::<String>(0).ok())
        }
        None => None,
    };
    Ok(format!(
        "{} « {} »",
        what(table),
        shown.unwrap_or_else(|| format!("n° {id}"))
    ))
}

/// Whether the demo body was removed (it is then not loaded again when a
/// server starts; `ecoute seed-demo` still loads it into an empty body).
pub async fn was_removed(db: &impl ConnectionTrait) -> Result<bool, DbErr> {
    Ok(settings::get(db, REMOVED).await?.is_some())
}

/// What is left of the demo: how many rows, whether it was removed, and
/// then the rows kept for the real data that refers to them.
pub async fn state(db: &impl ConnectionTrait) -> Result<DemoState, AppError> {
    let rows = demo_row::Entity::find().all(db).await?;
    let removed = was_removed(db).await?;
    let mut kept = Vec::new();
    if removed {
        let tables = tables(db).await?;
        for row in &rows {
            kept.push(label(db, &tables, &row.entity, row.row_id).await?);
        }
    }
    Ok(DemoState {
        rows: rows.len() as u64,
        removed,
        kept,
    })
}

/// The reference counters of years without any proposal left (the demo's
/// years): a counter is never reset while a proposal holds its numbers.
async fn forget_unused_counters(db: &impl ConnectionTrait) -> Result<(), DbErr> {
    use sea_orm::{ColumnTrait, QuerySelect};
    let years: BTreeSet<i32> = proposal::Entity::find()
        .select_only()
        .column(proposal::Column::Year)
        .distinct()
        .into_tuple::<i32>()
        .all(db)
        .await?
        .into_iter()
        .collect();
    for counter in reference_counter::Entity::find().all(db).await? {
        let year = counter
            .scope
            .strip_prefix("DA-")
            .and_then(|y| y.parse::<i32>().ok());
        if year.is_some_and(|y| !years.contains(&y)) {
            reference_counter::Entity::delete_many()
                .filter(reference_counter::Column::Scope.eq(counter.scope))
                .exec(db)
                .await?;
        }
    }
    Ok(())
}

/// What a table's row is, in French.
fn what(table: &str) -> String {
    match table {
        "organisations" => "organisation",
        "users" => "compte",
        "working_groups" => "groupe de travail",
        "working_group_members" => "siège dans un groupe",
        "procedures" => "démarche",
        "procedure_families" => "famille de démarches",
        "test_campaigns" => "campagne de tests",
        "meetings" => "réunion",
        "meeting_invitations" => "invitation à une réunion",
        "minutes" => "compte rendu",
        "minutes_revisions" => "version de compte rendu",
        "proposals" => "proposition",
        "proposal_events" => "événement d'une proposition",
        "proposal_supports" => "soutien",
        "proposal_procedures" => "démarche d'une proposition",
        "test_campaign_procedures" => "démarche d'une campagne",
        "actions" => "action",
        "proposal_milestones" => "jalon d'une proposition",
        "easy_read_texts" => "version facile à lire",
        other => other,
    }
    .to_string()
}
