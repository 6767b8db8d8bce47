//! Sign-in sessions, stored in the database so that any number of app servers
//! share them. The browser holds a random token; the database holds only its
//! SHA-256, so a copy of the table opens no session.

use base64::Engine;
use chrono::{DateTime, Duration, Utc};
use rand::RngCore;
use sea_orm::{
    ActiveModelTrait, ColumnTrait, ConnectionTrait, DbErr, EntityTrait, JoinType, QueryFilter,
    QueryOrder, QuerySelect, SelectThree, SelectThreeModel, SelectorTrait, Set,
};
use sha2::{Digest, Sha256};

use crate::entities::{login_session, user, working_group};
use crate::model::{CurrentUser, Role, SessionInfo};
use crate::services::format;
use crate::services::statements::FixedQuery;

pub const IDLE_TIMEOUT: Duration = Duration::minutes(30);
pub const ABSOLUTE_LIFETIME: Duration = Duration::hours(12);
/// last_seen_at is written at most this often, to spare the database.
const TOUCH_EVERY: Duration = Duration::seconds(60);

pub fn new_token() -> String {
    let mut bytes = [0u8; 32];
    rand::rngs::OsRng.fill_bytes(&mut bytes);
    base64::engine::general_purpose::URL_SAFE_NO_PAD.encode(bytes)
}

pub fn token_hash(token: &str) -> String {
    Sha256::digest(token.as_bytes())
        .iter()
        .map(|b| format!("{b:02x}"))
        .collect()
}

/// Opens a new session and returns the token for the cookie. A new token at
/// every sign-in: a session id is never carried over.
pub async fn start(
    db: &impl ConnectionTrait,
    user_id: i32,
    ip: Option<String>,
    user_agent: Option<String>,
    now: DateTime<Utc>,
) -> Result<String, DbErr> {
    let token = new_token();
    login_session::ActiveModel {
        id: Set(token_hash(&token)),
        user_id: Set(user_id),
        created_at: Set(now),
        last_seen_at: Set(now),
        expires_at: Set(now + ABSOLUTE_LIFETIME),
        ip: Set(ip),
        user_agent: Set(user_agent.map(|ua| ua.chars().take(300).collect())),
    }
    .insert(db)
    .await?;
    Ok(token)
}

static WITH_PERSON_AND_GROUPS: FixedQuery = FixedQuery::new();
type SessionRow = SelectThreeModel<login_session::Model, user::Model, working_group::Model>;

/// The session whose token hashes to `hash`, with its person and, one row
/// each, the groups that person leads.
fn with_person_and_groups(
    hash: String,
) -> SelectThree<login_session::Entity, user::Entity, working_group::Entity> {
    login_session::Entity::find_by_id(hash)
        .select_also(user::Entity)
        .join(
            JoinType::LeftJoin,
            login_session::Entity::belongs_to(user::Entity)
                .from(login_session::Column::UserId)
                .to(user::Column::Id)
                .into(),
        )
        .select_also(working_group::Entity)
        .join_rev(
            JoinType::LeftJoin,
            working_group::Entity::belongs_to(user::Entity)
                .from(working_group::Column::LeadUserId)
                .to(user::Column::Id)
                .into(),
        )
}

/// The person behind a session token, if the session is still valid. Expired
/// sessions and sessions of deactivated accounts are deleted on sight.
///
/// Every signed-in request comes through here, so the lookups go to `reader`;
/// only the rare touch or deletion takes `writer`, which on SQLite is the one
/// connection every change queues on.
pub async fn resolve(
    reader: &impl ConnectionTrait,
    writer: &impl ConnectionTrait,
    token: &str,
    now: DateTime<Utc>,
) -> Result<Option<CurrentUser>, DbErr> {
    let backend = reader.get_database_backend();
    let statement = WITH_PERSON_AND_GROUPS.statement(
        backend,
        || with_person_and_groups(String::new()),
        vec![token_hash(token).into()],
    );
    let rows = reader
        .query_all(statement)
        .await?
        .into_iter()
        .map(SessionRow::from_raw_query_result)
        .collect::<Result<Vec<_>, _>>()?;
    let mut rows = rows.into_iter();
    let Some((session, person, first_group)) = rows.next() else {
        return Ok(None);
    };
    let expired = now >= session.expires_at || now >= session.last_seen_at + IDLE_TIMEOUT;
    let Some(person) = person.filter(|p| p.active && !expired) else {
        login_session::Entity::delete_by_id(session.id)
            .exec(writer)
            .await?;
        return Ok(None);
    };
    if now - session.last_seen_at >= TOUCH_EVERY {
        login_session::ActiveModel {
            id: Set(session.id),
            last_seen_at: Set(now),
            ..Default::default()
        }
        .update(writer)
        .await?;
    }
    let lead_of = first_group
        .into_iter()
        .chain(rows.filter_map(|(_, _, group)| group))
        .map(|g| g.id)
        .collect();
    Ok(Some(signed_in(person, lead_of)))
}

/// The person as signed in. Leading a group goes with the role: a group
/// whose lead is no longer « pilote » (nor the secretariat) gives no power.
fn signed_in(person: user::Model, lead_of: Vec<i32>) -> CurrentUser {
    let lead_of = if matches!(person.role, Role::Lead | Role::Admin) {
        lead_of
    } else {
        Vec::new()
    };
    CurrentUser {
        id: person.id,
        email: person.email,
        name: person.name,
        role: person.role,
        organisation_id: person.organisation_id,
        lead_of,
    }
}

pub async fn current_user(
    db: &impl ConnectionTrait,
    person: user::Model,
) -> Result<CurrentUser, DbErr> {
    let lead_of = working_group::Entity::find()
        .filter(working_group::Column::LeadUserId.eq(person.id))
        .all(db)
        .await?
        .into_iter()
        .map(|g| g.id)
        .collect();
    Ok(signed_in(person, lead_of))
}

/// Ends one session (sign-out).
pub async fn end(db: &impl ConnectionTrait, token: &str) -> Result<(), DbErr> {
    login_session::Entity::delete_by_id(token_hash(token))
        .exec(db)
        .await?;
    Ok(())
}

/// Ends every session of a person but the one holding `keep_token`; returns how many.
pub async fn end_others(
    db: &impl ConnectionTrait,
    user_id: i32,
    keep_token: Option<&str>,
) -> Result<u64, DbErr> {
    let mut delete =
        login_session::Entity::delete_many().filter(login_session::Column::UserId.eq(user_id));
    if let Some(token) = keep_token {
        delete = delete.filter(login_session::Column::Id.ne(token_hash(token)));
    }
    Ok(delete.exec(db).await?.rows_affected)
}

/// A person's open sessions, most recent first.
pub async fn list(
    db: &impl ConnectionTrait,
    user_id: i32,
    current_token: &str,
    now: DateTime<Utc>,
) -> Result<Vec<SessionInfo>, DbErr> {
    let current = token_hash(current_token);
    Ok(login_session::Entity::find()
        .filter(login_session::Column::UserId.eq(user_id))
        .filter(login_session::Column::ExpiresAt.gt(now))
        .order_by_desc(login_session::Column::LastSeenAt)
        .all(db)
        .await?
        .into_iter()
        .filter(|s| now < s.last_seen_at + IDLE_TIMEOUT)
        .map(|s| SessionInfo {
            id_suffix: s.id[s.id.len() - 8..].to_string(),
            started: format::date_time(s.created_at),
            last_seen: format::date_time(s.last_seen_at),
            ip: s.ip,
            user_agent: s.user_agent,
            current: s.id == current,
        })
        .collect())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn tokens_are_long_random_and_only_their_hash_is_kept() {
        let a = new_token();
        let b = new_token();
        assert_ne!(a, b);
        assert_eq!(a.len(), 43);
        let hash = token_hash(&a);
        assert_eq!(hash.len(), 64);
        assert!(!hash.contains(&a));
        assert_eq!(hash, token_hash(&a));
    }
}
