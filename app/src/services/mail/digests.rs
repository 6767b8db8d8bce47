//! Digests: the lines [`super::notices`] kept for a person who chose a daily
//! or weekly digest, sent as one e-mail per person and period, grouped by
//! proposal, by the outbox worker at a set hour in Paris time (weekly ones
//! on Mondays).
//!
//! A digest's period is the Paris date of its hour. It is due once that
//! hour has passed and the person has lines waiting from before it: the
//! worker then sends it at its next pass, even hours late (the server was
//! down), with every line waiting by then. Sending starts by inserting the
//! digest's row, whose (person, cadence, period) key is unique: of two
//! servers only one can insert it, so a digest is never sent twice.

use std::collections::HashMap;

use chrono::{DateTime, Datelike, Duration, NaiveDate, TimeZone, Utc};
use chrono_tz::Europe::Paris;
use sea_orm::sea_query::{Expr, OnConflict, Query};
use sea_orm::{
    ColumnTrait, ConnectionTrait, DbErr, EntityTrait, QueryFilter, QueryOrder, QuerySelect, Set,
    TransactionTrait, TryInsertResult,
};

use super::emails::{self, DigestSection};
use super::notices::preferences_url;
use super::outbox;
use crate::entities::{digest, digest_item, proposal, user};
use crate::model::Cadence;
use crate::services::format;

/// Digests for this many people at most in one pass; the others at the next.
const PEOPLE_PER_PASS: u64 = 200;

/// When digests leave: at `hour` o'clock, Paris time.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Schedule {
    hour: u32,
}

impl Schedule {
    pub const DEFAULT_HOUR: u32 = 8;

    /// None unless `hour` is 0 to 23.
    pub fn at_hour(hour: u32) -> Option<Self> {
        (hour < 24).then_some(Schedule { hour })
    }

    pub fn hour(self) -> u32 {
        self.hour
    }

    /// The instant of `day`'s digest hour in Paris. An hour the clocks skip
    /// (2 o'clock on the last Sunday of March) is taken when they resume;
    /// one they go through twice (in October), the first time.
    pub fn instant(self, day: NaiveDate) -> DateTime<Utc> {
        let mut local = day.and_time(chrono::NaiveTime::MIN) + Duration::hours(self.hour.into());
        for _ in 0..3 {
            if let Some(at) = Paris.from_local_datetime(&local).earliest() {
                return at.with_timezone(&Utc);
            }
            local += Duration::hours(1);
        }
        Utc.from_utc_datetime(&local)
    }

    /// The last digest hour of `cadence` at or before `now`: its period
    /// (the Paris date) and instant. None for the cadences without digest.
    pub fn last(self, cadence: Cadence, now: DateTime<Utc>) -> Option<(NaiveDate, DateTime<Utc>)> {
        let today = now.with_timezone(&Paris).date_naive();
        let (day, step) = match cadence {
            Cadence::Daily => (today, 1),
            Cadence::Weekly => (
                today - Duration::days(today.weekday().num_days_from_monday().into()),
                7,
            ),
            Cadence::Immediate | Cadence::Off => return None,
        };
        let at = self.instant(day);
        if at <= now {
            Some((day, at))
        } else {
            let day = day - Duration::days(step);
            Some((day, self.instant(day)))
        }
    }
}

impl Default for Schedule {
    fn default() -> Self {
        Schedule {
            hour: Self::DEFAULT_HOUR,
        }
    }
}

/// Sends every digest due at `now`; returns how many were written to the
/// outbox.
pub async fn send_due<C>(
    db: &C,
    schedule: Schedule,
    public_url: &str,
    now: DateTime<Utc>,
) -> Result<usize, DbErr>
where
    C: ConnectionTrait + TransactionTrait,
{
    let mut sent = 0;
    for cadence in [Cadence::Daily, Cadence::Weekly] {
        let Some((period, at)) = schedule.last(cadence, now) else {
            continue;
        };
        let already = Query::select()
            .column(digest::Column::UserId)
            .from(digest::Entity)
            .and_where(digest::Column::Cadence.eq(cadence))
            .and_where(digest::Column::Period.eq(period))
            .to_owned();
        let due: Vec<i32> = digest_item::Entity::find()
            .select_only()
            .column(digest_item::Column::UserId)
            .distinct()
            .filter(digest_item::Column::DigestId.is_null())
            .filter(digest_item::Column::Cadence.eq(cadence))
            .filter(digest_item::Column::CreatedAt.lt(at))
            .filter(digest_item::Column::UserId.not_in_subquery(already))
            .limit(PEOPLE_PER_PASS)
            .into_tuple()
            .all(db)
            .await?;
        for user_id in due {
            if send_one(db, user_id, cadence, period, public_url, now).await? {
                sent += 1;
            }
        }
    }
    Ok(sent)
}

/// Claims (person, cadence, period), then writes the digest of every line
/// waiting and marks them sent, in one transaction. False if another server
/// had claimed it, or nothing was waiting any more.
async fn send_one(
    db: &impl TransactionTrait,
    user_id: i32,
    cadence: Cadence,
    period: NaiveDate,
    public_url: &str,
    now: DateTime<Utc>,
) -> Result<bool, DbErr> {
    let txn = db.begin().await?;
    // The claim comes first: on SQLite a transaction that writes before it
    // reads waits for the other writer instead of failing.
    let claimed = digest::Entity::insert(digest::ActiveModel {
        user_id: Set(user_id),
        cadence: Set(cadence),
        period: Set(period),
        created_at: Set(now),
        ..Default::default()
    })
    .on_conflict(
        OnConflict::columns([
            digest::Column::UserId,
            digest::Column::Cadence,
            digest::Column::Period,
        ])
        .do_nothing()
        .to_owned(),
    )
    .do_nothing()
    .exec(&txn)
    .await?;
    let TryInsertResult::Inserted(claimed) = claimed else {
        return Ok(false);
    };
    let items = digest_item::Entity::find()
        .filter(digest_item::Column::UserId.eq(user_id))
        .filter(digest_item::Column::Cadence.eq(cadence))
        .filter(digest_item::Column::DigestId.is_null())
        .filter(digest_item::Column::CreatedAt.lte(now))
        .order_by_asc(digest_item::Column::CreatedAt)
        .order_by_asc(digest_item::Column::Id)
        .all(&txn)
        .await?;
    if items.is_empty() {
        return Ok(false);
    }
    let marked = digest_item::Entity::update_many()
        .col_expr(
            digest_item::Column::DigestId,
            Expr::value(claimed.last_insert_id),
        )
        .filter(digest_item::Column::Id.is_in(items.iter().map(|i| i.id)))
        .filter(digest_item::Column::DigestId.is_null())
        .exec(&txn)
        .await?;
    if marked.rows_affected != items.len() as u64 {
        return Ok(false);
    }
    // An account closed since its lines were written: they go with this
    // digest, which is not sent.
    let person = user::Entity::find_by_id(user_id).one(&txn).await?;
    if let Some(person) = person.filter(|p| p.active) {
        let sections = sections(&txn, &items, public_url).await?;
        let (subject, intro) = match cadence {
            Cadence::Weekly => (
                format!("Écoute : résumé de la semaine du {}", format::date(period)),
                "Voici ce qui s'est passé cette semaine sur les propositions et les actions que vous suivez.",
            ),
            _ => (
                format!("Écoute : résumé du {}", format::date(period)),
                "Voici ce qui s'est passé depuis votre dernier résumé sur les propositions et les actions que vous suivez.",
            ),
        };
        let closing = format!(
            "Vous recevez ce résumé selon vos préférences de notification, que vous pouvez changer ici : {}",
            preferences_url(public_url)
        );
        outbox::enqueue(
            &txn,
            emails::digest(
                (&person.email, &person.name),
                &subject,
                intro,
                &sections,
                &closing,
            ),
        )
        .await?;
    }
    txn.commit().await?;
    Ok(true)
}

/// The lines grouped by proposal, in the order each proposal first appears,
/// then those about no proposal (actions decided in meetings).
async fn sections(
    db: &impl ConnectionTrait,
    items: &[digest_item::Model],
    public_url: &str,
) -> Result<Vec<DigestSection>, DbErr> {
    let proposals: HashMap<i32, proposal::Model> = proposal::Entity::find()
        .filter(proposal::Column::Id.is_in(items.iter().filter_map(|i| i.proposal_id)))
        .all(db)
        .await?
        .into_iter()
        .map(|p| (p.id, p))
        .collect();
    let mut order: Vec<Option<i32>> = Vec::new();
    let mut lines: HashMap<Option<i32>, Vec<String>> = HashMap::new();
    for item in items {
        let topic = item.proposal_id.filter(|id| proposals.contains_key(id));
        if !lines.contains_key(&topic) {
            order.push(topic);
        }
        lines.entry(topic).or_default().push(format!(
            "{} : {}",
            format::local_date(item.created_at),
            item.line
        ));
    }
    order.sort_by_key(Option::is_none);
    Ok(order
        .into_iter()
        .map(|topic| {
            let lines = lines.remove(&topic).unwrap_or_default();
            match topic.and_then(|id| proposals.get(&id)) {
                Some(p) => DigestSection {
                    heading: format!("{} « {} »", p.reference, p.title),
                    lines,
                    link: (
                        "Voir la proposition".into(),
                        format!("{public_url}/propositions/{}", p.reference),
                    ),
                },
                None => DigestSection {
                    heading: "Actions de suivi".into(),
                    lines,
                    link: (
                        "Voir mon tableau de bord".into(),
                        format!("{public_url}/tableau-de-bord"),
                    ),
                },
            }
        })
        .collect())
}

#[cfg(test)]
mod tests {
    use super::*;

    fn utc(y: i32, m: u32, d: u32, h: u32, min: u32) -> DateTime<Utc> {
        Utc.with_ymd_and_hms(y, m, d, h, min, 0).unwrap()
    }

    #[test]
    fn the_daily_hour_is_in_paris_time_on_both_sides_of_a_clock_change() {
        let at_8 = Schedule::default();
        // Winter: 8 h in Paris is 7 h UTC; summer: 6 h UTC.
        assert_eq!(
            at_8.instant(NaiveDate::from_ymd_opt(2026, 3, 28).unwrap()),
            utc(2026, 3, 28, 7, 0)
        );
        assert_eq!(
            at_8.instant(NaiveDate::from_ymd_opt(2026, 3, 29).unwrap()),
            utc(2026, 3, 29, 6, 0)
        );
        assert_eq!(
            at_8.instant(NaiveDate::from_ymd_opt(2026, 10, 25).unwrap()),
            utc(2026, 10, 25, 7, 0)
        );
        // 2 h does not exist on 29 March 2026: the digest leaves at 3 h.
        let at_2 = Schedule::at_hour(2).unwrap();
        assert_eq!(
            at_2.instant(NaiveDate::from_ymd_opt(2026, 3, 29).unwrap()),
            utc(2026, 3, 29, 1, 0)
        );
        // 2 h happens twice on 25 October 2026: the first one.
        assert_eq!(
            at_2.instant(NaiveDate::from_ymd_opt(2026, 10, 25).unwrap()),
            utc(2026, 10, 25, 0, 0)
        );
    }

    #[test]
    fn the_last_digest_hour_is_today_once_passed_else_the_day_before() {
        let at_8 = Schedule::default();
        let day = |d| NaiveDate::from_ymd_opt(2026, 12, d).unwrap();
        assert_eq!(
            at_8.last(Cadence::Daily, utc(2026, 12, 9, 6, 59)),
            Some((day(8), utc(2026, 12, 8, 7, 0)))
        );
        assert_eq!(
            at_8.last(Cadence::Daily, utc(2026, 12, 9, 7, 0)),
            Some((day(9), utc(2026, 12, 9, 7, 0)))
        );
        // Wednesday 9 December: the week's digest was Monday 7; on Monday 14
        // before 8 h, still that one.
        assert_eq!(
            at_8.last(Cadence::Weekly, utc(2026, 12, 9, 12, 0)),
            Some((day(7), utc(2026, 12, 7, 7, 0)))
        );
        assert_eq!(
            at_8.last(Cadence::Weekly, utc(2026, 12, 14, 6, 0)),
            Some((day(7), utc(2026, 12, 7, 7, 0)))
        );
        // Just after midnight in Paris is still the day before in UTC.
        assert_eq!(
            Schedule::at_hour(0)
                .unwrap()
                .last(Cadence::Daily, utc(2026, 12, 8, 23, 30)),
            Some((day(9), utc(2026, 12, 8, 23, 0)))
        );
        assert_eq!(at_8.last(Cadence::Immediate, utc(2026, 12, 9, 12, 0)), None);
        assert!(Schedule::at_hour(24).is_none());
    }
}
