//! The secretariat keeps the body's membership: member organisations (added,
//! edited, their membership ended, renewed or its dates corrected, past
//! periods kept) and the working groups (created, their title, mandate and
//! lead, the organisations that sit in them, archived). Nothing is deleted:
//! an organisation that leaves keeps its dates, a seat that ends keeps its
//! own, so the history stays readable.

use chrono::NaiveDate;
use sea_orm::{
    ActiveModelTrait, ColumnTrait, DatabaseTransaction, EntityTrait, QueryFilter, QueryOrder,
    QuerySelect, Set, TransactionTrait,
};

use crate::entities::{
    organisation, organisation_period, user, working_group, working_group_member,
};
use crate::model::{
    check_group, day, one_line, AppError, ConstraintMeaning, CurrentUser, OrganisationKind, Role,
};
use crate::services::accounts::audit::{self, Actor};
use crate::services::accounts::sessions;
use crate::services::{format, markdown};

const NAME_MAX: usize = 200;
const SHORT_NAME_MAX: usize = 40;
const DESCRIPTION_MAX: usize = 5_000;
const WEBSITE_MAX: usize = 300;

/// The organisation form as typed.
#[derive(Debug, Clone, Default)]
pub struct OrganisationForm {
    pub name: String,
    pub short_name: String,
    /// An [`OrganisationKind`] code.
    pub kind: String,
    pub description: String,
    pub website: String,
    /// YYYY-MM-DD.
    pub joined_on: String,
}

fn invalid(message: impl Into<String>) -> AppError {
    AppError::Invalid(message.into())
}

struct Checked {
    name: String,
    short_name: Option<String>,
    kind: OrganisationKind,
    description: String,
    website: Option<String>,
    joined_on: NaiveDate,
}

fn check(form: &OrganisationForm) -> Result<Checked, AppError> {
    let name = one_line(&form.name, "Le nom de l'organisation")?;
    if name.is_empty() || format::slug(name).is_empty() {
        return Err(invalid("Indiquez le nom de l'organisation."));
    }
    if name.chars().count() > NAME_MAX {
        return Err(invalid(format!("Le nom dépasse {NAME_MAX} caractères.")));
    }
    let short_name = one_line(&form.short_name, "Le sigle")?;
    if short_name.chars().count() > SHORT_NAME_MAX {
        return Err(invalid(format!(
            "Le sigle dépasse {SHORT_NAME_MAX} caractères."
        )));
    }
    let kind = OrganisationKind::from_code(form.kind.trim())
        .ok_or_else(|| invalid("Choisissez le type d'organisation dans la liste."))?;
    if form.description.chars().count() > DESCRIPTION_MAX {
        return Err(invalid(format!(
            "La présentation dépasse {DESCRIPTION_MAX} caractères."
        )));
    }
    let website = one_line(&form.website, "Le site internet")?;
    let web = website.starts_with("https://") || website.starts_with("http://");
    if !website.is_empty() && !web {
        return Err(invalid(
            "Le site internet doit être une adresse commençant par https://.",
        ));
    }
    if website.chars().count() > WEBSITE_MAX {
        return Err(invalid(format!(
            "L'adresse du site internet dépasse {WEBSITE_MAX} caractères."
        )));
    }
    Ok(Checked {
        name: name.to_string(),
        short_name: (!short_name.is_empty()).then(|| short_name.to_string()),
        kind,
        description: form.description.trim().to_string(),
        website: (!website.is_empty()).then(|| website.to_string()),
        joined_on: day(&form.joined_on, "la date d'adhésion")?,
    })
}

async fn find_organisation(
    txn: &DatabaseTransaction,
    slug: &str,
) -> Result<organisation::Model, AppError> {
    organisation::Entity::find()
        .filter(organisation::Column::Slug.eq(slug))
        .one(txn)
        .await?
        .ok_or(AppError::NotFound)
}

async fn name_taken(
    txn: &DatabaseTransaction,
    name: &str,
    except: Option<i32>,
) -> Result<bool, AppError> {
    let mut query = organisation::Entity::find().filter(organisation::Column::Name.eq(name));
    if let Some(id) = except {
        query = query.filter(organisation::Column::Id.ne(id));
    }
    Ok(query.one(txn).await?.is_some())
}

/// A new member organisation; returns its slug.
pub async fn create_organisation(
    db: &impl TransactionTrait,
    admin: &CurrentUser,
    form: OrganisationForm,
    ip: Option<String>,
) -> Result<String, AppError> {
    admin.admin_only()?;
    let c = check(&form)?;
    let txn = db.begin().await?;
    if name_taken(&txn, &c.name, None).await? {
        return Err(invalid(format!(
            "Une organisation s'appelle déjà « {} ».",
            c.name
        )));
    }
    let base = format::slug(&c.name);
    let mut slug = base.clone();
    let mut suffix = 2;
    // « nouvelle » is the address of the form itself.
    while slug == "nouvelle"
        || organisation::Entity::find()
            .filter(organisation::Column::Slug.eq(slug.clone()))
            .one(&txn)
            .await?
            .is_some()
    {
        slug = format!("{base}-{suffix}");
        suffix += 1;
    }
    let now = chrono::Utc::now();
    let created = organisation::ActiveModel {
        slug: Set(slug.clone()),
        name: Set(c.name),
        short_name: Set(c.short_name),
        kind: Set(c.kind),
        description: Set(c.description),
        website: Set(c.website),
        joined_on: Set(c.joined_on),
        left_on: Set(None),
        created_at: Set(now),
        updated_at: Set(now),
        ..Default::default()
    }
    .insert(&txn)
    .await
    .or_invalid(format!(
        "Une organisation vient d'être enregistrée sous l'adresse « {slug} » : réessayez."
    ))?;
    audit::record(
        &txn,
        &Actor::of(admin),
        "organisation.created",
        Some(("organisation", created.id)),
        ip,
        created.name.clone(),
    )
    .await?;
    txn.commit().await?;
    Ok(slug)
}

/// Edits an organisation (its address stays the same).
pub async fn update_organisation(
    db: &impl TransactionTrait,
    admin: &CurrentUser,
    slug: &str,
    form: OrganisationForm,
    ip: Option<String>,
) -> Result<(), AppError> {
    admin.admin_only()?;
    let c = check(&form)?;
    let txn = db.begin().await?;
    let found = find_organisation(&txn, slug).await?;
    if name_taken(&txn, &c.name, Some(found.id)).await? {
        return Err(invalid(format!(
            "Une organisation s'appelle déjà « {} ».",
            c.name
        )));
    }
    if found.left_on.is_some_and(|left| left < c.joined_on) {
        return Err(invalid(
            "La date d'adhésion ne peut pas suivre la fin de l'adhésion.",
        ));
    }
    let id = found.id;
    let mut active: organisation::ActiveModel = found.into();
    active.name = Set(c.name.clone());
    active.short_name = Set(c.short_name);
    active.kind = Set(c.kind);
    active.description = Set(c.description);
    active.website = Set(c.website);
    active.joined_on = Set(c.joined_on);
    active.updated_at = Set(chrono::Utc::now());
    active.update(&txn).await?;
    audit::record(
        &txn,
        &Actor::of(admin),
        "organisation.updated",
        Some(("organisation", id)),
        ip,
        c.name,
    )
    .await?;
    txn.commit().await?;
    Ok(())
}

/// Ends an organisation's membership on `left_on`, and its seats in the
/// working groups with it.
pub async fn end_membership(
    db: &impl TransactionTrait,
    admin: &CurrentUser,
    slug: &str,
    left_on: &str,
    ip: Option<String>,
) -> Result<(), AppError> {
    admin.admin_only()?;
    let left_on = day(left_on, "la date de fin d'adhésion")?;
    let txn = db.begin().await?;
    let found = find_organisation(&txn, slug).await?;
    if found.left_on.is_some() {
        return Err(invalid("L'adhésion de cette organisation a déjà pris fin."));
    }
    if left_on < found.joined_on {
        return Err(invalid(
            "La fin de l'adhésion ne peut pas précéder la date d'adhésion.",
        ));
    }
    let seats = working_group_member::Entity::find()
        .filter(working_group_member::Column::OrganisationId.eq(found.id))
        .filter(working_group_member::Column::LeftOn.is_null())
        .all(&txn)
        .await?;
    for seat in seats {
        let ends = left_on.max(seat.joined_on);
        let mut active: working_group_member::ActiveModel = seat.into();
        active.left_on = Set(Some(ends));
        active.update(&txn).await?;
    }
    let id = found.id;
    let name = found.name.clone();
    let mut active: organisation::ActiveModel = found.into();
    active.left_on = Set(Some(left_on));
    active.updated_at = Set(chrono::Utc::now());
    active.update(&txn).await?;
    let closed = close_members_accounts(&txn, admin, id, &name, ip.clone()).await?;
    audit::record(
        &txn,
        &Actor::of(admin),
        "organisation.membership_ended",
        Some(("organisation", id)),
        ip,
        format!(
            "{name} : fin le {left_on} ; accès retiré à {}",
            if closed.is_empty() {
                "personne".to_string()
            } else {
                closed.join(", ")
            }
        ),
    )
    .await?;
    txn.commit().await?;
    Ok(())
}

/// Renews the ended membership of an organisation from `joined_on`: the
/// period that ended is kept in its history, and its membership runs again.
/// Its seats in the working groups are not renewed with it.
pub async fn renew_membership(
    db: &impl TransactionTrait,
    admin: &CurrentUser,
    slug: &str,
    joined_on: &str,
    ip: Option<String>,
) -> Result<(), AppError> {
    admin.admin_only()?;
    let joined_on = day(joined_on, "la date de reprise de l'adhésion")?;
    let txn = db.begin().await?;
    let found = find_organisation(&txn, slug).await?;
    let Some(left_on) = found.left_on else {
        return Err(invalid(
            "L'adhésion de cette organisation est en cours : il n'y a rien à renouveler.",
        ));
    };
    if joined_on < left_on {
        return Err(invalid(format!(
            "La nouvelle adhésion ne peut pas commencer avant la fin de la précédente, le {}.",
            format::date(left_on)
        )));
    }
    organisation_period::ActiveModel {
        organisation_id: Set(found.id),
        joined_on: Set(found.joined_on),
        left_on: Set(left_on),
        ..Default::default()
    }
    .insert(&txn)
    .await?;
    let id = found.id;
    let name = found.name.clone();
    let mut active: organisation::ActiveModel = found.into();
    active.joined_on = Set(joined_on);
    active.left_on = Set(None);
    active.updated_at = Set(chrono::Utc::now());
    active.update(&txn).await?;
    audit::record(
        &txn,
        &Actor::of(admin),
        "organisation.membership_renewed",
        Some(("organisation", id)),
        ip,
        format!(
            "{name} : adhésion renouvelée le {} (la précédente a pris fin le {})",
            format::date(joined_on),
            format::date(left_on)
        ),
    )
    .await?;
    txn.commit().await?;
    Ok(())
}

/// Corrects the dates of an organisation's current membership period: when
/// it began and, if it ended, when. Seats that ended with it move with its
/// end. Dates that cannot be are refused: an end before the beginning, a
/// beginning before a previous period ended or after a seat in a group
/// began, an end before a seat began.
pub async fn correct_membership_dates(
    db: &impl TransactionTrait,
    admin: &CurrentUser,
    slug: &str,
    joined_on: &str,
    left_on: &str,
    ip: Option<String>,
) -> Result<(), AppError> {
    admin.admin_only()?;
    let joined_on = day(joined_on, "la date d'adhésion")?;
    let left_on = match left_on.trim() {
        "" => None,
        typed => Some(day(typed, "la date de fin d'adhésion")?),
    };
    if left_on.is_some_and(|left| left < joined_on) {
        return Err(invalid(
            "La fin de l'adhésion ne peut pas précéder son début.",
        ));
    }
    let txn = db.begin().await?;
    let found = find_organisation(&txn, slug).await?;
    if found.left_on.is_none() && left_on.is_some() {
        return Err(invalid(
            "Cette adhésion est en cours : pour y mettre fin, utilisez « Mettre fin à l'adhésion ».",
        ));
    }
    if found.left_on.is_some() && left_on.is_none() {
        return Err(invalid(
            "Indiquez la date de fin de l'adhésion ; pour qu'elle reprenne, utilisez « Renouveler l'adhésion ».",
        ));
    }
    if found.joined_on == joined_on && found.left_on == left_on {
        return Err(invalid("Rien n'a changé : modifiez l'une des dates."));
    }
    let previous_end = organisation_period::Entity::find()
        .filter(organisation_period::Column::OrganisationId.eq(found.id))
        .all(&txn)
        .await?
        .into_iter()
        .map(|p| p.left_on)
        .max();
    if let Some(previous_end) = previous_end.filter(|end| joined_on < *end) {
        return Err(invalid(format!(
            "L'adhésion ne peut pas commencer avant la fin de la précédente, le {}.",
            format::date(previous_end)
        )));
    }
    let seats = working_group_member::Entity::find()
        .filter(working_group_member::Column::OrganisationId.eq(found.id))
        .all(&txn)
        .await?;
    let current_seats: Vec<&working_group_member::Model> = seats
        .iter()
        .filter(|s| previous_end.is_none_or(|end| s.joined_on >= end))
        .collect();
    if let Some(first) = current_seats.iter().map(|s| s.joined_on).min() {
        if joined_on > first {
            return Err(invalid(format!(
                "L'organisation siège dans un groupe de travail depuis le {} : son adhésion ne peut pas commencer après.",
                format::date(first)
            )));
        }
        if let Some(left) = left_on.filter(|left| *left < first) {
            return Err(invalid(format!(
                "L'organisation a rejoint un groupe de travail le {} : son adhésion ne peut pas finir avant (le {}).",
                format::date(first),
                format::date(left)
            )));
        }
    }
    if let (Some(old_end), Some(new_end)) = (found.left_on, left_on) {
        for seat in current_seats
            .into_iter()
            .filter(|s| s.left_on == Some(old_end))
        {
            let mut active: working_group_member::ActiveModel = seat.clone().into();
            active.left_on = Set(Some(new_end.max(seat.joined_on)));
            active.update(&txn).await?;
        }
    }
    let detail = format!(
        "{} : adhésion du {}{}",
        found.name,
        format::date(joined_on),
        left_on.map_or(String::new(), |left| format!(" au {}", format::date(left)))
    );
    let id = found.id;
    let mut active: organisation::ActiveModel = found.into();
    active.joined_on = Set(joined_on);
    active.left_on = Set(left_on);
    active.updated_at = Set(chrono::Utc::now());
    active.update(&txn).await?;
    audit::record(
        &txn,
        &Actor::of(admin),
        "organisation.membership_dates",
        Some(("organisation", id)),
        ip,
        detail,
    )
    .await?;
    txn.commit().await?;
    Ok(())
}

/// A member's rights come from their organisation: when its membership
/// ends, the accounts of its members (role « membre ») are deactivated and
/// their sessions ended, each in the journal. People of the organisation
/// with another role (a lead, the secretariat) keep their account, but no
/// longer act in its name (submissions and supports check the membership).
/// Returns the e-mail addresses of the accounts closed.
async fn close_members_accounts(
    txn: &DatabaseTransaction,
    admin: &CurrentUser,
    organisation_id: i32,
    name: &str,
    ip: Option<String>,
) -> Result<Vec<String>, AppError> {
    let members = user::Entity::find()
        .filter(user::Column::OrganisationId.eq(organisation_id))
        .filter(user::Column::Role.eq(Role::Member))
        .filter(user::Column::Active.eq(true))
        .order_by_asc(user::Column::Email)
        .all(txn)
        .await?;
    let mut closed = Vec::with_capacity(members.len());
    for person in members {
        let email = person.email.clone();
        let id = person.id;
        let mut active: user::ActiveModel = person.into();
        active.active = Set(false);
        active.updated_at = Set(chrono::Utc::now());
        active.update(txn).await?;
        sessions::end_others(txn, id, None).await?;
        audit::record(
            txn,
            &Actor::of(admin),
            "account.deactivated",
            Some(("user", id)),
            ip.clone(),
            format!("{email} : fin de l'adhésion de {name}"),
        )
        .await?;
        closed.push(email);
    }
    Ok(closed)
}

/// The group form as typed.
#[derive(Debug, Clone, Default)]
pub struct GroupForm {
    pub title: String,
    pub mandate: String,
    /// A person's id, or empty for no lead.
    pub lead_user_id: String,
}

async fn find_group(
    txn: &DatabaseTransaction,
    slug: &str,
) -> Result<working_group::Model, AppError> {
    working_group::Entity::find()
        .filter(working_group::Column::Slug.eq(slug))
        .one(txn)
        .await?
        .ok_or(AppError::NotFound)
}

/// The lead a group form names: an active person with the role « pilote »
/// or « secrétariat », or nobody.
async fn lead_of(
    txn: &DatabaseTransaction,
    form: &GroupForm,
) -> Result<Option<user::Model>, AppError> {
    match form.lead_user_id.trim() {
        "" => Ok(None),
        id => {
            let id: i32 = id
                .parse()
                .map_err(|_| invalid("Choisissez le pilote dans la liste."))?;
            let person = user::Entity::find_by_id(id)
                .one(txn)
                .await?
                .filter(|u| u.active && matches!(u.role, Role::Lead | Role::Admin))
                .ok_or_else(|| {
                    invalid("Le pilote doit être une personne active ayant le rôle « pilote de groupe de travail » ou « secrétariat ».")
                })?;
            Ok(Some(person))
        }
    }
}

fn lead_detail(title: &str, lead: Option<user::Model>) -> String {
    format!(
        "{title} ; pilote : {}",
        lead.map(|l| l.name).unwrap_or_else(|| "aucun".into())
    )
}

/// A new working group, numbered after the last one; returns its slug.
pub async fn create_group(
    db: &impl TransactionTrait,
    admin: &CurrentUser,
    form: GroupForm,
    ip: Option<String>,
) -> Result<String, AppError> {
    admin.admin_only()?;
    let (title, mandate) = check_group(&form.title, &form.mandate)?;
    let mandate_html = markdown::render_checked(mandate.clone()).await?;
    let txn = db.begin().await?;
    let lead = lead_of(&txn, &form).await?;
    if working_group::Entity::find()
        .filter(working_group::Column::Title.eq(title.as_str()))
        .one(&txn)
        .await?
        .is_some()
    {
        return Err(invalid(format!(
            "Un groupe de travail s'intitule déjà « {title} »."
        )));
    }
    let number = working_group::Entity::find()
        .select_only()
        .column_as(working_group::Column::Number.max(), "last")
        .into_tuple::<Option<i32>>()
        .one(&txn)
        .await?
        .flatten()
        .unwrap_or(0)
        + 1;
    // « nouveau » is the address of the form itself, « aucun » the
    // backlog's view of the proposals without a group.
    let slug = format::free_slug::<working_group::Entity>(
        &txn,
        working_group::Column::Slug,
        &title,
        &["nouveau", "aucun"],
    )
    .await?;
    let created = working_group::ActiveModel {
        number: Set(number),
        slug: Set(slug.clone()),
        title: Set(title.clone()),
        mandate: Set(mandate),
        mandate_html: Set(Some(mandate_html)),
        lead_user_id: Set(lead.as_ref().map(|l| l.id)),
        created_at: Set(chrono::Utc::now()),
        archived_at: Set(None),
        ..Default::default()
    }
    .insert(&txn)
    .await?;
    audit::record(
        &txn,
        &Actor::of(admin),
        "group.created",
        Some(("working_group", created.id)),
        ip,
        lead_detail(&title, lead),
    )
    .await?;
    txn.commit().await?;
    Ok(slug)
}

/// Edits a group's title, mandate (Markdown) and lead. The lead must be an
/// active person with the role « pilote » or « secrétariat ».
pub async fn update_group(
    db: &impl TransactionTrait,
    admin: &CurrentUser,
    slug: &str,
    form: GroupForm,
    ip: Option<String>,
) -> Result<(), AppError> {
    admin.admin_only()?;
    let (title, mandate) = check_group(&form.title, &form.mandate)?;
    let mandate_html = markdown::render_checked(mandate.clone()).await?;
    let txn = db.begin().await?;
    let group = find_group(&txn, slug).await?;
    let lead = lead_of(&txn, &form).await?;
    let id = group.id;
    let mut active: working_group::ActiveModel = group.into();
    active.title = Set(title.clone());
    active.mandate = Set(mandate);
    active.mandate_html = Set(Some(mandate_html));
    active.lead_user_id = Set(lead.as_ref().map(|l| l.id));
    active.update(&txn).await?;
    audit::record(
        &txn,
        &Actor::of(admin),
        "group.updated",
        Some(("working_group", id)),
        ip,
        lead_detail(&title, lead),
    )
    .await?;
    txn.commit().await?;
    Ok(())
}

/// Archives a group: it keeps its history, proposals and seats' dates, and
/// is no longer offered for new proposals, meetings or seats. Or reopens it.
pub async fn set_group_archived(
    db: &impl TransactionTrait,
    admin: &CurrentUser,
    slug: &str,
    archived: bool,
    ip: Option<String>,
) -> Result<(), AppError> {
    admin.admin_only()?;
    let txn = db.begin().await?;
    let group = find_group(&txn, slug).await?;
    if group.archived_at.is_some() == archived {
        return Err(invalid(if archived {
            "Ce groupe de travail est déjà archivé."
        } else {
            "Ce groupe de travail n'est pas archivé."
        }));
    }
    let (id, title) = (group.id, group.title.clone());
    let mut active: working_group::ActiveModel = group.into();
    active.archived_at = Set(archived.then(chrono::Utc::now));
    active.update(&txn).await?;
    audit::record(
        &txn,
        &Actor::of(admin),
        if archived {
            "group.archived"
        } else {
            "group.reopened"
        },
        Some(("working_group", id)),
        ip,
        title,
    )
    .await?;
    txn.commit().await?;
    Ok(())
}

/// Seats a member organisation in the group from `joined_on`.
pub async fn add_seat(
    db: &impl TransactionTrait,
    admin: &CurrentUser,
    group_slug: &str,
    organisation_slug: &str,
    joined_on: &str,
    ip: Option<String>,
) -> Result<(), AppError> {
    admin.admin_only()?;
    let joined_on = day(joined_on, "la date d'entrée dans le groupe")?;
    let txn = db.begin().await?;
    let group = find_group(&txn, group_slug).await?;
    if group.archived_at.is_some() {
        return Err(invalid(
            "Ce groupe de travail est archivé : il n'accueille plus de membres.",
        ));
    }
    let member = find_organisation(&txn, organisation_slug)
        .await
        .map_err(|_| invalid("Choisissez l'organisation dans la liste."))?;
    if member.left_on.is_some() {
        return Err(invalid(format!(
            "L'adhésion de {} à l'instance a pris fin : elle ne peut pas rejoindre un groupe.",
            member.name
        )));
    }
    if joined_on < member.joined_on {
        return Err(invalid(
            "L'entrée dans le groupe ne peut pas précéder l'adhésion à l'instance.",
        ));
    }
    let seated = working_group_member::Entity::find()
        .filter(working_group_member::Column::WorkingGroupId.eq(group.id))
        .filter(working_group_member::Column::OrganisationId.eq(member.id))
        .filter(working_group_member::Column::LeftOn.is_null())
        .one(&txn)
        .await?;
    if seated.is_some() {
        return Err(invalid(format!(
            "{} est déjà membre de ce groupe.",
            member.name
        )));
    }
    working_group_member::ActiveModel {
        working_group_id: Set(group.id),
        organisation_id: Set(member.id),
        joined_on: Set(joined_on),
        left_on: Set(None),
        ..Default::default()
    }
    .insert(&txn)
    .await
    .or_invalid(format!(
        "{} a déjà siégé dans ce groupe à partir du {} : choisissez une autre date d'entrée.",
        member.name,
        format::date(joined_on)
    ))?;
    audit::record(
        &txn,
        &Actor::of(admin),
        "group.member_added",
        Some(("working_group", group.id)),
        ip,
        member.name,
    )
    .await?;
    txn.commit().await?;
    Ok(())
}

/// Ends an organisation's seat in the group on `left_on`.
pub async fn end_seat(
    db: &impl TransactionTrait,
    admin: &CurrentUser,
    group_slug: &str,
    organisation_slug: &str,
    left_on: &str,
    ip: Option<String>,
) -> Result<(), AppError> {
    admin.admin_only()?;
    let left_on = day(left_on, "la date de sortie du groupe")?;
    let txn = db.begin().await?;
    let group = find_group(&txn, group_slug).await?;
    let member = find_organisation(&txn, organisation_slug).await?;
    let seat = working_group_member::Entity::find()
        .filter(working_group_member::Column::WorkingGroupId.eq(group.id))
        .filter(working_group_member::Column::OrganisationId.eq(member.id))
        .filter(working_group_member::Column::LeftOn.is_null())
        .one(&txn)
        .await?
        .ok_or_else(|| invalid(format!("{} n'est pas membre de ce groupe.", member.name)))?;
    if left_on < seat.joined_on {
        return Err(invalid(
            "La sortie du groupe ne peut pas précéder l'entrée dans le groupe.",
        ));
    }
    let mut active: working_group_member::ActiveModel = seat.into();
    active.left_on = Set(Some(left_on));
    active.update(&txn).await?;
    audit::record(
        &txn,
        &Actor::of(admin),
        "group.member_left",
        Some(("working_group", group.id)),
        ip,
        format!("{} : sortie le {left_on}", member.name),
    )
    .await?;
    txn.commit().await?;
    Ok(())
}
