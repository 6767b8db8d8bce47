use leptos::prelude::*;

use crate::components::pagination::{pages_at, PageLink, Pagination};
use crate::model::{ProposalCard, ProposalsPage};

/// The query parameter of a page of proposals on a group's or an
/// organisation's page.
pub const PAGE_PARAM: &str = "page";

/// The address of page `n` of the proposals listed on page `path`.
pub fn page_link(path: String) -> PageLink {
    pages_at(path, PAGE_PARAM, "propositions")
}

/// A page of a long list of proposals: how many there are, the page, links
/// to the others (plain links: no script needed) and to the same
/// proposals in the backlog (`all`), where they can be filtered and sorted.
#[component]
pub fn ProposalPages(list: ProposalsPage, link: PageLink, all: String) -> impl IntoView {
    let s = if list.total > 1 { "s" } else { "" };
    let summary = (list.total > 0).then(|| {
        let where_ = if list.pages > 1 {
            format!(" — page {} sur {}", list.page, list.pages)
        } else {
            String::new()
        };
        view! {
            <p class="fr-text--sm fr-mb-2w">
                {format!("{} proposition{s}{where_} — ", list.total)}
                <a href=all>"les voir dans la liste des propositions"</a>
            </p>
        }
    });
    view! {
        {summary}
        <ProposalList proposals=list.items />
        <Pagination page=list.page pages=list.pages link />
    }
}

/// Proposals as a list with their status badge, each title linking to the
/// proposal's page; `empty` is said when there is none.
#[component]
pub fn ProposalList(
    proposals: Vec<ProposalCard>,
    #[prop(default = "Aucune proposition publiée pour le moment.")] empty: &'static str,
) -> impl IntoView {
    if proposals.is_empty() {
        return view! { <p>{empty}</p> }.into_any();
    }
    view! {
        <ul class="ecoute-list">
            {proposals
                .into_iter()
                .map(|p| {
                    view! {
                        <li class="ecoute-list__item">
                            <p class="fr-mb-1v">
                                <span class=p.status.badge_class()>{p.status.label()}</span>
                                " "
                                <span class="fr-text--xs ecoute-ref">{p.reference.clone()}</span>
                            </p>
                            <h3 class="fr-h6 fr-mb-1v">
                                <a href=format!("/propositions/{}", p.reference)>{p.title.clone()}</a>
                            </h3>
                            <p class="fr-text--sm fr-mb-0">
                                {format!("{} · déposée le {}", p.organisation, p.submitted_on)}
                                {p.working_group.clone().map(|g| format!(" · {g}"))}
                                {(p.supports_count > 0)
                                    .then(|| {
                                        format!(
                                            " · {} soutien{}",
                                            p.supports_count,
                                            if p.supports_count > 1 { "s" } else { "" },
                                        )
                                    })}
                            </p>
                            {(!p.procedures.is_empty())
                                .then(|| {
                                    view! {
                                        <ul class="fr-tags-group fr-mt-1v">
                                            {p
                                                .procedures
                                                .iter()
                                                .map(|name| {
                                                    view! { <li><p class="fr-tag fr-tag--sm">{name.clone()}</p></li> }
                                                })
                                                .collect_view()}
                                        </ul>
                                    }
                                })}
                        </li>
                    }
                })
                .collect_view()}
        </ul>
    }
    .into_any()
}
