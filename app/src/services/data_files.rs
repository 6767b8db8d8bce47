//! The reference and demo data files, read by this one loader: the starting
//! catalogue of procedures (`app/data/catalogue.toml`, the four secure
//! documents of the 2017 plan), the demo body (`app/data/demo.toml`) and
//! the default legal texts (`app/data/legal.toml`) and the figures of the
//! last automated accessibility audit (`app/data/audit.toml`).
//! Both are built into the program and checked by the tests below; the
//! services that load them into a database read them from here.

use std::sync::LazyLock;

use chrono::{NaiveDate, NaiveDateTime};
use serde::{Deserialize, Deserializer, Serialize};

use crate::model::{
    ActionStatus, BodyIdentity, IndicatorKind, InvitationResponse, LegalText, MeetingStatus,
    OrganisationKind, Origin, Priority, ProposalStatus, Role,
};

/// The procedure catalogue of a starting body.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Catalogue {
    pub families: Vec<FamilyData>,
}

/// A family of procedures, in catalogue order.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct FamilyData {
    pub slug: String,
    pub name: String,
    pub procedures: Vec<ProcedureData>,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct ProcedureData {
    pub slug: String,
    pub name: String,
    pub description: String,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub url: Option<String>,
}

/// The demo body: an identity, organisations, people, groups, test
/// campaigns, meetings with their minutes, proposals with their histories
/// and follow-up actions. People, groups, meetings, actions and proposals
/// are named by keys the other entries use; dates are Paris time.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct DemoBody {
    pub identity: BodyIdentity,
    /// The people who sign in with the demo password, one per role.
    pub accounts: DemoAccounts,
    pub organisations: Vec<OrganisationData>,
    pub people: Vec<PersonData>,
    pub groups: Vec<GroupData>,
    pub campaigns: Vec<CampaignData>,
    pub meetings: Vec<MeetingData>,
    pub minutes: Vec<MinutesData>,
    pub actions: Vec<ActionData>,
    pub proposals: Vec<ProposalData>,
    /// Example values of procedures' quality indicators, not official
    /// figures (their source says so).
    #[serde(default)]
    pub indicators: Vec<IndicatorData>,
}

/// An example value of a procedure's quality indicator; `value` is typed as
/// the secretariat types it (« 7,4 », « 62 % », « oui »).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct IndicatorData {
    /// A procedure's slug.
    pub procedure: String,
    pub kind: IndicatorKind,
    pub measured_on: NaiveDate,
    pub value: String,
    pub source: String,
}

/// People keys.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct DemoAccounts {
    pub secretariat: String,
    pub lead: String,
    pub member: String,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct OrganisationData {
    pub slug: String,
    pub name: String,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub short_name: Option<String>,
    pub kind: OrganisationKind,
    pub description: String,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub website: Option<String>,
    pub joined_on: NaiveDate,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub left_on: Option<NaiveDate>,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct PersonData {
    pub key: String,
    pub name: String,
    pub email: String,
    pub role: Role,
    /// An organisation's slug.
    pub organisation: String,
    pub title: String,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct GroupData {
    pub number: i32,
    pub slug: String,
    pub title: String,
    pub mandate: String,
    /// A person's key.
    pub lead: String,
    pub seats: Vec<SeatData>,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct SeatData {
    pub organisation: String,
    pub joined_on: NaiveDate,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub left_on: Option<NaiveDate>,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct CampaignData {
    pub slug: String,
    pub title: String,
    pub site: String,
    pub held_on: NaiveDate,
    pub audience: String,
    pub findings: String,
    pub organisation: String,
    /// Procedures' slugs, from the catalogue file.
    pub procedures: Vec<String>,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct MeetingData {
    pub key: String,
    /// A group's slug; none for a plenary session.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub group: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub ordinal: Option<i32>,
    pub title: String,
    /// When it starts, for a meeting of the record…
    #[serde(
        default,
        skip_serializing_if = "Option::is_none",
        deserialize_with = "optional_paris_time",
        serialize_with = "write_optional_paris_time"
    )]
    pub starts_at: Option<NaiveDateTime>,
    /// …or so many days after the demo is loaded, at `time` (« 14:00 »).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub in_days: Option<i64>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub time: Option<String>,
    pub duration_minutes: i64,
    pub place: String,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub video_url: Option<String>,
    pub agenda: String,
    pub status: MeetingStatus,
    /// A person's key.
    pub created_by: String,
    /// Invite every person but the secretariat's whose organisation sits in
    /// the meeting's group, without an answer yet.
    #[serde(default)]
    pub invite_seated: bool,
    /// Invitations answered.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub replies: Vec<ReplyData>,
    /// When the invitations were sent, for `replies`.
    #[serde(
        default,
        skip_serializing_if = "Option::is_none",
        deserialize_with = "optional_paris_time",
        serialize_with = "write_optional_paris_time"
    )]
    pub convened_at: Option<NaiveDateTime>,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct ReplyData {
    pub person: String,
    pub response: InvitationResponse,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub represented_by: Option<String>,
    #[serde(deserialize_with = "paris_time", serialize_with = "write_paris_time")]
    pub answered_at: NaiveDateTime,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct MinutesData {
    /// A meeting's key.
    pub meeting: String,
    pub author: String,
    #[serde(
        default,
        skip_serializing_if = "Option::is_none",
        deserialize_with = "optional_paris_time",
        serialize_with = "write_optional_paris_time"
    )]
    pub published_at: Option<NaiveDateTime>,
    /// Each revision is the concatenation of sections of the minutes, so that
    /// a later revision shows what was added to an earlier one.
    pub sections: std::collections::BTreeMap<String, String>,
    pub revisions: Vec<RevisionData>,
    /// The « facile à lire et à comprendre » version of the published
    /// minutes, in Markdown.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub easy_read: Option<String>,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct RevisionData {
    #[serde(deserialize_with = "paris_time", serialize_with = "write_paris_time")]
    pub at: NaiveDateTime,
    /// Keys of `sections`, in order.
    pub sections: Vec<String>,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct ActionData {
    pub key: String,
    pub title: String,
    pub description: String,
    /// The meeting that decided it.
    pub meeting: String,
    pub owner: String,
    /// A group's slug.
    pub group: String,
    pub due_on: NaiveDate,
    pub status: ActionStatus,
    #[serde(deserialize_with = "paris_time", serialize_with = "write_paris_time")]
    pub updated_at: NaiveDateTime,
}

/// A proposal as submitted, in submission order (which numbers the
/// references of each year); its organisation is its submitter's.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct ProposalData {
    /// The reference it gets, checked when loading (« DA-2019-0004 »).
    pub reference: String,
    #[serde(deserialize_with = "paris_time", serialize_with = "write_paris_time")]
    pub created: NaiveDateTime,
    pub title: String,
    pub body: String,
    pub origin: Origin,
    pub submitter: String,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub group: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub campaign: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub priority: Option<Priority>,
    pub procedures: Vec<String>,
    /// The progress of its implementation, in percent.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub progress: Option<i32>,
    /// The « facile à lire et à comprendre » version of its latest status
    /// answer, in Markdown.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub easy_answer: Option<String>,
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub steps: Vec<StepData>,
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub milestones: Vec<MilestoneData>,
}

/// A milestone of a proposal's implementation.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct MilestoneData {
    pub title: String,
    pub planned_on: NaiveDate,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub done_on: Option<NaiveDate>,
}

/// One step of a proposal's history after its submission; `by` is a
/// person's key.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(tag = "kind", rename_all = "snake_case", deny_unknown_fields)]
pub enum StepData {
    /// Given to its group.
    Assign {
        #[serde(deserialize_with = "paris_time", serialize_with = "write_paris_time")]
        at: NaiveDateTime,
        by: String,
    },
    Status {
        #[serde(deserialize_with = "paris_time", serialize_with = "write_paris_time")]
        at: NaiveDateTime,
        by: String,
        to: ProposalStatus,
        reason: String,
    },
    Comment {
        #[serde(deserialize_with = "paris_time", serialize_with = "write_paris_time")]
        at: NaiveDateTime,
        by: String,
        body: String,
        #[serde(default)]
        internal: bool,
    },
    Support {
        #[serde(deserialize_with = "paris_time", serialize_with = "write_paris_time")]
        at: NaiveDateTime,
        by: String,
    },
    /// Examined in a meeting.
    Meeting {
        #[serde(deserialize_with = "paris_time", serialize_with = "write_paris_time")]
        at: NaiveDateTime,
        by: String,
        meeting: String,
        note: String,
    },
    /// An action decided about it, by key.
    Action {
        #[serde(deserialize_with = "paris_time", serialize_with = "write_paris_time")]
        at: NaiveDateTime,
        by: String,
        action: String,
    },
    /// Merged into an earlier proposal, by reference.
    Merge {
        #[serde(deserialize_with = "paris_time", serialize_with = "write_paris_time")]
        at: NaiveDateTime,
        by: String,
        into: String,
        reason: String,
    },
}

impl StepData {
    pub fn at(&self) -> NaiveDateTime {
        match self {
            StepData::Assign { at, .. }
            | StepData::Status { at, .. }
            | StepData::Comment { at, .. }
            | StepData::Support { at, .. }
            | StepData::Meeting { at, .. }
            | StepData::Action { at, .. }
            | StepData::Merge { at, .. } => *at,
        }
    }
}

const TIME: &str = "%Y-%m-%d %H:%M";

/// « 2019-07-02 14:00 », Paris time.
fn paris_time<'de, D: Deserializer<'de>>(d: D) -> Result<NaiveDateTime, D::Error> {
    let text = String::deserialize(d)?;
    NaiveDateTime::parse_from_str(&text, TIME).map_err(serde::de::Error::custom)
}

fn optional_paris_time<'de, D: Deserializer<'de>>(d: D) -> Result<Option<NaiveDateTime>, D::Error> {
    paris_time(d).map(Some)
}

fn write_paris_time<S: serde::Serializer>(at: &NaiveDateTime, s: S) -> Result<S::Ok, S::Error> {
    s.serialize_str(&at.format(TIME).to_string())
}

fn write_optional_paris_time<S: serde::Serializer>(
    at: &Option<NaiveDateTime>,
    s: S,
) -> Result<S::Ok, S::Error> {
    match at {
        Some(at) => write_paris_time(at, s),
        None => s.serialize_none(),
    }
}

static CATALOGUE: LazyLock<Catalogue> = LazyLock::new(|| {
    toml::from_str(include_str!("../../data/catalogue.toml"))
        .expect("app/data/catalogue.toml is checked by the tests")
});

static DEMO: LazyLock<DemoBody> = LazyLock::new(|| {
    toml::from_str(include_str!("../../data/demo.toml"))
        .expect("app/data/demo.toml is checked by the tests")
});

static LEGAL: LazyLock<LegalDefaults> = LazyLock::new(|| {
    toml::from_str(include_str!("../../data/legal.toml"))
        .expect("app/data/legal.toml is checked by the tests")
});

/// The legal texts as shipped, in Markdown, for a ministry to complete.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct LegalDefaults {
    pub accessibility: String,
    pub notice: String,
    pub personal_data: String,
}

impl LegalDefaults {
    pub fn text(&self, text: LegalText) -> &str {
        match text {
            LegalText::Accessibility => &self.accessibility,
            LegalText::Notice => &self.notice,
            LegalText::PersonalData => &self.personal_data,
        }
    }
}

/// The default legal texts.
pub fn legal() -> &'static LegalDefaults {
    &LEGAL
}

static AUDIT: LazyLock<AuditFigures> = LazyLock::new(|| {
    toml::from_str(include_str!("../../data/audit.toml"))
        .expect("app/data/audit.toml is checked by the tests")
});

/// What the end-to-end suite checked in the run recorded by
/// `end2end/audit-figures.mjs --record`; `.ci/test` checks every later run
/// against it, so that the statement never claims more than a run shows.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct AuditFigures {
    pub date: NaiveDate,
    /// The command of the run.
    pub command: String,
    /// Pages audited by axe-core, one count per page, width and profile.
    pub axe_audits: u32,
    /// Distinct addresses among them.
    pub axe_addresses: u32,
    pub axe_violations: u32,
    /// Screen widths, in CSS pixels.
    pub widths: Vec<u32>,
    /// « visiteur », « secrétariat », « pilote », « membre ».
    pub profiles: Vec<String>,
    pub html_pages: u32,
    pub html_errors: u32,
    /// The profiles whose journey was done with the keyboard alone.
    pub keyboard_journeys: Vec<String>,
    /// Pages checked in forced colours and with reduced motion.
    pub forced_colours_pages: u32,
    /// Pages checked at 200 % zoom (640 CSS pixels drawn twice as large).
    pub zoom_pages: u32,
}

/// The figures of the last recorded audit.
pub fn audit() -> &'static AuditFigures {
    &AUDIT
}

/// The starting catalogue: the four secure documents of the 2017 plan and
/// the procedures around them.
pub fn catalogue() -> &'static Catalogue {
    &CATALOGUE
}

/// The demo body.
pub fn demo() -> &'static DemoBody {
    &DEMO
}

#[cfg(test)]
mod tests {
    use std::collections::HashSet;

    use super::*;

    fn unique<'a>(what: &str, keys: impl Iterator<Item = &'a str>) -> HashSet<&'a str> {
        let mut seen = HashSet::new();
        for key in keys {
            assert!(seen.insert(key), "{what} « {key} » twice");
        }
        seen
    }

    #[test]
    fn the_legal_texts_read_and_fit_their_field() {
        for text in LegalText::ALL {
            let source = legal().text(text);
            assert!(
                source.chars().count() <= crate::model::LEGAL_TEXT_MAX,
                "{text:?}"
            );
            assert!(
                crate::services::markdown::checked_html(source).is_ok(),
                "{text:?}"
            );
        }
        assert!(legal().accessibility.contains("Défenseur des droits"));
        assert!(legal().accessibility.contains("partiellement conforme"));
    }

    #[test]
    fn the_audit_figures_read_and_hold_together() {
        let audit = audit();
        assert!(audit.axe_addresses > 0 && audit.axe_addresses <= audit.axe_audits);
        assert!(audit.widths.contains(&320) && audit.widths.contains(&1280));
        assert!(!audit.keyboard_journeys.is_empty());
    }

    #[test]
    fn the_catalogue_file_reads_with_unique_addresses() {
        let catalogue = catalogue();
        assert_eq!(catalogue.families.len(), 5);
        unique("family", catalogue.families.iter().map(|f| f.slug.as_str()));
        let procedures = unique(
            "procedure",
            catalogue
                .families
                .iter()
                .flat_map(|f| &f.procedures)
                .map(|p| p.slug.as_str()),
        );
        assert!(procedures.len() >= 20);
        for p in catalogue.families.iter().flat_map(|f| &f.procedures) {
            assert!(!p.name.trim().is_empty() && !p.description.trim().is_empty());
            assert!(p.url.as_deref().is_none_or(|u| u.starts_with("https://")));
        }
    }

    /// Every key the demo file uses names something it (or the catalogue
    /// file) defines, so that loading it cannot fail half-way.
    #[test]
    fn every_name_in_the_demo_file_is_defined() {
        let demo = demo();
        let organisations = unique(
            "organisation",
            demo.organisations.iter().map(|o| o.slug.as_str()),
        );
        let people = unique("person", demo.people.iter().map(|p| p.key.as_str()));
        unique("e-mail", demo.people.iter().map(|p| p.email.as_str()));
        let groups = unique("group", demo.groups.iter().map(|g| g.slug.as_str()));
        let campaigns = unique("campaign", demo.campaigns.iter().map(|c| c.slug.as_str()));
        let meetings = unique("meeting", demo.meetings.iter().map(|m| m.key.as_str()));
        let actions = unique("action", demo.actions.iter().map(|a| a.key.as_str()));
        let procedures: HashSet<&str> = catalogue()
            .families
            .iter()
            .flat_map(|f| &f.procedures)
            .map(|p| p.slug.as_str())
            .collect();
        let a = &demo.accounts;
        for (key, role) in [
            (&a.secretariat, Role::Admin),
            (&a.lead, Role::Lead),
            (&a.member, Role::Member),
        ] {
            let person = demo.people.iter().find(|p| &p.key == key);
            assert_eq!(person.map(|p| p.role), Some(role), "account {key}");
        }
        assert!(demo.identity.check().is_ok());
        for p in &demo.people {
            assert!(organisations.contains(p.organisation.as_str()), "{p:?}");
        }
        for g in &demo.groups {
            assert!(people.contains(g.lead.as_str()), "{}", g.slug);
            for s in &g.seats {
                assert!(organisations.contains(s.organisation.as_str()), "{s:?}");
            }
        }
        for c in &demo.campaigns {
            assert!(
                organisations.contains(c.organisation.as_str()),
                "{}",
                c.slug
            );
            for p in &c.procedures {
                assert!(procedures.contains(p.as_str()), "{p}");
            }
        }
        for m in &demo.meetings {
            assert!(people.contains(m.created_by.as_str()), "{}", m.key);
            assert!(m.group.as_deref().is_none_or(|g| groups.contains(g)));
            let timed = m
                .time
                .as_deref()
                .is_some_and(|t| chrono::NaiveTime::parse_from_str(t, "%H:%M").is_ok());
            assert!(
                m.starts_at.is_some() != (m.in_days.is_some() && timed),
                "{}: a date, or a number of days and a time",
                m.key
            );
            for r in &m.replies {
                assert!(people.contains(r.person.as_str()), "{r:?}");
            }
        }
        for m in &demo.minutes {
            assert!(meetings.contains(m.meeting.as_str()));
            assert!(people.contains(m.author.as_str()));
            assert!(!m.revisions.is_empty());
            for r in &m.revisions {
                for s in &r.sections {
                    assert!(m.sections.contains_key(s), "{}: {s}", m.meeting);
                }
            }
        }
        for a in &demo.actions {
            assert!(meetings.contains(a.meeting.as_str()));
            assert!(people.contains(a.owner.as_str()));
            assert!(groups.contains(a.group.as_str()));
        }
        for i in &demo.indicators {
            assert!(procedures.contains(i.procedure.as_str()), "{i:?}");
            assert!(
                crate::services::backlog::indicators::parse_value(i.kind, &i.value).is_ok(),
                "{i:?}"
            );
            assert!(i.source.contains("non officielles"), "{i:?}");
        }
        let mut earlier = HashSet::new();
        for p in &demo.proposals {
            assert!(people.contains(p.submitter.as_str()), "{}", p.reference);
            assert!(p.group.as_deref().is_none_or(|g| groups.contains(g)));
            assert!(p.campaign.as_deref().is_none_or(|c| campaigns.contains(c)));
            for slug in &p.procedures {
                assert!(procedures.contains(slug.as_str()), "{slug}");
            }
            for step in &p.steps {
                assert!(
                    step.at() >= p.created,
                    "{}: a step before it was made",
                    p.reference
                );
                match step {
                    StepData::Assign { by, .. }
                    | StepData::Status { by, .. }
                    | StepData::Comment { by, .. }
                    | StepData::Support { by, .. } => assert!(people.contains(by.as_str())),
                    StepData::Meeting { by, meeting, .. } => {
                        assert!(people.contains(by.as_str()) && meetings.contains(meeting.as_str()))
                    }
                    StepData::Action { by, action, .. } => {
                        assert!(people.contains(by.as_str()) && actions.contains(action.as_str()))
                    }
                    StepData::Merge { by, into, .. } => {
                        assert!(people.contains(by.as_str()) && earlier.contains(into.as_str()))
                    }
                }
            }
            earlier.insert(p.reference.as_str());
        }
    }
}
