//! User test campaigns: where and with whom procedures were tried, what was
//! found, and the proposals that came out of it; the secretariat creates,
//! edits and closes them (a closed campaign is no longer offered for new
//! proposals).

use std::collections::{BTreeSet, HashMap};

use sea_orm::{
    ActiveModelTrait, ColumnTrait, ConnectionTrait, DatabaseTransaction, EntityTrait, QueryFilter,
    QueryOrder, QuerySelect, Set, TransactionTrait,
};

use super::cards::{cards as proposal_cards, Audience};
use crate::entities::{organisation, procedure, proposal, test_campaign, test_campaign_procedure};
use crate::model::{
    AppError, CampaignCard, CampaignFormData, CampaignPage, CheckedCampaign, Choice, CurrentUser,
    FieldError, ProcedureLink,
};
use crate::services::accounts::audit::{self, Actor};
use crate::services::format;
use crate::services::markdown;

/// Proposals listed on a campaign's page; the list view filtered on the
/// campaign shows them all.
pub const PROPOSALS_SHOWN: u64 = 20;

/// The campaigns a new proposal may come from (not closed), most recent
/// first.
pub async fn choices(db: &impl ConnectionTrait) -> Result<Vec<Choice>, AppError> {
    choices_of(db, true).await
}

/// Every campaign, closed ones too, most recent first: for filters.
pub async fn all_choices(db: &impl ConnectionTrait) -> Result<Vec<Choice>, AppError> {
    choices_of(db, false).await
}

async fn choices_of(db: &impl ConnectionTrait, open: bool) -> Result<Vec<Choice>, AppError> {
    let mut query = test_campaign::Entity::find().order_by_desc(test_campaign::Column::HeldOn);
    if open {
        query = query.filter(test_campaign::Column::ClosedAt.is_null());
    }
    Ok(query
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
        .order_by_asc(procedure::Column::FamilyId)
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
            ends_on: c.ends_on.map(format::date),
            closed: c.closed_at.is_some(),
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
    viewer: Option<&CurrentUser>,
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
        .limit(PROPOSALS_SHOWN);
    let findings_html =
        markdown::kept_or_rendered(campaign.findings_html.as_deref(), &campaign.findings).await?;
    let open = campaign.closed_at.is_none();
    let card = cards(db, audience, vec![campaign])
        .await?
        .pop()
        .ok_or(AppError::NotFound)?;
    Ok(CampaignPage {
        campaign: card,
        organisation,
        findings_html,
        proposals: proposal_cards(db, proposals).await?,
        can_propose: open && audience == Audience::SignedIn,
        can_manage: viewer.is_some_and(CurrentUser::is_admin),
    })
}

// ---------------------------------------------------------------------------
// The secretariat's forms.

/// Addresses of forms, never given to a campaign.
const RESERVED: &[&str] = &["nouvelle"];

async fn by_slug(db: &impl ConnectionTrait, slug: &str) -> Result<test_campaign::Model, AppError> {
    test_campaign::Entity::find()
        .filter(test_campaign::Column::Slug.eq(slug))
        .one(db)
        .await?
        .ok_or(AppError::NotFound)
}

/// The campaign form: empty (dated today), or the values of campaign `slug`,
/// with the organisations and procedures to choose from.
pub async fn form(
    db: &impl ConnectionTrait,
    slug: Option<&str>,
) -> Result<CampaignFormData, AppError> {
    let (mut data, linked) = match slug {
        Some(slug) => {
            let c = by_slug(db, slug).await?;
            let linked: Vec<i32> = test_campaign_procedure::Entity::find()
                .select_only()
                .column(test_campaign_procedure::Column::ProcedureId)
                .filter(test_campaign_procedure::Column::TestCampaignId.eq(c.id))
                .into_tuple()
                .all(db)
                .await?;
            let organisation = match c.organisation_id {
                Some(id) => organisation::Entity::find_by_id(id)
                    .one(db)
                    .await?
                    .map(|o| o.slug)
                    .unwrap_or_default(),
                None => String::new(),
            };
            let procedures = procedure::Entity::find()
                .filter(procedure::Column::Id.is_in(linked.clone()))
                .all(db)
                .await?
                .into_iter()
                .map(|p| p.slug)
                .collect();
            (
                CampaignFormData {
                    slug: Some(c.slug),
                    title: c.title,
                    site: c.site,
                    held_on: c.held_on.to_string(),
                    ends_on: c.ends_on.map(|d| d.to_string()).unwrap_or_default(),
                    audience: c.audience,
                    findings: c.findings,
                    organisation,
                    procedures,
                    closed: c.closed_at.is_some(),
                    ..Default::default()
                },
                linked,
            )
        }
        None => (
            CampaignFormData {
                held_on: format::today().to_string(),
                ..Default::default()
            },
            Vec::new(),
        ),
    };
    data.organisations = organisation::Entity::find()
        .order_by_asc(organisation::Column::Name)
        .all(db)
        .await?
        .into_iter()
        .map(|o| Choice {
            value: o.slug,
            label: o.name,
        })
        .collect();
    data.procedure_choices = super::catalogue::choices(db, &linked).await?;
    Ok(data)
}

/// The organisation and procedures a campaign form names, checked against
/// the database: procedures retired since stay if the campaign had them.
async fn references(
    txn: &DatabaseTransaction,
    typed: &CampaignFormData,
    had: &[i32],
) -> Result<(Option<i32>, Vec<i32>), AppError> {
    let organisation = match typed.organisation.trim() {
        "" => None,
        slug => Some(
            organisation::Entity::find()
                .filter(organisation::Column::Slug.eq(slug))
                .one(txn)
                .await?
                .ok_or_else(|| {
                    AppError::from(FieldError::new(
                        "organisation",
                        "Choisissez l'organisation dans la liste.",
                    ))
                })?
                .id,
        ),
    };
    let slugs: BTreeSet<&str> = typed
        .procedures
        .iter()
        .map(|s| s.trim())
        .filter(|s| !s.is_empty())
        .collect();
    let found = procedure::Entity::find()
        .filter(procedure::Column::Slug.is_in(slugs.iter().copied()))
        .all(txn)
        .await?;
    if found.len() != slugs.len()
        || found
            .iter()
            .any(|p| p.retired_at.is_some() && !had.contains(&p.id))
    {
        return Err(AppError::Invalid(
            "Une des démarches cochées n'est pas au catalogue : choisissez-les dans la liste."
                .into(),
        ));
    }
    Ok((organisation, found.into_iter().map(|p| p.id).collect()))
}

async fn link_procedures(
    txn: &DatabaseTransaction,
    campaign_id: i32,
    procedures: Vec<i32>,
) -> Result<(), AppError> {
    test_campaign_procedure::Entity::delete_many()
        .filter(test_campaign_procedure::Column::TestCampaignId.eq(campaign_id))
        .exec(txn)
        .await?;
    if !procedures.is_empty() {
        test_campaign_procedure::Entity::insert_many(procedures.into_iter().map(|procedure_id| {
            test_campaign_procedure::ActiveModel {
                test_campaign_id: Set(campaign_id),
                procedure_id: Set(procedure_id),
            }
        }))
        .exec_without_returning(txn)
        .await?;
    }
    Ok(())
}

/// A new campaign; returns its slug.
pub async fn create(
    db: &impl TransactionTrait,
    admin: &CurrentUser,
    typed: CampaignFormData,
    ip: Option<String>,
) -> Result<String, AppError> {
    admin.admin_only()?;
    let c: CheckedCampaign = typed.check()?;
    let findings_html = markdown::render_checked(c.findings.clone()).await?;
    let txn = db.begin().await?;
    let (organisation_id, procedures) = references(&txn, &typed, &[]).await?;
    let slug = format::free_slug::<test_campaign::Entity>(
        &txn,
        test_campaign::Column::Slug,
        &c.title,
        RESERVED,
    )
    .await?;
    let created = test_campaign::ActiveModel {
        slug: Set(slug.clone()),
        title: Set(c.title.clone()),
        site: Set(c.site),
        held_on: Set(c.held_on),
        ends_on: Set(c.ends_on),
        audience: Set(c.audience),
        findings: Set(c.findings),
        findings_html: Set(Some(findings_html)),
        organisation_id: Set(organisation_id),
        created_at: Set(chrono::Utc::now()),
        closed_at: Set(None),
        ..Default::default()
    }
    .insert(&txn)
    .await?;
    link_procedures(&txn, created.id, procedures).await?;
    audit::record(
        &txn,
        &Actor::of(admin),
        "campaign.created",
        Some(("test_campaign", created.id)),
        ip,
        c.title,
    )
    .await?;
    txn.commit().await?;
    Ok(slug)
}

/// Edits a campaign (its address stays).
pub async fn update(
    db: &impl TransactionTrait,
    admin: &CurrentUser,
    slug: &str,
    typed: CampaignFormData,
    ip: Option<String>,
) -> Result<(), AppError> {
    admin.admin_only()?;
    let c = typed.check()?;
    let findings_html = markdown::render_checked(c.findings.clone()).await?;
    let txn = db.begin().await?;
    let found = by_slug(&txn, slug).await?;
    let had: Vec<i32> = test_campaign_procedure::Entity::find()
        .select_only()
        .column(test_campaign_procedure::Column::ProcedureId)
        .filter(test_campaign_procedure::Column::TestCampaignId.eq(found.id))
        .into_tuple()
        .all(&txn)
        .await?;
    let (organisation_id, procedures) = references(&txn, &typed, &had).await?;
    let id = found.id;
    let mut active: test_campaign::ActiveModel = found.into();
    active.title = Set(c.title.clone());
    active.site = Set(c.site);
    active.held_on = Set(c.held_on);
    active.ends_on = Set(c.ends_on);
    active.audience = Set(c.audience);
    active.findings = Set(c.findings);
    active.findings_html = Set(Some(findings_html));
    active.organisation_id = Set(organisation_id);
    active.update(&txn).await?;
    link_procedures(&txn, id, procedures).await?;
    audit::record(
        &txn,
        &Actor::of(admin),
        "campaign.updated",
        Some(("test_campaign", id)),
        ip,
        c.title,
    )
    .await?;
    txn.commit().await?;
    Ok(())
}

/// Closes a campaign (no longer offered for new proposals), or opens it again.
pub async fn set_closed(
    db: &impl TransactionTrait,
    admin: &CurrentUser,
    slug: &str,
    closed: bool,
    ip: Option<String>,
) -> Result<(), AppError> {
    admin.admin_only()?;
    let txn = db.begin().await?;
    let found = by_slug(&txn, slug).await?;
    if found.closed_at.is_some() == closed {
        return Err(AppError::Invalid(
            if closed {
                "Cette campagne est déjà close."
            } else {
                "Cette campagne est déjà ouverte."
            }
            .into(),
        ));
    }
    let (id, title) = (found.id, found.title.clone());
    let mut active: test_campaign::ActiveModel = found.into();
    active.closed_at = Set(closed.then(chrono::Utc::now));
    active.update(&txn).await?;
    audit::record(
        &txn,
        &Actor::of(admin),
        if closed {
            "campaign.closed"
        } else {
            "campaign.reopened"
        },
        Some(("test_campaign", id)),
        ip,
        title,
    )
    .await?;
    txn.commit().await?;
    Ok(())
}
