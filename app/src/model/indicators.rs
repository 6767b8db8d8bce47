//! The procedures' quality indicators (« Vos démarches essentielles »): what
//! a procedure's page shows of them beside its proposals, and what the
//! secretariat's pages that record and import them receive.

use chrono::NaiveDate;
use serde::{Deserialize, Serialize};

use super::backlog::ProcedureChoices;
use super::enums::IndicatorKind;

/// The longest source of a value, in characters.
pub const INDICATOR_SOURCE_MAX: usize = 300;

/// The page of the import form, and of each file's dry run below it.
pub const INDICATOR_IMPORT_PATH: &str = "/admin/indicateurs/import";

/// Where the import form sends its file (a POST read by the server itself:
/// server functions do not read files sent without JavaScript).
pub const INDICATOR_UPLOAD_PATH: &str = "/admin/indicateurs/fichier";

/// The longest CSV file imported at once, in characters.
pub const INDICATOR_IMPORT_MAX: usize = 200_000;

/// The columns of the import file, in the order the example gives them.
pub const INDICATOR_CSV_COLUMNS: [&str; 5] = ["demarche", "indicateur", "date", "valeur", "source"];

/// One recorded value of a procedure, as shown.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct IndicatorValue {
    pub id: i32,
    pub measured_on: NaiveDate,
    /// The date, written out: « 31 mars 2024 ».
    pub date: String,
    /// The number drawn on the chart; none for « oui »/« non » kinds and for
    /// an accessibility level given without its rate.
    pub figure: Option<f64>,
    /// The value as people read it: « 7,4/10 », « 62,5 % (partiellement
    /// conforme) », « Oui », « 15 min ».
    pub shown: String,
    pub source: String,
    /// An example value of the demonstration, not an official figure.
    pub example: bool,
}

/// The values of one indicator of a procedure, in date order.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct IndicatorSeries {
    pub kind: IndicatorKind,
    pub values: Vec<IndicatorValue>,
    /// The chart in one sentence: from the first value to the last, and the
    /// proposals delivered in between.
    pub summary: String,
    /// The top of the chart's scale (10 for a score, 100 for a rate, the
    /// longest time rounded up for minutes).
    pub scale_max: f64,
    /// What follows a number on the chart's scale: « /10 », « % », « min ».
    pub unit: String,
}

/// A proposal on the procedure delivered (« réalisée »), on the day its
/// timeline says.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Delivery {
    pub reference: String,
    pub title: String,
    pub delivered_on: NaiveDate,
    pub date: String,
}

/// A procedure's quality over time, and its proposals delivered.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
pub struct ProcedureQuality {
    pub series: Vec<IndicatorSeries>,
    /// In date order.
    pub deliveries: Vec<Delivery>,
}

/// A recorded value in the secretariat's list.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct IndicatorRow {
    pub id: i32,
    pub procedure_slug: String,
    pub procedure: String,
    pub kind: IndicatorKind,
    pub date: String,
    pub shown: String,
    pub source: String,
    pub example: bool,
    /// « Hélène Marchand, le 2 juin 2026 ».
    pub recorded: String,
}

/// The secretariat's page of indicators: the form's choices and every
/// value recorded.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct IndicatorAdmin {
    pub procedures: Vec<ProcedureChoices>,
    pub rows: Vec<IndicatorRow>,
}

/// What one line of an import file does.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct ImportLine {
    /// Its line number in the file (the header is line 1).
    pub line: usize,
    pub procedure: String,
    pub kind: IndicatorKind,
    pub date: String,
    pub shown: String,
    pub source: String,
    /// The value it replaces, recorded for the same procedure, indicator
    /// and date; none for a new value.
    pub replaces: Option<String>,
}

/// An import file checked without being applied (the dry run): what it
/// would change, or why it is refused.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct ImportReport {
    pub id: i32,
    pub lines: Vec<ImportLine>,
    /// « Ligne 3 : … », one per refused line; the file is imported only
    /// when there is none.
    pub errors: Vec<String>,
}

impl ImportReport {
    pub fn added(&self) -> usize {
        self.lines.iter().filter(|l| l.replaces.is_none()).count()
    }

    pub fn replaced(&self) -> usize {
        self.lines.iter().filter(|l| l.replaces.is_some()).count()
    }
}
