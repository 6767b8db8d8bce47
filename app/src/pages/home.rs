use leptos::prelude::*;
use leptos_meta::Title;

use crate::api::instance::load_home;
use crate::components::feedback::loaded;
use crate::components::layout::with_identity;
use crate::components::proposal_list::ProposalList;
use crate::model::{HomeData, MeetingCard, WorkingGroupCard};

#[component]
pub fn HomePage() -> impl IntoView {
    let data = Resource::new(|| (), |_| load_home());
    view! {
        <Title text="" />
        {with_identity(|identity| view! {
            <h1>{identity.name.clone()}</h1>
            <p class="fr-text--lead">{identity.presentation.clone()}</p>
        })}
        {loaded(data, |home: HomeData| view! {
            <section class="fr-mb-6w" aria-labelledby="prochaine-reunion">
                <h2 id="prochaine-reunion">"Prochaine réunion"</h2>
                {match home.next_meeting {
                    Some(meeting) => view! { <NextMeeting meeting /> }.into_any(),
                    None => view! { <p>"Aucune réunion n'est programmée pour le moment."</p> }.into_any(),
                }}
            </section>
            <section class="fr-mb-6w" aria-labelledby="groupes-de-travail">
                <h2 id="groupes-de-travail">"Groupes de travail"</h2>
                {if home.groups.is_empty() {
                    view! { <p>"Les groupes de travail de l'instance n'ont pas encore été constitués."</p> }.into_any()
                } else {
                    view! { <GroupTiles groups=home.groups /> }.into_any()
                }}
            </section>
            <section aria-labelledby="dernieres-propositions">
                <h2 id="dernieres-propositions">"Dernières propositions"</h2>
                <ProposalList proposals=home.latest_proposals />
                <p><a class="fr-link fr-icon-arrow-right-line fr-link--icon-right" href="/propositions">"Toutes les propositions"</a></p>
            </section>
        })}
    }
}

#[component]
fn NextMeeting(meeting: MeetingCard) -> impl IntoView {
    view! {
        <div class="fr-callout">
            <h3 class="fr-callout__title">{meeting.title}</h3>
            <p class="fr-callout__text">
                <time datetime=meeting.starts_at_iso>{meeting.when}</time>
                {meeting.place.map(|place| format!(" — {place}"))}
            </p>
            <p class="fr-mb-0">
                <span class="fr-badge fr-badge--sm fr-badge--info">{meeting.status.label()}</span>
                " "
                {meeting.working_group.unwrap_or_else(|| meeting.kind.label().to_string())}
            </p>
        </div>
    }
}

#[component]
pub fn GroupTiles(groups: Vec<WorkingGroupCard>) -> impl IntoView {
    view! {
        <div class="fr-grid-row fr-grid-row--gutters">
            {groups
                .into_iter()
                .map(|g| {
                    view! {
                        <div class="fr-col-12 fr-col-md-4">
                            <div class="fr-card">
                                <div class="fr-card__body">
                                    <div class="fr-card__content">
                                        <h3 class="fr-card__title">
                                            <a href=format!("/groupes/{}", g.slug)>{format!("Groupe {} — {}", g.number, g.title)}</a>
                                        </h3>
                                        <p class="fr-card__desc">{g.mandate}</p>
                                        <div class="fr-card__end">
                                            <p class="fr-card__detail">
                                                {format!(
                                                    "{} organisation{} membre{} · {} proposition{} en cours d'examen",
                                                    g.member_count,
                                                    plural(g.member_count),
                                                    plural(g.member_count),
                                                    g.open_proposals,
                                                    plural(g.open_proposals),
                                                )}
                                            </p>
                                            {g.lead_name.map(|lead| view! { <p class="fr-card__detail">{format!("Pilote : {lead}")}</p> })}
                                        </div>
                                    </div>
                                </div>
                            </div>
                        </div>
                    }
                })
                .collect_view()}
        </div>
    }
}

fn plural(count: u64) -> &'static str {
    if count > 1 {
        "s"
    } else {
        ""
    }
}
