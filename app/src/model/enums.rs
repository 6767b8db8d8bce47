//! Closed sets of the domain. Each value has a stable code (stored in the
//! database and used in URLs) and a French label for the interface.

macro_rules! domain_enum {
    ($(#[$meta:meta])* $name:ident { $($variant:ident = $code:literal => $label:literal),+ $(,)? }) => {
        $(#[$meta])*
        #[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, serde::Serialize, serde::Deserialize)]
        #[cfg_attr(feature = "ssr", derive(sea_orm::EnumIter, sea_orm::DeriveActiveEnum))]
        #[cfg_attr(feature = "ssr", sea_orm(rs_type = "String", db_type = "Text"))]
        pub enum $name {
            $(
                #[cfg_attr(feature = "ssr", sea_orm(string_value = $code))]
                #[serde(rename = $code)]
                $variant,
            )+
        }

        impl $name {
            pub const ALL: &'static [$name] = &[$($name::$variant),+];

            /// The stable code stored in the database and used in URLs.
            pub fn code(self) -> &'static str {
                match self { $($name::$variant => $code),+ }
            }

            /// The French label shown to people.
            pub fn label(self) -> &'static str {
                match self { $($name::$variant => $label),+ }
            }

            pub fn from_code(code: &str) -> Option<Self> {
                match code { $($code => Some($name::$variant),)+ _ => None }
            }
        }

        impl std::fmt::Display for $name {
            fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
                f.write_str(self.label())
            }
        }
    };
}

domain_enum!(
    /// What a person may do (DESIGN.md, roles).
    Role {
        Admin = "admin" => "Secrétariat (administration)",
        Lead = "lead" => "Pilote de groupe de travail",
        Member = "member" => "Membre",
    }
);

domain_enum!(
    OrganisationKind {
        Association = "association" => "Association d'usagers",
        Partner = "partner" => "Partenaire administratif",
    }
);

domain_enum!(
    MeetingKind {
        Plenary = "plenary" => "Séance plénière",
        WorkingGroup = "working_group" => "Réunion de groupe de travail",
    }
);

domain_enum!(
    MeetingStatus {
        Planned = "planned" => "Programmée",
        Convened = "convened" => "Convocations envoyées",
        Held = "held" => "Tenue",
        Cancelled = "cancelled" => "Annulée",
    }
);

domain_enum!(
    InvitationResponse {
        Pending = "pending" => "Sans réponse",
        Present = "present" => "Présent",
        Absent = "absent" => "Absent",
        Represented = "represented" => "Représenté",
    }
);

domain_enum!(
    /// Whether an invitee came, as the organiser records it after the meeting.
    Attendance {
        Present = "present" => "Présent(e)",
        Absent = "absent" => "Absent(e)",
        Represented = "represented" => "Représenté(e)",
    }
);

domain_enum!(
    MinutesStatus {
        Draft = "draft" => "Brouillon",
        Published = "published" => "Publié",
    }
);

domain_enum!(
    ActionStatus {
        Open = "open" => "À faire",
        InProgress = "in_progress" => "En cours",
        Done = "done" => "Terminée",
        Cancelled = "cancelled" => "Abandonnée",
    }
);

domain_enum!(
    /// déposée → en instruction → retenue → en cours → réalisée, or non retenue / fusionnée;
    /// retirée when its organisation withdraws it.
    ProposalStatus {
        Deposee = "deposee" => "Déposée",
        EnInstruction = "en_instruction" => "En instruction",
        Retenue = "retenue" => "Retenue",
        EnCours = "en_cours" => "En cours",
        Realisee = "realisee" => "Réalisée",
        NonRetenue = "non_retenue" => "Non retenue",
        Fusionnee = "fusionnee" => "Fusionnée",
        Retiree = "retiree" => "Retirée",
    }
);

impl ProposalStatus {
    /// The DSFR badge modifier that colours this status.
    pub fn badge_class(self) -> &'static str {
        match self {
            ProposalStatus::Deposee => "fr-badge fr-badge--sm fr-badge--new",
            ProposalStatus::EnInstruction => "fr-badge fr-badge--sm fr-badge--info",
            ProposalStatus::Retenue | ProposalStatus::EnCours => {
                "fr-badge fr-badge--sm fr-badge--warning"
            }
            ProposalStatus::Realisee => "fr-badge fr-badge--sm fr-badge--success",
            ProposalStatus::NonRetenue | ProposalStatus::Fusionnee => {
                "fr-badge fr-badge--sm fr-badge--error"
            }
            ProposalStatus::Retiree => "fr-badge fr-badge--sm",
        }
    }

    /// Its place in the workflow (the order of [`ProposalStatus::ALL`]).
    pub fn rank(self) -> i32 {
        Self::ALL
            .iter()
            .position(|s| *s == self)
            .map_or(0, |at| at as i32)
    }

    /// Whether anonymous visitors may see every proposal in this status. A
    /// withdrawn proposal is public only if it was before its withdrawal.
    pub fn is_public(self) -> bool {
        !matches!(self, ProposalStatus::Deposee | ProposalStatus::Retiree)
    }

    /// Whether a proposal in this status is being implemented, so that its
    /// lead keeps its progress and milestones.
    pub fn is_implementing(self) -> bool {
        matches!(self, ProposalStatus::Retenue | ProposalStatus::EnCours)
    }

    /// Whether a proposal in this status is no longer followed up, and so
    /// takes no more supports (a « non retenue » one may still be reopened).
    pub fn is_closed(self) -> bool {
        matches!(
            self,
            ProposalStatus::Realisee
                | ProposalStatus::NonRetenue
                | ProposalStatus::Fusionnee
                | ProposalStatus::Retiree
        )
    }
}

domain_enum!(
    Origin {
        Association = "association" => "Association",
        TestCampaign = "test_campaign" => "Campagne de tests utilisateurs",
        WorkingGroup = "working_group" => "Groupe de travail",
        Administration = "administration" => "Administration",
        PointNumerique = "point_numerique" => "Point numérique",
    }
);

domain_enum!(
    Priority {
        Low = "low" => "Basse",
        Normal = "normal" => "Normale",
        High = "high" => "Haute",
    }
);

domain_enum!(
    ProposalEventKind {
        Submitted = "submitted" => "Déposée",
        Assigned = "assigned" => "Attribuée à un groupe de travail",
        StatusChanged = "status_changed" => "Changement de statut",
        PrioritySet = "priority_set" => "Priorité fixée",
        Comment = "comment" => "Commentaire",
        MeetingLinked = "meeting_linked" => "Examinée en réunion",
        ActionLinked = "action_linked" => "Action de suivi",
        Merged = "merged" => "Fusionnée",
        Absorbed = "absorbed" => "Fusion reçue",
        Supported = "supported" => "Soutien",
        SupportWithdrawn = "support_withdrawn" => "Soutien retiré",
        Edited = "edited" => "Modifiée par son organisation",
        FiledOnBehalf = "filed_on_behalf" => "Déposée par le secrétariat pour une organisation",
        ProceduresChanged = "procedures_changed" => "Démarches modifiées",
        ActionStatusChanged = "action_status" => "État d'une action de suivi",
        ProgressChanged = "progress" => "Avancement de la mise en œuvre",
    }
);

domain_enum!(
    OutboxStatus {
        Pending = "pending" => "En attente",
        Sent = "sent" => "Envoyé",
        Failed = "failed" => "En échec",
    }
);

domain_enum!(
    TokenPurpose {
        Invitation = "invitation" => "Invitation",
        PasswordReset = "reset" => "Réinitialisation du mot de passe",
    }
);

domain_enum!(
    /// What the people handling proposals are told of (« Mes notifications »).
    NoticeKind {
        NewProposal = "new_proposal" => "Nouvelles propositions",
        Participation = "participation" => "Commentaires et soutiens",
        ActionAssigned = "action_assigned" => "Actions qui vous sont confiées",
        ActionOverdue = "action_overdue" => "Actions en retard",
    }
);

domain_enum!(
    /// When a person is told of one kind of news.
    Cadence {
        Immediate = "immediate" => "Tout de suite",
        Daily = "daily" => "Résumé quotidien",
        Weekly = "weekly" => "Résumé hebdomadaire",
        Off = "off" => "Jamais",
    }
);

domain_enum!(
    /// What a « facile à lire et à comprendre » version is the version of.
    EasyReadKind {
        Minutes = "minutes" => "Compte rendu publié",
        StatusAnswer = "status_answer" => "Réponse à une proposition",
        AnnualReport = "annual_report" => "Bilan annuel",
    }
);

domain_enum!(
    /// The quality indicators the State publishes for each online procedure
    /// (the « Vos démarches essentielles » observatory), as the secretariat
    /// records them.
    IndicatorKind {
        Satisfaction = "satisfaction" => "Satisfaction des usagers",
        Accessibility = "accessibilite" => "Accessibilité (RGAA)",
        FranceConnect = "franceconnect" => "Disponibilité de FranceConnect",
        PlainLanguage = "langage_clair" => "Langage clair",
        Duration = "duree" => "Temps pour réaliser la démarche",
        OnlineShare = "part_en_ligne" => "Part des démarches faites en ligne",
    }
);

impl IndicatorKind {
    /// What a value of this kind is typed as, for forms and the import's
    /// documentation.
    pub fn format_hint(self) -> &'static str {
        match self {
            IndicatorKind::Satisfaction => "une note sur 10, au plus une décimale (7,4)",
            IndicatorKind::Accessibility => {
                "le taux de conformité RGAA en % (62,5 %), ou le niveau seul : « non conforme », « partiellement conforme », « totalement conforme »"
            }
            IndicatorKind::FranceConnect | IndicatorKind::PlainLanguage => "« oui » ou « non »",
            IndicatorKind::Duration => "un nombre entier de minutes, de 1 à 1 440 (15)",
            IndicatorKind::OnlineShare => "un pourcentage de 0 à 100, au plus une décimale (85 %)",
        }
    }

    /// Whether its values are numbers drawn on a chart (the others are
    /// « oui » or « non »).
    pub fn is_charted(self) -> bool {
        !matches!(
            self,
            IndicatorKind::FranceConnect | IndicatorKind::PlainLanguage
        )
    }
}

domain_enum!(
    /// A procedure's accessibility as the RGAA states it: totally conform
    /// at 100 % of the criteria met, partially from 50 %, not below.
    RgaaLevel {
        Conforme = "totalement_conforme" => "Totalement conforme",
        Partiel = "partiellement_conforme" => "Partiellement conforme",
        NonConforme = "non_conforme" => "Non conforme",
    }
);

impl RgaaLevel {
    /// The level a conformity rate (in %) gives.
    pub fn of_rate(rate: f64) -> Self {
        if rate >= 100.0 {
            RgaaLevel::Conforme
        } else if rate >= 50.0 {
            RgaaLevel::Partiel
        } else {
            RgaaLevel::NonConforme
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn codes_round_trip_for_every_value() {
        for status in ProposalStatus::ALL {
            assert_eq!(ProposalStatus::from_code(status.code()), Some(*status));
        }
        assert_eq!(Role::from_code("superuser"), None);
    }

    #[test]
    fn only_submitted_and_withdrawn_proposals_may_be_hidden_from_the_public() {
        let hidden: Vec<_> = ProposalStatus::ALL
            .iter()
            .filter(|s| !s.is_public())
            .collect();
        assert_eq!(
            hidden,
            vec![&ProposalStatus::Deposee, &ProposalStatus::Retiree]
        );
    }
}
