//! Telling the people who handle proposals of new work. The caller says what
//! happened (a [`Notice`], written by one of the functions below) and to
//! whom (user ids: the caller knows who leads a group or who is at the
//! secretariat); each person's choice for that kind of news decides between
//! an e-mail in the outbox now, a line waiting for their daily or weekly
//! digest (sent by the digests module) and nothing. The person who did the
//! thing is never told, nor an account that is no longer active.
//!
//! Pass the transaction of the change, so that a change rolled back tells
//! no one.

use std::collections::{BTreeSet, HashMap};

use chrono::{DateTime, Utc};
use sea_orm::{
    ActiveModelTrait, ColumnTrait, ConnectionTrait, DbErr, EntityTrait, QueryFilter, Set,
};

use super::{emails, outbox};
use crate::entities::{digest_item, notice_preference, user};
use crate::model::{Cadence, NoticeKind};

/// Where each person chooses when they are told.
pub fn preferences_url(public_url: &str) -> String {
    format!("{public_url}/compte/notifications")
}

/// A piece of news, as an e-mail of its own and as a digest's line.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Notice {
    pub kind: NoticeKind,
    /// The proposal it is about: digests group their lines by proposal.
    pub proposal_id: Option<i32>,
    pub subject: String,
    pub paragraphs: Vec<String>,
    /// The e-mail's link: label and address.
    pub link: (String, String),
    /// What a digest says of it, in one line.
    pub line: String,
}

/// A proposal as notices name it: « DA-2026-0013 « Titre » ».
fn named(reference: &str, title: &str) -> String {
    format!("{reference} « {title} »")
}

/// At most 400 characters of a comment, for an e-mail.
fn excerpt(text: &str) -> String {
    const LONGEST: usize = 400;
    let text = text.trim();
    if text.chars().count() <= LONGEST {
        text.to_string()
    } else {
        let cut: String = text.chars().take(LONGEST).collect();
        format!("{}…", cut.trim_end())
    }
}

/// A proposal as it is handed to notices.
#[derive(Debug, Clone, Copy)]
pub struct About<'a> {
    pub id: i32,
    pub reference: &'a str,
    pub title: &'a str,
    /// Its page.
    pub url: &'a str,
}

/// A new proposal, for its group's lead and the secretariat.
pub fn new_proposal(p: About<'_>, organisation: &str, group: Option<&str>) -> Notice {
    let whereabouts = match group {
        Some(group) => format!("Elle est proposée au {group}."),
        None => "Elle n'est proposée à aucun groupe de travail : le secrétariat l'attribuera."
            .to_string(),
    };
    Notice {
        kind: NoticeKind::NewProposal,
        proposal_id: Some(p.id),
        subject: format!("Nouvelle proposition {} : {}", p.reference, p.title),
        paragraphs: vec![
            format!(
                "{organisation} a déposé la proposition {}.",
                named(p.reference, p.title)
            ),
            format!("{whereabouts} Elle attend d'être instruite."),
        ],
        link: ("Lire et instruire la proposition".into(), p.url.to_string()),
        line: format!("Nouvelle proposition déposée par {organisation}"),
    }
}

/// A comment on a proposal, for its group's lead; `internal` ones are said
/// so (only the secretariat and the leads read them).
pub fn commented(p: About<'_>, author: &str, body: &str, internal: bool) -> Notice {
    let what = if internal {
        "commentaire interne"
    } else {
        "commentaire"
    };
    Notice {
        kind: NoticeKind::Participation,
        proposal_id: Some(p.id),
        subject: format!("Proposition {} : nouveau {what}", p.reference),
        paragraphs: vec![
            format!(
                "{author} a écrit un {what} sur la proposition {} :",
                named(p.reference, p.title)
            ),
            excerpt(body),
        ],
        link: (
            "Voir le commentaire dans l'historique".into(),
            format!("{}#historique", p.url),
        ),
        line: format!("{} de {author}", capitalised(what)),
    }
}

fn capitalised(text: &str) -> String {
    let mut chars = text.chars();
    chars
        .next()
        .map(|first| first.to_uppercase().chain(chars).collect())
        .unwrap_or_default()
}

/// A new support of a proposal, for its group's lead.
pub fn supported(p: About<'_>, organisation: &str) -> Notice {
    Notice {
        kind: NoticeKind::Participation,
        proposal_id: Some(p.id),
        subject: format!("Proposition {} : nouveau soutien", p.reference),
        paragraphs: vec![format!(
            "{organisation} soutient désormais la proposition {}.",
            named(p.reference, p.title)
        )],
        link: ("Voir la proposition".into(), p.url.to_string()),
        line: format!("Soutien de {organisation}"),
    }
}

/// A follow-up action as notices name it.
#[derive(Debug, Clone, Copy)]
pub struct ActionAbout<'a> {
    pub title: &'a str,
    /// Its due date, in French.
    pub due: Option<&'a str>,
    /// The proposal it follows: (id, reference).
    pub proposal: Option<(i32, &'a str)>,
    /// Where the owner sees their actions.
    pub url: &'a str,
}

impl ActionAbout<'_> {
    fn following(&self) -> String {
        self.proposal
            .map(|(_, reference)| format!(" (suite de la proposition {reference})"))
            .unwrap_or_default()
    }

    fn due_on(&self) -> String {
        self.due
            .map(|due| format!("le {due}"))
            .unwrap_or_else(|| "sans date".into())
    }
}

/// An action given to its owner, by `author`.
pub fn action_assigned(a: ActionAbout<'_>, author: &str) -> Notice {
    Notice {
        kind: NoticeKind::ActionAssigned,
        proposal_id: a.proposal.map(|(id, _)| id),
        subject: format!("Action confiée : {}", a.title),
        paragraphs: vec![format!(
            "{author} vous a confié l'action « {} »{}, échéance {}.",
            a.title,
            a.following(),
            a.due_on()
        )],
        link: ("Voir mes actions".into(), a.url.to_string()),
        line: format!(
            "Action « {} » confiée par {author}, échéance {}",
            a.title,
            a.due_on()
        ),
    }
}

/// An action past its due date, for its owner and its group's lead.
pub fn action_overdue(a: ActionAbout<'_>, owner: &str) -> Notice {
    Notice {
        kind: NoticeKind::ActionOverdue,
        proposal_id: a.proposal.map(|(id, _)| id),
        subject: format!("Action en retard : {}", a.title),
        paragraphs: vec![format!(
            "L'action « {} »{}, confiée à {owner}, avait pour échéance {} et n'est pas terminée.",
            a.title,
            a.following(),
            a.due_on()
        )],
        link: ("Voir l'action".into(), a.url.to_string()),
        line: format!(
            "Action « {} » de {owner} en retard (échéance {})",
            a.title,
            a.due_on()
        ),
    }
}

/// Tells `recipients`, except `actor`, of `notice`, each as they chose;
/// returns how many will be told (now or in a digest).
pub async fn queue(
    db: &impl ConnectionTrait,
    notice: &Notice,
    recipients: impl IntoIterator<Item = i32>,
    actor: Option<i32>,
    public_url: &str,
    now: DateTime<Utc>,
) -> Result<usize, DbErr> {
    let ids: BTreeSet<i32> = recipients
        .into_iter()
        .filter(|id| Some(*id) != actor)
        .collect();
    if ids.is_empty() {
        return Ok(0);
    }
    let people = user::Entity::find()
        .filter(user::Column::Id.is_in(ids.iter().copied()))
        .filter(user::Column::Active.eq(true))
        .all(db)
        .await?;
    let chosen: HashMap<i32, Cadence> = notice_preference::Entity::find()
        .filter(notice_preference::Column::UserId.is_in(ids.iter().copied()))
        .filter(notice_preference::Column::Kind.eq(notice.kind))
        .all(db)
        .await?
        .into_iter()
        .map(|p| (p.user_id, p.cadence))
        .collect();
    let closing = format!(
        "Vous recevez ce message selon vos préférences de notification, que vous pouvez changer ici : {}",
        preferences_url(public_url)
    );
    let mut told = 0;
    for person in people {
        let cadence = chosen
            .get(&person.id)
            .copied()
            .unwrap_or_else(|| notice.kind.default_cadence(person.role));
        match cadence {
            Cadence::Off => continue,
            Cadence::Immediate => {
                let (label, url) = &notice.link;
                outbox::enqueue(
                    db,
                    emails::message(
                        (&person.email, &person.name),
                        &notice.subject,
                        &notice.paragraphs,
                        (label, url),
                        &closing,
                    ),
                )
                .await?;
            }
            Cadence::Daily | Cadence::Weekly => {
                digest_item::ActiveModel {
                    user_id: Set(person.id),
                    kind: Set(notice.kind),
                    cadence: Set(cadence),
                    proposal_id: Set(notice.proposal_id),
                    line: Set(notice.line.clone()),
                    created_at: Set(now),
                    digest_id: Set(None),
                    ..Default::default()
                }
                .insert(db)
                .await?;
            }
        }
        told += 1;
    }
    Ok(told)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn long_comments_are_cut_in_e_mails() {
        let long = "mot ".repeat(200);
        let cut = excerpt(&long);
        assert!(cut.chars().count() <= 401);
        assert!(cut.ends_with('…'));
        assert_eq!(excerpt(" court "), "court");
    }

    #[test]
    fn a_comment_says_whether_it_is_internal() {
        let p = About {
            id: 1,
            reference: "DA-2026-0001",
            title: "Titre",
            url: "https://e.fr/propositions/DA-2026-0001",
        };
        let internal = commented(p, "Julien Garnier", "À voir en réunion.", true);
        assert_eq!(
            internal.subject,
            "Proposition DA-2026-0001 : nouveau commentaire interne"
        );
        assert_eq!(internal.line, "Commentaire interne de Julien Garnier");
        assert_eq!(
            commented(p, "Marie", "Oui", false).line,
            "Commentaire de Marie"
        );
    }
}
