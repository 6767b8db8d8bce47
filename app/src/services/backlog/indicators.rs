//! The procedures' quality indicators (« Vos démarches essentielles »):
//! recorded by the secretariat one at a time or imported from a CSV file,
//! corrected by deleting or replacing a value, and shown on each
//! procedure's page over time, beside the days its proposals were
//! delivered.
//!
//! A value is one procedure, one indicator, one date: recording it again
//! replaces it. An import file is first kept as it was sent and checked by
//! a dry run, which applies it in a transaction and rolls it back; applying
//! it runs the same code and commits, so what the dry run showed is what
//! happens. A file with a bad line changes nothing.

use std::collections::{BTreeMap, HashMap, HashSet};

use chrono::{DateTime, NaiveDate, Utc};
use chrono_tz::Europe::Paris;
use sea_orm::{
    ActiveModelTrait, ColumnTrait, ConnectionTrait, DatabaseTransaction, EntityTrait, ModelTrait,
    QueryFilter, QueryOrder, Set, TransactionTrait,
};

use super::cards::Audience;
use super::catalogue;
use crate::entities::{
    indicator_import, procedure, procedure_indicator, proposal, proposal_event, proposal_procedure,
    user,
};
use crate::model::{
    day, required_line, AppError, CurrentUser, Delivery, ImportLine, ImportReport, IndicatorAdmin,
    IndicatorKind, IndicatorRow, IndicatorSeries, IndicatorValue, ProcedureQuality,
    ProposalEventKind, ProposalStatus, RgaaLevel, INDICATOR_CSV_COLUMNS, INDICATOR_IMPORT_MAX,
    INDICATOR_SOURCE_MAX,
};
use crate::services::accounts::audit::{self, Actor};
use crate::services::format;

fn invalid(message: impl Into<String>) -> AppError {
    AppError::Invalid(message.into())
}

// ---------------------------------------------------------------------------
// Values: read as typed, written as people read them.

/// A number written the French way: « 7,4 », « 62 ».
fn decimal(x: f64) -> String {
    if x.fract() == 0.0 {
        format!("{x:.0}")
    } else {
        format!("{x:.1}").replace('.', ",")
    }
}

/// A value as people read it.
pub fn shown(kind: IndicatorKind, figure: Option<f64>, level: Option<RgaaLevel>) -> String {
    match (kind, figure) {
        (IndicatorKind::Accessibility, None) => {
            level.map(RgaaLevel::label).unwrap_or("—").to_string()
        }
        (IndicatorKind::Accessibility, Some(rate)) => match level {
            Some(level) => format!("{} % ({})", decimal(rate), level.label().to_lowercase()),
            None => format!("{} %", decimal(rate)),
        },
        (_, None) => "—".to_string(),
        (IndicatorKind::Satisfaction, Some(x)) => format!("{}/10", decimal(x)),
        (IndicatorKind::FranceConnect | IndicatorKind::PlainLanguage, Some(x)) => {
            if x > 0.0 { "Oui" } else { "Non" }.to_string()
        }
        (IndicatorKind::Duration, Some(x)) => format!("{} min", decimal(x)),
        (IndicatorKind::OnlineShare, Some(x)) => format!("{} %", decimal(x)),
    }
}

/// A number typed with at most one decimal (« 7,4 », « 7.4 »), within
/// `range`, after its unit (`suffixes`) is taken off.
fn number(typed: &str, suffixes: &[&str], range: std::ops::RangeInclusive<f64>) -> Option<f64> {
    let mut text = typed.trim().to_lowercase();
    for suffix in suffixes {
        if let Some(rest) = text.strip_suffix(suffix) {
            text = rest.trim_end().to_string();
        }
    }
    let text = text.replace(',', ".");
    let (whole, decimals) = text.split_once('.').unwrap_or((&text, ""));
    let digits = |s: &str| s.chars().all(|c| c.is_ascii_digit());
    if whole.is_empty() || !digits(whole) || !digits(decimals) || decimals.len() > 1 {
        return None;
    }
    if text.ends_with('.') {
        return None;
    }
    text.parse::<f64>().ok().filter(|x| range.contains(x))
}

/// A value of `kind` as typed: its number and, for accessibility, its RGAA
/// level. Refused with what the kind expects.
pub fn parse_value(
    kind: IndicatorKind,
    typed: &str,
) -> Result<(Option<f64>, Option<RgaaLevel>), String> {
    let text = typed.trim();
    let folded = format::fold(text);
    let parsed = match kind {
        IndicatorKind::Satisfaction => number(text, &["/10"], 0.0..=10.0).map(|x| (Some(x), None)),
        IndicatorKind::Accessibility => match folded.as_str() {
            "non conforme" => Some((None, Some(RgaaLevel::NonConforme))),
            "partiellement conforme" => Some((None, Some(RgaaLevel::Partiel))),
            "totalement conforme" | "conforme" => Some((Some(100.0), Some(RgaaLevel::Conforme))),
            _ => number(text, &["%"], 0.0..=100.0).map(|x| (Some(x), Some(RgaaLevel::of_rate(x)))),
        },
        IndicatorKind::FranceConnect | IndicatorKind::PlainLanguage => match folded.as_str() {
            "oui" => Some((Some(1.0), None)),
            "non" => Some((Some(0.0), None)),
            _ => None,
        },
        IndicatorKind::Duration => number(text, &["minutes", "min"], 1.0..=1440.0)
            .filter(|x| x.fract() == 0.0)
            .map(|x| (Some(x), None)),
        IndicatorKind::OnlineShare => number(text, &["%"], 0.0..=100.0).map(|x| (Some(x), None)),
    };
    parsed.ok_or_else(|| {
        if text.is_empty() {
            format!("Indiquez la valeur : {}.", kind.format_hint())
        } else {
            format!(
                "« {} » ne convient pas pour « {} » : indiquez {}.",
                text,
                kind.label(),
                kind.format_hint()
            )
        }
    })
}

/// A value checked, ready to be written.
#[derive(Debug, Clone)]
struct Checked {
    procedure_id: i32,
    procedure: String,
    kind: IndicatorKind,
    measured_on: NaiveDate,
    figure: Option<f64>,
    level: Option<RgaaLevel>,
    source: String,
}

/// What a person typed for one value: a procedure's address, an
/// indicator's code, a date, the value and its source.
#[derive(Debug, Clone, Default)]
pub struct Typed {
    pub procedure: String,
    pub kind: String,
    pub measured_on: String,
    pub value: String,
    pub source: String,
}

/// Checks a typed value against the catalogue (`procedures`, by address):
/// the first thing wrong, in French.
fn check(
    typed: &Typed,
    procedures: &HashMap<String, procedure::Model>,
    today: NaiveDate,
) -> Result<Checked, String> {
    let slug = typed.procedure.trim();
    let procedure = procedures.get(slug).ok_or_else(|| match slug {
        "" => "Choisissez la démarche.".to_string(),
        slug => format!("La démarche « {slug} » n'existe pas dans le catalogue."),
    })?;
    let code = typed.kind.trim();
    let kind = IndicatorKind::from_code(code).ok_or_else(|| match code {
        "" => "Choisissez l'indicateur.".to_string(),
        code => format!(
            "L'indicateur « {code} » n'existe pas : choisissez parmi {}.",
            IndicatorKind::ALL
                .iter()
                .map(|k| k.code())
                .collect::<Vec<_>>()
                .join(", ")
        ),
    })?;
    let measured_on = read_date(&typed.measured_on)?;
    if measured_on > today {
        return Err(format!(
            "La date de la mesure ({}) est dans le futur.",
            format::date(measured_on)
        ));
    }
    let (figure, level) = parse_value(kind, &typed.value)?;
    let source = required_line(
        "source",
        &typed.source,
        INDICATOR_SOURCE_MAX,
        "Indiquez la source de la valeur (la publication et sa date).",
        "La source",
    )
    .map_err(|e| e.message)?;
    Ok(Checked {
        procedure_id: procedure.id,
        procedure: procedure.name.clone(),
        kind,
        measured_on,
        figure,
        level,
        source,
    })
}

/// A date typed AAAA-MM-JJ (as a date field sends it) or JJ/MM/AAAA (as a
/// spreadsheet writes it).
fn read_date(typed: &str) -> Result<NaiveDate, String> {
    let typed = typed.trim();
    let iso = match NaiveDate::parse_from_str(typed, "%d/%m/%Y") {
        Ok(date) => date.format("%Y-%m-%d").to_string(),
        Err(_) => typed.to_string(),
    };
    day(&iso, "la date de la mesure").map_err(|_| {
        if typed.is_empty() {
            "Indiquez la date de la mesure.".to_string()
        } else {
            format!("La date « {typed} » ne se lit pas : écrivez-la AAAA-MM-JJ (2024-03-31) ou JJ/MM/AAAA (31/03/2024).")
        }
    })
}

async fn procedures_by_slug(
    db: &impl ConnectionTrait,
) -> Result<HashMap<String, procedure::Model>, AppError> {
    Ok(procedure::Entity::find()
        .all(db)
        .await?
        .into_iter()
        .map(|p| (p.slug.clone(), p))
        .collect())
}

/// Writes `value` in place of any recorded for the same procedure,
/// indicator and date, with its audit record; returns the value replaced,
/// as people read it.
async fn write(
    txn: &DatabaseTransaction,
    admin: &CurrentUser,
    ip: Option<String>,
    value: &Checked,
    now: DateTime<Utc>,
) -> Result<Option<String>, AppError> {
    let old = procedure_indicator::Entity::find()
        .filter(procedure_indicator::Column::ProcedureId.eq(value.procedure_id))
        .filter(procedure_indicator::Column::Kind.eq(value.kind))
        .filter(procedure_indicator::Column::MeasuredOn.eq(value.measured_on))
        .one(txn)
        .await?;
    let replaced = old
        .as_ref()
        .map(|old| shown(old.kind, old.figure, old.level));
    if let Some(old) = old {
        old.delete(txn).await?;
    }
    let now_shown = shown(value.kind, value.figure, value.level);
    procedure_indicator::ActiveModel {
        procedure_id: Set(value.procedure_id),
        kind: Set(value.kind),
        measured_on: Set(value.measured_on),
        figure: Set(value.figure),
        level: Set(value.level),
        source: Set(value.source.clone()),
        example: Set(false),
        recorded_by_user_id: Set(Some(admin.id)),
        recorded_at: Set(now),
        ..Default::default()
    }
    .insert(txn)
    .await?;
    let detail = format!(
        "{} — {} au {} : {}{} (source : {})",
        value.procedure,
        value.kind.label(),
        format::date(value.measured_on),
        now_shown,
        replaced
            .as_ref()
            .map(|old| format!(", remplace {old}"))
            .unwrap_or_default(),
        value.source
    );
    audit::record(
        txn,
        &Actor::of(admin),
        "indicator.recorded",
        Some(("procedure", value.procedure_id)),
        ip,
        detail,
    )
    .await?;
    Ok(replaced)
}

/// Records one value typed in the secretariat's form; returns whether it
/// replaced one recorded for the same procedure, indicator and date.
pub async fn record(
    db: &impl TransactionTrait,
    admin: &CurrentUser,
    typed: &Typed,
    ip: Option<String>,
    now: DateTime<Utc>,
) -> Result<bool, AppError> {
    admin.admin_only()?;
    let txn = db.begin().await?;
    let procedures = procedures_by_slug(&txn).await?;
    let today = now.with_timezone(&Paris).date_naive();
    let value = check(typed, &procedures, today).map_err(invalid)?;
    let replaced = write(&txn, admin, ip, &value, now).await?;
    txn.commit().await?;
    Ok(replaced.is_some())
}

/// Deletes value `id` (a wrong one), audited with what it was.
pub async fn delete(
    db: &impl TransactionTrait,
    admin: &CurrentUser,
    id: i32,
    ip: Option<String>,
) -> Result<(), AppError> {
    admin.admin_only()?;
    let txn = db.begin().await?;
    let value = procedure_indicator::Entity::find_by_id(id)
        .one(&txn)
        .await?
        .ok_or(AppError::NotFound)?;
    let procedure = procedure::Entity::find_by_id(value.procedure_id)
        .one(&txn)
        .await?
        .ok_or(AppError::NotFound)?;
    let detail = format!(
        "{} — {} au {} : {} supprimée (source : {})",
        procedure.name,
        value.kind.label(),
        format::date(value.measured_on),
        shown(value.kind, value.figure, value.level),
        value.source
    );
    value.delete(&txn).await?;
    audit::record(
        &txn,
        &Actor::of(admin),
        "indicator.deleted",
        Some(("procedure", procedure.id)),
        ip,
        detail,
    )
    .await?;
    txn.commit().await?;
    Ok(())
}

/// The secretariat's page: the procedures to choose from and every value
/// recorded, by procedure (catalogue order), indicator and date.
pub async fn admin(
    db: &impl ConnectionTrait,
    admin: &CurrentUser,
) -> Result<IndicatorAdmin, AppError> {
    admin.admin_only()?;
    let procedures = catalogue::in_order(db).await?;
    let position: HashMap<i32, usize> = procedures
        .iter()
        .enumerate()
        .map(|(i, p)| (p.id, i))
        .collect();
    let mut values = procedure_indicator::Entity::find().all(db).await?;
    values.sort_by_key(|v| {
        (
            position.get(&v.procedure_id).copied().unwrap_or(usize::MAX),
            v.kind,
            v.measured_on,
        )
    });
    let people: HashMap<i32, String> = user::Entity::find()
        .filter(
            user::Column::Id.is_in(
                values
                    .iter()
                    .filter_map(|v| v.recorded_by_user_id)
                    .collect::<HashSet<_>>(),
            ),
        )
        .all(db)
        .await?
        .into_iter()
        .map(|u| (u.id, u.name))
        .collect();
    let by_id: HashMap<i32, &procedure::Model> = procedures.iter().map(|p| (p.id, p)).collect();
    let rows = values
        .into_iter()
        .filter_map(|v| {
            let p = by_id.get(&v.procedure_id)?;
            let by = v
                .recorded_by_user_id
                .and_then(|id| people.get(&id).cloned())
                .unwrap_or_else(|| "Données de démonstration".to_string());
            Some(IndicatorRow {
                id: v.id,
                procedure_slug: p.slug.clone(),
                procedure: p.name.clone(),
                kind: v.kind,
                date: format::date(v.measured_on),
                shown: shown(v.kind, v.figure, v.level),
                source: v.source,
                example: v.example,
                recorded: format!("{by}, le {}", format::local_date(v.recorded_at)),
            })
        })
        .collect();
    Ok(IndicatorAdmin {
        procedures: catalogue::all_choices(db).await?,
        rows,
    })
}

// ---------------------------------------------------------------------------
// Import: a CSV file, kept, checked by a dry run, then applied.

/// The file's rows, each with the number of the line it starts on, split on
/// `;` or on `,` (whichever the header uses), with quoted cells (`"…"`,
/// `""` for a quote) that may hold the separator or a line break.
fn rows(text: &str) -> Vec<(usize, Vec<String>)> {
    let text = text.trim_start_matches('\u{feff}');
    let header = text.lines().next().unwrap_or_default();
    let separator = if header.contains(';') { ';' } else { ',' };
    let mut rows = Vec::new();
    let mut cells = Vec::new();
    let mut cell = String::new();
    let mut quoted = false;
    let mut line = 1;
    let mut starts_on = 1;
    let mut chars = text.chars().peekable();
    while let Some(c) = chars.next() {
        match c {
            '"' if quoted && chars.peek() == Some(&'"') => {
                chars.next();
                cell.push('"');
            }
            '"' if quoted => quoted = false,
            '"' if cell.trim().is_empty() => {
                cell.clear();
                quoted = true;
            }
            '\n' if quoted => {
                line += 1;
                cell.push('\n');
            }
            '\r' if !quoted => {}
            '\n' => {
                cells.push(std::mem::take(&mut cell));
                rows.push((starts_on, std::mem::take(&mut cells)));
                line += 1;
                starts_on = line;
            }
            c if c == separator && !quoted => cells.push(std::mem::take(&mut cell)),
            c => cell.push(c),
        }
    }
    if !cell.is_empty() || !cells.is_empty() {
        cells.push(cell);
        rows.push((starts_on, cells));
    }
    rows.retain(|(_, cells)| cells.iter().any(|c| !c.trim().is_empty()));
    rows
}

/// The file read as values, or every line refused with its number.
fn read_file(
    csv: &str,
    procedures: &HashMap<String, procedure::Model>,
    today: NaiveDate,
) -> Result<Vec<(usize, Checked)>, Vec<String>> {
    let mut rows = rows(csv).into_iter();
    let Some((_, header)) = rows.next() else {
        return Err(vec!["Le fichier est vide.".to_string()]);
    };
    let header: Vec<String> = header.iter().map(|h| format::fold(h.trim())).collect();
    let mut at = BTreeMap::new();
    for column in INDICATOR_CSV_COLUMNS {
        match header.iter().position(|h| h == column) {
            Some(index) => {
                at.insert(column, index);
            }
            None => {
                return Err(vec![format!(
                    "Ligne 1 : la colonne « {column} » manque ; la première ligne doit nommer les colonnes {}.",
                    INDICATOR_CSV_COLUMNS.join(", ")
                )])
            }
        }
    }
    let mut values = Vec::new();
    let mut errors = Vec::new();
    let mut seen: HashMap<(i32, IndicatorKind, NaiveDate), usize> = HashMap::new();
    for (line, cells) in rows {
        let cell = |column: &str| cells.get(at[column]).cloned().unwrap_or_default();
        let typed = Typed {
            procedure: cell("demarche"),
            kind: cell("indicateur"),
            measured_on: cell("date"),
            value: cell("valeur"),
            source: cell("source"),
        };
        match check(&typed, procedures, today) {
            Ok(value) => {
                let key = (value.procedure_id, value.kind, value.measured_on);
                match seen.insert(key, line) {
                    Some(first) => errors.push(format!(
                        "Ligne {line} : la même démarche, le même indicateur et la même date figurent déjà ligne {first}."
                    )),
                    None => values.push((line, value)),
                }
            }
            Err(message) => errors.push(format!("Ligne {line} : {message}")),
        }
    }
    if values.is_empty() && errors.is_empty() {
        errors
            .push("Le fichier ne contient aucune valeur après la ligne des colonnes.".to_string());
    }
    if errors.is_empty() {
        Ok(values)
    } else {
        Err(errors)
    }
}

/// Applies file `csv` in `txn`: the same code for the dry run (rolled back)
/// and the import (committed).
async fn run(
    txn: &DatabaseTransaction,
    admin: &CurrentUser,
    csv: &str,
    ip: Option<String>,
    now: DateTime<Utc>,
) -> Result<Result<Vec<ImportLine>, Vec<String>>, AppError> {
    let procedures = procedures_by_slug(txn).await?;
    let today = now.with_timezone(&Paris).date_naive();
    let values = match read_file(csv, &procedures, today) {
        Ok(values) => values,
        Err(errors) => return Ok(Err(errors)),
    };
    let mut lines = Vec::with_capacity(values.len());
    for (line, value) in values {
        let replaces = write(txn, admin, ip.clone(), &value, now).await?;
        lines.push(ImportLine {
            line,
            procedure: value.procedure,
            kind: value.kind,
            date: format::date(value.measured_on),
            shown: shown(value.kind, value.figure, value.level),
            source: value.source,
            replaces,
        });
    }
    Ok(Ok(lines))
}

/// Keeps file `csv` to be checked, in place of any the same person kept
/// before (one file waits per person), and returns its number.
pub async fn stage(
    db: &impl ConnectionTrait,
    admin: &CurrentUser,
    csv: &str,
    now: DateTime<Utc>,
) -> Result<i32, AppError> {
    admin.admin_only()?;
    if csv.trim().is_empty() {
        return Err(invalid(
            "Le fichier est vide : choisissez le fichier CSV, ou collez son contenu, ligne des colonnes comprise.",
        ));
    }
    if csv.chars().count() > INDICATOR_IMPORT_MAX {
        return Err(invalid(format!(
            "Le fichier dépasse {} caractères : découpez-le en plusieurs imports.",
            format::thousands(INDICATOR_IMPORT_MAX as u64)
        )));
    }
    indicator_import::Entity::delete_many()
        .filter(indicator_import::Column::StagedByUserId.eq(admin.id))
        .exec(db)
        .await?;
    let staged = indicator_import::ActiveModel {
        csv: Set(csv.to_string()),
        staged_by_user_id: Set(admin.id),
        staged_at: Set(now),
        ..Default::default()
    }
    .insert(db)
    .await?;
    Ok(staged.id)
}

/// The text of a file sent by the import form: UTF-8 (without its
/// byte-order mark), or else Windows-1252, the encoding a spreadsheet in
/// French gives a CSV file by default. A spreadsheet's own format, or any
/// other file that is not text, is refused with what to do instead.
pub fn file_text(bytes: &[u8]) -> Result<String, AppError> {
    const SPREADSHEET: &str = "Ce fichier est un classeur de tableur, pas un fichier CSV : dans le tableur, « Enregistrer sous » au format CSV (séparateur point-virgule), puis choisissez ce fichier-là.";
    if bytes.starts_with(b"PK\x03\x04") || bytes.starts_with(b"\xD0\xCF\x11\xE0") {
        return Err(invalid(SPREADSHEET));
    }
    if bytes.contains(&0) {
        return Err(invalid(
            "Ce fichier n'est pas un fichier texte : choisissez un fichier CSV.",
        ));
    }
    let bytes = bytes.strip_prefix(b"\xEF\xBB\xBF").unwrap_or(bytes);
    Ok(match std::str::from_utf8(bytes) {
        Ok(text) => text.to_string(),
        Err(_) => encoding_rs::WINDOWS_1252
            .decode_without_bom_handling(bytes)
            .0
            .into_owned(),
    })
}

async fn staged(db: &impl ConnectionTrait, id: i32) -> Result<indicator_import::Model, AppError> {
    indicator_import::Entity::find_by_id(id)
        .one(db)
        .await?
        .ok_or(AppError::NotFound)
}

/// The dry run of staged file `id`: what importing it would change, or the
/// lines that keep it from being imported. Changes nothing.
pub async fn dry_run(
    db: &impl TransactionTrait,
    admin: &CurrentUser,
    id: i32,
    now: DateTime<Utc>,
) -> Result<ImportReport, AppError> {
    admin.admin_only()?;
    let txn = db.begin().await?;
    let file = staged(&txn, id).await?;
    let outcome = run(&txn, admin, &file.csv, None, now).await?;
    txn.rollback().await?;
    let (lines, errors) = match outcome {
        Ok(lines) => (lines, Vec::new()),
        Err(errors) => (Vec::new(), errors),
    };
    Ok(ImportReport { id, lines, errors })
}

/// Imports staged file `id`, whole or not at all; returns how many values
/// were written. The file is no longer kept once imported.
pub async fn import(
    db: &impl TransactionTrait,
    admin: &CurrentUser,
    id: i32,
    ip: Option<String>,
    now: DateTime<Utc>,
) -> Result<usize, AppError> {
    admin.admin_only()?;
    let txn = db.begin().await?;
    let file = staged(&txn, id).await?;
    let lines = match run(&txn, admin, &file.csv, ip.clone(), now).await? {
        Ok(lines) => lines,
        Err(errors) => {
            txn.rollback().await?;
            return Err(invalid(format!(
                "Le fichier n'a pas été importé, rien n'a changé. {}",
                errors.join(" ")
            )));
        }
    };
    file.delete(&txn).await?;
    audit::record(
        &txn,
        &Actor::of(admin),
        "indicator.imported",
        None,
        ip,
        format!(
            "{} valeur(s) importée(s), dont {} remplacée(s)",
            lines.len(),
            lines.iter().filter(|l| l.replaces.is_some()).count()
        ),
    )
    .await?;
    txn.commit().await?;
    Ok(lines.len())
}

// ---------------------------------------------------------------------------
// A procedure's page.

/// The top of a chart's scale for `kind`, whose largest value is `largest`.
fn scale(kind: IndicatorKind, largest: f64) -> (f64, &'static str) {
    match kind {
        IndicatorKind::Satisfaction => (10.0, "/10"),
        IndicatorKind::Accessibility | IndicatorKind::OnlineShare => (100.0, "%"),
        IndicatorKind::Duration => (((largest / 10.0).ceil() * 10.0).max(10.0), "min"),
        IndicatorKind::FranceConnect | IndicatorKind::PlainLanguage => (1.0, ""),
    }
}

fn delivered_count(count: usize) -> String {
    match count {
        0 => "aucune proposition réalisée sur cette période".to_string(),
        1 => "1 proposition réalisée sur cette période".to_string(),
        n => format!("{n} propositions réalisées sur cette période"),
    }
}

/// The chart of `values` in one sentence.
fn summary(values: &[IndicatorValue], deliveries: &[Delivery]) -> String {
    let (Some(first), Some(last)) = (values.first(), values.last()) else {
        return String::new();
    };
    let month = |v: &IndicatorValue| format::month(v.measured_on);
    if values.len() == 1 {
        return format!("{} en {}.", first.shown, month(first));
    }
    let delivered = deliveries
        .iter()
        .filter(|d| (first.measured_on..=last.measured_on).contains(&d.delivered_on))
        .count();
    format!(
        "De {} en {} à {} en {} ; {}.",
        first.shown,
        month(first),
        last.shown,
        month(last),
        delivered_count(delivered)
    )
}

/// The proposals on procedure `procedure_id` the audience may see that
/// were delivered, each on the day of its last move to « réalisée ».
async fn deliveries(
    db: &impl ConnectionTrait,
    audience: Audience,
    procedure_id: i32,
) -> Result<Vec<Delivery>, AppError> {
    let on_procedure: Vec<i32> = proposal_procedure::Entity::find()
        .filter(proposal_procedure::Column::ProcedureId.eq(procedure_id))
        .all(db)
        .await?
        .into_iter()
        .map(|link| link.proposal_id)
        .collect();
    let delivered = proposal::Entity::find()
        .filter(audience.visible())
        .filter(proposal::Column::Status.eq(ProposalStatus::Realisee))
        .filter(proposal::Column::Id.is_in(on_procedure))
        .all(db)
        .await?;
    let mut on: HashMap<i32, DateTime<Utc>> = HashMap::new();
    for event in proposal_event::Entity::find()
        .filter(proposal_event::Column::Kind.eq(ProposalEventKind::StatusChanged))
        .filter(proposal_event::Column::ToStatus.eq(ProposalStatus::Realisee))
        .filter(proposal_event::Column::Internal.eq(false))
        .filter(proposal_event::Column::ProposalId.is_in(delivered.iter().map(|p| p.id)))
        .order_by_asc(proposal_event::Column::CreatedAt)
        .order_by_asc(proposal_event::Column::Id)
        .all(db)
        .await?
    {
        on.insert(event.proposal_id, event.created_at);
    }
    let mut found: Vec<Delivery> = delivered
        .into_iter()
        .filter_map(|p| {
            let day = on.get(&p.id)?.with_timezone(&Paris).date_naive();
            Some(Delivery {
                reference: p.reference,
                title: p.title,
                delivered_on: day,
                date: format::date(day),
            })
        })
        .collect();
    found.sort_by(|a, b| (a.delivered_on, &a.reference).cmp(&(b.delivered_on, &b.reference)));
    Ok(found)
}

/// Procedure `procedure_id`'s indicators over time (each in date order,
/// the indicators in their fixed order) and its proposals delivered.
pub async fn quality(
    db: &impl ConnectionTrait,
    audience: Audience,
    procedure_id: i32,
) -> Result<ProcedureQuality, AppError> {
    let deliveries = deliveries(db, audience, procedure_id).await?;
    let mut by_kind: BTreeMap<IndicatorKind, Vec<IndicatorValue>> = BTreeMap::new();
    for v in procedure_indicator::Entity::find()
        .filter(procedure_indicator::Column::ProcedureId.eq(procedure_id))
        .order_by_asc(procedure_indicator::Column::MeasuredOn)
        .all(db)
        .await?
    {
        by_kind.entry(v.kind).or_default().push(IndicatorValue {
            id: v.id,
            measured_on: v.measured_on,
            date: format::date(v.measured_on),
            figure: v.figure.filter(|_| v.kind.is_charted()),
            shown: shown(v.kind, v.figure, v.level),
            source: v.source,
            example: v.example,
        });
    }
    let series = IndicatorKind::ALL
        .iter()
        .filter_map(|kind| {
            let values = by_kind.remove(kind)?;
            let largest = values.iter().filter_map(|v| v.figure).fold(0.0, f64::max);
            let (scale_max, unit) = scale(*kind, largest);
            Some(IndicatorSeries {
                kind: *kind,
                summary: summary(&values, &deliveries),
                values,
                scale_max,
                unit: unit.to_string(),
            })
        })
        .collect();
    Ok(ProcedureQuality { series, deliveries })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn rows_keep_the_number_of_the_line_they_start_on() {
        let text = "\u{feff}a;b\r\n1;\"deux\n lignes; et \"\"guillemets\"\"\"\r\n\r\n3;trois\n";
        assert_eq!(
            rows(text),
            [
                (1, vec!["a".to_string(), "b".to_string()]),
                (
                    2,
                    vec![
                        "1".to_string(),
                        "deux\n lignes; et \"guillemets\"".to_string()
                    ]
                ),
                (5, vec!["3".to_string(), "trois".to_string()]),
            ]
        );
        assert_eq!(rows("a,b\nx,\"y;z\"")[1].1, ["x", "y;z"]);
    }

    #[test]
    fn values_read_as_people_type_them_and_show_as_they_read_them() {
        use IndicatorKind::*;
        for (kind, typed, read) in [
            (Satisfaction, "7,4", "7,4/10"),
            (Satisfaction, " 7.0 /10", "7/10"),
            (Accessibility, "62,5 %", "62,5 % (partiellement conforme)"),
            (Accessibility, "100", "100 % (totalement conforme)"),
            (Accessibility, "49,9%", "49,9 % (non conforme)"),
            (Accessibility, "Non conforme", "Non conforme"),
            (FranceConnect, "OUI", "Oui"),
            (PlainLanguage, "non", "Non"),
            (Duration, "15 min", "15 min"),
            (OnlineShare, "85 %", "85 %"),
        ] {
            let (figure, level) = parse_value(kind, typed).unwrap();
            assert_eq!(shown(kind, figure, level), read, "{typed}");
        }
        for (kind, typed) in [
            (Satisfaction, "10,1"),
            (Satisfaction, "7,"),
            (Satisfaction, ",5"),
            (Satisfaction, "1e1"),
            (Accessibility, "moyen"),
            (Duration, "1441"),
            (OnlineShare, "85,25 %"),
        ] {
            assert!(parse_value(kind, typed).is_err(), "{typed}");
        }
    }
}
