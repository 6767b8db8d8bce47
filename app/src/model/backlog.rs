//! The proposal backlog as lists: the filters a list view carries in its
//! query string (so a view can be bookmarked, exported and works without
//! JavaScript), and what the list, procedure and test-campaign pages receive.

use serde::{Deserialize, Serialize};

use super::enums::{Origin, ProposalStatus};
use super::error::AppError;
use super::views::ProposalCard;

/// Proposals per page of the backlog.
pub const BACKLOG_PAGE_SIZE: u64 = 20;

/// Longest search accepted, in characters.
const MAX_SEARCH: usize = 200;

/// What the backlog can be sorted by.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default, Serialize, Deserialize)]
pub enum SortKey {
    /// How well a proposal answers the search: title matches first. The
    /// default order when there is a search; without one, the activity's.
    Relevance,
    Submitted,
    Status,
    Supports,
    #[default]
    Activity,
}

impl SortKey {
    pub const ALL: [SortKey; 5] = [
        SortKey::Relevance,
        SortKey::Activity,
        SortKey::Submitted,
        SortKey::Status,
        SortKey::Supports,
    ];

    /// The value of `tri` in the query string.
    pub fn code(self) -> &'static str {
        match self {
            SortKey::Relevance => "pertinence",
            SortKey::Submitted => "depot",
            SortKey::Status => "statut",
            SortKey::Supports => "soutiens",
            SortKey::Activity => "activite",
        }
    }

    pub fn label(self) -> &'static str {
        match self {
            SortKey::Relevance => "Pertinence",
            SortKey::Submitted => "Date de dépôt",
            SortKey::Status => "Statut",
            SortKey::Supports => "Nombre de soutiens",
            SortKey::Activity => "Dernière activité",
        }
    }
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Default, Serialize, Deserialize)]
pub enum SortOrder {
    Asc,
    #[default]
    Desc,
}

impl SortOrder {
    pub const ALL: [SortOrder; 2] = [SortOrder::Desc, SortOrder::Asc];

    /// The value of `ordre` in the query string.
    pub fn code(self) -> &'static str {
        match self {
            SortOrder::Asc => "asc",
            SortOrder::Desc => "desc",
        }
    }

    pub fn label(self) -> &'static str {
        match self {
            SortOrder::Asc => "Croissant",
            SortOrder::Desc => "Décroissant",
        }
    }
}

/// The working group a view of the backlog shows: one, by slug (or by
/// number, as older addresses named it), or none (`groupe=aucun`: the
/// proposals no group has yet, for the secretariat to hand out).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub enum GroupFilter {
    Group(String),
    Unassigned,
}

impl GroupFilter {
    /// The value of `groupe` in the query string.
    pub const UNASSIGNED: &'static str = "aucun";

    pub fn code(&self) -> &str {
        match self {
            GroupFilter::Group(key) => key,
            GroupFilter::Unassigned => Self::UNASSIGNED,
        }
    }
}

/// A view of the backlog, as read from and written to the query string
/// (`?statut=retenue&groupe=2&demarche=cni-pre-demande&document=cni&
/// organisation=…&campagne=…&origine=…&annee=2019&q=…&tri=soutiens&ordre=desc&page=2`).
/// Groups, procedures, families (`document`), organisations and campaigns
/// are named by slug (a group also by its number, as older addresses did,
/// or `aucun`); whether those exist is checked by the service.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct BacklogFilters {
    pub status: Option<ProposalStatus>,
    pub group: Option<GroupFilter>,
    pub procedure: Option<String>,
    /// A family of procedures, by slug.
    pub document: Option<String>,
    pub organisation: Option<String>,
    /// A test campaign, by slug.
    pub campaign: Option<String>,
    pub origin: Option<Origin>,
    pub year: Option<i32>,
    pub search: String,
    pub sort: SortKey,
    pub order: SortOrder,
    /// From 1.
    pub page: u64,
}

impl Default for BacklogFilters {
    fn default() -> Self {
        BacklogFilters {
            status: None,
            group: None,
            procedure: None,
            document: None,
            organisation: None,
            campaign: None,
            origin: None,
            year: None,
            search: String::new(),
            sort: SortKey::default(),
            order: SortOrder::default(),
            page: 1,
        }
    }
}

fn invalid(message: &str) -> AppError {
    AppError::Invalid(message.to_string())
}

impl BacklogFilters {
    /// Reads a query string (with or without its leading `?`). Empty values
    /// mean "any"; unknown parameters are ignored; a value that cannot be
    /// understood gives a French message.
    pub fn parse(query: &str) -> Result<Self, AppError> {
        let mut filters = BacklogFilters::default();
        let mut sorted = false;
        let query = query.strip_prefix('?').unwrap_or(query);
        for (key, value) in form_urlencoded::parse(query.as_bytes()) {
            let value = value.trim();
            if value.is_empty() {
                continue;
            }
            match key.as_ref() {
                "statut" => {
                    filters.status = Some(ProposalStatus::from_code(value).ok_or_else(|| {
                        invalid(
                            "Le statut demandé n'existe pas : choisissez un statut dans la liste.",
                        )
                    })?)
                }
                "groupe" if value == GroupFilter::UNASSIGNED => {
                    filters.group = Some(GroupFilter::Unassigned)
                }
                "groupe" => filters.group = Some(GroupFilter::Group(value.to_string())),
                "demarche" => filters.procedure = Some(value.to_string()),
                "document" => filters.document = Some(value.to_string()),
                "organisation" => filters.organisation = Some(value.to_string()),
                "campagne" => filters.campaign = Some(value.to_string()),
                "origine" => {
                    filters.origin = Some(Origin::from_code(value).ok_or_else(|| {
                        invalid("L'origine demandée n'existe pas : choisissez-la dans la liste.")
                    })?)
                }
                "annee" => {
                    filters.year = Some(
                        value
                            .parse()
                            .ok()
                            .filter(|year| (1000..=9999).contains(year))
                            .ok_or_else(|| {
                                invalid("L'année s'écrit avec quatre chiffres, par exemple 2019.")
                            })?,
                    )
                }
                "q" => {
                    if value.chars().count() > MAX_SEARCH {
                        return Err(invalid(
                            "La recherche est limitée à 200 caractères : raccourcissez-la.",
                        ));
                    }
                    filters.search = value.to_string();
                }
                "tri" => {
                    sorted = true;
                    filters.sort = SortKey::ALL
                        .into_iter()
                        .find(|key| key.code() == value)
                        .ok_or_else(|| {
                            invalid("Le tri demandé n'existe pas : triez par pertinence, date de dépôt, statut, nombre de soutiens ou dernière activité.")
                        })?
                }
                "ordre" => {
                    filters.order = SortOrder::ALL
                        .into_iter()
                        .find(|order| order.code() == value)
                        .ok_or_else(|| {
                            invalid(
                                "L'ordre de tri est « asc » (croissant) ou « desc » (décroissant).",
                            )
                        })?
                }
                "page" => {
                    filters.page =
                        value
                            .parse()
                            .ok()
                            .filter(|page| *page >= 1)
                            .ok_or_else(|| {
                                invalid(
                                    "Le numéro de page doit être un nombre entier à partir de 1.",
                                )
                            })?
                }
                _ => {}
            }
        }
        if !sorted {
            filters.sort = filters.default_sort();
        }
        Ok(filters)
    }

    /// The view of every proposal `search` finds, in the order of a search.
    pub fn searching(search: &str) -> Self {
        let mut filters = BacklogFilters {
            search: search.trim().to_string(),
            ..BacklogFilters::default()
        };
        filters.sort = filters.default_sort();
        filters
    }

    /// The order of a view that names none: by relevance when there is a
    /// search, by last activity otherwise.
    pub fn default_sort(&self) -> SortKey {
        if self.search.trim().is_empty() {
            SortKey::default()
        } else {
            SortKey::Relevance
        }
    }

    /// The query string of this view without its page (for exports and for
    /// the first page), without the leading `?`; empty for the default view.
    pub fn query(&self) -> String {
        self.query_with_page(1)
    }

    /// The query string of page `page` of this view.
    pub fn query_with_page(&self, page: u64) -> String {
        let mut out = form_urlencoded::Serializer::new(String::new());
        let year = self.year.map(|y| y.to_string());
        let pairs = [
            ("statut", self.status.map(ProposalStatus::code)),
            ("groupe", self.group.as_ref().map(GroupFilter::code)),
            ("demarche", self.procedure.as_deref()),
            ("document", self.document.as_deref()),
            ("organisation", self.organisation.as_deref()),
            ("campagne", self.campaign.as_deref()),
            ("origine", self.origin.map(Origin::code)),
            ("annee", year.as_deref()),
            ("q", Some(self.search.as_str()).filter(|q| !q.is_empty())),
            (
                "tri",
                Some(self.sort.code()).filter(|_| self.sort != self.default_sort()),
            ),
            (
                "ordre",
                Some(self.order.code()).filter(|_| self.order != SortOrder::default()),
            ),
        ];
        for (key, value) in pairs {
            if let Some(value) = value {
                out.append_pair(key, value);
            }
        }
        if page > 1 {
            out.append_pair("page", &page.to_string());
        }
        out.finish()
    }

    /// `path` followed by this view's query string of page `page`, if any.
    pub fn link(&self, path: &str, page: u64) -> String {
        match self.query_with_page(page) {
            query if query.is_empty() => path.to_string(),
            query => format!("{path}?{query}"),
        }
    }
}

/// A value to choose in a filter list.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Choice {
    pub value: String,
    pub label: String,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct ProcedureChoices {
    /// The family's name.
    pub family: String,
    pub procedures: Vec<Choice>,
}

/// The values the backlog's filter form offers.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct BacklogOptions {
    /// The statuses the visitor may see.
    pub statuses: Vec<ProposalStatus>,
    pub groups: Vec<Choice>,
    pub procedures: Vec<ProcedureChoices>,
    /// The families of procedures.
    pub families: Vec<Choice>,
    pub organisations: Vec<Choice>,
    pub campaigns: Vec<Choice>,
    /// Years of the proposals the visitor may see, most recent first.
    pub years: Vec<i32>,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct BacklogRow {
    pub card: ProposalCard,
    pub last_activity_on: String,
}

/// One page of the backlog in the view `filters` (page clamped to the last).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct BacklogPage {
    pub filters: BacklogFilters,
    pub rows: Vec<BacklogRow>,
    pub total: u64,
    pub page: u64,
    pub pages: u64,
    pub options: BacklogOptions,
    /// The search with its typing mistakes corrected, when some were (the
    /// page offers it: « Vouliez-vous dire … ? »).
    pub corrected: Option<String>,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct ProcedureLink {
    pub slug: String,
    pub name: String,
}

/// The proposals of one status on a procedure: how many, and the most
/// recently active of them.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct StatusGroup {
    pub status: ProposalStatus,
    pub count: u64,
    pub proposals: Vec<ProposalCard>,
}

/// A procedure and where its proposals stand.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct ProcedurePage {
    pub slug: String,
    pub name: String,
    /// The family's name and slug.
    pub family: String,
    pub family_slug: String,
    /// No longer offered for new proposals.
    pub retired: bool,
    pub description: String,
    pub url: Option<String>,
    pub total: u64,
    /// In workflow order, statuses without proposals left out.
    pub by_status: Vec<StatusGroup>,
    pub campaigns: Vec<CampaignCard>,
    /// Its quality indicators over time, with its proposals delivered.
    pub quality: super::indicators::ProcedureQuality,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct CampaignCard {
    pub slug: String,
    pub title: String,
    pub site: String,
    pub held_on: String,
    pub held_on_iso: String,
    /// The last day, when it lasted more than one.
    pub ends_on: Option<String>,
    pub audience: String,
    pub procedures: Vec<ProcedureLink>,
    /// Proposals from this campaign the visitor may see.
    pub proposals: u64,
    /// Closed: no longer offered for new proposals.
    pub closed: bool,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct CampaignPage {
    pub campaign: CampaignCard,
    pub organisation: Option<String>,
    /// The findings, rendered from Markdown and sanitised.
    pub findings_html: String,
    pub proposals: Vec<ProposalCard>,
    /// Whether to offer "create a proposal from this campaign".
    pub can_propose: bool,
    /// Whether to offer its editing (the secretariat).
    pub can_manage: bool,
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_view_survives_its_query_string() {
        let query = "statut=retenue&groupe=2&demarche=cni-pre-demande&document=cni&organisation=secours-populaire&campagne=tests-laon-2019&origine=association&annee=2019&q=d%C3%A9marche+en+ligne&tri=soutiens&ordre=asc&page=2";
        let filters = BacklogFilters::parse(query).unwrap();
        assert_eq!(filters.status, Some(ProposalStatus::Retenue));
        assert_eq!(filters.group, Some(GroupFilter::Group("2".into())));
        assert_eq!(filters.document.as_deref(), Some("cni"));
        assert_eq!(filters.search, "démarche en ligne");
        assert_eq!(filters.sort, SortKey::Supports);
        assert_eq!(filters.order, SortOrder::Asc);
        assert_eq!(filters.page, 2);
        assert_eq!(filters.query_with_page(2), query);
        assert_eq!(BacklogFilters::parse(&filters.query()).unwrap().page, 1);
    }

    #[test]
    fn a_search_is_sorted_by_relevance_unless_it_names_another_order() {
        let searched = BacklogFilters::parse("q=captcha").unwrap();
        assert_eq!(searched, BacklogFilters::searching(" captcha "));
        assert_eq!(searched.sort, SortKey::Relevance);
        assert_eq!(searched.query(), "q=captcha");
        let by_activity = BacklogFilters::parse("q=captcha&tri=activite").unwrap();
        assert_eq!(by_activity.sort, SortKey::Activity);
        assert_eq!(by_activity.query(), "q=captcha&tri=activite");
        let chosen_default = BacklogFilters::parse("q=captcha&tri=").unwrap();
        assert_eq!(chosen_default.sort, SortKey::Relevance);
        let plain = BacklogFilters::parse("tri=pertinence").unwrap();
        assert_eq!(plain.sort, SortKey::Relevance);
        assert_eq!(plain.query(), "tri=pertinence");
        assert_eq!(BacklogFilters::parse("").unwrap().sort, SortKey::Activity);
    }

    #[test]
    fn the_proposals_without_a_group_are_a_view_of_their_own() {
        let filters = BacklogFilters::parse("groupe=aucun&statut=deposee").unwrap();
        assert_eq!(filters.group, Some(GroupFilter::Unassigned));
        assert_eq!(filters.query(), "statut=deposee&groupe=aucun");
    }

    #[test]
    fn empty_and_unknown_parameters_mean_the_default_view() {
        let filters = BacklogFilters::parse("?statut=&groupe=&q=+&utm_source=x").unwrap();
        assert_eq!(filters, BacklogFilters::default());
        assert_eq!(filters.query(), "");
        assert_eq!(filters.link("/propositions", 1), "/propositions");
        assert_eq!(filters.link("/propositions", 3), "/propositions?page=3");
    }

    #[test]
    fn bad_values_are_refused_in_french() {
        for query in [
            "statut=perdue",
            "origine=inconnue",
            "annee=19",
            "tri=titre",
            "ordre=haut",
            "page=0",
            "page=-1",
        ] {
            match BacklogFilters::parse(query) {
                Err(AppError::Invalid(message)) => assert!(!message.is_empty(), "{query}"),
                other => panic!("{query}: {other:?}"),
            }
        }
        let long = format!("q={}", "a".repeat(201));
        assert!(BacklogFilters::parse(&long).is_err());
    }
}
