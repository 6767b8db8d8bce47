//! What the people who handle proposals are told of, and when: each kind of
//! news at once, in a daily or weekly digest, or never, with a default per
//! role until the person chooses.

use serde::{Deserialize, Serialize};

use super::enums::{Cadence, NoticeKind, Role};

impl NoticeKind {
    /// The kinds of news a role may receive: members are told of the actions
    /// they own; leads and the secretariat also of the proposals to handle.
    pub fn for_role(role: Role) -> &'static [NoticeKind] {
        match role {
            Role::Admin | Role::Lead => NoticeKind::ALL,
            Role::Member => &[NoticeKind::ActionAssigned, NoticeKind::ActionOverdue],
        }
    }

    /// What this kind covers, for the preferences form.
    pub fn hint(self) -> &'static str {
        match self {
            NoticeKind::NewProposal => "Une proposition est déposée dans un groupe que vous pilotez (au secrétariat : toute nouvelle proposition, avec ou sans groupe).",
            NoticeKind::Participation => "Un commentaire, interne ou non, ou un soutien sur une proposition d'un groupe que vous pilotez.",
            NoticeKind::ActionAssigned => "Une action de suivi vous est confiée.",
            NoticeKind::ActionOverdue => "Une action dont vous êtes responsable, ou d'un groupe que vous pilotez, a dépassé son échéance (une seule fois par action).",
        }
    }

    /// The cadence of a person of `role` who has not chosen one: what must
    /// be handled at once arrives at once, the rest in a daily digest (the
    /// secretariat sees every new proposal, so it gets them once a day).
    pub fn default_cadence(self, role: Role) -> Cadence {
        match (self, role) {
            (NoticeKind::NewProposal, Role::Lead) => Cadence::Immediate,
            (NoticeKind::NewProposal | NoticeKind::Participation, Role::Admin | Role::Lead) => {
                Cadence::Daily
            }
            (NoticeKind::NewProposal | NoticeKind::Participation, Role::Member) => Cadence::Off,
            (NoticeKind::ActionAssigned | NoticeKind::ActionOverdue, _) => Cadence::Immediate,
        }
    }
}

/// One line of the preferences form.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct NoticePreference {
    pub kind: NoticeKind,
    pub cadence: Cadence,
}

/// The signed-in person's preferences and when digests leave.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct NoticeSettings {
    pub preferences: Vec<NoticePreference>,
    /// The hour (Paris time) digests are sent at; weekly ones on Mondays.
    pub digest_hour: u32,
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_role_has_a_default_for_what_it_may_receive() {
        assert_eq!(
            NoticeKind::NewProposal.default_cadence(Role::Lead),
            Cadence::Immediate
        );
        assert_eq!(
            NoticeKind::NewProposal.default_cadence(Role::Admin),
            Cadence::Daily
        );
        for role in Role::ALL {
            for kind in NoticeKind::for_role(*role) {
                assert_ne!(
                    kind.default_cadence(*role),
                    Cadence::Off,
                    "{role:?} {kind:?}"
                );
            }
        }
    }
}
