//! The body's settings, kept as keys and values in the `settings` table: its
//! identity (name, ministry, tagline, presentation), which every page header
//! and every e-mail shows, and a few marks such as when the demo body was
//! removed, and the legal texts (accessibility statement, legal notice,
//! personal data) in Markdown. A key never saved reads as its default, so a
//! fresh body has a sensible identity before its secretariat sets one. Who
//! may change them, and the audit of the change, belong to the domains that
//! call [`save_identity`].

use chrono::{DateTime, Utc};
use sea_orm::sea_query::OnConflict;
use sea_orm::{ColumnTrait, ConnectionTrait, DbErr, EntityTrait, QueryFilter, Set};

use crate::entities::setting;
use crate::model::{BodyIdentity, LegalText};
use crate::services::data_files;

const NAME: &str = "identity.name";
const MINISTRY: &str = "identity.ministry";
const TAGLINE: &str = "identity.tagline";
const PRESENTATION: &str = "identity.presentation";
const IDENTITY: [&str; 4] = [NAME, MINISTRY, TAGLINE, PRESENTATION];

/// The body's identity, with the default of each part never saved.
pub async fn identity(db: &impl ConnectionTrait) -> Result<BodyIdentity, DbErr> {
    let mut identity = BodyIdentity::default();
    for row in setting::Entity::find()
        .filter(setting::Column::Key.is_in(IDENTITY))
        .all(db)
        .await?
    {
        let part = match row.key.as_str() {
            NAME => &mut identity.name,
            MINISTRY => &mut identity.ministry,
            TAGLINE => &mut identity.tagline,
            _ => &mut identity.presentation,
        };
        *part = row.value;
    }
    Ok(identity)
}

/// Forgets the identity saved: the defaults apply again.
pub async fn forget_identity(db: &impl ConnectionTrait) -> Result<(), DbErr> {
    setting::Entity::delete_many()
        .filter(setting::Column::Key.is_in(IDENTITY))
        .exec(db)
        .await?;
    Ok(())
}

/// Whether the identity was ever saved (a step of the body's set-up).
pub async fn identity_saved(db: &impl ConnectionTrait) -> Result<bool, DbErr> {
    Ok(setting::Entity::find()
        .filter(setting::Column::Key.eq(NAME))
        .one(db)
        .await?
        .is_some())
}

/// Writes the identity, already checked.
pub async fn save_identity(
    db: &impl ConnectionTrait,
    identity: &BodyIdentity,
    now: DateTime<Utc>,
) -> Result<(), DbErr> {
    let values = [
        &identity.name,
        &identity.ministry,
        &identity.tagline,
        &identity.presentation,
    ];
    save(
        db,
        IDENTITY.into_iter().zip(values.map(String::as_str)),
        now,
    )
    .await
}

fn legal_key(text: LegalText) -> String {
    format!("legal.{}", text.slug())
}

/// A legal text in Markdown: as the secretariat saved it, or as shipped in
/// `app/data/legal.toml`.
pub async fn legal_text(db: &impl ConnectionTrait, text: LegalText) -> Result<String, DbErr> {
    Ok(get(db, &legal_key(text))
        .await?
        .unwrap_or_else(|| data_files::legal().text(text).to_string()))
}

/// Writes a legal text, already checked.
pub async fn save_legal_text(
    db: &impl ConnectionTrait,
    text: LegalText,
    source: &str,
    now: DateTime<Utc>,
) -> Result<(), DbErr> {
    set(db, &legal_key(text), source, now).await
}

/// Forgets a legal text saved: the text as shipped applies again.
pub async fn forget_legal_text(db: &impl ConnectionTrait, text: LegalText) -> Result<(), DbErr> {
    forget(db, &legal_key(text)).await
}

/// Saves each value under its key.
async fn save<'a>(
    db: &impl ConnectionTrait,
    pairs: impl IntoIterator<Item = (&'a str, &'a str)>,
    now: DateTime<Utc>,
) -> Result<(), DbErr> {
    let rows = pairs.into_iter().map(|(key, value)| setting::ActiveModel {
        key: Set(key.to_string()),
        value: Set(value.to_string()),
        updated_at: Set(now),
    });
    setting::Entity::insert_many(rows)
        .on_conflict(
            OnConflict::column(setting::Column::Key)
                .update_columns([setting::Column::Value, setting::Column::UpdatedAt])
                .to_owned(),
        )
        .exec_without_returning(db)
        .await?;
    Ok(())
}

/// The value saved under `key`, if any.
pub async fn get(db: &impl ConnectionTrait, key: &str) -> Result<Option<String>, DbErr> {
    Ok(setting::Entity::find_by_id(key.to_string())
        .one(db)
        .await?
        .map(|row| row.value))
}

/// Saves `value` under `key`.
pub async fn set(
    db: &impl ConnectionTrait,
    key: &str,
    value: &str,
    now: DateTime<Utc>,
) -> Result<(), DbErr> {
    save(db, [(key, value)], now).await
}

/// Forgets what was saved under `key`.
pub async fn forget(db: &impl ConnectionTrait, key: &str) -> Result<(), DbErr> {
    setting::Entity::delete_by_id(key.to_string())
        .exec(db)
        .await?;
    Ok(())
}

/// The line every e-mail ends with: « — Instance d'écoute des usagers,
/// Ministère de l'Intérieur ».
pub fn signature(identity: &BodyIdentity) -> String {
    format!("— {}, {}", identity.name, identity.ministry_inline())
}
