//! Stored HTML injection: hostile strings put through every field any role
//! can write, then every page where they show fetched by each viewer
//! (anonymous, member, lead, secretariat) and parsed as a browser parses it
//! (html5ever, through scraper). A page may hold no element or attribute that
//! the same pages written with harmless text do not (Markdown's own aside),
//! no `meta http-equiv`, no `base`, no script without the response's nonce,
//! no event handler, no `javascript:` link; and the text must be shown as
//! typed wherever it is shown as text (a sink that does not escape shows
//! `&lt;` as `<`).
//!
//! A new field is one line of [`FIELDS`]: its name, the longest text it
//! takes, and what writes it and where it then shows.

use std::collections::{BTreeSet, HashMap};
use std::future::Future;
use std::pin::Pin;

use crate::common;

use app::entities::{meeting, proposal, proposal_event, test_campaign, working_group};
use app::model::{
    AppError, CurrentUser, EasyReadKind, InvitationResponse, MeetingFormData, MeetingKind,
    ProposalStatus,
};
use app::services::accounts::{people, profiles, sessions};
use app::services::backlog::submissions::{self, Submission};
use app::services::backlog::triage::{self, Context, StatusChange};
use app::services::backlog::{amendments, indicators, participation, progress};
use app::services::body::{actions, easy_read, invitees, meetings, membership, minutes};
use axum::http::StatusCode;
use chrono::{Datelike, Duration, Utc};
use sea_orm::{ActiveModelTrait, ColumnTrait, EntityTrait, QueryFilter, QueryOrder, Set};

const URL: &str = common::PUBLIC_URL;
const MEMBER: &str = "marie.lefevre@familles-de-france.example";
const LEAD_2: &str = "julien.garnier@ants.example";
const ADMIN: &str = "helene.marchand@interieur.example";
const MEMBER_ORGANISATION: &str = "familles-de-france";
const GROUP_1: &str = "acces-au-plus-grand-nombre";
const GROUP_2: &str = "simplification-des-demarches";
const CAMPAIGN: &str = "tests-laon-2019";
const PROCEDURE: &str = "cni-pre-demande";

/// What people type to break out of where their text lands: the first is
/// harmless, and the pages written with it are the reference.
const CORPUS: &[&str] = &[
    "Texte ordinaire, sans rien de particulier",
    r#"x </title><meta http-equiv="refresh" content="0;url=https://evil.example/">"#,
    r#"</textarea><base href="//evil.example/"><form action="https://evil.example/">"#,
    r#""><img src=x onerror=alert(1)>'><svg onload=alert(2)>"#,
    "<script>alert(3)</script></script><script>alert(4)</script>",
    "</style><style>*{display:none}</style></noscript><noscript><p title=\"</noscript><img src=x onerror=alert(5)>\">",
    "]]><![CDATA[</title>]]><!-- --!><iframe src=//evil.example>",
    "&lt;b&gt;gras&lt;/b&gt; &amp;amp; &#60;script&#62; &quot;&apos; &#x3C;i&#x3E;",
    "ligne\r\nsuivante\rretour\n<b>gras</b>\tfin",
    "javascript:alert(6) <a href=\"javascript:alert(7)\">lien</a> <a href=//evil.example>ailleurs</a>",
    "{{7*7}} ${7*7} <%= 7*7 %> \u{202e}retourné\u{202c} \u{2028}séparé",
    "<textarea>dedans</textarea><title>autre</title><plaintext>",
];

/// The last round fills each field to its longest with this, in characters
/// of two bytes and more (a column shorter than its check refuses it).
const FILLER: &str = "<é>&‑";

/// Elements and attributes Markdown may produce (ammonia's output) besides
/// those of the reference pages.
const MARKDOWN: &[&str] = &[
    "p",
    "em",
    "strong",
    "del",
    "code",
    "pre",
    "br",
    "hr",
    "ul",
    "ol",
    "li",
    "blockquote",
    "h2",
    "h3",
    "h4",
    "h5",
    "h6",
    "a",
    "a[href]",
    "a[rel]",
    "table",
    "thead",
    "tbody",
    "tr",
    "th",
    "td",
];

/// How a field's text shows on a page.
#[derive(Debug, Clone, Copy, PartialEq)]
enum Shows {
    /// As typed (text, attribute, title, text area).
    Text,
    /// Rendered from Markdown: its words are there, not its characters.
    Markdown,
}

use Shows::{Markdown, Text};

type Written<'w> = Pin<Box<dyn Future<Output = Result<Vec<(String, Shows)>, AppError>> + 'w>>;

/// A field: its name, the longest text it takes (the corpus is cut to it),
/// and what writes `text` into it and says where it then shows.
struct Field {
    name: &'static str,
    longest: usize,
    write: for<'w> fn(&'w mut World, String) -> Written<'w>,
}

const NONE: String = String::new();

#[rustfmt::skip]
const FIELDS: &[Field] = &[
    Field { name: "titre d'une proposition", longest: 200, write: |w, t| Box::pin(w.proposal_title(t)) },
    Field { name: "description d'une proposition", longest: 20_000, write: |w, t| Box::pin(w.proposal_body(t)) },
    Field { name: "commentaire", longest: 5_000, write: |w, t| Box::pin(w.comment(t, false)) },
    Field { name: "commentaire interne", longest: 5_000, write: |w, t| Box::pin(w.comment(t, true)) },
    Field { name: "motif d'un statut", longest: 2_000, write: |w, t| Box::pin(w.status_reason(t)) },
    Field { name: "note d'examen en réunion", longest: 2_000, write: |w, t| Box::pin(w.meeting_note(t)) },
    Field { name: "action de suivi d'une proposition", longest: 200, write: |w, t| Box::pin(w.proposal_action(t)) },
    Field { name: "jalon d'une proposition", longest: 200, write: |w, t| Box::pin(w.milestone(t)) },
    Field { name: "titre d'une réunion", longest: 200, write: |w, t| Box::pin(w.meeting(t, NONE, NONE)) },
    Field { name: "lieu d'une réunion", longest: 300, write: |w, t| Box::pin(w.meeting(NONE, t, NONE)) },
    Field { name: "ordre du jour", longest: 20_000, write: |w, t| Box::pin(w.meeting(NONE, NONE, t)) },
    Field { name: "« représenté par »", longest: 200, write: |w, t| Box::pin(w.represented_by(t)) },
    Field { name: "compte rendu (brouillon)", longest: 200_000, write: |w, t| Box::pin(w.minutes(t, false)) },
    Field { name: "compte rendu publié", longest: 200_000, write: |w, t| Box::pin(w.minutes(t, true)) },
    Field { name: "compte rendu facile à lire", longest: 50_000, write: |w, t| Box::pin(w.easy_minutes(t)) },
    Field { name: "réponse facile à lire", longest: 50_000, write: |w, t| Box::pin(w.easy_answer(t)) },
    Field { name: "action décidée en réunion", longest: 200, write: |w, t| Box::pin(w.meeting_action(t)) },
    Field { name: "nom d'une organisation", longest: 200, write: |w, t| Box::pin(w.organisation(t, NONE, NONE, NONE)) },
    Field { name: "sigle d'une organisation", longest: 40, write: |w, t| Box::pin(w.organisation(NONE, t, NONE, NONE)) },
    Field { name: "présentation d'une organisation", longest: 5_000, write: |w, t| Box::pin(w.organisation(NONE, NONE, t, NONE)) },
    Field { name: "site d'une organisation", longest: 280, write: |w, t| Box::pin(w.organisation(NONE, NONE, NONE, t)) },
    Field { name: "intitulé d'un groupe", longest: 200, write: |w, t| Box::pin(w.group(t, NONE)) },
    Field { name: "mandat d'un groupe", longest: 10_000, write: |w, t| Box::pin(w.group(NONE, t)) },
    Field { name: "nom d'une personne", longest: 200, write: |w, t| Box::pin(w.person_name(t)) },
    Field { name: "fonction d'une personne", longest: 200, write: |w, t| Box::pin(w.person_position(t)) },
    Field { name: "titre corrigé d'une proposition", longest: 200, write: |w, t| Box::pin(w.edited(t, NONE)) },
    Field { name: "description corrigée d'une proposition", longest: 20_000, write: |w, t| Box::pin(w.edited(NONE, t)) },
    Field { name: "motif d'un retrait", longest: 2_000, write: |w, t| Box::pin(w.withdrawal_reason(t)) },
    Field { name: "nom d'une personne invitée", longest: 200, write: |w, t| Box::pin(w.guest_name(t)) },
    Field { name: "campagne : intitulé", longest: 200, write: |w, t| Box::pin(w.campaign("title", t)) },
    Field { name: "campagne : lieu", longest: 200, write: |w, t| Box::pin(w.campaign("site", t)) },
    Field { name: "campagne : public", longest: 300, write: |w, t| Box::pin(w.campaign("audience", t)) },
    Field { name: "campagne : constats", longest: 20_000, write: |w, t| Box::pin(w.campaign("findings", t)) },
    Field { name: "source d'un indicateur", longest: 300, write: |w, t| Box::pin(w.indicator_source(t)) },
    Field { name: "titre d'une proposition réalisée", longest: 200, write: |w, t| Box::pin(w.delivered(t)) },
    Field { name: "bilan annuel facile à lire", longest: 50_000, write: |w, t| Box::pin(w.easy_report(t)) },
];

/// Who looks at the pages.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
enum Viewer {
    Anonymous,
    Member,
    Lead,
    Admin,
}

const VIEWERS: [Viewer; 4] = [
    Viewer::Anonymous,
    Viewer::Member,
    Viewer::Lead,
    Viewer::Admin,
];

/// The database, the application and the people writing; what a round of
/// writes shares (its proposal and meeting).
struct World {
    test: common::TestDb,
    app: axum::Router,
    member: CurrentUser,
    lead: CurrentUser,
    admin: CurrentUser,
    cookies: HashMap<Viewer, String>,
    /// Counts the objects made, so that names that must differ do.
    serial: usize,
    round_proposal: Option<String>,
    round_meeting: Option<i32>,
}

/// `text` cut to `longest` characters.
fn cut(text: &str, longest: usize) -> String {
    text.chars().take(longest).collect()
}

fn plain(text: &str) -> String {
    format!("Texte ordinaire {text}")
}

fn or_plain(text: String, what: &str) -> String {
    if text.is_empty() {
        plain(what)
    } else {
        text
    }
}

impl World {
    async fn new() -> Self {
        let test = common::with_demo().await;
        let site = tempfile::tempdir().unwrap();
        let app = common::router(&test, site.path());
        let member = common::demo_person(&test, MEMBER).await;
        let lead = common::demo_person(&test, LEAD_2).await;
        let admin = common::demo_person(&test, ADMIN).await;
        let mut cookies = HashMap::new();
        for (viewer, person) in [
            (Viewer::Member, &member),
            (Viewer::Lead, &lead),
            (Viewer::Admin, &admin),
        ] {
            let token = sessions::start(&test.db, person.id, None, None, Utc::now())
                .await
                .unwrap();
            cookies.insert(viewer, format!("ecoute_session={token}"));
        }
        let mut world = World {
            test,
            app,
            member,
            lead,
            admin,
            cookies,
            serial: 0,
            round_proposal: None,
            round_meeting: None,
        };
        // Enough proposals for the lists to have several pages from the
        // first round on, so that their pagination is in the reference.
        for n in 0..25 {
            world
                .submit(&plain(&format!("proposition {n}")), "Texte ordinaire")
                .await
                .unwrap();
        }
        world
    }

    fn next(&mut self) -> usize {
        self.serial += 1;
        self.serial
    }

    fn ctx(&self) -> Context<'_> {
        Context {
            user: &self.lead,
            public_url: URL.into(),
            ip: None,
            now: Utc::now(),
        }
    }

    async fn version(&self, reference: &str) -> i32 {
        proposal::Entity::find()
            .filter(proposal::Column::Reference.eq(reference))
            .one(&self.test.db)
            .await
            .unwrap()
            .unwrap()
            .version
    }

    /// A proposal of the member's organisation for group 2, made public.
    async fn submit(&mut self, title: &str, body: &str) -> Result<String, AppError> {
        let submission = Submission {
            title: title.into(),
            body: body.into(),
            procedures: vec![PROCEDURE.into()],
            origin: "association".into(),
            campaign: CAMPAIGN.into(),
            group: "simplification-des-demarches".into(),
            organisation: String::new(),
        };
        let p = submissions::submit(
            &self.test.db,
            &self.member,
            submission,
            URL,
            None,
            Utc::now(),
        )
        .await?;
        let change = StatusChange {
            version: p.version,
            status: ProposalStatus::EnInstruction.code().into(),
            ..Default::default()
        };
        triage::change_status(&self.test.db, &self.ctx(), &p.reference, change).await?;
        Ok(p.reference)
    }

    /// The proposal of this round, made with a harmless text if need be.
    async fn proposal(&mut self) -> Result<String, AppError> {
        if let Some(reference) = &self.round_proposal {
            return Ok(reference.clone());
        }
        let n = self.next();
        let reference = self
            .submit(&plain(&format!("proposition {n}")), "Texte ordinaire")
            .await?;
        self.round_proposal = Some(reference.clone());
        Ok(reference)
    }

    fn proposal_page(reference: &str) -> Vec<(String, Shows)> {
        vec![(format!("/propositions/{reference}"), Text)]
    }

    async fn proposal_title(&mut self, text: String) -> Result<Vec<(String, Shows)>, AppError> {
        let reference = self.submit(&text, "Texte ordinaire").await?;
        self.round_proposal = Some(reference.clone());
        let mut pages = Self::proposal_page(&reference);
        for list in [
            "/".to_string(),
            "/propositions".into(),
            format!("/groupes/{GROUP_2}"),
            format!("/membres/{MEMBER_ORGANISATION}"),
            format!("/demarches/{PROCEDURE}"),
            format!("/campagnes/{CAMPAIGN}"),
        ] {
            pages.push((list, Text));
        }
        Ok(pages)
    }

    async fn proposal_body(&mut self, text: String) -> Result<Vec<(String, Shows)>, AppError> {
        let n = self.next();
        let reference = self
            .submit(&plain(&format!("description {n}")), &text)
            .await?;
        Ok(vec![(format!("/propositions/{reference}"), Markdown)])
    }

    async fn comment(
        &mut self,
        text: String,
        internal: bool,
    ) -> Result<Vec<(String, Shows)>, AppError> {
        let reference = self.proposal().await?;
        // A minute apart: a person posts only a few comments a minute.
        let at = Utc::now() + Duration::minutes(self.next() as i64);
        let author = if internal { &self.lead } else { &self.member };
        let ctx = Context {
            user: author,
            public_url: URL.into(),
            ip: None,
            now: at,
        };
        participation::comment(&self.test.db, &ctx, &reference, &text, internal).await?;
        Ok(Self::proposal_page(&reference))
    }

    async fn status_reason(&mut self, text: String) -> Result<Vec<(String, Shows)>, AppError> {
        let reference = self.proposal().await?;
        let change = StatusChange {
            version: self.version(&reference).await,
            status: ProposalStatus::Retenue.code().into(),
            reason: text,
            kept: String::new(),
        };
        triage::change_status(&self.test.db, &self.ctx(), &reference, change).await?;
        let session = self.plenary().await;
        let mut pages = Self::proposal_page(&reference);
        pages.push((format!("/reunions/{session}/suite-donnee"), Text));
        Ok(pages)
    }

    /// A milestone of a proposal just retenue.
    async fn milestone(&mut self, text: String) -> Result<Vec<(String, Shows)>, AppError> {
        let n = self.next();
        let reference = self
            .submit(&plain(&format!("jalon {n}")), "Texte ordinaire")
            .await?;
        let change = StatusChange {
            version: self.version(&reference).await,
            status: ProposalStatus::Retenue.code().into(),
            reason: String::new(),
            kept: String::new(),
        };
        triage::change_status(&self.test.db, &self.ctx(), &reference, change).await?;
        let version = self.version(&reference).await;
        progress::add_milestone(
            &self.test.db,
            &self.ctx(),
            &reference,
            version,
            &text,
            "2099-01-31",
        )
        .await?;
        Ok(Self::proposal_page(&reference))
    }

    /// The demo's next plenary session: its « suite donnée » lists the
    /// proposals decided now.
    async fn plenary(&self) -> i32 {
        meeting::Entity::find()
            .filter(meeting::Column::Kind.eq(MeetingKind::Plenary))
            .filter(meeting::Column::StartsAt.gt(Utc::now()))
            .order_by_asc(meeting::Column::StartsAt)
            .one(&self.test.db)
            .await
            .unwrap()
            .expect("a plenary session to come in the demo data")
            .id
    }

    async fn meeting_note(&mut self, text: String) -> Result<Vec<(String, Shows)>, AppError> {
        let reference = self.proposal().await?;
        let meeting = self.round_meeting().await?;
        let version = self.version(&reference).await;
        triage::link_meeting(
            &self.test.db,
            &self.ctx(),
            &reference,
            version,
            meeting,
            &text,
        )
        .await?;
        Ok(Self::proposal_page(&reference))
    }

    async fn proposal_action(&mut self, text: String) -> Result<Vec<(String, Shows)>, AppError> {
        let reference = self.proposal().await?;
        let form = self.action_form(text);
        triage::record_action(&self.test.db, &self.lead, &reference, form, URL, None).await?;
        let mut pages = Self::proposal_page(&reference);
        pages.push(("/tableau-de-bord".into(), Text));
        Ok(pages)
    }

    fn action_form(&self, title: String) -> actions::ActionForm {
        actions::ActionForm {
            title,
            owner: self.member.email.clone(),
            due_on: (Utc::now() + Duration::days(30)).date_naive().to_string(),
            description: String::new(),
            proposal_reference: String::new(),
        }
    }

    /// A convened meeting of group 2, next year.
    async fn schedule(
        &mut self,
        title: String,
        place: String,
        agenda: String,
    ) -> Result<i32, AppError> {
        let n = self.next();
        // Each later than the one before: lists show the latest first.
        let day = (Utc::now() + Duration::days(30 + n as i64)).date_naive();
        let form = MeetingFormData {
            plenary: false,
            group_slug: Some(GROUP_2.into()),
            title: or_plain(title, &format!("réunion {n}")),
            date: day.to_string(),
            time: "14:00".into(),
            duration_minutes: 120,
            place: or_plain(place, "lieu"),
            agenda: or_plain(agenda, "ordre du jour"),
            ..Default::default()
        };
        let id = meetings::save(&self.test.db, &self.lead, form, URL, None, Utc::now()).await?;
        meetings::convene(&self.test.db, &self.lead, id, URL, None, Utc::now()).await?;
        Ok(id)
    }

    async fn round_meeting(&mut self) -> Result<i32, AppError> {
        if let Some(id) = self.round_meeting {
            return Ok(id);
        }
        let id = self.schedule(NONE, NONE, NONE).await?;
        self.round_meeting = Some(id);
        Ok(id)
    }

    async fn meeting(
        &mut self,
        title: String,
        place: String,
        agenda: String,
    ) -> Result<Vec<(String, Shows)>, AppError> {
        let (titled, with_agenda) = (!title.is_empty(), !agenda.is_empty());
        let id = self.schedule(title, place, agenda).await?;
        let (page, form) = (
            format!("/reunions/{id}"),
            format!("/reunions/{id}/modifier"),
        );
        Ok(if with_agenda {
            vec![(page, Markdown), (form, Text)]
        } else if titled {
            let group = format!("/groupes/{GROUP_2}");
            vec![(page, Text), (form, Text), (group, Text)]
        } else {
            vec![(page, Text), (form, Text)]
        })
    }

    async fn represented_by(&mut self, text: String) -> Result<Vec<(String, Shows)>, AppError> {
        // A meeting of its own: its convocation is the member's latest.
        let id = self.schedule(NONE, NONE, NONE).await?;
        let token =
            common::link_in_outbox(&self.test, &self.member.email, "/reunions/reponse/").await;
        meetings::answer(
            &self.test.db,
            &self.member,
            id,
            InvitationResponse::Represented,
            Some(text),
            None,
            Utc::now(),
        )
        .await?;
        Ok(vec![
            (format!("/reunions/{id}"), Text),
            (format!("/reunions/reponse/{token}"), Text),
        ])
    }

    async fn minutes(
        &mut self,
        text: String,
        publish: bool,
    ) -> Result<Vec<(String, Shows)>, AppError> {
        let id = self.schedule(NONE, NONE, NONE).await?;
        minutes::save(&self.test.db, &self.lead, id, 0, &text, None, Utc::now()).await?;
        if publish {
            minutes::publish(&self.test.db, &self.lead, id, URL, None, Utc::now()).await?;
        }
        let shows = if publish { Markdown } else { Text };
        Ok(vec![(format!("/reunions/{id}/compte-rendu"), shows)])
    }

    /// The « facile à lire » version of minutes just published.
    async fn easy_minutes(&mut self, text: String) -> Result<Vec<(String, Shows)>, AppError> {
        let id = self.schedule(NONE, NONE, NONE).await?;
        minutes::save(
            &self.test.db,
            &self.lead,
            id,
            0,
            "Texte ordinaire",
            None,
            Utc::now(),
        )
        .await?;
        minutes::publish(&self.test.db, &self.lead, id, URL, None, Utc::now()).await?;
        let key = id.to_string();
        easy_read::save(
            &self.test.db,
            &self.admin,
            EasyReadKind::Minutes,
            &key,
            &text,
            None,
            Utc::now(),
        )
        .await?;
        Ok(vec![
            (
                format!("/reunions/{id}/compte-rendu?version=falc"),
                Markdown,
            ),
            (format!("/admin/facile-a-lire/minutes/{id}"), Text),
        ])
    }

    /// The « facile à lire » version of the answer of a proposal just
    /// decided, on its page and in « suite donnée ».
    async fn easy_answer(&mut self, text: String) -> Result<Vec<(String, Shows)>, AppError> {
        let n = self.next();
        let reference = self
            .submit(&plain(&format!("réponse {n}")), "Texte ordinaire")
            .await?;
        let change = StatusChange {
            version: self.version(&reference).await,
            status: ProposalStatus::NonRetenue.code().into(),
            reason: plain("motif"),
            kept: String::new(),
        };
        triage::change_status(&self.test.db, &self.ctx(), &reference, change).await?;
        let answer = proposal_event::Entity::find()
            .filter(proposal_event::Column::ToStatus.eq(ProposalStatus::NonRetenue))
            .order_by_desc(proposal_event::Column::Id)
            .one(&self.test.db)
            .await
            .unwrap()
            .unwrap()
            .id
            .to_string();
        easy_read::save(
            &self.test.db,
            &self.admin,
            EasyReadKind::StatusAnswer,
            &answer,
            &text,
            None,
            Utc::now(),
        )
        .await?;
        let session = self.plenary().await;
        Ok(vec![
            (format!("/propositions/{reference}?version=falc"), Markdown),
            (
                format!("/reunions/{session}/suite-donnee?version=falc"),
                Markdown,
            ),
            (format!("/admin/facile-a-lire/status_answer/{answer}"), Text),
        ])
    }

    async fn meeting_action(&mut self, text: String) -> Result<Vec<(String, Shows)>, AppError> {
        let id = self.round_meeting().await?;
        let form = self.action_form(text);
        meetings::record_action(&self.test.db, &self.lead, id, form, URL, None).await?;
        Ok(vec![
            (format!("/reunions/{id}/compte-rendu"), Text),
            (format!("/reunions/{id}"), Text),
            (format!("/groupes/{GROUP_2}"), Text),
            ("/tableau-de-bord".into(), Text),
            ("/admin/journal".into(), Text),
        ])
    }

    async fn organisation(
        &mut self,
        name: String,
        short_name: String,
        description: String,
        website: String,
    ) -> Result<Vec<(String, Shows)>, AppError> {
        let n = self.next();
        let named = !name.is_empty();
        let form = membership::OrganisationForm {
            name: or_plain(name, &format!("organisation {n}")),
            short_name,
            kind: "association".into(),
            description,
            website: if website.is_empty() {
                website
            } else {
                format!("https://x.example/{website}")
            },
            joined_on: "2020-01-01".into(),
        };
        let slug = membership::create_organisation(&self.test.db, &self.admin, form, None).await?;
        let mut pages = vec![(format!("/membres/{slug}"), Text)];
        if named {
            pages.push(("/membres".into(), Text));
            pages.push(("/admin/journal".into(), Text));
        }
        Ok(pages)
    }

    /// Group 1's title or mandate; the other stays as it is.
    async fn group(
        &mut self,
        title: String,
        mandate: String,
    ) -> Result<Vec<(String, Shows)>, AppError> {
        let group = working_group::Entity::find()
            .filter(working_group::Column::Slug.eq(GROUP_1))
            .one(&self.test.db)
            .await?
            .unwrap();
        let titled = !title.is_empty();
        let form = membership::GroupForm {
            title: if titled { title } else { group.title },
            mandate: if titled { group.mandate } else { mandate },
            lead_user_id: group
                .lead_user_id
                .map(|id| id.to_string())
                .unwrap_or_default(),
        };
        membership::update_group(&self.test.db, &self.admin, GROUP_1, form, None).await?;
        let page = format!("/groupes/{GROUP_1}");
        Ok(if titled {
            vec![
                (page, Text),
                ("/groupes".into(), Text),
                ("/".into(), Text),
                ("/admin/journal".into(), Text),
            ]
        } else {
            vec![(page, Markdown)]
        })
    }

    async fn person_name(&mut self, text: String) -> Result<Vec<(String, Shows)>, AppError> {
        let n = self.next();
        let invited = people::invite(
            &self.test.db,
            &self.admin,
            &format!("personne.{n}@exemple.org"),
            &text,
            app::model::Role::Member,
            self.member.organisation_id,
            &people::Origin::default(),
            URL,
            Utc::now(),
        )
        .await?;
        Ok(vec![
            (format!("/membres/{MEMBER_ORGANISATION}"), Text),
            ("/admin/comptes".into(), Text),
            (format!("/admin/comptes/{}", invited.id), Text),
        ])
    }

    /// The member's own, on « Mon compte ».
    async fn person_position(&mut self, text: String) -> Result<Vec<(String, Shows)>, AppError> {
        let name = self.member.name.clone();
        profiles::update_mine(
            &self.test.db,
            &self.member,
            &name,
            &text,
            &people::Origin::default(),
        )
        .await?;
        Ok(vec![
            (format!("/membres/{MEMBER_ORGANISATION}"), Text),
            ("/compte".into(), Text),
        ])
    }

    /// A proposal of the member's organisation, still « déposée ».
    async fn filed(&mut self) -> Result<proposal::Model, AppError> {
        let n = self.next();
        let submission = Submission {
            title: plain(&format!("déposée {n}")),
            body: "Texte ordinaire".into(),
            procedures: vec![PROCEDURE.into()],
            origin: "association".into(),
            campaign: CAMPAIGN.into(),
            group: GROUP_2.into(),
            organisation: String::new(),
        };
        submissions::submit(
            &self.test.db,
            &self.member,
            submission,
            URL,
            None,
            Utc::now(),
        )
        .await
    }

    /// The member's organisation corrects the title or the description of
    /// its proposal; the other stays as it is.
    async fn edited(
        &mut self,
        title: String,
        body: String,
    ) -> Result<Vec<(String, Shows)>, AppError> {
        let p = self.filed().await?;
        let titled = !title.is_empty();
        let edit = amendments::Edit {
            version: p.version,
            title: if titled { title } else { p.title.clone() },
            body: if titled { p.body.clone() } else { body },
            procedures: vec![PROCEDURE.into()],
        };
        let ctx = Context {
            user: &self.member,
            public_url: URL.into(),
            ip: None,
            now: Utc::now(),
        };
        amendments::edit(&self.test.db, &ctx, &p.reference, edit).await?;
        let (page, form) = (
            format!("/propositions/{}", p.reference),
            format!("/propositions/{}/modifier", p.reference),
        );
        Ok(if titled {
            vec![(page, Text), (form, Text)]
        } else {
            vec![(page, Markdown), (form, Text)]
        })
    }

    /// The member's organisation withdraws a public proposal of its own.
    async fn withdrawal_reason(&mut self, text: String) -> Result<Vec<(String, Shows)>, AppError> {
        let n = self.next();
        let reference = self
            .submit(&plain(&format!("retirée {n}")), "Texte ordinaire")
            .await?;
        let version = self.version(&reference).await;
        let ctx = Context {
            user: &self.member,
            public_url: URL.into(),
            ip: None,
            now: Utc::now(),
        };
        amendments::withdraw(&self.test.db, &ctx, &reference, version, &text).await?;
        Ok(Self::proposal_page(&reference))
    }

    /// A guest without an account, invited by e-mail to this round's meeting.
    async fn guest_name(&mut self, text: String) -> Result<Vec<(String, Shows)>, AppError> {
        let id = self.round_meeting().await?;
        let email = format!("invite.{}@exemple.org", self.next());
        invitees::invite_guest(
            &self.test.db,
            &self.lead,
            id,
            &email,
            &text,
            URL,
            None,
            Utc::now(),
        )
        .await?;
        let token = common::link_in_outbox(&self.test, &email, "/reunions/invite/").await;
        Ok(vec![
            (format!("/reunions/{id}"), Text),
            (format!("/reunions/invite/{token}"), Text),
        ])
    }

    async fn indicator_source(&mut self, text: String) -> Result<Vec<(String, Shows)>, AppError> {
        let typed = indicators::Typed {
            procedure: "passeport-pre-demande".into(),
            kind: "satisfaction".into(),
            measured_on: "2024-03-31".into(),
            value: "7".into(),
            source: text,
        };
        indicators::record(&self.test.db, &self.admin, &typed, None, Utc::now()).await?;
        Ok(vec![
            ("/demarches/passeport-pre-demande".into(), Text),
            ("/admin/indicateurs".into(), Text),
        ])
    }

    /// A proposal delivered this year: its title in the year's report.
    async fn delivered(&mut self, text: String) -> Result<Vec<(String, Shows)>, AppError> {
        let reference = self.submit(&text, "Texte ordinaire").await?;
        for status in [
            ProposalStatus::Retenue,
            ProposalStatus::EnCours,
            ProposalStatus::Realisee,
        ] {
            let change = StatusChange {
                version: self.version(&reference).await,
                status: status.code().into(),
                reason: String::new(),
                kept: String::new(),
            };
            triage::change_status(&self.test.db, &self.ctx(), &reference, change).await?;
        }
        Ok(vec![(format!("/bilan/{}", Utc::now().year()), Text)])
    }

    /// The « facile à lire » version of this year's report, at its end.
    async fn easy_report(&mut self, text: String) -> Result<Vec<(String, Shows)>, AppError> {
        let year = Utc::now().year().to_string();
        easy_read::save(
            &self.test.db,
            &self.admin,
            EasyReadKind::AnnualReport,
            &year,
            &text,
            None,
            Utc::now(),
        )
        .await?;
        Ok(vec![
            (format!("/bilan/{year}"), Markdown),
            (format!("/admin/facile-a-lire/annual_report/{year}"), Text),
        ])
    }

    /// No form writes them yet: the demo data does.
    async fn campaign(
        &mut self,
        column: &str,
        text: String,
    ) -> Result<Vec<(String, Shows)>, AppError> {
        let mut campaign: test_campaign::ActiveModel = test_campaign::Entity::find()
            .filter(test_campaign::Column::Slug.eq(CAMPAIGN))
            .one(&self.test.db)
            .await?
            .unwrap()
            .into();
        let shows = match column {
            "title" => {
                campaign.title = Set(text);
                Text
            }
            "site" => {
                campaign.site = Set(text);
                Text
            }
            "audience" => {
                campaign.audience = Set(text);
                Text
            }
            _ => {
                campaign.findings = Set(text);
                Markdown
            }
        };
        campaign.update(&self.test.db).await?;
        let mut pages = vec![(format!("/campagnes/{CAMPAIGN}"), shows)];
        if shows == Text {
            pages.push(("/campagnes".into(), Text));
        }
        Ok(pages)
    }
}

/// Whitespace as one space: parsers turn CR LF into LF, pages wrap text.
fn squeeze(text: &str) -> String {
    text.split_whitespace().collect::<Vec<_>>().join(" ")
}

/// What a page is made of, as a browser builds it.
struct Parsed {
    /// "tag" and "tag[attribute]" of every element.
    vocabulary: BTreeSet<String>,
    /// Every text and attribute value, whitespace squeezed.
    texts: Vec<String>,
    /// What no page of ours may hold.
    faults: Vec<String>,
}

fn parse(html: &str, nonce: &str) -> Parsed {
    let document = scraper::Html::parse_document(html);
    let mut parsed = Parsed {
        vocabulary: BTreeSet::new(),
        texts: Vec::new(),
        faults: Vec::new(),
    };
    let mut titles = 0;
    for node in document.tree.nodes() {
        match node.value() {
            scraper::Node::Text(text) => parsed.texts.push(squeeze(text)),
            scraper::Node::Element(element) => {
                let tag = element.name();
                parsed.vocabulary.insert(tag.to_string());
                titles += usize::from(tag == "title");
                for (name, value) in element.attrs() {
                    parsed.vocabulary.insert(format!("{tag}[{name}]"));
                    parsed.texts.push(squeeze(value));
                    let scheme = value.trim().to_lowercase();
                    if name.starts_with("on") {
                        parsed
                            .faults
                            .push(format!("event handler {name} on <{tag}>"));
                    }
                    // The icon's placeholder (app.rs) is the one data:
                    // address a page holds: empty, it carries nothing.
                    let icon_placeholder =
                        tag == "link" && element.attr("rel") == Some("icon") && value == "data:,";
                    if ["href", "src", "action", "formaction"].contains(&name)
                        && (scheme.starts_with("javascript:") || scheme.starts_with("data:"))
                        && !icon_placeholder
                    {
                        parsed.faults.push(format!("<{tag} {name}=\"{value}\">"));
                    }
                    if name == "action" && !value.starts_with('/') {
                        parsed
                            .faults
                            .push(format!("a form sent elsewhere: {value}"));
                    }
                }
                match tag {
                    // The charts drawn by components/line_chart.rs, in their
                    // figure, are the only drawings a page holds.
                    "svg"
                        if node.ancestors().any(|a| {
                            a.value().as_element().is_some_and(|e| {
                                e.name() == "figure"
                                    && e.attr("class").is_some_and(|c| c.contains("ecoute-chart"))
                            })
                        }) => {}
                    "base" | "iframe" | "object" | "embed" | "frame" | "svg" | "math" | "img" => {
                        parsed.faults.push(format!("<{tag}>"))
                    }
                    "meta" if element.attr("http-equiv").is_some() => {
                        parsed.faults.push("<meta http-equiv>".into())
                    }
                    "script" if element.attr("nonce") != Some(nonce) => parsed
                        .faults
                        .push("a script without this response's nonce".into()),
                    _ => {}
                }
            }
            _ => {}
        }
    }
    if titles != 1 {
        parsed.faults.push(format!("{titles} <title> elements"));
    }
    parsed
}

/// A page as `viewer` gets it, parsed; `None` when not theirs to see.
async fn fetch(world: &World, path: &str, viewer: Viewer) -> Option<Parsed> {
    let cookie = world.cookies.get(&viewer).map(String::as_str);
    let response = common::get(&world.app, path, cookie).await;
    if response.status != StatusCode::OK {
        assert!(
            response.status.is_redirection()
                || [StatusCode::FORBIDDEN, StatusCode::NOT_FOUND].contains(&response.status),
            "{path} as {viewer:?}: {}",
            response.status
        );
        return None;
    }
    let nonce = common::csp_nonce(&response.headers);
    Some(parse(&response.text(), &nonce))
}

#[tokio::test]
async fn hostile_text_in_any_field_adds_nothing_to_any_page() {
    let mut world = World::new().await;
    let mut reference: BTreeSet<String> = MARKDOWN.iter().map(|s| s.to_string()).collect();
    let mut failures = Vec::new();
    let filler = FILLER.repeat(50_000);
    for (round, hostile) in CORPUS.iter().copied().chain([filler.as_str()]).enumerate() {
        let shown_as: String = hostile.chars().take(60).collect();
        world.round_proposal = None;
        world.round_meeting = None;
        // Each field's text starts with a mark of its own, found even where
        // Markdown reshapes the rest.
        let mut shown: Vec<(String, &'static str, String, Shows)> = Vec::new();
        for (index, field) in FIELDS.iter().enumerate() {
            let mark = format!("Zq{round}x{index}");
            let text = cut(&format!("{mark} {hostile}"), field.longest);
            match (field.write)(&mut world, text.clone()).await {
                Ok(pages) => {
                    for (path, shows) in pages {
                        let expected = match shows {
                            Text => squeeze(&text),
                            Markdown => mark.clone(),
                        };
                        shown.push((path, field.name, expected, shows));
                    }
                }
                // Control characters may be refused in a field of one line.
                Err(AppError::Invalid(_)) if hostile.contains(['\r', '\n', '\t']) => {}
                Err(error) => {
                    failures.push(format!("{}: {shown_as:?} refused: {error:?}", field.name))
                }
            }
        }
        let paths: BTreeSet<&str> = shown.iter().map(|(path, ..)| path.as_str()).collect();
        let mut seen: HashMap<&str, Vec<Parsed>> = HashMap::new();
        for path in paths {
            for viewer in VIEWERS {
                let Some(parsed) = fetch(&world, path, viewer).await else {
                    continue;
                };
                if round == 0 {
                    reference.extend(parsed.vocabulary.iter().cloned());
                }
                for fault in &parsed.faults {
                    failures.push(format!("{path} as {viewer:?}, text {shown_as:?}: {fault}"));
                }
                for word in parsed.vocabulary.difference(&reference) {
                    failures.push(format!(
                        "{path} as {viewer:?}, text {shown_as:?}: <{word}> is not the application's"
                    ));
                }
                seen.entry(path).or_default().push(parsed);
            }
        }
        for (path, field, expected, shows) in &shown {
            let pages = seen
                .get(path.as_str())
                .map(Vec::as_slice)
                .unwrap_or_default();
            let found = pages.iter().any(|page| {
                page.texts
                    .iter()
                    .any(|text| text.contains(expected.as_str()))
            });
            if !found {
                let expected: String = expected.chars().take(80).collect();
                failures.push(format!(
                    "{field}: {path} shows {expected:?}… ({shows:?}) to no one"
                ));
            }
        }
        assert!(
            round > 0 || failures.is_empty(),
            "the harmless round already fails:\n{}",
            failures.join("\n")
        );
    }
    assert!(
        failures.is_empty(),
        "{}\n{} failures",
        failures.join("\n"),
        failures.len()
    );
    world.test.drop_db().await;
}
