//! Everyday corrections of people's accounts: the secretariat edits a
//! person's name, position (« fonction ») and organisation (a move to
//! another organisation is dated, and the history of who represented which
//! organisation when is kept); each person edits their own name and
//! position; a new e-mail address takes effect only once confirmed through a
//! link sent to it, the address in use being told. Every change is audited.
//! (Roles change through [`super::people::change_role`].)

use chrono::{DateTime, Duration, NaiveDate, Utc};
use sea_orm::sea_query::Expr;
use sea_orm::{
    ActiveModelTrait, ColumnTrait, ConnectionTrait, DatabaseTransaction, EntityTrait, QueryFilter,
    QueryOrder, Set, TransactionTrait,
};

use super::audit::{self, Actor};
use super::people::{find_account, normalise_email, validate_name, Origin};
use super::sessions::{new_token, token_hash};
use crate::entities::{email_change, organisation, representation, user};
use crate::model::{
    AccountDetail, AppError, ConstraintMeaning, CurrentUser, EmailChangePage, MyAccount,
    OrganisationOption, RepresentationRow, Role,
};
use crate::services::format;
use crate::services::mail::{emails, outbox};

const TITLE_MAX: usize = 200;
/// How long the link confirming a new address stays valid.
pub const EMAIL_CHANGE_LIFETIME: Duration = Duration::days(7);
const INVALID_LINK: &str = "Ce lien de confirmation n'est plus valable : il a déjà servi, a expiré ou a été remplacé par une demande plus récente. Demandez au secrétariat de renvoyer le changement d'adresse.";

fn invalid(message: impl Into<String>) -> AppError {
    AppError::Invalid(message.into())
}

fn checked_title(raw: &str) -> Result<Option<String>, AppError> {
    let title = crate::model::one_line(raw, "La fonction")?;
    if title.chars().count() > TITLE_MAX {
        return Err(invalid(format!(
            "La fonction dépasse {TITLE_MAX} caractères : raccourcissez-la."
        )));
    }
    Ok((!title.is_empty()).then(|| title.to_string()))
}

fn day(typed: &str) -> Result<NaiveDate, AppError> {
    crate::model::day(typed, "la date du changement d'organisation")
}

/// Who represented which organisation when: `person`'s history, or an
/// organisation's, most recent first.
pub async fn history(
    db: &impl ConnectionTrait,
    person: Option<i32>,
    organisation: Option<i32>,
) -> Result<Vec<RepresentationRow>, AppError> {
    let mut found = representation::Entity::find();
    if let Some(id) = person {
        found = found.filter(representation::Column::UserId.eq(id));
    }
    if let Some(id) = organisation {
        found = found.filter(representation::Column::OrganisationId.eq(id));
    }
    let rows = found
        .order_by_desc(representation::Column::StartedOn)
        .order_by_desc(representation::Column::Id)
        .all(db)
        .await?;
    let people: std::collections::HashMap<i32, String> = user::Entity::find()
        .filter(user::Column::Id.is_in(rows.iter().map(|r| r.user_id)))
        .all(db)
        .await?
        .into_iter()
        .map(|u| (u.id, u.name))
        .collect();
    let organisations: std::collections::HashMap<i32, organisation::Model> =
        organisation::Entity::find()
            .filter(organisation::Column::Id.is_in(rows.iter().map(|r| r.organisation_id)))
            .all(db)
            .await?
            .into_iter()
            .map(|o| (o.id, o))
            .collect();
    Ok(rows
        .into_iter()
        .filter_map(|r| {
            let o = organisations.get(&r.organisation_id)?;
            Some(RepresentationRow {
                person: people.get(&r.user_id).cloned().unwrap_or_default(),
                organisation: o.name.clone(),
                organisation_slug: o.slug.clone(),
                since: format::date(r.started_on),
                until: r.ended_on.map(format::date),
            })
        })
        .collect())
}

/// A person's account for the secretariat's page about them.
pub async fn detail(
    db: &impl ConnectionTrait,
    admin: &CurrentUser,
    user_id: i32,
    now: DateTime<Utc>,
) -> Result<AccountDetail, AppError> {
    admin.admin_only()?;
    let person = find_account(db, user_id).await?;
    let pending = email_change::Entity::find()
        .filter(email_change::Column::UserId.eq(person.id))
        .filter(email_change::Column::UsedAt.is_null())
        .filter(email_change::Column::ExpiresAt.gt(now))
        .order_by_desc(email_change::Column::Id)
        .one(db)
        .await?
        .map(|c| (c.new_email, format::date_time(c.expires_at)));
    let organisations = organisation::Entity::find()
        .filter(organisation::Column::LeftOn.is_null())
        .order_by_asc(organisation::Column::Name)
        .all(db)
        .await?
        .into_iter()
        .map(|o| OrganisationOption {
            id: o.id,
            name: o.name,
        })
        .collect();
    Ok(AccountDetail {
        history: history(db, Some(person.id), None).await?,
        id: person.id,
        name: person.name,
        email: person.email,
        title: person.title.unwrap_or_default(),
        role: person.role,
        organisation_id: person.organisation_id,
        active: person.active,
        pending_email: pending,
        organisations,
        today: format::today().to_string(),
    })
}

/// The secretariat's identity form as typed.
#[derive(Debug, Clone, Default)]
pub struct IdentityForm {
    pub name: String,
    pub title: String,
    /// An organisation's id, or empty for none.
    pub organisation: String,
    /// YYYY-MM-DD: when a change of organisation takes effect.
    pub moved_on: String,
}

/// Edits a person's name, position and organisation. A change of
/// organisation ends their representation of the former one on `moved_on`
/// and starts the new one that day.
pub async fn update_identity(
    db: &impl TransactionTrait,
    admin: &CurrentUser,
    user_id: i32,
    form: IdentityForm,
    origin: &Origin,
) -> Result<(), AppError> {
    admin.admin_only()?;
    let name = validate_name(&form.name)?;
    let title = checked_title(&form.title)?;
    let organisation_id = match form.organisation.trim() {
        "" => None,
        id => Some(
            id.parse::<i32>()
                .map_err(|_| invalid("Choisissez l'organisation dans la liste."))?,
        ),
    };
    let txn = db.begin().await?;
    let person = find_account(&txn, user_id).await?;
    let mut changed = Vec::new();
    if name != person.name {
        changed.push(format!("nom : {} → {name}", person.name));
    }
    if title != person.title {
        changed.push(format!(
            "fonction : {}",
            title.as_deref().unwrap_or("(aucune)")
        ));
    }
    if organisation_id != person.organisation_id {
        if organisation_id.is_none() && person.role == Role::Member {
            return Err(invalid(
                "Un membre représente une organisation : choisissez-la, ou changez d'abord son rôle.",
            ));
        }
        let moved_on = day(&form.moved_on)?;
        let to = match organisation_id {
            Some(id) => Some(
                organisation::Entity::find_by_id(id)
                    .filter(organisation::Column::LeftOn.is_null())
                    .one(&txn)
                    .await?
                    .ok_or_else(|| {
                        invalid(
                            "Choisissez l'organisation parmi les membres actuels de l'instance.",
                        )
                    })?,
            ),
            None => None,
        };
        move_representation(&txn, &person, to.as_ref(), moved_on).await?;
        changed.push(format!(
            "organisation : {} à compter du {}",
            to.as_ref().map_or("aucune", |o| o.name.as_str()),
            format::date(moved_on)
        ));
    }
    if changed.is_empty() {
        return Err(invalid(
            "Rien n'a changé : modifiez le nom, la fonction ou l'organisation.",
        ));
    }
    let mut active: user::ActiveModel = person.clone().into();
    active.name = Set(name);
    active.title = Set(title);
    active.organisation_id = Set(organisation_id);
    active.updated_at = Set(Utc::now());
    active
        .update(&txn)
        .await
        .or_invalid("L'organisation choisie n'existe plus : rechargez la page.")?;
    audit::record(
        &txn,
        &Actor::of(admin),
        "account.updated",
        Some(("user", person.id)),
        origin.ip.clone(),
        format!("{} : {}", person.email, changed.join(" ; ")),
    )
    .await?;
    txn.commit().await?;
    Ok(())
}

/// Ends `person`'s representation of their organisation on `on` and, with
/// `to`, starts their representation of it that day. A representation that
/// started before the history was kept is dated from the account's creation.
async fn move_representation(
    txn: &DatabaseTransaction,
    person: &user::Model,
    to: Option<&organisation::Model>,
    on: NaiveDate,
) -> Result<(), AppError> {
    if on > format::today() {
        return Err(invalid(
            "Un changement d'organisation se date au plus tard d'aujourd'hui.",
        ));
    }
    if let Some(to) = to {
        if on < to.joined_on {
            return Err(invalid(format!(
                "{} n'était pas encore membre de l'instance le {} (elle l'est depuis le {}).",
                to.name,
                format::date(on),
                format::date(to.joined_on)
            )));
        }
    }
    let current = representation::Entity::find()
        .filter(representation::Column::UserId.eq(person.id))
        .filter(representation::Column::EndedOn.is_null())
        .one(txn)
        .await?;
    match (current, person.organisation_id) {
        (Some(current), _) => {
            if on < current.started_on {
                return Err(invalid(format!(
                    "Le changement ne peut pas précéder le début de sa représentation actuelle, le {}.",
                    format::date(current.started_on)
                )));
            }
            representation::Entity::update_many()
                .col_expr(representation::Column::EndedOn, Expr::value(on))
                .filter(representation::Column::Id.eq(current.id))
                .exec(txn)
                .await?;
        }
        (None, Some(former)) => {
            let since = person
                .created_at
                .with_timezone(&chrono_tz::Europe::Paris)
                .date_naive()
                .min(on);
            representation::ActiveModel {
                user_id: Set(person.id),
                organisation_id: Set(former),
                started_on: Set(since),
                ended_on: Set(Some(on)),
                ..Default::default()
            }
            .insert(txn)
            .await
            .or_invalid("Son organisation actuelle n'existe plus : rechargez la page.")?;
        }
        (None, None) => {}
    }
    if let Some(to) = to {
        representation::ActiveModel {
            user_id: Set(person.id),
            organisation_id: Set(to.id),
            started_on: Set(on),
            ended_on: Set(None),
            ..Default::default()
        }
        .insert(txn)
        .await
        .or_invalid("L'organisation choisie n'existe plus : rechargez la page.")?;
    }
    Ok(())
}

/// « Mon compte »: the signed-in person's own account.
pub async fn mine(db: &impl ConnectionTrait, user: &CurrentUser) -> Result<MyAccount, AppError> {
    let person = find_account(db, user.id).await?;
    let organisation = match person.organisation_id {
        Some(id) => organisation::Entity::find_by_id(id)
            .one(db)
            .await?
            .map(|o| o.name),
        None => None,
    };
    Ok(MyAccount {
        name: person.name,
        email: person.email,
        title: person.title.unwrap_or_default(),
        role: person.role,
        organisation,
    })
}

/// A person changes their own name and position.
pub async fn update_mine(
    db: &impl TransactionTrait,
    user: &CurrentUser,
    name: &str,
    title: &str,
    origin: &Origin,
) -> Result<(), AppError> {
    let name = validate_name(name)?;
    let title = checked_title(title)?;
    let txn = db.begin().await?;
    let person = find_account(&txn, user.id).await?;
    if name == person.name && title == person.title {
        return Err(invalid(
            "Rien n'a changé : modifiez votre nom ou votre fonction.",
        ));
    }
    let detail = format!(
        "nom : {name} ; fonction : {}",
        title.as_deref().unwrap_or("(aucune)")
    );
    let mut active: user::ActiveModel = person.into();
    active.name = Set(name);
    active.title = Set(title);
    active.updated_at = Set(Utc::now());
    active.update(&txn).await?;
    audit::record(
        &txn,
        &Actor::of(user),
        "account.updated_own",
        Some(("user", user.id)),
        origin.ip.clone(),
        detail,
    )
    .await?;
    txn.commit().await?;
    Ok(())
}

async fn address_taken(
    db: &impl ConnectionTrait,
    email: &str,
    except: i32,
) -> Result<bool, AppError> {
    Ok(user::Entity::find()
        .filter(user::Column::Email.eq(email))
        .filter(user::Column::Id.ne(except))
        .one(db)
        .await?
        .is_some())
}

fn taken(email: &str) -> AppError {
    invalid(format!("Un compte existe déjà pour l'adresse {email}."))
}

/// Asks for a person's address to become `new_email`: a link valid 7 days
/// goes to that address and the change takes effect only when it is
/// followed; the address in use is told. A newer request voids older ones.
pub async fn request_email_change(
    db: &impl TransactionTrait,
    admin: &CurrentUser,
    user_id: i32,
    new_email: &str,
    origin: &Origin,
    public_url: &str,
    now: DateTime<Utc>,
) -> Result<(), AppError> {
    admin.admin_only()?;
    let new_email = normalise_email(new_email)?;
    let txn = db.begin().await?;
    let person = find_account(&txn, user_id).await?;
    if new_email == person.email {
        return Err(invalid(format!(
            "{new_email} est déjà l'adresse de ce compte."
        )));
    }
    if address_taken(&txn, &new_email, person.id).await? {
        return Err(taken(&new_email));
    }
    email_change::Entity::update_many()
        .col_expr(email_change::Column::UsedAt, Expr::value(now))
        .filter(email_change::Column::UserId.eq(person.id))
        .filter(email_change::Column::UsedAt.is_null())
        .exec(&txn)
        .await?;
    let token = new_token();
    email_change::ActiveModel {
        user_id: Set(person.id),
        new_email: Set(new_email.clone()),
        token_hash: Set(token_hash(&token)),
        requested_by: Set(Some(admin.id)),
        expires_at: Set(now + EMAIL_CHANGE_LIFETIME),
        used_at: Set(None),
        created_at: Set(now),
        ..Default::default()
    }
    .insert(&txn)
    .await?;
    outbox::enqueue(
        &txn,
        emails::email_change_confirmation(
            &new_email,
            &person.name,
            &person.email,
            &format!("{public_url}/adresse/{token}"),
        ),
    )
    .await?;
    outbox::enqueue(
        &txn,
        emails::email_change_notice(
            &person.email,
            &person.name,
            &new_email,
            &format!("{public_url}/connexion"),
        ),
    )
    .await?;
    audit::record(
        &txn,
        &Actor::of(admin),
        "account.email_change_requested",
        Some(("user", person.id)),
        origin.ip.clone(),
        format!(
            "{} → {new_email} (en attente de confirmation)",
            person.email
        ),
    )
    .await?;
    txn.commit().await?;
    Ok(())
}

async fn valid_change(
    db: &impl ConnectionTrait,
    token: &str,
    now: DateTime<Utc>,
) -> Result<email_change::Model, AppError> {
    email_change::Entity::find()
        .filter(email_change::Column::TokenHash.eq(token_hash(token)))
        .one(db)
        .await?
        .filter(|c| c.used_at.is_none() && now < c.expires_at)
        .ok_or_else(|| invalid(INVALID_LINK))
}

/// What the confirmation link shows (reading it changes nothing).
pub async fn email_change_page(
    db: &impl ConnectionTrait,
    token: &str,
    now: DateTime<Utc>,
) -> Result<EmailChangePage, AppError> {
    let change = valid_change(db, token, now).await?;
    let person = find_account(db, change.user_id).await?;
    Ok(EmailChangePage {
        name: person.name,
        new_email: change.new_email,
    })
}

/// Confirms a new address through its link: from now on the person signs
/// in with it.
pub async fn confirm_email_change(
    db: &impl TransactionTrait,
    token: &str,
    origin: &Origin,
    now: DateTime<Utc>,
) -> Result<(), AppError> {
    let txn = db.begin().await?;
    let change = valid_change(&txn, token, now).await?;
    let person = find_account(&txn, change.user_id).await?;
    if address_taken(&txn, &change.new_email, person.id).await? {
        return Err(taken(&change.new_email));
    }
    let used = email_change::Entity::update_many()
        .col_expr(email_change::Column::UsedAt, Expr::value(now))
        .filter(email_change::Column::Id.eq(change.id))
        .filter(email_change::Column::UsedAt.is_null())
        .exec(&txn)
        .await?;
    if used.rows_affected != 1 {
        return Err(invalid(INVALID_LINK));
    }
    let former = person.email.clone();
    let mut active: user::ActiveModel = person.into();
    active.email = Set(change.new_email.clone());
    active.updated_at = Set(now);
    let saved = active.update(&txn).await.or_invalid(format!(
        "Un compte existe déjà pour l'adresse {}.",
        change.new_email
    ))?;
    audit::record(
        &txn,
        &Actor::User {
            id: saved.id,
            email: saved.email.clone(),
        },
        "account.email_changed",
        Some(("user", saved.id)),
        origin.ip.clone(),
        format!("{former} → {}", saved.email),
    )
    .await?;
    txn.commit().await?;
    Ok(())
}
