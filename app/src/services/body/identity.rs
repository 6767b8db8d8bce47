//! The body's identity (its name, ministry, tagline and presentation), as
//! the secretariat sets it.

use sea_orm::TransactionTrait;

use crate::model::{AppError, BodyIdentity, CurrentUser};
use crate::services::accounts::audit::{self, Actor};
use crate::services::settings;

/// Saves the identity as typed (the secretariat only).
pub async fn update(
    db: &impl TransactionTrait,
    admin: &CurrentUser,
    typed: BodyIdentity,
    ip: Option<String>,
) -> Result<(), AppError> {
    if !admin.is_admin() {
        return Err(AppError::Forbidden);
    }
    let identity = typed.check()?;
    let txn = db.begin().await?;
    settings::save_identity(&txn, &identity, chrono::Utc::now()).await?;
    audit::record(
        &txn,
        &Actor::of(admin),
        "identity.updated",
        None,
        ip,
        format!("{} ({})", identity.name, identity.ministry_inline()),
    )
    .await?;
    txn.commit().await?;
    Ok(())
}
