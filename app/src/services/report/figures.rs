//! What every figure of a report shares: the period it covers, counting by
//! label, its summary sentence and its CSV file.

use std::collections::{BTreeMap, HashMap, HashSet};
use std::hash::Hash;

use chrono::{DateTime, Datelike, NaiveDate, NaiveTime, TimeZone, Utc};
use chrono_tz::Europe::Paris;

use sea_orm::{ConnectionTrait, EntityTrait, QueryOrder, QuerySelect};

use crate::entities::{meeting, procedure, proposal, working_group};
use crate::model::{AppError, Figure, FigureRow};
use crate::services::backlog::catalogue;
use crate::services::backlog::exports::CsvWriter;
use crate::services::body::groups;
use crate::services::format;

/// The years a report can be asked for: from the first proposal's or
/// meeting's to next year.
pub async fn years(db: &impl ConnectionTrait) -> Result<Vec<i32>, AppError> {
    let first_proposal: Option<DateTime<Utc>> = proposal::Entity::find()
        .select_only()
        .column(proposal::Column::CreatedAt)
        .order_by_asc(proposal::Column::CreatedAt)
        .into_tuple()
        .one(db)
        .await?;
    let first_meeting: Option<DateTime<Utc>> = meeting::Entity::find()
        .select_only()
        .column(meeting::Column::StartsAt)
        .order_by_asc(meeting::Column::StartsAt)
        .into_tuple()
        .one(db)
        .await?;
    let this_year = month_of(Utc::now()).0;
    let first = [first_proposal, first_meeting]
        .into_iter()
        .flatten()
        .map(|at| month_of(at).0)
        .min()
        .unwrap_or(this_year);
    Ok((first..=this_year).rev().collect())
}

/// Year `year` as a span, if a report can be asked for it.
pub fn year_span(years: &[i32], year: i32) -> Result<Span, AppError> {
    years
        .contains(&year)
        .then(|| Span::year(year))
        .flatten()
        .ok_or(AppError::NotFound)
}

/// A period of time, from `from` (included) to `to` (excluded).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Span {
    pub from: DateTime<Utc>,
    pub to: DateTime<Utc>,
}

impl Span {
    /// The calendar year `year`, in Paris time.
    pub fn year(year: i32) -> Option<Span> {
        Some(Span {
            from: midnight(NaiveDate::from_ymd_opt(year, 1, 1)?),
            to: midnight(NaiveDate::from_ymd_opt(year + 1, 1, 1)?),
        })
    }

    pub fn holds(&self, at: DateTime<Utc>) -> bool {
        self.from <= at && at < self.to
    }

    /// Every month the span touches, in Paris time: (year, month from 1).
    pub fn months(&self) -> Vec<(i32, u32)> {
        let first = self.from.with_timezone(&Paris);
        let last = (self.to - chrono::Duration::seconds(1)).with_timezone(&Paris);
        let mut months = Vec::new();
        let (mut year, mut month) = (first.year(), first.month());
        while (year, month) <= (last.year(), last.month()) {
            months.push((year, month));
            (year, month) = if month == 12 {
                (year + 1, 1)
            } else {
                (year, month + 1)
            };
        }
        months
    }
}

fn midnight(day: NaiveDate) -> DateTime<Utc> {
    let start = day.and_time(NaiveTime::MIN);
    Paris.from_local_datetime(&start).earliest().map_or_else(
        || Utc.from_utc_datetime(&start),
        |at| at.with_timezone(&Utc),
    )
}

/// The (year, month) of an instant, in Paris time.
pub fn month_of(at: DateTime<Utc>) -> (i32, u32) {
    let local = at.with_timezone(&Paris);
    (local.year(), local.month())
}

/// Counts by row key and series, for a figure whose rows are known ahead
/// (every month, every group) in their order.
pub struct Tally<K> {
    rows: Vec<(K, String)>,
    index: HashMap<K, usize>,
    counts: BTreeMap<(usize, usize), i64>,
    series: usize,
}

impl<K: Hash + Eq + Clone> Tally<K> {
    pub fn new(rows: Vec<(K, String)>, series: usize) -> Self {
        Tally {
            index: rows
                .iter()
                .enumerate()
                .map(|(i, (k, _))| (k.clone(), i))
                .collect(),
            rows,
            counts: BTreeMap::new(),
            series,
        }
    }

    /// Adds one to series `series` of the row of `key`, if there is one.
    pub fn add(&mut self, key: &K, series: usize) {
        if let Some(row) = self.index.get(key) {
            *self.counts.entry((*row, series)).or_default() += 1;
        }
    }

    /// The figure, leaving out the rows with nothing when `drop_empty`.
    pub fn figure(self, head: FigureHead, drop_empty: bool) -> Figure {
        let rows = self
            .rows
            .into_iter()
            .enumerate()
            .map(|(index, (_, label))| FigureRow {
                label,
                values: (0..self.series)
                    .map(|s| self.counts.get(&(index, s)).copied().unwrap_or(0))
                    .collect(),
            })
            .filter(|row| !drop_empty || row.values.iter().any(|v| *v > 0))
            .collect();
        head.with_rows(rows)
    }
}

/// The families of each proposal of `links` (proposal, procedure), given
/// the catalogue's `procedures`, and a tally with a row per procedure
/// family, in catalogue order.
pub async fn families(
    db: &impl ConnectionTrait,
    procedures: &[procedure::Model],
    links: Vec<(i32, i32)>,
    series: usize,
) -> Result<(HashMap<i32, HashSet<i32>>, Tally<i32>), AppError> {
    let family_of: HashMap<i32, i32> = procedures.iter().map(|p| (p.id, p.family_id)).collect();
    let mut families_of: HashMap<i32, HashSet<i32>> = HashMap::new();
    for (proposal_id, procedure_id) in links {
        if let Some(family) = family_of.get(&procedure_id) {
            families_of.entry(proposal_id).or_default().insert(*family);
        }
    }
    let rows = catalogue::families(db)
        .await?
        .into_iter()
        .map(|f| (f.id, f.name))
        .collect();
    Ok((families_of, Tally::new(rows, series)))
}

/// A row per working group, in their order, then one for proposals
/// without a group.
pub async fn group_rows(db: &impl ConnectionTrait) -> Result<Vec<(Option<i32>, String)>, AppError> {
    let mut rows: Vec<(Option<i32>, String)> = working_group::Entity::find()
        .order_by_asc(working_group::Column::Number)
        .all(db)
        .await?
        .iter()
        .map(|g| (Some(g.id), groups::label(g)))
        .collect();
    rows.push((None, "Sans groupe de travail".to_string()));
    Ok(rows)
}

/// A figure's names, before its rows are counted.
pub struct FigureHead {
    pub slug: &'static str,
    pub title: &'static str,
    pub label_heading: &'static str,
    pub series: &'static [&'static str],
}

impl FigureHead {
    /// The figure with `rows`, and the sentence that says what its chart
    /// shows: the total of each series, and the row with the most of the
    /// first.
    pub fn with_rows(self, rows: Vec<FigureRow>) -> Figure {
        let totals: Vec<String> = self
            .series
            .iter()
            .enumerate()
            .map(|(s, name)| {
                let total: i64 = rows.iter().map(|r| r.values[s]).sum();
                format!("{} : {}", name, format::thousands(total.max(0) as u64))
            })
            .collect();
        let top = rows
            .iter()
            .filter(|r| r.values[0] > 0)
            .max_by_key(|r| r.values[0]);
        let summary = match top {
            Some(top) => format!(
                "Au total, {}. Le plus grand nombre ({}, {}) : {}.",
                totals.join(", "),
                self.series[0].to_lowercase(),
                format::thousands(top.values[0] as u64),
                top.label
            ),
            None => format!("Au total, {}.", totals.join(", ")),
        };
        Figure {
            slug: self.slug.to_string(),
            title: self.title.to_string(),
            summary,
            label_heading: self.label_heading.to_string(),
            series: self.series.iter().map(|s| s.to_string()).collect(),
            rows,
        }
    }
}

/// A figure as a CSV file: its labels' column, then one column per series.
pub fn csv(figure: &Figure) -> Vec<u8> {
    let mut out = CsvWriter::default();
    out.row(
        std::iter::once(figure.label_heading.as_str())
            .chain(figure.series.iter().map(String::as_str)),
    );
    for row in &figure.rows {
        let values: Vec<String> = row.values.iter().map(i64::to_string).collect();
        out.row(std::iter::once(row.label.as_str()).chain(values.iter().map(String::as_str)));
    }
    out.finish()
}

/// The month's label in a figure: « mars 2019 ».
pub fn month_label((year, month): (i32, u32)) -> String {
    format::month_of_year(year, month)
}
