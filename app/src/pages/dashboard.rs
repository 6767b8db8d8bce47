//! The signed-in person's own page: for a lead, the proposals of their
//! groups awaiting triage, the groups' open actions and next meetings (for
//! the secretariat, across the body, with the proposals no group has yet);
//! for everyone, the actions they own.

use leptos::prelude::*;
use leptos_meta::Title;

use crate::api::dashboard::my_dashboard;
use crate::components::actions::ActionTable;
use crate::components::feedback::loaded;
use crate::components::proposal_list::ProposalList;
use crate::model::{ActionRow, Dashboard, HandlingWork, MeetingCard, TriageQueue};

const BACK: &str = "/tableau-de-bord";

#[component]
pub fn DashboardPage() -> impl IntoView {
    let data = Resource::new(|| (), |_| my_dashboard());
    view! {
        <Title text="Mon tableau de bord" />
        <h1>"Mon tableau de bord"</h1>
        {loaded(data, |d: Dashboard| {
            let overdue = d.my_actions.iter().filter(|a| a.overdue).count();
            view! {
                {d.handling.map(|work| view! { <Handling work /> })}
                <section class="fr-mb-4w" aria-labelledby="mes-actions">
                    <h2 id="mes-actions">"Mes actions"</h2>
                    {(overdue > 0).then(|| view! {
                        <div class="fr-alert fr-alert--warning fr-alert--sm fr-mb-2w">
                            <p>{if overdue == 1 {
                                "Une de vos actions est en retard : son échéance est passée.".to_string()
                            } else {
                                format!("{overdue} de vos actions sont en retard : leur échéance est passée.")
                            }}</p>
                        </div>
                    })}
                    <Actions actions=d.my_actions empty="Aucune action ne vous est confiée." ids="etat-mon-action" />
                </section>
            }
        })}
        <ul class="fr-links-group fr-mt-4w">
            <li><a class="fr-link" href="/compte/notifications">"Mes notifications : quand être prévenu(e) des nouvelles"</a></li>
            <li><a class="fr-link" href="/compte/calendrier">"Mon agenda : abonnement aux réunions"</a></li>
        </ul>
    }
}

/// An action of the person's groups that they own is listed twice: `ids`
/// keeps each table's fields apart.
#[component]
fn Actions(actions: Vec<ActionRow>, empty: &'static str, ids: &'static str) -> impl IntoView {
    if actions.is_empty() {
        view! { <p>{empty}</p> }.into_any()
    } else {
        view! { <ActionTable actions back=BACK.to_string() ids /> }.into_any()
    }
}

#[component]
fn Handling(work: HandlingWork) -> impl IntoView {
    let overdue = work.actions.iter().filter(|a| a.overdue).count();
    let heading = match overdue {
        0 => "Actions en cours".to_string(),
        1 => "Actions en cours (1 en retard)".to_string(),
        n => format!("Actions en cours ({n} en retard)"),
    };
    view! {
        {work.queues.into_iter().enumerate().map(|(i, queue)| view! { <Queue i queue /> }).collect_view()}
        <section class="fr-mb-4w" aria-labelledby="actions-en-cours">
            <h2 id="actions-en-cours">{heading}</h2>
            <Actions actions=work.actions empty="Aucune action en cours." ids="etat-action" />
        </section>
        <section class="fr-mb-4w" aria-labelledby="prochaines-reunions">
            <h2 id="prochaines-reunions">"Prochaines réunions"</h2>
            <Meetings meetings=work.meetings />
        </section>
    }
}

#[component]
fn Queue(i: usize, queue: TriageQueue) -> impl IntoView {
    let id = format!("a-instruire-{i}");
    let labelled_by = id.clone();
    let count = match queue.total {
        0 => "aucune proposition".to_string(),
        1 => "1 proposition".to_string(),
        n => format!("{n} propositions"),
    };
    let shown = queue.proposals.len() as u64;
    view! {
        <section class="fr-mb-4w" aria-labelledby=labelled_by>
            <h2 id=id>{format!("À instruire — {} ({count})", queue.heading)}</h2>
            <p class="fr-text--sm">
                {if shown < queue.total {
                    format!("Déposées ou en instruction, les {shown} plus anciennes d'abord.")
                } else {
                    "Déposées ou en instruction, les plus anciennes d'abord.".to_string()
                }}
            </p>
            <ProposalList proposals=queue.proposals empty="Aucune proposition n'attend d'être instruite." />
            <ul class="fr-links-group">
                {queue.links.into_iter().map(|(label, href)| view! {
                    <li><a class="fr-link" href=href>{label}</a></li>
                }).collect_view()}
            </ul>
        </section>
    }
}

#[component]
fn Meetings(meetings: Vec<MeetingCard>) -> impl IntoView {
    if meetings.is_empty() {
        return view! { <p>"Aucune réunion à venir."</p> }.into_any();
    }
    view! {
        <ul class="ecoute-list">
            {meetings.into_iter().map(|m| view! {
                <li class="ecoute-list__item">
                    <a href=format!("/reunions/{}", m.id)>{m.title}</a>
                    " — "<time datetime=m.starts_at_iso>{m.when}</time>
                    {m.working_group.map(|g| format!(" · {g}"))}
                    " "<span class="fr-badge fr-badge--sm">{m.status.label()}</span>
                </li>
            }).collect_view()}
        </ul>
    }
    .into_any()
}
