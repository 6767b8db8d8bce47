//! Submitting a proposal: the form's choices, the checks, the reference
//! (DA-YYYY-NNNN, numbered per year and never reused), the first timeline
//! event, the audit and the acknowledgement e-mail, all in one transaction.
//! The secretariat may file a proposal on behalf of a member organisation:
//! the timeline and the acknowledgement say who filed it for whom.

use std::collections::BTreeSet;

use chrono::{DateTime, Datelike, Utc};
use sea_orm::sea_query::{Expr, OnConflict};
use sea_orm::{
    ActiveModelTrait, ColumnTrait, ConnectionTrait, EntityTrait, QueryFilter, QueryOrder, Set,
    TransactionTrait,
};

use crate::entities::{
    organisation, procedure, procedure_family, proposal, proposal_event, proposal_procedure,
    reference_counter, test_campaign, user, working_group,
};
use crate::model::{
    AppError, CurrentUser, Origin, ProposalEventKind, ProposalFormData, ProposalStatus, BODY_MAX,
    TITLE_MAX,
};
use crate::services::accounts::audit::{self, Actor};
use crate::services::accounts::notifications;
use crate::services::body::{groups, organisations};
use crate::services::mail::notices::{self, About};
use crate::services::mail::{emails, outbox};
use crate::services::search;
use crate::services::{format, markdown};

/// The submission form as typed.
#[derive(Debug, Clone, Default)]
pub struct Submission {
    pub title: String,
    pub body: String,
    /// Slugs of the procedures concerned.
    pub procedures: Vec<String>,
    /// An [`Origin`] code.
    pub origin: String,
    /// A test campaign's slug, or empty.
    pub campaign: String,
    /// A working group's slug, or empty.
    pub group: String,
    /// For the secretariat: the slug of the organisation it files the
    /// proposal for; empty for the person's own organisation.
    pub organisation: String,
}

fn invalid(message: impl Into<String>) -> AppError {
    AppError::Invalid(message.into())
}

async fn organisation_of(
    db: &impl ConnectionTrait,
    user: &CurrentUser,
) -> Result<organisation::Model, AppError> {
    let id = user.organisation_id.ok_or_else(|| {
        invalid("Votre compte n'est rattaché à aucune organisation : demandez au secrétariat de l'y rattacher pour déposer une proposition.")
    })?;
    organisation::Entity::find_by_id(id)
        .one(db)
        .await?
        .filter(|o| o.left_on.is_none())
        .ok_or_else(|| {
            invalid("L'adhésion de votre organisation à l'instance a pris fin : elle ne dépose plus de proposition.")
        })
}

/// The form's choices; `origin` and `campaign` (codes from the address, e.g.
/// from a test campaign's page) preset it. The secretariat also chooses the
/// organisation it files the proposal for.
pub async fn form(
    db: &impl ConnectionTrait,
    user: &CurrentUser,
    origin: Option<String>,
    campaign: Option<String>,
) -> Result<ProposalFormData, AppError> {
    let (organisation, organisations) = if user.is_admin() {
        let own = match user.organisation_id {
            Some(id) => organisation::Entity::find_by_id(id).one(db).await?,
            None => None,
        };
        (own.map(|o| o.slug), organisations::choices(db, true).await?)
    } else {
        (Some(organisation_of(db, user).await?.slug), Vec::new())
    };
    let procedures = super::catalogue::choices(db, &[]).await?;
    let campaigns = super::campaigns::choices(db).await?;
    let groups = groups::choices(db, None).await?;
    let campaign = campaign.filter(|slug| campaigns.iter().any(|c| &c.value == slug));
    let origin = match (origin.as_deref().and_then(Origin::from_code), &campaign) {
        (Some(origin), _) => origin,
        (None, Some(_)) => Origin::TestCampaign,
        (None, None) => Origin::Association,
    };
    let name = match &organisation {
        Some(slug) => organisation::Entity::find()
            .filter(organisation::Column::Slug.eq(slug.as_str()))
            .one(db)
            .await?
            .map(|o| o.name)
            .unwrap_or_default(),
        None => String::new(),
    };
    Ok(ProposalFormData {
        organisation: name,
        organisation_slug: organisation,
        organisations,
        procedures,
        origins: Origin::ALL.to_vec(),
        campaigns,
        groups,
        origin,
        campaign,
    })
}

/// A proposal's title and description, trimmed, or why they cannot do.
pub(super) fn checked_text<'a>(
    title: &'a str,
    body: &'a str,
) -> Result<(&'a str, &'a str), AppError> {
    let title = crate::model::one_line(title, "Le titre")?;
    if title.is_empty() {
        return Err(invalid("Donnez un titre à la proposition."));
    }
    if title.chars().count() > TITLE_MAX {
        return Err(invalid(format!(
            "Le titre dépasse {TITLE_MAX} caractères : raccourcissez-le."
        )));
    }
    let body = body.trim();
    if body.is_empty() {
        return Err(invalid(
            "Décrivez la proposition : la difficulté rencontrée et l'amélioration souhaitée.",
        ));
    }
    if body.chars().count() > BODY_MAX {
        return Err(invalid(format!(
            "La description dépasse {BODY_MAX} caractères : raccourcissez-la."
        )));
    }
    Ok((title, body))
}

/// The procedures ticked (their slugs), each of which must exist; at least
/// one. A procedure retired from the catalogue (or of a retired family) is
/// refused unless it is in `kept` (the ids the proposal already has).
pub(super) async fn procedures_of(
    db: &impl ConnectionTrait,
    slugs: &[String],
    kept: &[i32],
) -> Result<Vec<procedure::Model>, AppError> {
    let slugs: BTreeSet<&str> = slugs
        .iter()
        .map(|s| s.trim())
        .filter(|s| !s.is_empty())
        .collect();
    if slugs.is_empty() {
        return Err(invalid(
            "Cochez au moins une démarche concernée par la proposition.",
        ));
    }
    let procedures = procedure::Entity::find()
        .filter(procedure::Column::Slug.is_in(slugs.iter().copied()))
        .order_by_asc(procedure::Column::Name)
        .all(db)
        .await?;
    if procedures.len() != slugs.len() {
        return Err(invalid(
            "Une des démarches choisies n'existe pas : choisissez-les dans la liste.",
        ));
    }
    let retired_families: Vec<i32> = procedure_family::Entity::find()
        .filter(procedure_family::Column::RetiredAt.is_not_null())
        .all(db)
        .await?
        .iter()
        .map(|f| f.id)
        .collect();
    if let Some(retired) = procedures.iter().find(|p| {
        (p.retired_at.is_some() || retired_families.contains(&p.family_id)) && !kept.contains(&p.id)
    }) {
        return Err(invalid(format!(
            "La démarche « {} » est retirée du catalogue : elle n'est plus proposée pour de nouvelles propositions.",
            retired.name
        )));
    }
    Ok(procedures)
}

/// The procedures a proposal gained and lost, by name.
#[derive(Debug, Default)]
pub(super) struct ProcedureChange {
    pub added: Vec<String>,
    pub removed: Vec<String>,
    /// The names it had before, in alphabetical order.
    pub before: Vec<String>,
}

impl ProcedureChange {
    pub fn is_empty(&self) -> bool {
        self.added.is_empty() && self.removed.is_empty()
    }
}

impl std::fmt::Display for ProcedureChange {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        let mut parts = Vec::new();
        if !self.added.is_empty() {
            parts.push(format!("ajoutée(s) : {}", self.added.join(", ")));
        }
        if !self.removed.is_empty() {
            parts.push(format!("retirée(s) : {}", self.removed.join(", ")));
        }
        f.write_str(&parts.join(" ; "))
    }
}

/// The ids of the procedures a proposal concerns.
pub(super) async fn linked_procedures(
    db: &impl ConnectionTrait,
    proposal_id: i32,
) -> Result<Vec<i32>, AppError> {
    Ok(proposal_procedure::Entity::find()
        .filter(proposal_procedure::Column::ProposalId.eq(proposal_id))
        .all(db)
        .await?
        .into_iter()
        .map(|link| link.procedure_id)
        .collect())
}

/// Links `p` to exactly the procedures `chosen`; says what changed.
pub(super) async fn relink_procedures(
    db: &impl ConnectionTrait,
    p: &proposal::Model,
    chosen: &[procedure::Model],
) -> Result<ProcedureChange, AppError> {
    let linked = linked_procedures(db, p.id).await?;
    let mut before: Vec<procedure::Model> = procedure::Entity::find()
        .filter(procedure::Column::Id.is_in(linked.iter().copied()))
        .all(db)
        .await?;
    before.sort_by(|a, b| a.name.cmp(&b.name));
    let change = ProcedureChange {
        added: chosen
            .iter()
            .filter(|c| !linked.contains(&c.id))
            .map(|c| c.name.clone())
            .collect(),
        removed: before
            .iter()
            .filter(|b| !chosen.iter().any(|c| c.id == b.id))
            .map(|b| b.name.clone())
            .collect(),
        before: before.into_iter().map(|b| b.name).collect(),
    };
    if !change.is_empty() {
        proposal_procedure::Entity::delete_many()
            .filter(proposal_procedure::Column::ProposalId.eq(p.id))
            .exec(db)
            .await?;
        link_procedures(db, p.id, chosen).await?;
    }
    Ok(change)
}

async fn link_procedures(
    db: &impl ConnectionTrait,
    proposal_id: i32,
    procedures: &[procedure::Model],
) -> Result<(), AppError> {
    proposal_procedure::Entity::insert_many(procedures.iter().map(|p| {
        proposal_procedure::ActiveModel {
            proposal_id: Set(proposal_id),
            procedure_id: Set(p.id),
        }
    }))
    .exec(db)
    .await?;
    Ok(())
}

/// The organisation the proposal is filed for: the person's own, or for the
/// secretariat the one it chose.
async fn filed_for(
    db: &impl ConnectionTrait,
    user: &CurrentUser,
    slug: &str,
) -> Result<organisation::Model, AppError> {
    if slug.is_empty() {
        return organisation_of(db, user).await.map_err(|err| match err {
            AppError::Invalid(_) if user.is_admin() => {
                invalid("Choisissez l'organisation au nom de laquelle la proposition est déposée.")
            }
            other => other,
        });
    }
    if !user.is_admin() {
        return Err(AppError::Forbidden);
    }
    organisation::Entity::find()
        .filter(organisation::Column::Slug.eq(slug))
        .filter(organisation::Column::LeftOn.is_null())
        .one(db)
        .await?
        .ok_or_else(|| {
            invalid("Choisissez l'organisation dans la liste des membres actuels de l'instance.")
        })
}

/// Records the proposal and returns it; the submitter is e-mailed the
/// acknowledgement with the proposal's address under `public_url`, and the
/// lead of its group and the secretariat are told of it.
pub async fn submit(
    db: &impl TransactionTrait,
    user: &CurrentUser,
    typed: Submission,
    public_url: &str,
    ip: Option<String>,
    now: DateTime<Utc>,
) -> Result<proposal::Model, AppError> {
    let (title, body) = checked_text(&typed.title, &typed.body)?;
    let origin = Origin::from_code(typed.origin.trim())
        .ok_or_else(|| invalid("Choisissez l'origine de la proposition dans la liste."))?;
    let body_html = markdown::render_checked(body.to_string()).await?;

    let txn = db.begin().await?;
    let organisation = filed_for(&txn, user, typed.organisation.trim()).await?;
    let on_behalf = user.organisation_id != Some(organisation.id);
    let procedures = procedures_of(&txn, &typed.procedures, &[]).await?;
    let campaign = match typed.campaign.trim() {
        "" => None,
        slug => Some(
            test_campaign::Entity::find()
                .filter(test_campaign::Column::Slug.eq(slug))
                .one(&txn)
                .await?
                .ok_or_else(|| {
                    invalid("Cette campagne de tests n'existe pas : choisissez-la dans la liste.")
                })?,
        ),
    };
    if campaign.as_ref().is_some_and(|c| c.closed_at.is_some()) {
        return Err(invalid(
            "Cette campagne de tests est close : choisissez une campagne en cours.",
        ));
    }
    if origin == Origin::TestCampaign && campaign.is_none() {
        return Err(invalid(
            "Pour une proposition issue d'une campagne de tests, choisissez la campagne.",
        ));
    }
    let group = match typed.group.trim() {
        "" => None,
        slug => Some(
            working_group::Entity::find()
                .filter(working_group::Column::Slug.eq(slug))
                .filter(working_group::Column::ArchivedAt.is_null())
                .one(&txn)
                .await?
                .ok_or_else(|| invalid("Choisissez le groupe de travail dans la liste."))?,
        ),
    };

    let year = now.with_timezone(&chrono_tz::Europe::Paris).year();
    let number = next_number(&txn, year).await?;
    let reference = format!("DA-{year}-{number:04}");
    let created = proposal::ActiveModel {
        reference: Set(reference.clone()),
        year: Set(year),
        number: Set(number),
        title: Set(title.to_string()),
        body: Set(body.to_string()),
        body_html: Set(Some(body_html)),
        origin: Set(origin),
        organisation_id: Set(organisation.id),
        submitted_by: Set(Some(user.id)),
        working_group_id: Set(group.as_ref().map(|g| g.id)),
        test_campaign_id: Set(campaign.as_ref().map(|c| c.id)),
        priority: Set(None),
        status: Set(ProposalStatus::Deposee),
        status_reason: Set(None),
        merged_into_id: Set(None),
        meeting_id: Set(None),
        version: Set(1),
        supports_count: Set(0),
        search_text: Set(search::document(&[title, body])),
        search_title: Set(Some(search::document(&[title]))),
        created_at: Set(now),
        updated_at: Set(now),
        last_activity_at: Set(now),
        ..Default::default()
    }
    .insert(&txn)
    .await?;
    search::remember(&txn, &[title, body]).await?;
    link_procedures(&txn, created.id, &procedures).await?;
    proposal_event::ActiveModel {
        proposal_id: Set(created.id),
        kind: Set(if on_behalf {
            ProposalEventKind::FiledOnBehalf
        } else {
            ProposalEventKind::Submitted
        }),
        actor_user_id: Set(Some(user.id)),
        actor_organisation_id: Set(Some(organisation.id)),
        internal: Set(false),
        created_at: Set(now),
        ..Default::default()
    }
    .insert(&txn)
    .await?;
    let url = format!("{public_url}/propositions/{reference}");
    if on_behalf {
        audit::record(
            &txn,
            &Actor::of(user),
            "proposal.filed_on_behalf",
            Some(("proposal", created.id)),
            ip,
            format!("{reference} « {title} » pour {}", organisation.name),
        )
        .await?;
        let representatives = user::Entity::find()
            .filter(user::Column::Active.eq(true))
            .filter(
                sea_orm::Condition::any()
                    .add(user::Column::OrganisationId.eq(organisation.id))
                    .add(user::Column::Id.eq(user.id)),
            )
            .all(&txn)
            .await?;
        for person in representatives {
            outbox::enqueue(
                &txn,
                emails::proposal_filed_on_behalf(
                    (&person.email, &person.name),
                    &user.name,
                    &organisation.name,
                    (&reference, title),
                    &url,
                ),
            )
            .await?;
        }
    } else {
        audit::record(
            &txn,
            &Actor::of(user),
            "proposal.submitted",
            Some(("proposal", created.id)),
            ip,
            format!("{reference} « {title} »"),
        )
        .await?;
        if let Some(person) = user::Entity::find_by_id(user.id).one(&txn).await? {
            outbox::enqueue(
                &txn,
                emails::proposal_received(&person.email, &person.name, &reference, title, &url),
            )
            .await?;
        }
    }
    let mut handlers = notifications::secretariat(&txn).await?;
    handlers.extend(group.as_ref().and_then(|g| g.lead_user_id));
    let about = About {
        id: created.id,
        reference: &reference,
        title,
        url: &url,
    };
    notices::queue(
        &txn,
        &notices::new_proposal(
            about,
            &organisation.name,
            group.as_ref().map(groups::label).as_deref(),
        ),
        handlers,
        Some(user.id),
        public_url,
        now,
    )
    .await?;
    txn.commit().await?;
    tracing::info!(%reference, on = %format::local_date(now), "proposal submitted");
    Ok(created)
}

/// The next number of `year`'s references. The counter row is created if
/// missing, then incremented by one UPDATE: on PostgreSQL the row stays
/// locked until the transaction ends, on SQLite the transaction holds the
/// write lock, so two submissions never get the same number.
async fn next_number(db: &impl ConnectionTrait, year: i32) -> Result<i32, AppError> {
    let scope = format!("DA-{year}");
    reference_counter::Entity::insert(reference_counter::ActiveModel {
        scope: Set(scope.clone()),
        last_value: Set(0),
    })
    .on_conflict(
        OnConflict::column(reference_counter::Column::Scope)
            .do_nothing()
            .to_owned(),
    )
    .do_nothing()
    .exec(db)
    .await?;
    reference_counter::Entity::update_many()
        .col_expr(
            reference_counter::Column::LastValue,
            Expr::col(reference_counter::Column::LastValue).add(1),
        )
        .filter(reference_counter::Column::Scope.eq(scope.clone()))
        .exec(db)
        .await?;
    let counter = reference_counter::Entity::find_by_id(scope)
        .one(db)
        .await?
        .ok_or(AppError::Unavailable)?;
    Ok(counter.last_value)
}
