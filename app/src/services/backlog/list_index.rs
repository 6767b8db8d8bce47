//! The proposals' list views answered from memory: each server keeps, for
//! every proposal, the few columns a list filters and sorts on, and its
//! stems in an inverted index (one bitmap of proposals per stem). A search
//! or a filter over 100 000 proposals is then a few bitmap operations and a
//! partial sort, where the databases counted and sorted every match at every
//! request (about 50 ms of a core each, measured by `bench/run`).
//!
//! The index never serves a state older than the request: before each use it
//! reads the journal of changed proposals (migration `proposal_changes`,
//! written by triggers, so every writer is seen, through any server) and
//! reads those proposals again. Requests that arrive while another reads the
//! journal wait for it and use its result, which saw every change committed
//! before they arrived.

use std::borrow::Cow;
use std::collections::hash_map::DefaultHasher;
use std::collections::{BTreeMap, BinaryHeap, HashMap, HashSet};
use std::future::Future;
use std::hash::{Hash, Hasher};
use std::ops::Bound;
use std::sync::Arc;
use std::sync::{PoisonError, RwLock};
use std::time::{Duration, Instant};

use roaring::RoaringBitmap;
use sea_orm::sea_query::{Alias, Expr, Query};
use sea_orm::{
    ColumnTrait, ConnectionTrait, DbBackend, EntityTrait, FromQueryResult, QueryFilter, QueryOrder,
    QuerySelect, Statement,
};

use super::cards::Audience;
use crate::entities::{proposal, proposal_procedure};
use crate::model::{AppError, BacklogOptions, Origin, ProposalStatus, SortKey, SortOrder};
use crate::services::search::Terms;
use crate::services::shelf::Shelf;

/// Past this many proposals changed at once (a bulk load), the index is
/// loaded again whole: taking each out of every stem's bitmap costs more.
const MOST_CHANGED: usize = 500;

/// Proposals read at a time when loading the whole index, so that the rows
/// read (their search texts most) never all sit in memory at once.
const LOADED_AT_ONCE: u64 = 1_000;

/// Ids in one `IN (…)` list.
const IDS_AT_ONCE: usize = 500;

/// What a list filters a proposal on, besides its status.
#[derive(Debug, Clone)]
struct Row {
    status: ProposalStatus,
    group: Option<i32>,
    organisation: i32,
    campaign: Option<i32>,
    origin: Origin,
    year: i32,
    procedures: Box<[i32]>,
    /// Of its searchable texts: a change of the rest leaves its stems be.
    texts: u64,
}

#[derive(Debug, FromQueryResult)]
struct Read {
    id: i32,
    status: ProposalStatus,
    was_public: bool,
    working_group_id: Option<i32>,
    organisation_id: i32,
    test_campaign_id: Option<i32>,
    origin: Origin,
    year: i32,
    created_at: chrono::DateTime<chrono::Utc>,
    last_activity_at: chrono::DateTime<chrono::Utc>,
    supports_count: i32,
    search_text: String,
    search_title: Option<String>,
}

/// The proposals whose stored text holds a stem: in the whole text, and in
/// the title alone (relevance).
#[derive(Debug, Default)]
struct Holders {
    text: RoaringBitmap,
    title: RoaringBitmap,
}

/// What a list sorts proposals on, one column each, by proposal id. A page
/// reads its order's column for every match, in the order of their ids: a
/// few bytes each, side by side, where whole rows would be a cache miss
/// each (measured: most of a search's time before the columns).
#[derive(Debug, Default)]
struct SortColumns {
    created_at: Vec<i64>,
    last_activity_at: Vec<i64>,
    supports: Vec<i32>,
    rank: Vec<i32>,
}

impl SortColumns {
    fn resize(&mut self, len: usize) {
        self.created_at.resize(len, 0);
        self.last_activity_at.resize(len, 0);
        self.supports.resize(len, 0);
        self.rank.resize(len, 0);
    }

    fn set(&mut self, at: usize, read: &Read) {
        self.created_at[at] = stamp(read.created_at);
        self.last_activity_at[at] = stamp(read.last_activity_at);
        self.supports[at] = read.supports_count;
        self.rank[at] = read.status.rank();
    }
}

#[derive(Debug, Default)]
struct Index {
    /// By proposal id.
    rows: Vec<Option<Row>>,
    columns: SortColumns,
    stems: BTreeMap<Box<str>, Holders>,
    /// The proposals in each status, by the status's rank: a view reads
    /// only those of the statuses it shows.
    statuses: Vec<RoaringBitmap>,
    /// The proposals anonymous visitors may not see.
    hidden_from_public: RoaringBitmap,
}

/// Where the journal was read up to.
#[derive(Debug, Default)]
struct Journal {
    loaded: bool,
    /// When the last successful read began.
    read_at: Option<Instant>,
    /// The highest journal id seen.
    last: i64,
    /// PostgreSQL: the oldest transaction running at the last read, and
    /// the journal rows seen of transactions from then on (they are read
    /// again until no transaction as old runs).
    oldest_running: u64,
    seen: HashMap<i64, u64>,
}

/// A list view's filters, with the groups, procedures, organisations and
/// campaigns they name found (`proposals::resolve`).
#[derive(Debug, Clone, Default)]
pub struct Wanted {
    pub status: Option<ProposalStatus>,
    /// `Some(None)`: the proposals no group has.
    pub group: Option<Option<i32>>,
    /// Each set, one of whose procedures a proposal must concern.
    pub procedures: Vec<Vec<i32>>,
    pub organisation: Option<i32>,
    pub campaign: Option<i32>,
    pub origin: Option<Origin>,
    pub year: Option<i32>,
}

/// What a server keeps for the proposals' lists: the index, always in step
/// with the database, and the filter form's choices by audience, kept `ttl`
/// like the other public views.
#[derive(Debug)]
pub struct ListViews {
    pub index: ListIndex,
    choices: Shelf<BacklogOptions>,
    ttl: Duration,
}

impl ListViews {
    pub fn new(ttl: Duration) -> Self {
        Self {
            index: ListIndex::default(),
            choices: Shelf::default(),
            ttl,
        }
    }

    /// The filter form's choices for `audience`, kept or from `load`.
    pub async fn choices<Fut>(
        &self,
        audience: Audience,
        load: impl FnOnce() -> Fut,
    ) -> Result<Arc<BacklogOptions>, AppError>
    where
        Fut: Future<Output = Result<BacklogOptions, AppError>>,
    {
        self.choices.get(self.ttl, audience.key(), load).await
    }
}

/// The proposals' list views in memory; see the module.
#[derive(Debug, Default)]
pub struct ListIndex {
    index: RwLock<Index>,
    journal: tokio::sync::Mutex<Journal>,
}

fn stamp(at: chrono::DateTime<chrono::Utc>) -> i64 {
    at.timestamp_micros()
}

fn texts_of(read: &Read) -> u64 {
    let mut hasher = DefaultHasher::new();
    read.search_text.hash(&mut hasher);
    read.search_title.hash(&mut hasher);
    hasher.finish()
}

fn stems_of(text: &str) -> HashSet<&str> {
    text.split(' ').filter(|w| !w.is_empty()).collect()
}

impl Index {
    /// Where proposal `id` is, in the rows and the columns.
    fn slot(&mut self, id: u32) -> usize {
        let at = id as usize;
        if self.rows.len() <= at {
            self.rows.resize(at + 1, None);
            self.columns.resize(at + 1);
        }
        at
    }

    fn add_stems(&mut self, id: u32, read: &Read) {
        for stem in stems_of(&read.search_text) {
            self.holders(stem).text.insert(id);
        }
        for stem in stems_of(read.search_title.as_deref().unwrap_or_default()) {
            self.holders(stem).title.insert(id);
        }
    }

    fn holders(&mut self, stem: &str) -> &mut Holders {
        if !self.stems.contains_key(stem) {
            self.stems.insert(stem.into(), Holders::default());
        }
        self.stems.get_mut(stem).expect("just inserted")
    }

    fn drop_stems(&mut self, id: u32) {
        self.stems.retain(|_, holders| {
            holders.text.remove(id);
            holders.title.remove(id);
            !holders.text.is_empty() || !holders.title.is_empty()
        });
    }

    /// Puts `read` in place of what the index held of its proposal.
    fn put(&mut self, read: Read, procedures: Vec<i32>) {
        let Ok(id) = u32::try_from(read.id) else {
            return;
        };
        let texts = texts_of(&read);
        let at = self.slot(id);
        let held = self.rows[at].as_ref().map(|row| (row.texts, row.status));
        if let Some((_, status)) = held {
            self.in_status(status).remove(id);
        }
        self.in_status(read.status).insert(id);
        let before = held.map(|(texts, _)| texts);
        if before != Some(texts) {
            if before.is_some() {
                self.drop_stems(id);
            }
            self.add_stems(id, &read);
        }
        if Audience::Public.sees_one(read.status, read.was_public) {
            self.hidden_from_public.remove(id);
        } else {
            self.hidden_from_public.insert(id);
        }
        self.columns.set(at, &read);
        self.rows[at] = Some(Row {
            status: read.status,
            group: read.working_group_id,
            organisation: read.organisation_id,
            campaign: read.test_campaign_id,
            origin: read.origin,
            year: read.year,
            procedures: procedures.into(),
            texts,
        });
    }

    fn remove(&mut self, id: i32) {
        let held = usize::try_from(id)
            .ok()
            .and_then(|at| self.rows.get_mut(at))
            .and_then(Option::take);
        if let (Some(row), Ok(id)) = (held, u32::try_from(id)) {
            self.in_status(row.status).remove(id);
            self.hidden_from_public.remove(id);
            self.drop_stems(id);
        }
    }

    fn in_status(&mut self, status: ProposalStatus) -> &mut RoaringBitmap {
        let rank = usize::try_from(status.rank()).unwrap_or_default();
        if self.statuses.len() <= rank {
            self.statuses.resize(rank + 1, RoaringBitmap::new());
        }
        &mut self.statuses[rank]
    }

    /// The proposals of the statuses `query` shows that its audience may see.
    fn shown(&self, query: &ListQuery) -> RoaringBitmap {
        let mut shown = RoaringBitmap::new();
        for status in ProposalStatus::ALL {
            let wanted = match query.wanted.status {
                Some(wanted) => *status == wanted,
                // Withdrawn proposals are out of the open backlog.
                None => *status != ProposalStatus::Retiree,
            };
            let rank = usize::try_from(status.rank()).unwrap_or_default();
            if let (true, Some(those)) = (wanted, self.statuses.get(rank)) {
                shown |= those;
            }
        }
        if query.audience == Audience::Public {
            shown -= &self.hidden_from_public;
        }
        shown
    }

    /// The proposals holding a word starting with one of `alternatives`, in
    /// the whole text or in the title alone: the set of a single stem as it
    /// is (most words start one), those of several joined.
    fn starting(&self, alternatives: &[String], title: bool) -> Cow<'_, RoaringBitmap> {
        let mut sets = alternatives.iter().flat_map(|stem| {
            self.stems
                .range::<str, _>((Bound::Included(stem.as_str()), Bound::Unbounded))
                .take_while(move |(known, _)| known.starts_with(stem.as_str()))
                .map(|(_, holders)| if title { &holders.title } else { &holders.text })
        });
        match (sets.next(), sets.next()) {
            (None, _) => Cow::Owned(RoaringBitmap::new()),
            (Some(one), None) => Cow::Borrowed(one),
            (Some(one), Some(two)) => Cow::Owned(sets.fold(one | two, |all, set| all | set)),
        }
    }

    fn knows(&self, stem: &str) -> bool {
        self.stems
            .range::<str, _>((Bound::Included(stem), Bound::Unbounded))
            .next()
            .is_some_and(|(known, _)| known.starts_with(stem))
    }

    fn page(&self, query: &ListQuery) -> Listed {
        let searched = !query.terms.words.is_empty();
        let mut candidates = self.shown(query);
        for word in &query.terms.words {
            candidates &= self.starting(word, false).as_ref();
        }
        let titles: Vec<Cow<'_, RoaringBitmap>> = match query.sort {
            SortKey::Relevance if searched => query
                .terms
                .words
                .iter()
                .map(|word| self.starting(word, true))
                .collect(),
            _ => Vec::new(),
        };
        let columns = &self.columns;
        let keyed = |id: u32| -> [i64; 3] {
            let by = |value: i64| match query.order {
                SortOrder::Asc => value,
                SortOrder::Desc => -value,
            };
            let at = id as usize;
            let activity = || columns.last_activity_at[at];
            let id = i64::from(id);
            match query.sort {
                SortKey::Relevance if searched => {
                    let score = titles
                        .iter()
                        .filter(|title| title.contains(id as u32))
                        .count();
                    [by(score as i64), by(activity()), by(id)]
                }
                SortKey::Submitted => [by(columns.created_at[at]), 0, by(id)],
                SortKey::Status => [by(i64::from(columns.rank[at])), -activity(), by(id)],
                SortKey::Supports => [by(i64::from(columns.supports[at])), 0, by(id)],
                SortKey::Relevance | SortKey::Activity => [by(activity()), 0, by(id)],
            }
        };
        // The rows are read only for a filter the bitmaps do not answer.
        let by_rows = query.wanted.needs_rows();
        // The first `keep` of the view in its order, and how many it holds:
        // only a page's worth is ever sorted, whatever the matches.
        let first = |keep: usize| {
            let mut total = 0u64;
            let mut best: BinaryHeap<([i64; 3], i32)> = BinaryHeap::with_capacity(keep + 1);
            let mut consider = |id: u32| {
                let kept = !by_rows
                    || self
                        .rows
                        .get(id as usize)
                        .and_then(Option::as_ref)
                        .is_some_and(|row| query.wanted.keeps(row));
                if kept {
                    total += 1;
                    let key = keyed(id);
                    if best.len() < keep {
                        best.push((key, id as i32));
                    } else if best.peek().is_some_and(|worst| (key, id as i32) < *worst) {
                        best.pop();
                        best.push((key, id as i32));
                    }
                }
            };
            candidates.iter().for_each(&mut consider);
            (total, best.into_sorted_vec())
        };
        let per_page = usize::try_from(query.per_page.max(1)).unwrap_or(usize::MAX);
        let asked = usize::try_from(query.page.max(1)).unwrap_or(usize::MAX);
        let (total, mut best) = first(asked.saturating_mul(per_page));
        let pages = usize::try_from(total)
            .unwrap_or(usize::MAX)
            .div_ceil(per_page)
            .max(1);
        // A page past the last gives the last.
        let page = asked.min(pages);
        if page < asked {
            best = first(page * per_page).1;
        }
        Listed {
            total,
            page: page as u64,
            ids: best
                .iter()
                .skip((page - 1) * per_page)
                .map(|(_, id)| *id)
                .collect(),
        }
    }
}

/// One page of a list view, as the index answers it.
#[derive(Debug)]
pub struct ListQuery<'a> {
    pub audience: Audience,
    pub wanted: &'a Wanted,
    pub terms: &'a Terms,
    pub sort: SortKey,
    pub order: SortOrder,
    /// From 1; a page past the last gives the last.
    pub page: u64,
    pub per_page: u64,
}

/// A page of a list view.
#[derive(Debug)]
pub struct Listed {
    /// The proposals in the whole view.
    pub total: u64,
    /// The page given.
    pub page: u64,
    /// Its proposals, in order.
    pub ids: Vec<i32>,
}

impl Wanted {
    /// Whether a filter asks for more than the status.
    fn needs_rows(&self) -> bool {
        self.group.is_some()
            || !self.procedures.is_empty()
            || self.organisation.is_some()
            || self.campaign.is_some()
            || self.origin.is_some()
            || self.year.is_some()
    }

    /// Whether `row` passes the filters other than the status.
    fn keeps(&self, row: &Row) -> bool {
        self.group.is_none_or(|group| row.group == group)
            && self
                .procedures
                .iter()
                .all(|any| row.procedures.iter().any(|p| any.contains(p)))
            && self.organisation.is_none_or(|o| row.organisation == o)
            && self.campaign.is_none_or(|c| row.campaign == Some(c))
            && self.origin.is_none_or(|o| row.origin == o)
            && self.year.is_none_or(|y| row.year == y)
    }
}

impl ListIndex {
    /// A page of the view, as the database holds it now.
    pub async fn page(
        &self,
        db: &impl ConnectionTrait,
        query: &ListQuery<'_>,
    ) -> Result<Listed, AppError> {
        self.catch_up(db).await?;
        Ok(self.read().page(query))
    }

    /// Whether a proposal's text, as last read, holds a word starting
    /// with `stem`.
    pub fn knows(&self, stem: &str) -> bool {
        self.read().knows(stem)
    }

    fn read(&self) -> std::sync::RwLockReadGuard<'_, Index> {
        // A panic while holding the lock can only leave one proposal's row
        // half written, and the next change or load writes it again.
        self.index.read().unwrap_or_else(PoisonError::into_inner)
    }

    fn write(&self) -> std::sync::RwLockWriteGuard<'_, Index> {
        self.index.write().unwrap_or_else(PoisonError::into_inner)
    }

    /// Reads the changes committed since the journal was last read; loads
    /// the whole index the first time.
    pub async fn catch_up(&self, db: &impl ConnectionTrait) -> Result<(), AppError> {
        let arrived = Instant::now();
        let mut journal = self.journal.lock().await;
        if journal.read_at.is_some_and(|at| at >= arrived) {
            return Ok(());
        }
        let began = Instant::now();
        if !journal.loaded {
            self.load(db, &mut journal).await?;
        } else {
            let changed = changes(db, &mut journal).await?;
            match changed {
                Some(ids) if ids.len() <= MOST_CHANGED => self.reread(db, &ids).await?,
                _ => self.load(db, &mut journal).await?,
            }
        }
        journal.read_at = Some(began);
        Ok(())
    }

    /// Loads every proposal, from a state no older than the journal's
    /// position it records first.
    async fn load(&self, db: &impl ConnectionTrait, journal: &mut Journal) -> Result<(), AppError> {
        let (last, oldest_running) = position(db).await?;
        let mut index = Index::default();
        // Sized once: grown by doubling, the rows would hold up to twice
        // the room they need.
        let highest: Option<i32> = proposal::Entity::find()
            .select_only()
            .column_as(proposal::Column::Id.max(), "highest")
            .into_tuple()
            .one(db)
            .await?
            .flatten();
        if let Some(highest) = highest.and_then(|id| u32::try_from(id).ok()) {
            index.slot(highest);
        }
        let mut after = 0;
        loop {
            let reads = proposals()
                .filter(proposal::Column::Id.gt(after))
                .order_by_asc(proposal::Column::Id)
                .limit(LOADED_AT_ONCE)
                .into_model::<Read>()
                .all(db)
                .await?;
            let Some(last_read) = reads.last() else {
                break;
            };
            after = last_read.id;
            let ids: Vec<i32> = reads.iter().map(|r| r.id).collect();
            let mut links = procedures_of(db, &ids).await?;
            for read in reads {
                let procedures = links.remove(&read.id).unwrap_or_default();
                index.put(read, procedures);
            }
        }
        *self.write() = index;
        *journal = Journal {
            loaded: true,
            read_at: None,
            last,
            oldest_running,
            seen: HashMap::new(),
        };
        Ok(())
    }

    /// Reads the proposals `ids` again (those gone are taken out).
    async fn reread(&self, db: &impl ConnectionTrait, ids: &[i32]) -> Result<(), AppError> {
        for some in ids.chunks(IDS_AT_ONCE) {
            let reads = proposals()
                .filter(proposal::Column::Id.is_in(some.iter().copied()))
                .into_model::<Read>()
                .all(db)
                .await?;
            let mut links = procedures_of(db, some).await?;
            let kept: HashSet<i32> = reads.iter().map(|read| read.id).collect();
            let mut index = self.write();
            for id in some.iter().filter(|id| !kept.contains(id)) {
                index.remove(*id);
            }
            for read in reads {
                let procedures = links.remove(&read.id).unwrap_or_default();
                index.put(read, procedures);
            }
        }
        Ok(())
    }
}

fn proposals() -> sea_orm::Select<proposal::Entity> {
    proposal::Entity::find().select_only().columns([
        proposal::Column::Id,
        proposal::Column::Status,
        proposal::Column::WasPublic,
        proposal::Column::WorkingGroupId,
        proposal::Column::OrganisationId,
        proposal::Column::TestCampaignId,
        proposal::Column::Origin,
        proposal::Column::Year,
        proposal::Column::CreatedAt,
        proposal::Column::LastActivityAt,
        proposal::Column::SupportsCount,
        proposal::Column::SearchText,
        proposal::Column::SearchTitle,
    ])
}

async fn procedures_of(
    db: &impl ConnectionTrait,
    ids: &[i32],
) -> Result<HashMap<i32, Vec<i32>>, AppError> {
    let links: Vec<(i32, i32)> = proposal_procedure::Entity::find()
        .select_only()
        .columns([
            proposal_procedure::Column::ProposalId,
            proposal_procedure::Column::ProcedureId,
        ])
        .filter(proposal_procedure::Column::ProposalId.is_in(ids.iter().copied()))
        .into_tuple()
        .all(db)
        .await?;
    let mut by_proposal: HashMap<i32, Vec<i32>> = HashMap::new();
    for (proposal, procedure) in links {
        by_proposal.entry(proposal).or_default().push(procedure);
    }
    Ok(by_proposal)
}

fn journal_table() -> Alias {
    Alias::new("proposal_changes")
}

/// The journal's last id, and on PostgreSQL the oldest transaction running.
async fn position(db: &impl ConnectionTrait) -> Result<(i64, u64), AppError> {
    let backend = db.get_database_backend();
    let sql = match backend {
        DbBackend::Postgres => {
            "SELECT COALESCE(MAX(id), 0) AS last, \
             CAST(pg_snapshot_xmin(pg_current_snapshot()) AS TEXT) AS oldest FROM proposal_changes"
        }
        _ => "SELECT COALESCE(MAX(id), 0) AS last, '0' AS oldest FROM proposal_changes",
    };
    let row = db
        .query_one(Statement::from_string(backend, sql))
        .await?
        .ok_or(AppError::Unavailable)?;
    let oldest: String = row.try_get("", "oldest")?;
    Ok((
        row.try_get("", "last")?,
        oldest.parse().map_err(|_| AppError::Unavailable)?,
    ))
}

/// The proposals changed since the journal was last read, once each; none
/// when the journal no longer holds every change since (it keeps its last
/// rows only): then the whole index must be loaded again.
async fn changes(
    db: &impl ConnectionTrait,
    journal: &mut Journal,
) -> Result<Option<Vec<i32>>, AppError> {
    let backend = db.get_database_backend();
    let read: Vec<(i64, i32, u64)> = match backend {
        DbBackend::Postgres => {
            let sql = "WITH now AS (SELECT CAST(pg_snapshot_xmin(pg_current_snapshot()) AS TEXT) AS oldest) \
                 SELECT now.oldest, c.id, c.proposal_id, CAST(c.tx AS TEXT) AS tx FROM now \
                 LEFT JOIN proposal_changes c ON c.tx >= CAST($1 AS xid8) ORDER BY c.id";
            let rows = db
                .query_all(Statement::from_sql_and_values(
                    backend,
                    sql,
                    [journal.oldest_running.to_string().into()],
                ))
                .await?;
            let mut read = Vec::new();
            for row in rows {
                let oldest: String = row.try_get("", "oldest")?;
                journal.oldest_running = oldest.parse().map_err(|_| AppError::Unavailable)?;
                if let (Some(id), Some(proposal), Some(tx)) = (
                    row.try_get::<Option<i64>>("", "id")?,
                    row.try_get::<Option<i32>>("", "proposal_id")?,
                    row.try_get::<Option<String>>("", "tx")?,
                ) {
                    read.push((id, proposal, tx.parse().map_err(|_| AppError::Unavailable)?));
                }
            }
            read
        }
        _ => {
            let select = Query::select()
                .columns([Alias::new("id"), Alias::new("proposal_id")])
                .from(journal_table())
                .and_where(Expr::col(Alias::new("id")).gt(journal.last))
                .order_by(Alias::new("id"), sea_orm::Order::Asc)
                .to_owned();
            let mut read = Vec::new();
            for row in db.query_all(backend.build(&select)).await? {
                read.push((row.try_get("", "id")?, row.try_get("", "proposal_id")?, 0));
            }
            read
        }
    };
    let oldest_running = journal.oldest_running;
    journal.seen.retain(|_, tx| *tx >= oldest_running);
    let fresh: Vec<(i64, i32, u64)> = read
        .into_iter()
        .filter(|(id, _, _)| !journal.seen.contains_key(id))
        .collect();
    let Some(first_new) = fresh
        .iter()
        .map(|(id, _, _)| *id)
        .filter(|id| *id > journal.last)
        .min()
    else {
        remember(journal, &fresh);
        return Ok(Some(distinct(&fresh)));
    };
    // Rows past the last seen were read: if the journal no longer holds the
    // one right after it, some may have been trimmed unread.
    if first_new > journal.last + 1 {
        let first_kept = db
            .query_one(
                backend.build(
                    &Query::select()
                        .expr_as(Expr::col(Alias::new("id")).min(), Alias::new("first"))
                        .from(journal_table())
                        .to_owned(),
                ),
            )
            .await?
            .map(|row| row.try_get::<Option<i64>>("", "first"))
            .transpose()?
            .flatten()
            .unwrap_or_default();
        if first_kept > journal.last + 1 {
            return Ok(None);
        }
    }
    remember(journal, &fresh);
    Ok(Some(distinct(&fresh)))
}

fn remember(journal: &mut Journal, fresh: &[(i64, i32, u64)]) {
    for (id, _, tx) in fresh {
        journal.last = journal.last.max(*id);
        if *tx >= journal.oldest_running && *tx > 0 {
            journal.seen.insert(*id, *tx);
        }
    }
}

fn distinct(fresh: &[(i64, i32, u64)]) -> Vec<i32> {
    let mut ids: Vec<i32> = fresh.iter().map(|(_, id, _)| *id).collect();
    ids.sort_unstable();
    ids.dedup();
    ids
}
