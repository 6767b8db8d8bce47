//! The catalogue of online procedures as everyone reads it, and where the
//! proposals on each procedure stand.

use std::collections::HashMap;

use sea_orm::sea_query::Query;
use sea_orm::{ColumnTrait, ConnectionTrait, EntityTrait, QueryFilter, QueryOrder, QuerySelect};

use super::cards::{cards_of, Audience};
use super::catalogue;
use crate::entities::{
    procedure, procedure_family, proposal, proposal_procedure, test_campaign,
    test_campaign_procedure,
};
use crate::model::{
    AppError, ProcedureCard, ProcedureFamily, ProcedurePage, ProposalStatus, StatusGroup,
};

/// Proposals shown under each status on a procedure's page; the list view
/// filtered on the procedure and the status shows them all.
pub const PER_STATUS: u64 = 10;

/// The procedure catalogue grouped by family, in catalogue order, with the
/// number of proposals the audience may see on each procedure; retired
/// procedures are listed too, marked.
pub async fn catalogue(
    db: &impl ConnectionTrait,
    audience: Audience,
) -> Result<Vec<ProcedureFamily>, AppError> {
    let procedures = catalogue::in_order(db).await?;
    let mut counted = proposal_procedure::Entity::find()
        .select_only()
        .column(proposal_procedure::Column::ProcedureId)
        .column_as(proposal_procedure::Column::ProposalId.count(), "n")
        .group_by(proposal_procedure::Column::ProcedureId);
    if let Some(hidden) = audience.hidden() {
        // Leaving out the few proposals hidden (a short list, from the status
        // index) costs a third of looking up each of the many shown.
        let hidden_ids = Query::select()
            .column(proposal::Column::Id)
            .from(proposal::Entity)
            .cond_where(hidden)
            .to_owned();
        counted =
            counted.filter(proposal_procedure::Column::ProposalId.not_in_subquery(hidden_ids));
    }
    let counts: HashMap<i32, i64> = counted
        .into_tuple::<(i32, i64)>()
        .all(db)
        .await?
        .into_iter()
        .collect();
    Ok(catalogue::families(db)
        .await?
        .into_iter()
        .map(|family| ProcedureFamily {
            procedures: procedures
                .iter()
                .filter(|p| p.family_id == family.id)
                .map(|p| ProcedureCard {
                    id: p.id,
                    slug: p.slug.clone(),
                    name: p.name.clone(),
                    description: p.description.clone(),
                    public_proposals: counts.get(&p.id).copied().unwrap_or(0) as u64,
                    retired: p.retired_at.is_some() || family.retired_at.is_some(),
                })
                .collect(),
            slug: family.slug,
            name: family.name,
        })
        .filter(|family| !family.procedures.is_empty())
        .collect())
}

/// A procedure with its proposals grouped by status (counted in one query,
/// the most recently active of each status listed), and the test campaigns
/// that tried it.
pub async fn page(
    db: &impl ConnectionTrait,
    audience: Audience,
    slug: &str,
) -> Result<ProcedurePage, AppError> {
    let procedure = procedure::Entity::find()
        .filter(procedure::Column::Slug.eq(slug))
        .one(db)
        .await?
        .ok_or(AppError::NotFound)?;
    let on_procedure = Query::select()
        .column(proposal_procedure::Column::ProposalId)
        .from(proposal_procedure::Entity)
        .and_where(proposal_procedure::Column::ProcedureId.eq(procedure.id))
        .to_owned();
    let on_procedure = proposal::Entity::find()
        .filter(audience.visible())
        .filter(proposal::Column::Id.in_subquery(on_procedure));
    let counts: HashMap<ProposalStatus, i64> = on_procedure
        .clone()
        .select_only()
        .column(proposal::Column::Status)
        .column_as(proposal::Column::Id.count(), "n")
        .group_by(proposal::Column::Status)
        .into_tuple::<(ProposalStatus, i64)>()
        .all(db)
        .await?
        .into_iter()
        .collect();
    let statuses: Vec<ProposalStatus> = ProposalStatus::ALL
        .iter()
        .copied()
        .filter(|status| counts.contains_key(status))
        .collect();
    // One short query per status present (seven at most), so each status
    // shows its own most recent proposals whatever the others hold.
    let mut shown: Vec<i32> = Vec::new();
    for status in &statuses {
        shown.extend(
            on_procedure
                .clone()
                .select_only()
                .column(proposal::Column::Id)
                .filter(proposal::Column::Status.eq(*status))
                .order_by_desc(proposal::Column::LastActivityAt)
                .order_by_desc(proposal::Column::Id)
                .limit(PER_STATUS)
                .into_tuple::<i32>()
                .all(db)
                .await?,
        );
    }
    let shown = cards_of(db, &shown).await?;
    let by_status = statuses
        .into_iter()
        .map(|status| StatusGroup {
            status,
            count: counts[&status] as u64,
            proposals: shown
                .iter()
                .filter(|card| card.status == status)
                .cloned()
                .collect(),
        })
        .collect();
    let campaign_ids = test_campaign_procedure::Entity::find()
        .select_only()
        .column(test_campaign_procedure::Column::TestCampaignId)
        .filter(test_campaign_procedure::Column::ProcedureId.eq(procedure.id))
        .into_tuple::<i32>()
        .all(db)
        .await?;
    let campaigns = test_campaign::Entity::find()
        .filter(test_campaign::Column::Id.is_in(campaign_ids))
        .order_by_desc(test_campaign::Column::HeldOn)
        .all(db)
        .await?;
    let family = procedure_family::Entity::find_by_id(procedure.family_id)
        .one(db)
        .await?
        .ok_or(AppError::NotFound)?;
    Ok(ProcedurePage {
        quality: super::indicators::quality(db, audience, procedure.id).await?,
        total: counts.values().sum::<i64>() as u64,
        by_status,
        campaigns: super::campaigns::cards(db, audience, campaigns).await?,
        slug: procedure.slug,
        name: procedure.name,
        retired: procedure.retired_at.is_some() || family.retired_at.is_some(),
        family: family.name,
        family_slug: family.slug,
        description: procedure.description,
        url: procedure.url,
    })
}
