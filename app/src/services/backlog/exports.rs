//! The backlog leaves Écoute in two forms: a CSV file of a list view for
//! spreadsheets, and an Atom feed of the status changes of the proposals of a
//! view, for feed readers. Both apply the list's visibility rule.

use std::collections::HashMap;

use chrono::{DateTime, NaiveDate, Utc};
use chrono_tz::Europe::Paris;
use sea_orm::{
    ColumnTrait, ConnectionTrait, EntityTrait, QueryFilter, QueryOrder, QuerySelect, QueryTrait,
    Select,
};

use super::cards::{listed, Audience};
use super::proposals::{after, select, sorted};
use crate::entities::{proposal, proposal_event};
use crate::model::{AppError, BacklogFilters, ProposalEventKind, ProposalStatus};
use crate::services::format;
use crate::services::search::Terms;
use crate::services::settings;

/// Entries of the Atom feed.
pub const FEED_ENTRIES: u64 = 50;

/// Proposals read, written and sent at a time while exporting a CSV file:
/// memory and `IN` lists stay bounded whatever the size of the backlog.
const CSV_CHUNK: u64 = 1000;

pub const CSV_HEADER: [&str; 11] = [
    "Référence",
    "Titre",
    "Statut",
    "Organisation",
    "Groupe de travail",
    "Démarches",
    "Origine",
    "Priorité",
    "Soutiens",
    "Déposée le",
    "Dernière activité",
];

/// A CSV document as spreadsheets in France open it: UTF-8 with a byte
/// order mark, ';' between cells, CRLF after each row, quotes as RFC 4180
/// says. A cell that a spreadsheet would take for a formula gets a leading
/// apostrophe, so that opening an export never runs what someone typed.
pub struct CsvWriter {
    out: String,
}

impl Default for CsvWriter {
    fn default() -> Self {
        CsvWriter {
            out: String::from('\u{feff}'),
        }
    }
}

impl CsvWriter {
    /// A writer continuing a document begun elsewhere (no byte order mark).
    fn continued() -> Self {
        CsvWriter { out: String::new() }
    }

    pub fn row<'a>(&mut self, cells: impl IntoIterator<Item = &'a str>) {
        for (index, cell) in cells.into_iter().enumerate() {
            if index > 0 {
                self.out.push(';');
            }
            self.cell(cell);
        }
        self.out.push_str("\r\n");
    }

    fn cell(&mut self, cell: &str) {
        let formula = cell.starts_with(['=', '+', '-', '@', '\t', '\r']);
        let prefix = if formula { "'" } else { "" };
        if cell.contains([';', '"', '\r', '\n']) {
            self.out.push('"');
            self.out.push_str(prefix);
            self.out.push_str(&cell.replace('"', "\"\""));
            self.out.push('"');
        } else {
            self.out.push_str(prefix);
            self.out.push_str(cell);
        }
    }

    pub fn finish(self) -> Vec<u8> {
        self.out.into_bytes()
    }
}

fn paris_day(at: DateTime<Utc>) -> String {
    at.with_timezone(&Paris).date_naive().to_string()
}

/// The file name of a CSV export made on `day`.
pub fn csv_file_name(day: NaiveDate) -> String {
    format!("propositions-{day}.csv")
}

/// Every proposal of the view `filters` that `audience` may see, in the
/// view's order, as a CSV document (the page number is ignored), written a
/// chunk at a time: each chunk is read after the last proposal of the one
/// before (keyset paging), so that the file is sent as it is read.
pub struct CsvExport<C> {
    db: C,
    found: Select<proposal::Entity>,
    terms: Terms,
    filters: BacklogFilters,
    chunk: u64,
    /// The last proposal written; none before the first chunk.
    last: Option<proposal::Model>,
    started: bool,
    done: bool,
}

impl<C: ConnectionTrait> CsvExport<C> {
    /// The export of a view; a filter naming nothing that exists is refused
    /// here, before anything is sent.
    pub async fn new(
        db: C,
        audience: Audience,
        filters: &BacklogFilters,
    ) -> Result<Self, AppError> {
        let (found, terms) = select(&db, audience, filters).await?;
        Ok(CsvExport {
            db,
            found,
            terms,
            filters: filters.clone(),
            chunk: CSV_CHUNK,
            last: None,
            started: false,
            done: false,
        })
    }

    /// The same, reading `size` proposals at a time.
    pub fn in_chunks_of(self, size: u64) -> Self {
        CsvExport {
            chunk: size.max(1),
            ..self
        }
    }

    /// The next piece of the file: its header first, then a chunk of
    /// proposals at a time; `None` once every proposal is written.
    pub async fn next_chunk(&mut self) -> Result<Option<Vec<u8>>, AppError> {
        if !self.started {
            self.started = true;
            let mut csv = CsvWriter::default();
            csv.row(CSV_HEADER);
            return Ok(Some(csv.finish()));
        }
        if self.done {
            return Ok(None);
        }
        let mut next = self.found.clone();
        if let Some(last) = &self.last {
            next = next.filter(after(&self.filters, &self.terms, last));
        }
        let chunk = sorted(next, &self.filters, &self.terms)
            .limit(self.chunk)
            .all(&self.db)
            .await?;
        self.done = (chunk.len() as u64) < self.chunk;
        if chunk.is_empty() {
            return Ok(None);
        }
        self.last = chunk.last().cloned();
        let mut csv = CsvWriter::continued();
        for item in listed(&self.db, chunk).await? {
            let p = &item.proposal;
            let procedures = item.procedures.join(", ");
            let supports = p.supports_count.to_string();
            let (submitted, active) = (paris_day(p.created_at), paris_day(p.last_activity_at));
            csv.row([
                p.reference.as_str(),
                &p.title,
                p.status.label(),
                &item.organisation,
                item.working_group.as_deref().unwrap_or(""),
                &procedures,
                p.origin.label(),
                p.priority.map_or("", |priority| priority.label()),
                &supports,
                &submitted,
                &active,
            ]);
        }
        Ok(Some(csv.finish()))
    }
}

/// Text for XML content and attribute values; characters XML 1.0 forbids
/// are dropped.
fn xml_escape(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    for c in text.chars() {
        match c {
            '&' => out.push_str("&amp;"),
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            '"' => out.push_str("&quot;"),
            '\'' => out.push_str("&apos;"),
            '\t' | '\n' | '\r' => out.push(c),
            c if c < ' ' || c == '\u{fffe}' || c == '\u{ffff}' => {}
            c => out.push(c),
        }
    }
    out
}

/// An Atom 1.0 feed of the latest status changes (and implementation
/// progress) of the proposals of the
/// view `filters`, newest first. For the public, no event of a proposal still
/// "déposée" and no internal event. `public_url` makes the ids and links
/// absolute; `now` dates a feed without entries.
pub async fn status_feed(
    db: &impl ConnectionTrait,
    audience: Audience,
    filters: &BacklogFilters,
    public_url: &str,
    now: DateTime<Utc>,
) -> Result<String, AppError> {
    let in_view = select(db, audience, filters)
        .await?
        .0
        .select_only()
        .column(proposal::Column::Id)
        .into_query();
    let mut events = proposal_event::Entity::find()
        .filter(proposal_event::Column::Kind.is_in([
            ProposalEventKind::StatusChanged,
            ProposalEventKind::Merged,
            ProposalEventKind::ProgressChanged,
        ]))
        .filter(proposal_event::Column::ProposalId.in_subquery(in_view));
    if audience == Audience::Public {
        events = events.filter(proposal_event::Column::Internal.eq(false));
    }
    let events = events
        .order_by_desc(proposal_event::Column::CreatedAt)
        .order_by_desc(proposal_event::Column::Id)
        .limit(FEED_ENTRIES)
        .all(db)
        .await?;
    let proposals: HashMap<i32, proposal::Model> = if events.is_empty() {
        HashMap::new()
    } else {
        proposal::Entity::find()
            .filter(proposal::Column::Id.is_in(events.iter().map(|e| e.proposal_id)))
            .all(db)
            .await?
            .into_iter()
            .map(|p| (p.id, p))
            .collect()
    };

    let base = public_url.trim_end_matches('/');
    let view = match filters.query() {
        query if query.is_empty() => String::new(),
        query => format!("?{query}"),
    };
    let updated = events.first().map_or(now, |e| e.created_at);
    let body = settings::identity(db).await?;
    let mut xml = String::from("<?xml version=\"1.0\" encoding=\"utf-8\"?>\n");
    xml.push_str("<feed xmlns=\"http://www.w3.org/2005/Atom\" xml:lang=\"fr\">\n");
    xml.push_str(&format!(
        "  <id>{}</id>\n  <title>Écoute — changements de statut des propositions</title>\n  <subtitle>{}</subtitle>\n  <updated>{}</updated>\n  <author><name>{}</name></author>\n  <link rel=\"self\" type=\"application/atom+xml\" href=\"{}\"/>\n  <link rel=\"alternate\" type=\"text/html\" href=\"{}\"/>\n",
        xml_escape(&format!("{base}/propositions.atom{view}")),
        xml_escape(&format!(
            "Les décisions sur les propositions d'amélioration des démarches en ligne soumises à « {} ».",
            body.name
        )),
        format::iso(updated),
        xml_escape(&format!("{} — {}", body.name, body.ministry_inline())),
        xml_escape(&format!("{base}/propositions.atom{view}")),
        xml_escape(&format!("{base}/propositions{view}")),
    ));
    for event in &events {
        let Some(p) = proposals.get(&event.proposal_id) else {
            continue;
        };
        let (to, content) = if event.kind == ProposalEventKind::ProgressChanged {
            (
                ProposalEventKind::ProgressChanged.label(),
                event.body.clone().unwrap_or_default(),
            )
        } else {
            let to = event.to_status.map_or("", ProposalStatus::label);
            let change = match event.from_status {
                Some(from) => format!("Statut : {} → {to}.", from.label()),
                None => format!("Statut : {to}."),
            };
            let content = match event.body.as_deref().map(str::trim) {
                Some(reason) if !reason.is_empty() => format!("{change}\n\n{reason}"),
                _ => change,
            };
            (to, content)
        };
        let link = format!("{base}/propositions/{}", p.reference);
        xml.push_str(&format!(
            "  <entry>\n    <id>{}</id>\n    <title>{}</title>\n    <updated>{}</updated>\n    <link rel=\"alternate\" type=\"text/html\" href=\"{}\"/>\n    <content type=\"text\">{}</content>\n  </entry>\n",
            xml_escape(&format!("{link}#evenement-{}", event.id)),
            xml_escape(&format!("{} — {to} : {}", p.reference, p.title)),
            format::iso(event.created_at),
            xml_escape(&link),
            xml_escape(&content),
        ));
    }
    xml.push_str("</feed>\n");
    Ok(xml)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn written(cells: &[&str]) -> String {
        let mut csv = CsvWriter::default();
        csv.row(cells.iter().copied());
        String::from_utf8(csv.finish()).unwrap()
    }

    #[test]
    fn cells_are_quoted_only_when_needed() {
        assert_eq!(written(&["a", "b c"]), "\u{feff}a;b c\r\n");
        assert_eq!(
            written(&["un ; deux", "dit \"oui\"", "ligne\nsuivante"]),
            "\u{feff}\"un ; deux\";\"dit \"\"oui\"\"\";\"ligne\nsuivante\"\r\n"
        );
    }

    #[test]
    fn formula_like_cells_are_neutralised() {
        assert_eq!(
            written(&["=1+1", "+33", "-2", "@SUM(A1)", "\tx", "ok"]),
            "\u{feff}'=1+1;'+33;'-2;'@SUM(A1);'\tx;ok\r\n"
        );
        assert_eq!(written(&["=A1;B1"]), "\u{feff}\"'=A1;B1\"\r\n");
    }

    #[test]
    fn xml_text_is_escaped_and_forbidden_characters_dropped() {
        assert_eq!(
            xml_escape("<a href=\"x\">R&D</a> l'\u{1}été"),
            "&lt;a href=&quot;x&quot;&gt;R&amp;D&lt;/a&gt; l&apos;été"
        );
    }
}
