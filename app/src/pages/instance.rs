use leptos::prelude::*;
use leptos_meta::Title;

use crate::api::account::who_am_i;
use crate::api::instance::plenary_sessions;
use crate::components::feedback::{loaded, PageTitle};
use crate::model::SessionCard;

#[component]
pub fn InstancePage() -> impl IntoView {
    let sessions = Resource::new(|| (), |_| plenary_sessions());
    let me = Resource::new(|| (), |_| who_am_i());
    view! {
        <Title text="Instance" />
        <PageTitle
            title="Séances plénières"
            lead="L'instance se réunit en séance plénière au moins une fois par an : elle y examine les travaux de ses groupes et les propositions qu'ils lui soumettent."
        />
        <Suspense>
            {move || Suspend::new(async move {
                me.await.ok().flatten().filter(|u| u.is_admin()).map(|_| view! {
                    <p><a class="fr-btn fr-icon-add-line fr-btn--icon-left" href="/reunions/nouvelle">"Programmer une séance"</a></p>
                })
            })}
        </Suspense>
        {loaded(sessions, |sessions: Vec<SessionCard>| {
            if sessions.is_empty() {
                return view! { <p>"Aucune séance plénière n'a encore été programmée."</p> }.into_any();
            }
            view! {
                <ul class="ecoute-list">
                    {sessions
                        .into_iter()
                        .map(|s| {
                            view! {
                                <li class="ecoute-list__item">
                                    <h2 class="fr-h5 fr-mb-1v"><a href=format!("/reunions/{}", s.meeting.id)>{s.ordinal_label}</a></h2>
                                    <p class="fr-mb-1v">
                                        <time datetime=s.meeting.starts_at_iso>{s.meeting.when}</time>
                                        {s.meeting.place.map(|p| format!(" — {p}"))}
                                    </p>
                                    <p class="fr-mb-0">
                                        <span class="fr-badge fr-badge--sm">{s.meeting.status.label()}</span>
                                        {s.has_published_minutes.then(|| view! { " " <span class="fr-badge fr-badge--sm fr-badge--success">"Compte rendu publié"</span> })}
                                    </p>
                                </li>
                            }
                        })
                        .collect_view()}
                </ul>
            }
            .into_any()
        })}
    }
}
