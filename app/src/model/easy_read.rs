//! « Facile à lire et à comprendre » (FALC) versions of public texts,
//! written by the secretariat beside the standard text.

use serde::{Deserialize, Serialize};

use super::EasyReadKind;

/// The query parameter, and its value, that show a page's FALC version
/// instead of its standard text (a link: no script needed).
pub const EASY_READ_PARAM: &str = "version";
pub const EASY_READ_VALUE: &str = "falc";

/// The longest FALC text, in characters.
pub const EASY_READ_MAX: usize = 50_000;

/// The heading every FALC version is shown under.
pub const EASY_READ_HEADING: &str = "Version facile à lire et à comprendre";

/// The address of the form of the FALC version of `key`.
pub fn easy_read_form_path(kind: EasyReadKind, key: &str) -> String {
    format!("/admin/facile-a-lire/{}/{key}", kind.code())
}

/// What the FALC version is the version of, and where it is shown.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct EasyReadSubject {
    pub kind: EasyReadKind,
    pub key: String,
    /// For people: « Compte rendu — … », « DA-2019-0042 — … ».
    pub label: String,
    /// The page that shows it.
    pub shown_at: String,
}

/// The form of a FALC version.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct EasyReadForm {
    pub subject: EasyReadSubject,
    /// The standard text, rendered and sanitised (minutes)…
    pub standard_html: Option<String>,
    /// …or as typed, to be shown escaped (an answer).
    pub standard_text: Option<String>,
    /// The FALC version's Markdown, empty when none is written yet.
    pub body: String,
    /// When and by whom it was last written, if it was.
    pub updated: Option<String>,
}

/// The FALC versions the secretariat still has to write.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct EasyReadOverview {
    pub lacking: Vec<EasyReadSubject>,
    /// How many are written.
    pub written: u64,
}
