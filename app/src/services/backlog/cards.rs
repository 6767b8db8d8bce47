//! Proposals as they appear in lists: who may see which ([`Audience`]), and
//! a proposal with the names of its organisation, group and procedures,
//! loaded in one query per related table (never one per proposal).

use std::collections::HashMap;

use chrono::{DateTime, Utc};
use sea_orm::{
    ColumnTrait, Condition, ConnectionTrait, EntityTrait, FromQueryResult, JoinType,
    PaginatorTrait, QueryFilter, QueryOrder, QuerySelect, Select,
};

use crate::entities::{organisation, procedure, proposal, proposal_procedure, working_group};
use crate::model::{
    AppError, CurrentUser, ProposalCard, ProposalStatus, ProposalsPage, BACKLOG_PAGE_SIZE,
};
use crate::services::body::groups;
use crate::services::format;

/// Who is looking: anonymous visitors see every proposal except those still
/// "déposée" and those withdrawn before they were public; signed-in people
/// see those too. Lists, exports, procedure and campaign pages all apply
/// this one rule.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Audience {
    Public,
    SignedIn,
}

impl Audience {
    pub fn of(user: Option<&CurrentUser>) -> Self {
        match user {
            Some(_) => Audience::SignedIn,
            None => Audience::Public,
        }
    }

    /// A name for what is kept per audience.
    pub fn key(self) -> &'static str {
        match self {
            Audience::Public => "public",
            Audience::SignedIn => "signed-in",
        }
    }

    /// The proposals this audience may see.
    pub fn visible(self) -> Condition {
        match self {
            Audience::Public => Condition::all()
                .add(proposal::Column::Status.ne(ProposalStatus::Deposee))
                .add(
                    Condition::any()
                        .add(proposal::Column::Status.ne(ProposalStatus::Retiree))
                        .add(proposal::Column::WasPublic.eq(true)),
                ),
            Audience::SignedIn => Condition::all(),
        }
    }

    /// The proposals hidden from this audience, if any are.
    pub fn hidden(self) -> Option<Condition> {
        match self {
            Audience::Public => Some(
                Condition::any()
                    .add(proposal::Column::Status.eq(ProposalStatus::Deposee))
                    .add(
                        Condition::all()
                            .add(proposal::Column::Status.eq(ProposalStatus::Retiree))
                            .add(proposal::Column::WasPublic.eq(false)),
                    ),
            ),
            Audience::SignedIn => None,
        }
    }

    /// The statuses of the proposals this audience may see, in workflow order.
    pub fn statuses(self) -> Vec<ProposalStatus> {
        ProposalStatus::ALL
            .iter()
            .copied()
            .filter(|status| self == Audience::SignedIn || *status != ProposalStatus::Deposee)
            .collect()
    }

    /// Whether this audience may see `p`.
    pub fn sees(self, p: &proposal::Model) -> bool {
        self.sees_one(p.status, p.was_public)
    }

    /// Whether this audience may see a proposal of `status` that was public
    /// or not before (for proposals held in memory).
    pub fn sees_one(self, status: ProposalStatus, was_public: bool) -> bool {
        self == Audience::SignedIn
            || status.is_public()
            || (status == ProposalStatus::Retiree && was_public)
    }
}

/// The most recently submitted proposals the public may see, withdrawn
/// ones left out.
pub async fn latest_public(
    db: &impl ConnectionTrait,
    limit: u64,
) -> Result<Vec<ProposalCard>, AppError> {
    let found = proposal::Entity::find()
        .filter(Audience::Public.visible())
        .filter(proposal::Column::Status.ne(ProposalStatus::Retiree))
        .order_by_desc(proposal::Column::CreatedAt)
        .order_by_desc(proposal::Column::Id)
        .limit(limit);
    cards(db, found).await
}

/// A proposal with the names of its organisation, group and procedures.
pub struct Listed {
    pub proposal: proposal::Model,
    pub organisation: String,
    pub working_group: Option<String>,
    /// In alphabetical order.
    pub procedures: Vec<String>,
}

/// `proposals`, in the same order, with their related names loaded in one
/// query per related table.
pub async fn listed(
    db: &impl ConnectionTrait,
    proposals: Vec<proposal::Model>,
) -> Result<Vec<Listed>, AppError> {
    if proposals.is_empty() {
        return Ok(Vec::new());
    }
    let organisations: HashMap<i32, String> = organisation::Entity::find()
        .select_only()
        .columns([organisation::Column::Id, organisation::Column::Name])
        .filter(organisation::Column::Id.is_in(proposals.iter().map(|p| p.organisation_id)))
        .into_tuple()
        .all(db)
        .await?
        .into_iter()
        .collect();
    let group_labels: HashMap<i32, String> = working_group::Entity::find()
        .filter(
            working_group::Column::Id.is_in(proposals.iter().filter_map(|p| p.working_group_id)),
        )
        .all(db)
        .await?
        .iter()
        .map(|g| (g.id, groups::label(g)))
        .collect();
    let mut procedures_of = procedure_names(db, proposals.iter().map(|p| p.id)).await?;
    Ok(proposals
        .into_iter()
        .map(|p| Listed {
            organisation: organisations
                .get(&p.organisation_id)
                .cloned()
                .unwrap_or_default(),
            working_group: p
                .working_group_id
                .and_then(|id| group_labels.get(&id).cloned()),
            procedures: procedures_of.remove(&p.id).unwrap_or_default(),
            proposal: p,
        })
        .collect())
}

/// The names of the procedures each of the proposals `ids` concerns, in
/// alphabetical order.
async fn procedure_names(
    db: &impl ConnectionTrait,
    ids: impl IntoIterator<Item = i32>,
) -> Result<HashMap<i32, Vec<String>>, AppError> {
    let links: Vec<(i32, String)> = proposal_procedure::Entity::find()
        .select_only()
        .column(proposal_procedure::Column::ProposalId)
        .column(procedure::Column::Name)
        .join(
            JoinType::InnerJoin,
            proposal_procedure::Entity::belongs_to(procedure::Entity)
                .from(proposal_procedure::Column::ProcedureId)
                .to(procedure::Column::Id)
                .into(),
        )
        .filter(proposal_procedure::Column::ProposalId.is_in(ids))
        .into_tuple()
        .all(db)
        .await?;
    let mut procedures_of: HashMap<i32, Vec<String>> = HashMap::new();
    for (proposal_id, name) in links {
        procedures_of.entry(proposal_id).or_default().push(name);
    }
    for names in procedures_of.values_mut() {
        names.sort();
    }
    Ok(procedures_of)
}

/// What a card shows of a proposal, with its organisation's and group's
/// names: the long texts (body, search text) are never read for a list.
#[derive(Debug, FromQueryResult)]
struct CardRead {
    id: i32,
    reference: String,
    title: String,
    status: ProposalStatus,
    supports_count: i32,
    created_at: DateTime<Utc>,
    last_activity_at: DateTime<Utc>,
    organisation: Option<String>,
    group_number: Option<i32>,
    group_title: Option<String>,
}

/// The cards of the proposals `ids`, in that order (an id that no longer
/// exists is left out), each with when it last moved: two queries whatever
/// the number.
pub async fn dated_cards(
    db: &impl ConnectionTrait,
    ids: &[i32],
) -> Result<Vec<(ProposalCard, DateTime<Utc>)>, AppError> {
    if ids.is_empty() {
        return Ok(Vec::new());
    }
    let mut by_id: HashMap<i32, CardRead> = proposal::Entity::find()
        .select_only()
        .columns([
            proposal::Column::Id,
            proposal::Column::Reference,
            proposal::Column::Title,
            proposal::Column::Status,
            proposal::Column::SupportsCount,
            proposal::Column::CreatedAt,
            proposal::Column::LastActivityAt,
        ])
        .column_as(organisation::Column::Name, "organisation")
        .column_as(working_group::Column::Number, "group_number")
        .column_as(working_group::Column::Title, "group_title")
        .join(
            JoinType::LeftJoin,
            proposal::Entity::belongs_to(organisation::Entity)
                .from(proposal::Column::OrganisationId)
                .to(organisation::Column::Id)
                .into(),
        )
        .join(
            JoinType::LeftJoin,
            proposal::Entity::belongs_to(working_group::Entity)
                .from(proposal::Column::WorkingGroupId)
                .to(working_group::Column::Id)
                .into(),
        )
        .filter(proposal::Column::Id.is_in(ids.iter().copied()))
        .into_model::<CardRead>()
        .all(db)
        .await?
        .into_iter()
        .map(|read| (read.id, read))
        .collect();
    let mut procedures_of = procedure_names(db, by_id.keys().copied()).await?;
    Ok(ids
        .iter()
        .filter_map(|id| by_id.remove(id))
        .map(|p| {
            let card = ProposalCard {
                organisation: p.organisation.unwrap_or_default(),
                working_group: p
                    .group_number
                    .zip(p.group_title)
                    .map(|(number, title)| groups::label_of(number, &title)),
                submitted_on: format::local_date(p.created_at),
                procedures: procedures_of.remove(&p.id).unwrap_or_default(),
                id: p.id,
                reference: p.reference,
                title: p.title,
                status: p.status,
                supports_count: p.supports_count,
            };
            (card, p.last_activity_at)
        })
        .collect())
}

/// Page `page` (clamped to the last) of the proposals `found` selects, in
/// its order (which ends on the id, so that pages never overlap): counted,
/// then only the page's ids read, then their cards.
pub async fn page_of(
    db: &impl ConnectionTrait,
    found: Select<proposal::Entity>,
    page: u64,
) -> Result<ProposalsPage, AppError> {
    let total = found
        .clone()
        .select_only()
        .column(proposal::Column::Id)
        .count(db)
        .await?;
    let (page, pages, skipped) = ProposalsPage::bounds(total, page);
    let ids: Vec<i32> = found
        .select_only()
        .column(proposal::Column::Id)
        .offset(skipped)
        .limit(BACKLOG_PAGE_SIZE)
        .into_tuple()
        .all(db)
        .await?;
    Ok(ProposalsPage {
        items: cards_of(db, &ids).await?,
        page,
        pages,
        total,
    })
}

/// The cards of the proposals `found` selects, in its order.
pub async fn cards(
    db: &impl ConnectionTrait,
    found: Select<proposal::Entity>,
) -> Result<Vec<ProposalCard>, AppError> {
    let ids: Vec<i32> = found
        .select_only()
        .column(proposal::Column::Id)
        .into_tuple()
        .all(db)
        .await?;
    cards_of(db, &ids).await
}

/// The cards of the proposals `ids`, in that order.
pub async fn cards_of(
    db: &impl ConnectionTrait,
    ids: &[i32],
) -> Result<Vec<ProposalCard>, AppError> {
    Ok(dated_cards(db, ids)
        .await?
        .into_iter()
        .map(|(card, _)| card)
        .collect())
}
