use leptos::prelude::*;

use crate::model::ProposalCard;

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
