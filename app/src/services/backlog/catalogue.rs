//! The procedure catalogue as the secretariat keeps it: families (the
//! documents, such as the passport) and their procedures, created, edited,
//! put in order and retired; and the starting set of the 2017 plan
//! (`app/data/catalogue.toml`), loaded in one click into an empty catalogue.
//! A retired procedure (or family) keeps its proposals and stays findable
//! and filterable; it is only no longer offered for new proposals, which is
//! what the choices given to forms say.

use std::collections::HashMap;

use sea_orm::sea_query::Expr;
use sea_orm::{
    ActiveModelTrait, ColumnTrait, ConnectionTrait, DatabaseTransaction, DbErr, EntityTrait,
    PaginatorTrait, QueryFilter, QueryOrder, QuerySelect, Set, TransactionTrait,
};

use crate::entities::{procedure, procedure_family, proposal_procedure};
use crate::model::{
    check_family_name, AppError, CatalogueAdmin, Choice, CurrentUser, FamilyAdminRow,
    ProcedureAdminRow, ProcedureChoices, ProcedureFormData,
};
use crate::services::accounts::audit::{self, Actor};
use crate::services::data_files::{self, Catalogue};
use crate::services::format;

/// Addresses of forms, never given to a procedure.
const RESERVED: &[&str] = &["nouvelle"];

fn invalid(message: impl Into<String>) -> AppError {
    AppError::Invalid(message.into())
}

/// The families in catalogue order.
pub async fn families(db: &impl ConnectionTrait) -> Result<Vec<procedure_family::Model>, AppError> {
    Ok(procedure_family::Entity::find()
        .order_by_asc(procedure_family::Column::Position)
        .order_by_asc(procedure_family::Column::Id)
        .all(db)
        .await?)
}

/// The procedures in catalogue order (family, then position).
pub async fn in_order(db: &impl ConnectionTrait) -> Result<Vec<procedure::Model>, AppError> {
    Ok(procedure::Entity::find()
        .order_by_asc(procedure::Column::Position)
        .order_by_asc(procedure::Column::Id)
        .all(db)
        .await?)
}

fn labelled(p: &procedure::Model) -> Choice {
    Choice {
        value: p.slug.clone(),
        label: if p.retired_at.is_some() {
            format!("{} (retirée)", p.name)
        } else {
            p.name.clone()
        },
    }
}

/// The procedures offered for a new proposal or campaign, grouped by
/// family: neither retired nor in a retired family, plus those of `kept`
/// (the ones already chosen).
pub async fn choices(
    db: &impl ConnectionTrait,
    kept: &[i32],
) -> Result<Vec<ProcedureChoices>, AppError> {
    let procedures = in_order(db).await?;
    Ok(families(db)
        .await?
        .iter()
        .map(|family| ProcedureChoices {
            family: family.name.clone(),
            procedures: procedures
                .iter()
                .filter(|p| p.family_id == family.id)
                .filter(|p| {
                    (p.retired_at.is_none() && family.retired_at.is_none()) || kept.contains(&p.id)
                })
                .map(labelled)
                .collect(),
        })
        .filter(|family| !family.procedures.is_empty())
        .collect())
}

/// Every procedure, retired ones too, grouped by family: for filters.
pub async fn all_choices(db: &impl ConnectionTrait) -> Result<Vec<ProcedureChoices>, AppError> {
    let procedures = in_order(db).await?;
    Ok(families(db)
        .await?
        .iter()
        .map(|family| ProcedureChoices {
            family: family.name.clone(),
            procedures: procedures
                .iter()
                .filter(|p| p.family_id == family.id)
                .map(labelled)
                .collect(),
        })
        .filter(|family| !family.procedures.is_empty())
        .collect())
}

/// The families, for the filter by family.
pub async fn family_choices(db: &impl ConnectionTrait) -> Result<Vec<Choice>, AppError> {
    Ok(families(db)
        .await?
        .into_iter()
        .map(|f| Choice {
            value: f.slug,
            label: f.name,
        })
        .collect())
}

/// Adds `catalogue` after the families already there; returns the new
/// procedures' ids by slug.
pub async fn insert(
    db: &impl ConnectionTrait,
    catalogue: &Catalogue,
) -> Result<HashMap<String, i32>, DbErr> {
    let last = procedure_family::Entity::find()
        .select_only()
        .column_as(procedure_family::Column::Position.max(), "last")
        .into_tuple::<Option<i32>>()
        .one(db)
        .await?
        .flatten()
        .unwrap_or(0);
    let mut ids = HashMap::new();
    for (rank, family) in (last + 1..).zip(&catalogue.families) {
        let saved = procedure_family::ActiveModel {
            slug: Set(family.slug.clone()),
            name: Set(family.name.clone()),
            position: Set(rank),
            retired_at: Set(None),
            ..Default::default()
        }
        .insert(db)
        .await?;
        for (position, p) in (1..).zip(&family.procedures) {
            let created = procedure::ActiveModel {
                slug: Set(p.slug.clone()),
                family_id: Set(saved.id),
                name: Set(p.name.clone()),
                description: Set(p.description.clone()),
                url: Set(p.url.clone()),
                position: Set(position),
                retired_at: Set(None),
                ..Default::default()
            }
            .insert(db)
            .await?;
            ids.insert(p.slug.clone(), created.id);
        }
    }
    Ok(ids)
}

/// Whether the catalogue holds no family (nor procedure) yet.
pub async fn is_empty(db: &impl ConnectionTrait) -> Result<bool, DbErr> {
    Ok(procedure_family::Entity::find().one(db).await?.is_none()
        && procedure::Entity::find().one(db).await?.is_none())
}

/// Loads the starting set into an empty catalogue (the secretariat only).
pub async fn load_starting_set(
    db: &impl TransactionTrait,
    admin: &CurrentUser,
    ip: Option<String>,
) -> Result<usize, AppError> {
    admin.admin_only()?;
    let txn = db.begin().await?;
    if !is_empty(&txn).await? {
        return Err(invalid(
            "Le catalogue contient déjà des démarches : le catalogue de départ ne se charge que dans un catalogue vide.",
        ));
    }
    let loaded = insert(&txn, data_files::catalogue()).await?.len();
    audit::record(
        &txn,
        &Actor::of(admin),
        "catalogue.loaded",
        None,
        ip,
        format!("Catalogue de départ : {loaded} démarches"),
    )
    .await?;
    txn.commit().await?;
    Ok(loaded)
}

/// The catalogue as the secretariat manages it, in order, with the number
/// of proposals on each procedure.
pub async fn admin_view(db: &impl ConnectionTrait) -> Result<CatalogueAdmin, AppError> {
    let families = procedure_family::Entity::find()
        .order_by_asc(procedure_family::Column::Position)
        .order_by_asc(procedure_family::Column::Id)
        .all(db)
        .await?;
    let procedures = procedure::Entity::find()
        .order_by_asc(procedure::Column::Position)
        .order_by_asc(procedure::Column::Id)
        .all(db)
        .await?;
    let counts: HashMap<i32, i64> = proposal_procedure::Entity::find()
        .select_only()
        .column(proposal_procedure::Column::ProcedureId)
        .column_as(proposal_procedure::Column::ProposalId.count(), "n")
        .group_by(proposal_procedure::Column::ProcedureId)
        .into_tuple::<(i32, i64)>()
        .all(db)
        .await?
        .into_iter()
        .collect();
    let starting_set = if families.is_empty() && procedures.is_empty() {
        data_files::catalogue()
            .families
            .iter()
            .map(|f| (f.name.clone(), f.procedures.len()))
            .collect()
    } else {
        Vec::new()
    };
    Ok(CatalogueAdmin {
        families: families
            .into_iter()
            .map(|f| FamilyAdminRow {
                procedures: procedures
                    .iter()
                    .filter(|p| p.family_id == f.id)
                    .map(|p| ProcedureAdminRow {
                        slug: p.slug.clone(),
                        name: p.name.clone(),
                        retired: p.retired_at.is_some(),
                        proposals: counts.get(&p.id).copied().unwrap_or(0) as u64,
                    })
                    .collect(),
                slug: f.slug,
                name: f.name,
                retired: f.retired_at.is_some(),
            })
            .collect(),
        starting_set,
    })
}

async fn family_by_slug(
    db: &impl ConnectionTrait,
    slug: &str,
) -> Result<procedure_family::Model, AppError> {
    procedure_family::Entity::find()
        .filter(procedure_family::Column::Slug.eq(slug))
        .one(db)
        .await?
        .ok_or(AppError::NotFound)
}

async fn procedure_by_slug(
    db: &impl ConnectionTrait,
    slug: &str,
) -> Result<procedure::Model, AppError> {
    procedure::Entity::find()
        .filter(procedure::Column::Slug.eq(slug))
        .one(db)
        .await?
        .ok_or(AppError::NotFound)
}

async fn family_name_taken(
    db: &DatabaseTransaction,
    name: &str,
    except: Option<i32>,
) -> Result<(), AppError> {
    let mut query =
        procedure_family::Entity::find().filter(procedure_family::Column::Name.eq(name));
    if let Some(id) = except {
        query = query.filter(procedure_family::Column::Id.ne(id));
    }
    match query.one(db).await? {
        Some(_) => Err(invalid(format!(
            "Une famille de démarches s'appelle déjà « {name} »."
        ))),
        None => Ok(()),
    }
}

/// A new family, last in the catalogue; returns its slug.
pub async fn create_family(
    db: &impl TransactionTrait,
    admin: &CurrentUser,
    name: &str,
    ip: Option<String>,
) -> Result<String, AppError> {
    admin.admin_only()?;
    let name = check_family_name(name)?;
    let txn = db.begin().await?;
    family_name_taken(&txn, &name, None).await?;
    let slug = format::free_slug::<procedure_family::Entity>(
        &txn,
        procedure_family::Column::Slug,
        &name,
        RESERVED,
    )
    .await?;
    let position = procedure_family::Entity::find().count(&txn).await? as i32 + 1;
    let created = procedure_family::ActiveModel {
        slug: Set(slug.clone()),
        name: Set(name.clone()),
        position: Set(position),
        retired_at: Set(None),
        ..Default::default()
    }
    .insert(&txn)
    .await?;
    audit::record(
        &txn,
        &Actor::of(admin),
        "family.created",
        Some(("procedure_family", created.id)),
        ip,
        name,
    )
    .await?;
    txn.commit().await?;
    Ok(slug)
}

/// Renames a family (its address stays).
pub async fn rename_family(
    db: &impl TransactionTrait,
    admin: &CurrentUser,
    slug: &str,
    name: &str,
    ip: Option<String>,
) -> Result<(), AppError> {
    admin.admin_only()?;
    let name = check_family_name(name)?;
    let txn = db.begin().await?;
    let family = family_by_slug(&txn, slug).await?;
    family_name_taken(&txn, &name, Some(family.id)).await?;
    let detail = format!("{} → {name}", family.name);
    let id = family.id;
    let mut active: procedure_family::ActiveModel = family.into();
    active.name = Set(name);
    active.update(&txn).await?;
    audit::record(
        &txn,
        &Actor::of(admin),
        "family.updated",
        Some(("procedure_family", id)),
        ip,
        detail,
    )
    .await?;
    txn.commit().await?;
    Ok(())
}

/// The procedure form: an empty one (its family preset to `family`, a
/// slug), or the values of the procedure `slug`.
pub async fn procedure_form(
    db: &impl ConnectionTrait,
    slug: Option<&str>,
    family: Option<&str>,
) -> Result<ProcedureFormData, AppError> {
    let families = procedure_family::Entity::find()
        .order_by_asc(procedure_family::Column::Position)
        .order_by_asc(procedure_family::Column::Id)
        .all(db)
        .await?;
    let mut form = match slug {
        Some(slug) => {
            let p = procedure_by_slug(db, slug).await?;
            ProcedureFormData {
                slug: Some(p.slug),
                family: families
                    .iter()
                    .find(|f| f.id == p.family_id)
                    .map(|f| f.slug.clone())
                    .unwrap_or_default(),
                name: p.name,
                description: p.description,
                url: p.url.unwrap_or_default(),
                families: Vec::new(),
            }
        }
        None => ProcedureFormData {
            family: family.unwrap_or_default().to_string(),
            ..Default::default()
        },
    };
    form.families = families
        .into_iter()
        .map(|f| Choice {
            label: if f.retired_at.is_some() {
                format!("{} (retirée)", f.name)
            } else {
                f.name
            },
            value: f.slug,
        })
        .collect();
    Ok(form)
}

/// A procedure's family and name, checked against the catalogue.
async fn checked_procedure(
    txn: &DatabaseTransaction,
    typed: &ProcedureFormData,
    except: Option<i32>,
) -> Result<(ProcedureFormData, procedure_family::Model), AppError> {
    let form = typed.check()?;
    let family = procedure_family::Entity::find()
        .filter(procedure_family::Column::Slug.eq(form.family.as_str()))
        .one(txn)
        .await?
        .ok_or_else(|| invalid("Choisissez la famille de la démarche dans la liste."))?;
    let mut same_name =
        procedure::Entity::find().filter(procedure::Column::Name.eq(form.name.as_str()));
    if let Some(id) = except {
        same_name = same_name.filter(procedure::Column::Id.ne(id));
    }
    if same_name.one(txn).await?.is_some() {
        return Err(invalid(format!(
            "Une démarche s'appelle déjà « {} ».",
            form.name
        )));
    }
    Ok((form, family))
}

async fn last_position(txn: &DatabaseTransaction, family_id: i32) -> Result<i32, DbErr> {
    Ok(procedure::Entity::find()
        .select_only()
        .column_as(procedure::Column::Position.max(), "last")
        .filter(procedure::Column::FamilyId.eq(family_id))
        .into_tuple::<Option<i32>>()
        .one(txn)
        .await?
        .flatten()
        .unwrap_or(0))
}

fn optional(text: String) -> Option<String> {
    (!text.is_empty()).then_some(text)
}

/// A new procedure, last of its family; returns its slug.
pub async fn create_procedure(
    db: &impl TransactionTrait,
    admin: &CurrentUser,
    typed: ProcedureFormData,
    ip: Option<String>,
) -> Result<String, AppError> {
    admin.admin_only()?;
    let txn = db.begin().await?;
    let (form, family) = checked_procedure(&txn, &typed, None).await?;
    let slug =
        format::free_slug::<procedure::Entity>(&txn, procedure::Column::Slug, &form.name, RESERVED)
            .await?;
    let created = procedure::ActiveModel {
        slug: Set(slug.clone()),
        family_id: Set(family.id),
        name: Set(form.name.clone()),
        description: Set(form.description),
        url: Set(optional(form.url)),
        position: Set(last_position(&txn, family.id).await? + 1),
        retired_at: Set(None),
        ..Default::default()
    }
    .insert(&txn)
    .await?;
    audit::record(
        &txn,
        &Actor::of(admin),
        "procedure.created",
        Some(("procedure", created.id)),
        ip,
        format!("{} ({})", form.name, family.name),
    )
    .await?;
    txn.commit().await?;
    Ok(slug)
}

/// Edits a procedure (its address stays); moved to another family, it goes
/// last there.
pub async fn update_procedure(
    db: &impl TransactionTrait,
    admin: &CurrentUser,
    slug: &str,
    typed: ProcedureFormData,
    ip: Option<String>,
) -> Result<(), AppError> {
    admin.admin_only()?;
    let txn = db.begin().await?;
    let found = procedure_by_slug(&txn, slug).await?;
    let (form, family) = checked_procedure(&txn, &typed, Some(found.id)).await?;
    let id = found.id;
    let position = if family.id == found.family_id {
        found.position
    } else {
        last_position(&txn, family.id).await? + 1
    };
    let mut active: procedure::ActiveModel = found.into();
    active.family_id = Set(family.id);
    active.name = Set(form.name.clone());
    active.description = Set(form.description);
    active.url = Set(optional(form.url));
    active.position = Set(position);
    active.update(&txn).await?;
    audit::record(
        &txn,
        &Actor::of(admin),
        "procedure.updated",
        Some(("procedure", id)),
        ip,
        format!("{} ({})", form.name, family.name),
    )
    .await?;
    txn.commit().await?;
    Ok(())
}

/// A family or a procedure, as its moves and its retirement see it.
struct Entry {
    id: i32,
    name: String,
    position: i32,
    retired: bool,
}

/// What the catalogue calls a family or a procedure: its table (for the
/// audit journal and the updates) and the French of its refusals.
struct Kind<E: EntityTrait> {
    id: E::Column,
    position: E::Column,
    retired_at: E::Column,
    /// « family », « procedure »: the audit's kinds start with it.
    audit: &'static str,
    target: &'static str,
    already_retired: &'static str,
    already_in_service: &'static str,
    first: &'static str,
    last: &'static str,
}

const FAMILY: Kind<procedure_family::Entity> = Kind {
    id: procedure_family::Column::Id,
    position: procedure_family::Column::Position,
    retired_at: procedure_family::Column::RetiredAt,
    audit: "family",
    target: "procedure_family",
    already_retired: "Cette famille de démarches est déjà retirée.",
    already_in_service: "Cette famille de démarches est déjà en service.",
    first: "Cette famille est déjà la première du catalogue.",
    last: "Cette famille est déjà la dernière du catalogue.",
};

const PROCEDURE: Kind<procedure::Entity> = Kind {
    id: procedure::Column::Id,
    position: procedure::Column::Position,
    retired_at: procedure::Column::RetiredAt,
    audit: "procedure",
    target: "procedure",
    already_retired: "Cette démarche est déjà retirée.",
    already_in_service: "Cette démarche est déjà en service.",
    first: "Cette démarche est déjà la première de sa famille.",
    last: "Cette démarche est déjà la dernière de sa famille.",
};

/// Retires `entry` or puts it back in service, audited, in `txn`.
async fn retire<E: EntityTrait>(
    txn: DatabaseTransaction,
    admin: &CurrentUser,
    kind: &Kind<E>,
    entry: Entry,
    retired: bool,
    ip: Option<String>,
) -> Result<(), AppError> {
    if entry.retired == retired {
        return Err(invalid(if retired {
            kind.already_retired
        } else {
            kind.already_in_service
        }));
    }
    E::update_many()
        .col_expr(kind.retired_at, Expr::value(retired.then(chrono::Utc::now)))
        .filter(kind.id.eq(entry.id))
        .exec(&txn)
        .await?;
    let done = if retired { "retired" } else { "restored" };
    audit::record(
        &txn,
        &Actor::of(admin),
        &format!("{}.{done}", kind.audit),
        Some((kind.target, entry.id)),
        ip,
        entry.name,
    )
    .await?;
    txn.commit().await?;
    Ok(())
}

/// Moves `entries[index]` one place up or down among `entries` (in their
/// order), writing the positions that change, audited, in `txn`.
async fn reorder<E: EntityTrait>(
    txn: DatabaseTransaction,
    admin: &CurrentUser,
    kind: &Kind<E>,
    mut entries: Vec<Entry>,
    index: usize,
    up: bool,
    ip: Option<String>,
) -> Result<(), AppError> {
    let to = match up {
        true => index.checked_sub(1),
        false => (index + 1 < entries.len()).then_some(index + 1),
    }
    .ok_or_else(|| invalid(if up { kind.first } else { kind.last }))?;
    entries.swap(index, to);
    for (position, entry) in (1..).zip(entries.iter()) {
        if entry.position != position {
            E::update_many()
                .col_expr(kind.position, Expr::value(position))
                .filter(kind.id.eq(entry.id))
                .exec(&txn)
                .await?;
        }
    }
    audit::record(
        &txn,
        &Actor::of(admin),
        &format!("{}.moved", kind.audit),
        Some((kind.target, entries[to].id)),
        ip,
        format!("{} : position {}", entries[to].name, to + 1),
    )
    .await?;
    txn.commit().await?;
    Ok(())
}

fn family_entry(f: procedure_family::Model) -> Entry {
    Entry {
        id: f.id,
        name: f.name,
        position: f.position,
        retired: f.retired_at.is_some(),
    }
}

fn procedure_entry(p: procedure::Model) -> Entry {
    Entry {
        id: p.id,
        name: p.name,
        position: p.position,
        retired: p.retired_at.is_some(),
    }
}

/// Retires a family (its procedures are no longer offered for new
/// proposals), or puts it back.
pub async fn set_family_retired(
    db: &impl TransactionTrait,
    admin: &CurrentUser,
    slug: &str,
    retired: bool,
    ip: Option<String>,
) -> Result<(), AppError> {
    admin.admin_only()?;
    let txn = db.begin().await?;
    let family = family_by_slug(&txn, slug).await?;
    retire(txn, admin, &FAMILY, family_entry(family), retired, ip).await
}

/// Moves a family one place up or down in the catalogue.
pub async fn move_family(
    db: &impl TransactionTrait,
    admin: &CurrentUser,
    slug: &str,
    up: bool,
    ip: Option<String>,
) -> Result<(), AppError> {
    admin.admin_only()?;
    let txn = db.begin().await?;
    let families = families(&txn).await?;
    let index = families
        .iter()
        .position(|f| f.slug == slug)
        .ok_or(AppError::NotFound)?;
    let entries = families.into_iter().map(family_entry).collect();
    reorder(txn, admin, &FAMILY, entries, index, up, ip).await
}

/// Moves a procedure one place up or down within its family.
pub async fn move_procedure(
    db: &impl TransactionTrait,
    admin: &CurrentUser,
    slug: &str,
    up: bool,
    ip: Option<String>,
) -> Result<(), AppError> {
    admin.admin_only()?;
    let txn = db.begin().await?;
    let found = procedure_by_slug(&txn, slug).await?;
    let siblings = procedure::Entity::find()
        .filter(procedure::Column::FamilyId.eq(found.family_id))
        .order_by_asc(procedure::Column::Position)
        .order_by_asc(procedure::Column::Id)
        .all(&txn)
        .await?;
    let index = siblings
        .iter()
        .position(|p| p.id == found.id)
        .ok_or(AppError::NotFound)?;
    let entries = siblings.into_iter().map(procedure_entry).collect();
    reorder(txn, admin, &PROCEDURE, entries, index, up, ip).await
}

/// Retires a procedure (no longer offered for new proposals; its proposals
/// stay), or puts it back in service.
pub async fn set_procedure_retired(
    db: &impl TransactionTrait,
    admin: &CurrentUser,
    slug: &str,
    retired: bool,
    ip: Option<String>,
) -> Result<(), AppError> {
    admin.admin_only()?;
    let txn = db.begin().await?;
    let found = procedure_by_slug(&txn, slug).await?;
    retire(txn, admin, &PROCEDURE, procedure_entry(found), retired, ip).await
}
