//! User test campaigns: where and with whom procedures were tried, what was
//! found, and the proposals that came out of it.

use std::collections::HashMap;

use sea_orm::{ColumnTrait, ConnectionTrait, EntityTrait, QueryFilter, QueryOrder, QuerySelect};

use super::cards::{cards as proposal_cards, Audience};
use crate::entities::{organisation, procedure, proposal, test_campaign, test_campaign_procedure};
use crate::model::{AppError, CampaignCard, CampaignPage, Choice, ProcedureLink};
use crate::services::format;
use crate::services::markdown;

/// Proposals listed on a campaign's page; the list view filtered on the
/// campaign shows them all.
pub const PROPOSALS_SHOWN: u64 = 20;

/// The campaigns to choose from in a form, most recent first.
pub async fn choices(db: &impl ConnectionTrait) -> Result<Vec<Choice>, AppError> {
    Ok(test_campaign::Entity::find()
        .order_by_desc(test_campaign::Column::HeldOn)
        .all(db)
        .await?
        .into_iter()
        .map(|c| Choice {
            value: c.slug,
            label: c.title,
        })
        .collect())
}

/// Every campaign, most recent first.
pub async fn list(
    db: &impl ConnectionTrait,
    audience: Audience,
) -> Result<Vec<CampaignCard>, AppError> {
    let campaigns = test_campaign::Entity::find()
        .order_by_desc(test_campaign::Column::HeldOn)
        .order_by_asc(test_campaign::Column::Title)
        .all(db)
        .await?;
    cards(db, audience, campaigns).await
}

/// `campaigns` with their procedures (in catalogue order) and the number of
/// proposals from each that `audience` may see: one query per related table.
pub async fn cards(
    db: &impl ConnectionTrait,
    audience: Audience,
    campaigns: Vec<test_campaign::Model>,
) -> Result<Vec<CampaignCard>, AppError> {
    if campaigns.is_empty() {
        return Ok(Vec::new());
    }
    let ids: Vec<i32> = campaigns.iter().map(|c| c.id).collect();
    let links = test_campaign_procedure::Entity::find()
        .filter(test_campaign_procedure::Column::TestCampaignId.is_in(ids.clone()))
        .all(db)
        .await?;
    let procedures = procedure::Entity::find()
        .filter(procedure::Column::Id.is_in(links.iter().map(|l| l.procedure_id)))
        .order_by_asc(procedure::Column::Document)
        .order_by_asc(procedure::Column::Position)
        .all(db)
        .await?;
    let counts: HashMap<i32, i64> = proposal::Entity::find()
        .select_only()
        .column(proposal::Column::TestCampaignId)
        .column_as(proposal::Column::Id.count(), "n")
        .filter(proposal::Column::TestCampaignId.is_in(ids))
        .filter(audience.visible())
        .group_by(proposal::Column::TestCampaignId)
        .into_tuple::<(i32, i64)>()
        .all(db)
        .await?
        .into_iter()
        .collect();
    Ok(campaigns
        .into_iter()
        .map(|c| CampaignCard {
            procedures: procedures
                .iter()
                .filter(|p| {
                    links
                        .iter()
                        .any(|l| l.test_campaign_id == c.id && l.procedure_id == p.id)
                })
                .map(|p| ProcedureLink {
                    slug: p.slug.clone(),
                    name: p.name.clone(),
                })
                .collect(),
            proposals: counts.get(&c.id).copied().unwrap_or(0) as u64,
            held_on: format::date(c.held_on),
            held_on_iso: c.held_on.to_string(),
            slug: c.slug,
            title: c.title,
            site: c.site,
            audience: c.audience,
        })
        .collect())
}

/// A campaign with its findings rendered from Markdown, and its most recent
/// proposals the audience may see.
pub async fn page(
    db: &impl ConnectionTrait,
    audience: Audience,
    slug: &str,
) -> Result<CampaignPage, AppError> {
    let campaign = test_campaign::Entity::find()
        .filter(test_campaign::Column::Slug.eq(slug))
        .one(db)
        .await?
        .ok_or(AppError::NotFound)?;
    let organisation = match campaign.organisation_id {
        Some(id) => organisation::Entity::find_by_id(id)
            .one(db)
            .await?
            .map(|o| o.name),
        None => None,
    };
    let proposals = proposal::Entity::find()
        .filter(proposal::Column::TestCampaignId.eq(campaign.id))
        .filter(audience.visible())
        .order_by_desc(proposal::Column::CreatedAt)
        .order_by_desc(proposal::Column::Id)
        .limit(PROPOSALS_SHOWN)
        .all(db)
        .await?;
    let findings_html =
        markdown::kept_or_rendered(campaign.findings_html.as_deref(), &campaign.findings).await?;
    let card = cards(db, audience, vec![campaign])
        .await?
        .pop()
        .ok_or(AppError::NotFound)?;
    Ok(CampaignPage {
        campaign: card,
        organisation,
        findings_html,
        proposals: proposal_cards(db, proposals).await?,
        can_propose: audience == Audience::SignedIn,
    })
}
