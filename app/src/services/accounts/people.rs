//! People's accounts.

use sea_orm::sea_query::OnConflict;
use sea_orm::{
    ActiveModelTrait, ColumnTrait, ConnectionTrait, DatabaseConnection, DbErr, EntityTrait, NotSet,
    QueryFilter, QueryOrder, Set, TransactionTrait,
};

use chrono::{DateTime, Duration, Utc};

use super::audit::{self, Actor};
use super::passwords;
use super::sessions;
use super::throttle::{self, Backoff, Window};
use super::tokens;
use crate::entities::{known_address, organisation, user, working_group};
use crate::model::{
    AccountRow, AccountsPage, AppError, ConstraintMeaning, CurrentUser, OrganisationOption, Role,
    TokenPurpose,
};
use crate::services::format;
use crate::services::mail::emails;
use crate::services::mail::outbox;
use crate::services::settings;

/// Where a request comes from, for the audit log and the throttle.
#[derive(Debug, Clone, Default)]
pub struct Origin {
    pub ip: Option<String>,
    pub user_agent: Option<String>,
}

const BAD_CREDENTIALS: &str = "Adresse électronique ou mot de passe incorrect.";
/// Verified against when the account does not exist, so that an unknown
/// address takes as long to refuse as a wrong password.
const DECOY_HASH: &str = "$argon2id$v=19$m=7168,t=5,p=1$c2FsdHNhbHRzYWx0c2FsdA$bVpNZ37kdhckSfcuO+W0ZutChg0P9NwfszIsmRY+4xw";

/// Failures from one address, whatever the account: an office (a
/// préfecture, an association's premises) shares its address, so this
/// slows an address down, never an account for everyone.
pub const PER_ADDRESS: Backoff = Backoff {
    free: 20,
    first_delay: Duration::seconds(1),
    longest_delay: Duration::minutes(1),
    forget_after: Duration::minutes(15),
};
/// Failures on one account from one address: a guesser's own counter.
pub const PER_ACCOUNT_FROM_ADDRESS: Backoff = Backoff {
    free: 5,
    first_delay: Duration::seconds(1),
    longest_delay: Duration::minutes(15),
    forget_after: Duration::hours(1),
};
/// Failures on one account from every address but those its owner signed
/// in from: bounds guessing spread over many addresses, and slows — never
/// shuts — the account; its owner still signs in at once from a known
/// address, and anywhere through « Mot de passe oublié ».
pub const PER_ACCOUNT: Backoff = Backoff {
    free: 10,
    first_delay: Duration::seconds(2),
    longest_delay: Duration::minutes(5),
    forget_after: Duration::hours(1),
};
/// An address a person signed in from counts as theirs this long.
const KNOWN_FOR: Duration = Duration::days(90);
/// A throttled attempt is written to the journal once a minute per key,
/// so that hammering does not fill it.
const THROTTLED_IN_JOURNAL: Window = Window {
    limit: 1,
    length: Duration::minutes(1),
};

fn throttled(wait: Duration) -> AppError {
    AppError::Invalid(format!(
        "Trop de tentatives de connexion : réessayez dans {}, ou recevez un lien par « Mot de passe oublié ? ».",
        throttle::wait_text(wait)
    ))
}

/// What the journal says of the account an attempt named: the account
/// itself when it exists, never what was typed (which may be a password
/// typed in the wrong field).
fn named_account(found: Option<&user::Model>) -> (Option<(&'static str, i32)>, String) {
    match found {
        Some(person) => (Some(("user", person.id)), person.email.clone()),
        None => (None, "compte inconnu".to_string()),
    }
}

/// Whether `person` signed in from `ip` lately.
async fn known_address(
    db: &impl ConnectionTrait,
    person: &user::Model,
    ip: &str,
    now: DateTime<Utc>,
) -> Result<bool, DbErr> {
    Ok(
        known_address::Entity::find_by_id((person.id, ip.to_string()))
            .one(db)
            .await?
            .is_some_and(|k| now - k.last_sign_in_at < KNOWN_FOR),
    )
}

/// Remembers that `user_id` signed in from `ip`.
async fn remember_address(
    db: &impl ConnectionTrait,
    user_id: i32,
    ip: Option<&str>,
    now: DateTime<Utc>,
) -> Result<(), DbErr> {
    let Some(ip) = ip else {
        return Ok(());
    };
    known_address::Entity::insert(known_address::ActiveModel {
        user_id: Set(user_id),
        ip: Set(ip.chars().take(64).collect()),
        last_sign_in_at: Set(now),
    })
    .on_conflict(
        OnConflict::columns([known_address::Column::UserId, known_address::Column::Ip])
            .update_column(known_address::Column::LastSignInAt)
            .to_owned(),
    )
    .exec_without_returning(db)
    .await?;
    Ok(())
}

/// Checks e-mail and password and opens a session; the same message for an
/// unknown account and a wrong password. Every attempt is counted before
/// the password is checked (see [`PER_ADDRESS`], [`PER_ACCOUNT_FROM_ADDRESS`],
/// [`PER_ACCOUNT`]) and audited.
pub async fn sign_in(
    db: &DatabaseConnection,
    email: &str,
    password: &str,
    origin: &Origin,
    now: DateTime<Utc>,
) -> Result<(CurrentUser, String), AppError> {
    let email: String = email.trim().to_lowercase().chars().take(254).collect();
    let found = user::Entity::find()
        .filter(user::Column::Email.eq(&email))
        .one(db)
        .await?;
    let mut keys = Vec::new();
    let mut known = false;
    if let Some(ip) = &origin.ip {
        keys.push((format!("adresse:{ip}"), PER_ADDRESS));
        keys.push((format!("compte:{email}|{ip}"), PER_ACCOUNT_FROM_ADDRESS));
        if let Some(person) = &found {
            known = known_address(db, person, ip, now).await?;
        }
    }
    if !known {
        keys.push((format!("compte:{email}"), PER_ACCOUNT));
    }
    throttle::sweep(db, now).await?;
    let (target, account) = named_account(found.as_ref());
    for (taken, (key, policy)) in keys.iter().enumerate() {
        if let Err(wait) = throttle::reserve(db, key, policy, now).await? {
            metrics::counter!(super::SIGN_IN_THROTTLED).increment(1);
            for (key, policy) in &keys[..taken] {
                throttle::give_back(db, key, policy, now).await?;
            }
            let journal_key = format!("journal:signin.throttled:{key}");
            if throttle::take(db, &journal_key, &THROTTLED_IN_JOURNAL, now)
                .await?
                .is_ok()
            {
                audit::record(
                    db,
                    &Actor::System("connexion"),
                    "signin.throttled",
                    target,
                    origin.ip.clone(),
                    format!("{account} : attendre {}", throttle::wait_text(wait)),
                )
                .await?;
            }
            return Err(throttled(wait));
        }
    }
    let stored = found
        .as_ref()
        .and_then(|u| u.password_hash.clone())
        .unwrap_or_else(|| DECOY_HASH.to_string());
    let outdated = !passwords::is_current(&stored);
    let matches = match passwords::verify(password.to_string(), stored).await {
        Ok(matches) => matches,
        Err(busy) => {
            for (key, policy) in &keys {
                throttle::give_back(db, key, policy, now).await?;
            }
            return Err(busy);
        }
    };
    let person = match found {
        Some(person) if matches && person.active && person.password_hash.is_some() => person,
        _ => {
            metrics::counter!(super::SIGN_IN_FAILURES).increment(1);
            audit::record(
                db,
                &Actor::System("connexion"),
                "signin.failed",
                target,
                origin.ip.clone(),
                account,
            )
            .await?;
            return Err(AppError::Invalid(BAD_CREDENTIALS.into()));
        }
    };
    // Made anew with today's parameters while the password is at hand; a
    // busy pool leaves it for another time.
    let rehashed = if outdated {
        passwords::hash(password.to_string()).await.ok()
    } else {
        None
    };
    let txn = db.begin().await?;
    // This attempt was not a guess: it is given back where others count
    // too, and the account's failures from this address are forgotten.
    for (key, policy) in &keys {
        if key.contains('|') {
            throttle::forget(&txn, key).await?;
        } else {
            throttle::give_back(&txn, key, policy, now).await?;
        }
    }
    remember_address(&txn, person.id, origin.ip.as_deref(), now).await?;
    let token = sessions::start(
        &txn,
        person.id,
        origin.ip.clone(),
        origin.user_agent.clone(),
        now,
    )
    .await?;
    user::ActiveModel {
        id: Set(person.id),
        last_login_at: Set(Some(now)),
        password_hash: rehashed.map_or(NotSet, |hash| Set(Some(hash))),
        ..Default::default()
    }
    .update(&txn)
    .await?;
    let actor = Actor::User {
        id: person.id,
        email: person.email.clone(),
    };
    audit::record(
        &txn,
        &actor,
        "signin.succeeded",
        Some(("user", person.id)),
        origin.ip.clone(),
        "",
    )
    .await?;
    let current = sessions::current_user(&txn, person).await?;
    txn.commit().await?;
    Ok((current, token))
}

/// Trims and lower-cases an e-mail address, or says in French why it is not one.
pub fn normalise_email(raw: &str) -> Result<String, AppError> {
    let email = raw.trim().to_lowercase();
    let valid = email.len() <= 254
        && !email.chars().any(|c| c.is_whitespace() || c.is_control())
        && match email.split_once('@') {
            Some((local, domain)) => {
                !local.is_empty()
                    && !domain.contains('@')
                    && domain.contains('.')
                    && !domain.starts_with('.')
                    && !domain.ends_with('.')
            }
            None => false,
        };
    if valid {
        Ok(email)
    } else {
        Err(AppError::Invalid(format!(
            "« {} » n'est pas une adresse électronique valide (exemple : prenom.nom@exemple.fr).",
            raw.trim()
        )))
    }
}

pub(super) fn validate_name(raw: &str) -> Result<String, AppError> {
    let name = crate::model::one_line(raw, "Le nom")?;
    if name.is_empty() {
        return Err(AppError::Invalid("Le nom ne peut pas être vide.".into()));
    }
    if name.chars().count() > 200 {
        return Err(AppError::Invalid(
            "Le nom doit contenir au plus 200 caractères.".into(),
        ));
    }
    Ok(name.to_string())
}

/// Creates an administrator account with a password, from the command line.
pub async fn create_admin(
    db: &DatabaseConnection,
    email: &str,
    name: &str,
    password: &str,
) -> Result<user::Model, AppError> {
    let email = normalise_email(email)?;
    let name = validate_name(name)?;
    passwords::validate(password)?;
    if user::Entity::find()
        .filter(user::Column::Email.eq(&email))
        .one(db)
        .await?
        .is_some()
    {
        return Err(AppError::Invalid(format!(
            "Un compte existe déjà pour l'adresse {email}."
        )));
    }
    let hash = passwords::hash(password.to_string()).await?;
    let now = chrono::Utc::now();
    let txn = db.begin().await?;
    let created = user::ActiveModel {
        email: Set(email),
        name: Set(name),
        title: Set(None),
        role: Set(Role::Admin),
        organisation_id: Set(None),
        password_hash: Set(Some(hash)),
        active: Set(true),
        calendar_token: Set(None),
        created_at: Set(now),
        updated_at: Set(now),
        last_login_at: Set(None),
        ..Default::default()
    }
    .insert(&txn)
    .await?;
    audit::record(
        &txn,
        &Actor::System("ligne de commande"),
        "account.created",
        Some(("user", created.id)),
        None,
        format!("Compte administrateur créé pour {}", created.email),
    )
    .await?;
    txn.commit().await?;
    Ok(created)
}

/// Invites a person by e-mail: the account exists at once, without a
/// password; the e-mail (written in the same transaction) carries a link,
/// valid 7 days, to choose one.
#[allow(clippy::too_many_arguments)]
pub async fn invite(
    db: &DatabaseConnection,
    admin: &CurrentUser,
    email: &str,
    name: &str,
    role: Role,
    organisation_id: Option<i32>,
    origin: &Origin,
    public_url: &str,
    now: DateTime<Utc>,
) -> Result<user::Model, AppError> {
    let email = normalise_email(email)?;
    let name = validate_name(name)?;
    if role == Role::Member && organisation_id.is_none() {
        return Err(AppError::Invalid(
            "Un membre représente une organisation : choisissez-la.".into(),
        ));
    }
    if let Some(id) = organisation_id {
        match organisation::Entity::find_by_id(id).one(db).await? {
            None => {
                return Err(AppError::Invalid(
                    "L'organisation choisie n'existe pas.".into(),
                ))
            }
            Some(o) if o.left_on.is_some() => {
                return Err(AppError::Invalid(format!(
                "L'adhésion de {} à l'instance a pris fin : choisissez une organisation membre.",
                o.name
            )))
            }
            Some(_) => {}
        }
    }
    if user::Entity::find()
        .filter(user::Column::Email.eq(&email))
        .one(db)
        .await?
        .is_some()
    {
        return Err(AppError::Invalid(format!(
            "Un compte existe déjà pour l'adresse {email}."
        )));
    }
    let txn = db.begin().await?;
    let taken = format!("Un compte existe déjà pour l'adresse {email}.");
    let created = user::ActiveModel {
        email: Set(email),
        name: Set(name),
        title: Set(None),
        role: Set(role),
        organisation_id: Set(organisation_id),
        password_hash: Set(None),
        active: Set(true),
        calendar_token: Set(None),
        created_at: Set(now),
        updated_at: Set(now),
        last_login_at: Set(None),
        ..Default::default()
    }
    .insert(&txn)
    .await
    .or_invalid(taken)?;
    send_invitation(&txn, admin, &created, public_url, now).await?;
    audit::record(
        &txn,
        &Actor::of(admin),
        "account.invited",
        Some(("user", created.id)),
        origin.ip.clone(),
        format!("{} invité(e) comme {}", created.email, role.label()),
    )
    .await?;
    txn.commit().await?;
    Ok(created)
}

async fn send_invitation(
    db: &impl ConnectionTrait,
    admin: &CurrentUser,
    person: &user::Model,
    public_url: &str,
    now: DateTime<Utc>,
) -> Result<(), DbErr> {
    let token = tokens::issue(db, person.id, TokenPurpose::Invitation, now).await?;
    let url = format!("{public_url}/invitation/{token}");
    let body = settings::identity(db).await?;
    outbox::enqueue(
        db,
        emails::invitation(
            &person.email,
            &person.name,
            &admin.name,
            person.role.label(),
            &url,
            &body,
        ),
    )
    .await?;
    Ok(())
}

/// Sends a new invitation link, voiding the previous one.
pub async fn reinvite(
    db: &DatabaseConnection,
    admin: &CurrentUser,
    user_id: i32,
    origin: &Origin,
    public_url: &str,
    now: DateTime<Utc>,
) -> Result<(), AppError> {
    let person = find_account(db, user_id).await?;
    if !person.active {
        return Err(AppError::Invalid(
            "Ce compte est désactivé : réactivez-le avant de renvoyer une invitation.".into(),
        ));
    }
    let txn = db.begin().await?;
    send_invitation(&txn, admin, &person, public_url, now).await?;
    audit::record(
        &txn,
        &Actor::of(admin),
        "account.reinvited",
        Some(("user", person.id)),
        origin.ip.clone(),
        person.email.clone(),
    )
    .await?;
    txn.commit().await?;
    Ok(())
}

/// Whether `organisation_id` names an organisation whose membership goes on.
async fn current_member(
    db: &impl ConnectionTrait,
    organisation_id: Option<i32>,
) -> Result<bool, DbErr> {
    let Some(id) = organisation_id else {
        return Ok(false);
    };
    Ok(organisation::Entity::find_by_id(id)
        .one(db)
        .await?
        .is_some_and(|o| o.left_on.is_none()))
}

pub(super) async fn find_account(
    db: &impl ConnectionTrait,
    user_id: i32,
) -> Result<user::Model, AppError> {
    user::Entity::find_by_id(user_id)
        .one(db)
        .await?
        .ok_or(AppError::NotFound)
}

/// The person a valid single-use link belongs to (for the page greeting).
pub async fn link_holder(
    db: &DatabaseConnection,
    token: &str,
    purpose: TokenPurpose,
    now: DateTime<Utc>,
) -> Result<String, AppError> {
    let Some(found) = tokens::find_valid(db, token, purpose, now).await? else {
        return Err(AppError::Invalid(INVALID_LINK.into()));
    };
    let person = find_account(db, found.user_id).await?;
    Ok(person.name)
}

const INVALID_LINK: &str =
    "Ce lien n'est plus valable : il a déjà servi ou a expiré. Demandez-en un nouveau.";

/// Sets the password chosen through an invitation or reset link, ends the
/// person's other sessions and signs them in.
pub async fn set_password_with_link(
    db: &DatabaseConnection,
    token: &str,
    purpose: TokenPurpose,
    password: &str,
    origin: &Origin,
    now: DateTime<Utc>,
) -> Result<(CurrentUser, String), AppError> {
    let Some(link) = tokens::find_valid(db, token, purpose, now).await? else {
        return Err(AppError::Invalid(INVALID_LINK.into()));
    };
    passwords::validate(password)?;
    let person = find_account(db, link.user_id).await?;
    if !person.active {
        return Err(AppError::Invalid(INVALID_LINK.into()));
    }
    let hash = passwords::hash(password.to_string()).await?;
    let txn = db.begin().await?;
    if !tokens::consume(&txn, link.id, now).await? {
        return Err(AppError::Invalid(INVALID_LINK.into()));
    }
    user::ActiveModel {
        id: Set(person.id),
        password_hash: Set(Some(hash)),
        updated_at: Set(now),
        last_login_at: Set(Some(now)),
        ..Default::default()
    }
    .update(&txn)
    .await?;
    sessions::end_others(&txn, person.id, None).await?;
    remember_address(&txn, person.id, origin.ip.as_deref(), now).await?;
    let session = sessions::start(
        &txn,
        person.id,
        origin.ip.clone(),
        origin.user_agent.clone(),
        now,
    )
    .await?;
    let kind = match purpose {
        TokenPurpose::Invitation => "account.activated",
        TokenPurpose::PasswordReset => "password.reset",
    };
    let actor = Actor::User {
        id: person.id,
        email: person.email.clone(),
    };
    audit::record(
        &txn,
        &actor,
        kind,
        Some(("user", person.id)),
        origin.ip.clone(),
        "",
    )
    .await?;
    let current = sessions::current_user(&txn, person).await?;
    txn.commit().await?;
    Ok((current, session))
}

/// Reset requests from one address.
const RESETS_PER_ADDRESS: Window = Window {
    limit: 10,
    length: Duration::minutes(15),
};
/// Reset links sent to one address: each new one voids the previous, so a
/// flood of requests would only bury the right one.
const RESETS_PER_EMAIL: Window = Window {
    limit: 3,
    length: Duration::hours(1),
};

/// Sends a reset link if the address belongs to an active account, and
/// answers the same either way so that the form does not reveal who has an
/// account. A request refused for being one too many says so (never « sent »
/// when nothing was), in words that fit an address with or without account.
pub async fn request_password_reset(
    db: &DatabaseConnection,
    email: &str,
    origin: &Origin,
    public_url: &str,
    now: DateTime<Utc>,
) -> Result<(), AppError> {
    let Ok(email) = normalise_email(email) else {
        return Err(AppError::Invalid(
            "Saisissez une adresse électronique valide (exemple : prenom.nom@exemple.fr).".into(),
        ));
    };
    throttle::sweep(db, now).await?;
    if let Some(ip) = &origin.ip {
        if let Err(wait) =
            throttle::take(db, &format!("reset-adresse:{ip}"), &RESETS_PER_ADDRESS, now).await?
        {
            return Err(AppError::Invalid(format!(
                "Trop de demandes de réinitialisation depuis votre connexion : aucun message n'a été envoyé. Réessayez dans {}.",
                throttle::wait_text(wait)
            )));
        }
    }
    if let Err(wait) = throttle::take(db, &format!("reset:{email}"), &RESETS_PER_EMAIL, now).await?
    {
        return Err(AppError::Invalid(format!(
            "Plusieurs liens ont déjà été demandés pour cette adresse dans l'heure : aucun nouveau message n'a été envoyé. S'il existe un compte à cette adresse, le dernier message reçu contient un lien valable ; sinon, réessayez dans {}.",
            throttle::wait_text(wait)
        )));
    }
    let found = user::Entity::find()
        .filter(user::Column::Email.eq(&email))
        .filter(user::Column::Active.eq(true))
        .one(db)
        .await?;
    let txn = db.begin().await?;
    match found {
        Some(person) => {
            let token = tokens::issue(&txn, person.id, TokenPurpose::PasswordReset, now).await?;
            let url = format!("{public_url}/reinitialisation/{token}");
            outbox::enqueue(
                &txn,
                emails::password_reset(&person.email, &person.name, &url),
            )
            .await?;
            audit::record(
                &txn,
                &Actor::System("mot de passe oublié"),
                "password.reset_requested",
                Some(("user", person.id)),
                origin.ip.clone(),
                "",
            )
            .await?;
        }
        None => {
            audit::record(
                &txn,
                &Actor::System("mot de passe oublié"),
                "password.reset_unknown",
                None,
                origin.ip.clone(),
                "adresse sans compte actif",
            )
            .await?;
        }
    }
    txn.commit().await?;
    Ok(())
}

/// Every account with its organisation, for the admins' page.
pub async fn list(db: &DatabaseConnection) -> Result<AccountsPage, AppError> {
    let organisations = organisation::Entity::find()
        .filter(organisation::Column::LeftOn.is_null())
        .order_by_asc(organisation::Column::Name)
        .all(db)
        .await?;
    let names: std::collections::HashMap<i32, String> = organisations
        .iter()
        .map(|o| (o.id, o.name.clone()))
        .collect();
    let accounts = user::Entity::find()
        .order_by_asc(user::Column::Name)
        .all(db)
        .await?
        .into_iter()
        .map(|u| AccountRow {
            organisation: u.organisation_id.and_then(|id| names.get(&id).cloned()),
            activated: u.password_hash.is_some(),
            last_login: u.last_login_at.map(format::date_time),
            id: u.id,
            email: u.email,
            name: u.name,
            role: u.role,
            active: u.active,
        })
        .collect();
    Ok(AccountsPage {
        accounts,
        organisations: organisations
            .into_iter()
            .map(|o| OrganisationOption {
                id: o.id,
                name: o.name,
            })
            .collect(),
    })
}

pub async fn change_role(
    db: &DatabaseConnection,
    admin: &CurrentUser,
    user_id: i32,
    role: Role,
    origin: &Origin,
) -> Result<(), AppError> {
    let person = find_account(db, user_id).await?;
    if person.id == admin.id && role != Role::Admin {
        return Err(AppError::Invalid(
            "Vous ne pouvez pas retirer votre propre rôle d'administration.".into(),
        ));
    }
    let txn = db.begin().await?;
    // Leading a group and the role are one fact: a person who leads a group
    // keeps a role that may lead until another lead is named.
    if !matches!(role, Role::Lead | Role::Admin) {
        let led: Vec<String> = working_group::Entity::find()
            .filter(working_group::Column::LeadUserId.eq(person.id))
            .order_by_asc(working_group::Column::Number)
            .all(&txn)
            .await?
            .into_iter()
            .map(|g| format!("groupe {}", g.number))
            .collect();
        if !led.is_empty() {
            return Err(AppError::Invalid(format!(
                "{} pilote le {} : nommez d'abord un autre pilote sur la page du groupe, puis changez son rôle.",
                person.name,
                led.join(" et le ")
            )));
        }
    }
    user::ActiveModel {
        id: Set(person.id),
        role: Set(role),
        updated_at: Set(Utc::now()),
        ..Default::default()
    }
    .update(&txn)
    .await?;
    audit::record(
        &txn,
        &Actor::of(admin),
        "account.role_changed",
        Some(("user", person.id)),
        origin.ip.clone(),
        format!(
            "{} : {} → {}",
            person.email,
            person.role.label(),
            role.label()
        ),
    )
    .await?;
    txn.commit().await?;
    Ok(())
}

/// Deactivates (ending every session) or reactivates an account.
pub async fn set_active(
    db: &DatabaseConnection,
    admin: &CurrentUser,
    user_id: i32,
    active: bool,
    origin: &Origin,
) -> Result<(), AppError> {
    let person = find_account(db, user_id).await?;
    if person.id == admin.id && !active {
        return Err(AppError::Invalid(
            "Vous ne pouvez pas désactiver votre propre compte.".into(),
        ));
    }
    if active && person.role == Role::Member && !current_member(db, person.organisation_id).await? {
        return Err(AppError::Invalid(
            "L'adhésion de l'organisation de cette personne a pris fin : rattachez-la d'abord à une organisation membre.".into(),
        ));
    }
    let txn = db.begin().await?;
    user::ActiveModel {
        id: Set(person.id),
        active: Set(active),
        updated_at: Set(Utc::now()),
        ..Default::default()
    }
    .update(&txn)
    .await?;
    if !active {
        sessions::end_others(&txn, person.id, None).await?;
    }
    let kind = if active {
        "account.reactivated"
    } else {
        "account.deactivated"
    };
    audit::record(
        &txn,
        &Actor::of(admin),
        kind,
        Some(("user", person.id)),
        origin.ip.clone(),
        person.email.clone(),
    )
    .await?;
    txn.commit().await?;
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn email_addresses_are_normalised_or_refused_in_french() {
        assert_eq!(
            normalise_email("  Marie.Dupont@Interieur.gouv.fr ").unwrap(),
            "marie.dupont@interieur.gouv.fr"
        );
        for bad in [
            "",
            "marie",
            "marie@",
            "@exemple.fr",
            "marie@exemple",
            "ma rie@exemple.fr",
        ] {
            let err = normalise_email(bad).unwrap_err().to_string();
            assert!(
                err.contains("n'est pas une adresse électronique valide"),
                "{bad}: {err}"
            );
        }
    }
}
