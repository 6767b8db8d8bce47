//! Follow-up actions decided in meetings or on a proposal: an owner, a due
//! date and a status. Admins and the lead of the action's working group
//! create and edit them; the owner may also move their status, which then
//! shows on the timeline of the proposal it follows. The owner is told of
//! an action given to them, and, once its due date has passed, the owner
//! and the group's lead (a round of the outbox worker).

use std::collections::HashMap;

use chrono::{DateTime, NaiveDate, Utc};
use chrono_tz::Europe::Paris;
use sea_orm::sea_query::{Expr, Func, OnConflict, Query};
use sea_orm::{
    ActiveModelTrait, ColumnTrait, Condition, ConnectionTrait, EntityTrait, FromQueryResult,
    JoinType, QueryFilter, QueryOrder, QuerySelect, Select, Set, TransactionTrait, TryInsertResult,
};

use super::groups;
use crate::entities::{
    action, action_overdue_notice, organisation, proposal, proposal_event, user, working_group,
    working_group_member,
};
use crate::model::{
    ActionEditData, ActionRow, ActionStatus, AppError, CurrentUser, OwnerSuggestion,
    ProposalEventKind, Role,
};
use crate::services::accounts::audit::{self, Actor};
use crate::services::format;
use crate::services::mail::notices::{self, ActionAbout};

/// Overdue actions told of in one round at most; the others at the next.
const OVERDUE_PER_ROUND: u64 = 100;

/// Statuses of an action still to be done.
const OPEN: [ActionStatus; 2] = [ActionStatus::Open, ActionStatus::InProgress];

const TITLE_MAX: usize = 200;
const DESCRIPTION_MAX: usize = 5_000;

/// What a new action needs; `working_group_id` decides who may create it
/// (admins for actions without a group, e.g. from a plenary session).
#[derive(Debug, Clone)]
pub struct NewAction {
    pub title: String,
    pub description: String,
    pub owner_user_id: i32,
    pub due_on: NaiveDate,
    pub working_group_id: Option<i32>,
    pub meeting_id: Option<i32>,
    pub proposal_id: Option<i32>,
}

/// Records an action (and, when it follows a proposal, an event on the
/// proposal's timeline) and tells its owner, in one transaction.
pub async fn create(
    db: &impl TransactionTrait,
    author: &CurrentUser,
    new: NewAction,
    public_url: &str,
    ip: Option<String>,
) -> Result<action::Model, AppError> {
    if !author.runs(new.working_group_id) {
        return Err(AppError::Forbidden);
    }
    let title = checked_title(&new.title, &new.description)?;
    let txn = db.begin().await?;
    let owner = active_owner(&txn, new.owner_user_id).await?;
    let now = Utc::now();
    let created = action::ActiveModel {
        title: Set(title),
        description: Set(new.description.trim().to_string()),
        meeting_id: Set(new.meeting_id),
        working_group_id: Set(new.working_group_id),
        proposal_id: Set(new.proposal_id),
        owner_user_id: Set(Some(owner.id)),
        due_on: Set(Some(new.due_on)),
        status: Set(ActionStatus::Open),
        created_at: Set(now),
        updated_at: Set(now),
        ..Default::default()
    }
    .insert(&txn)
    .await?;
    if let Some(proposal_id) = new.proposal_id {
        mark_active(&txn, proposal_id, now).await?;
        proposal_event::ActiveModel {
            proposal_id: Set(proposal_id),
            kind: Set(ProposalEventKind::ActionLinked),
            actor_user_id: Set(Some(author.id)),
            actor_organisation_id: Set(author.organisation_id),
            body: Set(Some(created.title.clone())),
            internal: Set(false),
            action_id: Set(Some(created.id)),
            created_at: Set(now),
            ..Default::default()
        }
        .insert(&txn)
        .await?;
    }
    audit::record(
        &txn,
        &Actor::of(author),
        "action.created",
        Some(("action", created.id)),
        ip,
        format!("Action « {} » confiée à {}", created.title, owner.name),
    )
    .await?;
    tell_owner(&txn, author, &created, public_url, now).await?;
    txn.commit().await?;
    Ok(created)
}

/// How notices name action `a`, with the reference of its proposal.
async fn about(
    db: &impl ConnectionTrait,
    a: &action::Model,
) -> Result<(Option<String>, Option<(i32, String)>), AppError> {
    let proposal = match a.proposal_id {
        Some(id) => proposal::Entity::find_by_id(id)
            .one(db)
            .await?
            .map(|p| (p.id, p.reference)),
        None => None,
    };
    Ok((a.due_on.map(format::date), proposal))
}

/// Tells the owner of `a` that it is theirs, unless `author` gave it to
/// themselves: when it is created, and whenever its owner changes (call it
/// in the transaction of that change).
pub async fn tell_owner(
    db: &impl ConnectionTrait,
    author: &CurrentUser,
    a: &action::Model,
    public_url: &str,
    now: DateTime<Utc>,
) -> Result<(), AppError> {
    let Some(owner) = a.owner_user_id.filter(|owner| *owner != author.id) else {
        return Ok(());
    };
    let (due, proposal) = about(db, a).await?;
    let url = format!("{public_url}/tableau-de-bord");
    let notice = notices::action_assigned(
        ActionAbout {
            title: &a.title,
            due: due.as_deref(),
            proposal: proposal.as_ref().map(|(id, r)| (*id, r.as_str())),
            url: &url,
        },
        &author.name,
    );
    notices::queue(db, &notice, [owner], Some(author.id), public_url, now).await?;
    Ok(())
}

/// Tells the owner and the group's lead of each action still open whose
/// due date has passed in Paris at `now`, once per action and due date (a
/// due date moved later and passed again is told again). Each action is
/// claimed by a row whose (action, due date) key is unique, so that two
/// servers running this round never tell it twice. Returns how many
/// actions were told of.
pub async fn tell_overdue<C>(
    db: &C,
    public_url: &str,
    now: DateTime<Utc>,
) -> Result<usize, AppError>
where
    C: ConnectionTrait + TransactionTrait,
{
    let today = now.with_timezone(&Paris).date_naive();
    let told = Query::select()
        .expr(Expr::val(1))
        .from(action_overdue_notice::Entity)
        .and_where(
            Expr::col((
                action_overdue_notice::Entity,
                action_overdue_notice::Column::ActionId,
            ))
            .equals((action::Entity, action::Column::Id)),
        )
        .and_where(
            Expr::col((
                action_overdue_notice::Entity,
                action_overdue_notice::Column::DueOn,
            ))
            .equals((action::Entity, action::Column::DueOn)),
        )
        .to_owned();
    let late = action::Entity::find()
        .filter(action::Column::Status.is_in(OPEN))
        .filter(action::Column::DueOn.lt(today))
        .filter(Expr::exists(told).not())
        .order_by_asc(action::Column::DueOn)
        .order_by_asc(action::Column::Id)
        .limit(OVERDUE_PER_ROUND)
        .all(db)
        .await?;
    let url = format!("{public_url}/tableau-de-bord");
    let mut count = 0;
    for a in late {
        let Some(due_on) = a.due_on else {
            continue;
        };
        let txn = db.begin().await?;
        let claimed = action_overdue_notice::Entity::insert(action_overdue_notice::ActiveModel {
            action_id: Set(a.id),
            due_on: Set(due_on),
            created_at: Set(now),
            ..Default::default()
        })
        .on_conflict(
            OnConflict::columns([
                action_overdue_notice::Column::ActionId,
                action_overdue_notice::Column::DueOn,
            ])
            .do_nothing()
            .to_owned(),
        )
        .do_nothing()
        .exec(&txn)
        .await?;
        if !matches!(claimed, TryInsertResult::Inserted(_)) {
            continue;
        }
        let owner = match a.owner_user_id {
            Some(id) => user::Entity::find_by_id(id).one(&txn).await?,
            None => None,
        };
        let lead = match a.working_group_id {
            Some(id) => working_group::Entity::find_by_id(id)
                .one(&txn)
                .await?
                .and_then(|g| g.lead_user_id),
            None => None,
        };
        let (due, proposal) = about(&txn, &a).await?;
        let notice = notices::action_overdue(
            ActionAbout {
                title: &a.title,
                due: due.as_deref(),
                proposal: proposal.as_ref().map(|(id, r)| (*id, r.as_str())),
                url: &url,
            },
            owner.as_ref().map_or("personne", |o| o.name.as_str()),
        );
        let recipients = owner.map(|o| o.id).into_iter().chain(lead);
        notices::queue(&txn, &notice, recipients, None, public_url, now).await?;
        txn.commit().await?;
        count += 1;
    }
    Ok(count)
}

/// Moves the proposal's last activity to `now`: its page, kept with the
/// proposal's row as stamp, then shows the change to its actions at once.
async fn mark_active(
    db: &impl ConnectionTrait,
    proposal_id: i32,
    now: DateTime<Utc>,
) -> Result<(), AppError> {
    let marked = proposal::Entity::update_many()
        .col_expr(proposal::Column::LastActivityAt, Expr::value(now))
        .filter(proposal::Column::Id.eq(proposal_id))
        .exec(db)
        .await?;
    if marked.rows_affected != 1 {
        return Err(AppError::NotFound);
    }
    Ok(())
}

/// The fields of the action form, as typed.
#[derive(Debug, Clone)]
pub struct ActionForm {
    pub title: String,
    /// The owner's e-mail address or name ([`resolve_owner`]).
    pub owner: String,
    /// YYYY-MM-DD.
    pub due_on: String,
    pub description: String,
    /// DA-YYYY-NNNN, or empty.
    pub proposal_reference: String,
}

/// The due date typed in an action form (YYYY-MM-DD).
pub fn due_date(typed: &str) -> Result<NaiveDate, AppError> {
    crate::model::day(typed, "l'échéance de l'action")
}

/// The most people suggested as an action's owner.
const SUGGESTED_OWNERS: u64 = 200;

/// People to suggest as the owner of an action of group `working_group_id`
/// (or of a plenary session): the group's lead and the secretariat (the
/// leads, for a plenary session) first, then the people of the
/// organisations seated in the group; at most [`SUGGESTED_OWNERS`]. Anyone
/// else active is found by name or address ([`resolve_owner`]).
pub async fn owner_suggestions(
    db: &impl ConnectionTrait,
    working_group_id: Option<i32>,
) -> Result<Vec<OwnerSuggestion>, AppError> {
    let active = || user::Entity::find().filter(user::Column::Active.eq(true));
    let mut first = Condition::any().add(user::Column::Role.eq(Role::Admin));
    first = match working_group_id {
        Some(group) => {
            let lead = Query::select()
                .column(working_group::Column::LeadUserId)
                .from(working_group::Entity)
                .and_where(working_group::Column::Id.eq(group))
                .to_owned();
            first.add(user::Column::Id.in_subquery(lead))
        }
        None => first.add(user::Column::Role.eq(Role::Lead)),
    };
    let mut people = active()
        .filter(first)
        .order_by_asc(user::Column::Name)
        .limit(SUGGESTED_OWNERS)
        .all(db)
        .await?;
    if let Some(group) = working_group_id {
        let seated = Query::select()
            .column(working_group_member::Column::OrganisationId)
            .from(working_group_member::Entity)
            .and_where(working_group_member::Column::WorkingGroupId.eq(group))
            .and_where(working_group_member::Column::LeftOn.is_null())
            .to_owned();
        let room = SUGGESTED_OWNERS.saturating_sub(people.len() as u64);
        people.extend(
            active()
                .filter(user::Column::OrganisationId.in_subquery(seated))
                .filter(user::Column::Id.is_not_in(people.iter().map(|u| u.id)))
                .order_by_asc(user::Column::Name)
                .limit(room)
                .all(db)
                .await?,
        );
    }
    let organisations: HashMap<i32, String> = organisation::Entity::find()
        .filter(organisation::Column::Id.is_in(people.iter().filter_map(|u| u.organisation_id)))
        .all(db)
        .await?
        .into_iter()
        .map(|o| (o.id, o.short_name.unwrap_or(o.name)))
        .collect();
    Ok(people
        .into_iter()
        .map(|u| OwnerSuggestion {
            label: match u.organisation_id.and_then(|o| organisations.get(&o)) {
                Some(org) => format!("{} ({org})", u.name),
                None => u.name,
            },
            email: u.email,
        })
        .collect())
}

/// Whether `user` may edit `a`: its group's lead, or an admin.
pub fn may_edit(user: &CurrentUser, a: &action::Model) -> bool {
    user.runs(a.working_group_id)
}

fn checked_title(title: &str, description: &str) -> Result<String, AppError> {
    let title = crate::model::one_line(title, "L'intitulé de l'action")?;
    if title.is_empty() {
        return Err(AppError::Invalid("Donnez un intitulé à l'action.".into()));
    }
    if title.chars().count() > TITLE_MAX {
        return Err(AppError::Invalid(format!(
            "L'intitulé de l'action dépasse {TITLE_MAX} caractères."
        )));
    }
    if description.chars().count() > DESCRIPTION_MAX {
        return Err(AppError::Invalid(format!(
            "La description de l'action dépasse {DESCRIPTION_MAX} caractères."
        )));
    }
    Ok(title.to_string())
}

async fn active_owner(db: &impl ConnectionTrait, id: i32) -> Result<user::Model, AppError> {
    user::Entity::find_by_id(id)
        .one(db)
        .await?
        .filter(|u| u.active)
        .ok_or_else(|| {
            AppError::Invalid("Le responsable choisi n'est pas une personne active.".into())
        })
}

/// An action's form, with its current values, for those who may edit it.
pub async fn edit_form(
    db: &impl ConnectionTrait,
    user: &CurrentUser,
    action_id: i32,
) -> Result<ActionEditData, AppError> {
    let found = action::Entity::find_by_id(action_id)
        .one(db)
        .await?
        .ok_or(AppError::NotFound)?;
    if !may_edit(user, &found) {
        return Err(AppError::Forbidden);
    }
    let proposal_reference = match found.proposal_id {
        Some(id) => proposal::Entity::find_by_id(id)
            .one(db)
            .await?
            .map(|p| p.reference),
        None => None,
    };
    // The field takes the owner's address, as the suggestions fill it in.
    let owner = match found.owner_user_id {
        Some(id) => user::Entity::find_by_id(id)
            .one(db)
            .await?
            .map(|u| u.email)
            .unwrap_or_default(),
        None => String::new(),
    };
    Ok(ActionEditData {
        back: followed_at(&found, proposal_reference.as_deref()),
        id: found.id,
        title: found.title,
        description: found.description,
        owner,
        due_on: found.due_on.map(|d| d.to_string()).unwrap_or_default(),
        status: found.status,
        proposal_reference,
        meeting_id: found.meeting_id,
        owners: owner_suggestions(db, found.working_group_id).await?,
    })
}

/// The page where an action is followed: its proposal's, its meeting's
/// minutes, or the dashboard.
fn followed_at(a: &action::Model, proposal_reference: Option<&str>) -> String {
    match (proposal_reference, a.meeting_id) {
        (Some(reference), _) => format!("/propositions/{reference}#actions"),
        (None, Some(meeting)) => format!("/reunions/{meeting}/compte-rendu#actions"),
        (None, None) => "/tableau-de-bord".to_string(),
    }
}

/// Changes an action's title, owner, due date and description; its group's
/// lead or an admin may. What changed is audited; a new owner is told, as
/// for a new action. Returns the page where the action is followed.
pub async fn update(
    db: &impl TransactionTrait,
    user: &CurrentUser,
    action_id: i32,
    form: ActionForm,
    public_url: &str,
    ip: Option<String>,
) -> Result<String, AppError> {
    let title = checked_title(&form.title, &form.description)?;
    let due_on = due_date(&form.due_on)?;
    let description = form.description.trim().to_string();
    let txn = db.begin().await?;
    let found = action::Entity::find_by_id(action_id)
        .one(&txn)
        .await?
        .ok_or(AppError::NotFound)?;
    if !may_edit(user, &found) {
        return Err(AppError::Forbidden);
    }
    let owner = active_owner(&txn, resolve_owner(&txn, &form.owner).await?).await?;
    let reassigned = found.owner_user_id != Some(owner.id);
    let mut changed = Vec::new();
    if title != found.title {
        changed.push(format!("intitulé « {title} »"));
    }
    if found.owner_user_id != Some(owner.id) {
        changed.push(format!("responsable {}", owner.name));
    }
    if found.due_on != Some(due_on) {
        changed.push(format!("échéance le {}", format::date(due_on)));
    }
    if description != found.description {
        changed.push("précisions".to_string());
    }
    if changed.is_empty() {
        return Err(AppError::Invalid(
            "Rien n'a changé : modifiez l'intitulé, le responsable, l'échéance ou les précisions."
                .into(),
        ));
    }
    let now = Utc::now();
    let proposal_id = found.proposal_id;
    let reference = match proposal_id {
        Some(id) => proposal::Entity::find_by_id(id)
            .one(&txn)
            .await?
            .map(|p| p.reference),
        None => None,
    };
    let back = followed_at(&found, reference.as_deref());
    let mut active: action::ActiveModel = found.into();
    active.title = Set(title);
    active.owner_user_id = Set(Some(owner.id));
    active.due_on = Set(Some(due_on));
    active.description = Set(description);
    active.updated_at = Set(now);
    let saved = active.update(&txn).await?;
    if let Some(proposal_id) = proposal_id {
        mark_active(&txn, proposal_id, now).await?;
    }
    audit::record(
        &txn,
        &Actor::of(user),
        "action.updated",
        Some(("action", action_id)),
        ip,
        format!("Action « {} » : {}", saved.title, changed.join(", ")),
    )
    .await?;
    if reassigned {
        tell_owner(&txn, user, &saved, public_url, now).await?;
    }
    txn.commit().await?;
    Ok(back)
}

/// How a form's refusals name the person one of its fields takes.
pub struct PersonField {
    /// What the field asks for, e.g. « le responsable de l'action ».
    pub asked: &'static str,
    /// Who is chosen among the suggestions, e.g. « le responsable ».
    pub chosen: &'static str,
    /// Which of several namesakes is meant, e.g. « celle qui sera
    /// responsable de l'action ».
    pub meant: &'static str,
}

/// An action's owner field.
pub const OWNER: PersonField = PersonField {
    asked: "le responsable de l'action",
    chosen: "le responsable",
    meant: "celle qui sera responsable de l'action",
};

/// The active person an action's owner field names: by e-mail address
/// (what a suggestion fills in), or by name when one person only bears it.
pub async fn resolve_owner(db: &impl ConnectionTrait, typed: &str) -> Result<i32, AppError> {
    resolve_person(db, typed, &OWNER).await
}

/// The active person a field (`field`) names: by e-mail address (what a
/// suggestion fills in), or by name when one person only bears it.
pub async fn resolve_person(
    db: &impl ConnectionTrait,
    typed: &str,
    field: &PersonField,
) -> Result<i32, AppError> {
    let typed = typed.trim();
    let invalid = |message: String| Err(AppError::Invalid(message));
    let PersonField {
        asked,
        chosen,
        meant,
    } = field;
    if typed.is_empty() {
        return invalid(format!(
            "Indiquez {asked} : son nom ou son adresse électronique."
        ));
    }
    let active = user::Entity::find()
        .select_only()
        .column(user::Column::Id)
        .filter(user::Column::Active.eq(true));
    if typed.contains('@') {
        let found: Option<i32> = active
            .filter(user::Column::Email.eq(typed.to_lowercase()))
            .into_tuple()
            .one(db)
            .await?;
        return match found {
            Some(id) => Ok(id),
            None => invalid(format!(
                "Aucune personne active n'a l'adresse « {typed} » : vérifiez-la, ou choisissez \
                 {chosen} parmi les personnes proposées."
            )),
        };
    }
    let named: Vec<i32> = active
        .filter(Expr::expr(Func::lower(Expr::col(user::Column::Name))).eq(typed.to_lowercase()))
        .limit(2)
        .into_tuple()
        .all(db)
        .await?;
    match named.as_slice() {
        [id] => Ok(*id),
        [] => invalid(format!(
            "Aucune personne active ne s'appelle « {typed} » : choisissez {chosen} parmi \
             les personnes proposées, ou indiquez son adresse électronique."
        )),
        _ => invalid(format!(
            "Plusieurs personnes s'appellent « {typed} » : indiquez l'adresse électronique de \
             {meant}."
        )),
    }
}

/// Moves an action's status; its owner, its group's lead or an admin may.
/// An action that follows a proposal says so on the proposal's timeline.
pub async fn set_status(
    db: &impl TransactionTrait,
    user: &CurrentUser,
    action_id: i32,
    status: ActionStatus,
    ip: Option<String>,
) -> Result<(), AppError> {
    let txn = db.begin().await?;
    let found = action::Entity::find_by_id(action_id)
        .one(&txn)
        .await?
        .ok_or(AppError::NotFound)?;
    if found.owner_user_id != Some(user.id) && !user.runs(found.working_group_id) {
        return Err(AppError::Forbidden);
    }
    let from = found.status;
    if from == status {
        return Err(AppError::Invalid(format!(
            "L'action est déjà « {} » : choisissez un autre état.",
            status.label()
        )));
    }
    let proposal_id = found.proposal_id;
    let now = Utc::now();
    let mut active: action::ActiveModel = found.into();
    active.status = Set(status);
    active.updated_at = Set(now);
    let saved = active.update(&txn).await?;
    if let Some(proposal_id) = proposal_id {
        mark_active(&txn, proposal_id, now).await?;
        proposal_event::ActiveModel {
            proposal_id: Set(proposal_id),
            kind: Set(ProposalEventKind::ActionStatusChanged),
            actor_user_id: Set(Some(user.id)),
            actor_organisation_id: Set(user.organisation_id),
            body: Set(Some(format!(
                "« {} » : {} → {}",
                saved.title,
                from.label(),
                status.label()
            ))),
            internal: Set(false),
            action_id: Set(Some(saved.id)),
            created_at: Set(now),
            ..Default::default()
        }
        .insert(&txn)
        .await?;
    }
    audit::record(
        &txn,
        &Actor::of(user),
        "action.status",
        Some(("action", action_id)),
        ip,
        format!("{} → {}", from.label(), status.label()),
    )
    .await?;
    txn.commit().await?;
    Ok(())
}

/// Actions of one meeting, oldest first.
pub async fn of_meeting(
    db: &impl ConnectionTrait,
    viewer: Option<&CurrentUser>,
    meeting_id: i32,
) -> Result<Vec<ActionRow>, AppError> {
    let found = action::Entity::find()
        .filter(action::Column::MeetingId.eq(meeting_id))
        .order_by_asc(action::Column::Id);
    rows(db, viewer, found).await
}

/// Follow-up actions of one proposal, oldest first, as anyone sees them:
/// [`shown_to`] tells each viewer which they may move.
pub async fn lines_of_proposal(
    db: &impl ConnectionTrait,
    proposal_id: i32,
) -> Result<Vec<ActionLine>, AppError> {
    let found = action::Entity::find()
        .filter(action::Column::ProposalId.eq(proposal_id))
        .order_by_asc(action::Column::Id);
    lines(db, found).await
}

/// Open actions (to do or in progress) of a working group, by due date.
pub async fn open_of_group(
    db: &impl ConnectionTrait,
    viewer: Option<&CurrentUser>,
    working_group_id: i32,
) -> Result<Vec<ActionRow>, AppError> {
    open_of_groups(db, viewer, Some(&[working_group_id])).await
}

/// Open actions of the working groups `groups`, or of the whole body (with
/// or without a group) for None, by due date.
pub async fn open_of_groups(
    db: &impl ConnectionTrait,
    viewer: Option<&CurrentUser>,
    groups: Option<&[i32]>,
) -> Result<Vec<ActionRow>, AppError> {
    let mut found = action::Entity::find().filter(action::Column::Status.is_in(OPEN));
    if let Some(groups) = groups {
        found = found.filter(action::Column::WorkingGroupId.is_in(groups.iter().copied()));
    }
    let found = found
        .order_by_asc(action::Column::DueOn)
        .order_by_asc(action::Column::Id);
    rows(db, viewer, found).await
}

/// The actions a person owns, open ones first, by due date.
pub async fn of_owner(
    db: &impl ConnectionTrait,
    owner: &CurrentUser,
) -> Result<Vec<ActionRow>, AppError> {
    let found = action::Entity::find()
        .filter(action::Column::OwnerUserId.eq(owner.id))
        .order_by_asc(action::Column::DueOn)
        .order_by_asc(action::Column::Id);
    let mut owned = rows(db, Some(owner), found).await?;
    owned.sort_by_key(|a| !matches!(a.status, ActionStatus::Open | ActionStatus::InProgress));
    Ok(owned)
}

/// An action with its owner's name, its group and its proposal's reference.
#[derive(Debug, FromQueryResult)]
pub struct ActionLine {
    id: i32,
    title: String,
    status: ActionStatus,
    owner_user_id: Option<i32>,
    due_on: Option<NaiveDate>,
    working_group_id: Option<i32>,
    meeting_id: Option<i32>,
    owner: Option<String>,
    group_number: Option<i32>,
    group_title: Option<String>,
    proposal_reference: Option<String>,
}

/// The actions `found` selects, as `viewer` sees them.
async fn rows(
    db: &impl ConnectionTrait,
    viewer: Option<&CurrentUser>,
    found: Select<action::Entity>,
) -> Result<Vec<ActionRow>, AppError> {
    Ok(shown_to(&lines(db, found).await?, viewer))
}

/// The actions `found` selects, with their owner's name, group label and
/// proposal reference read in the same query.
async fn lines(
    db: &impl ConnectionTrait,
    found: Select<action::Entity>,
) -> Result<Vec<ActionLine>, AppError> {
    Ok(found
        .select_only()
        .columns([
            action::Column::Id,
            action::Column::Title,
            action::Column::Status,
            action::Column::OwnerUserId,
            action::Column::DueOn,
            action::Column::WorkingGroupId,
            action::Column::MeetingId,
        ])
        .column_as(user::Column::Name, "owner")
        .column_as(working_group::Column::Number, "group_number")
        .column_as(working_group::Column::Title, "group_title")
        .column_as(proposal::Column::Reference, "proposal_reference")
        .join(
            JoinType::LeftJoin,
            action::Entity::belongs_to(user::Entity)
                .from(action::Column::OwnerUserId)
                .to(user::Column::Id)
                .into(),
        )
        .join(
            JoinType::LeftJoin,
            action::Entity::belongs_to(working_group::Entity)
                .from(action::Column::WorkingGroupId)
                .to(working_group::Column::Id)
                .into(),
        )
        .join(
            JoinType::LeftJoin,
            action::Entity::belongs_to(proposal::Entity)
                .from(action::Column::ProposalId)
                .to(proposal::Column::Id)
                .into(),
        )
        .into_model::<ActionLine>()
        .all(db)
        .await?)
}

/// `lines` as `viewer` sees them: which are overdue today, and which they may move.
pub fn shown_to(lines: &[ActionLine], viewer: Option<&CurrentUser>) -> Vec<ActionRow> {
    let today = format::today();
    lines
        .iter()
        .map(|a| ActionRow {
            id: a.id,
            title: a.title.clone(),
            status: a.status,
            owner: a.owner.clone(),
            due: a.due_on.map(format::date),
            due_iso: a.due_on.map(|d| d.to_string()),
            overdue: a.due_on.is_some_and(|d| d < today) && OPEN.contains(&a.status),
            working_group: a
                .group_number
                .zip(a.group_title.as_deref())
                .map(|(number, title)| groups::label_of(number, title)),
            meeting_id: a.meeting_id,
            proposal_reference: a.proposal_reference.clone(),
            can_update: viewer
                .is_some_and(|v| a.owner_user_id == Some(v.id) || v.runs(a.working_group_id)),
            can_edit: viewer.is_some_and(|v| v.runs(a.working_group_id)),
        })
        .collect()
}
