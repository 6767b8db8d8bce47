//! The signed-in person's own page: the actions they own.

use leptos::prelude::*;
use leptos_meta::Title;

use crate::api::actions::my_actions;
use crate::components::actions::ActionTable;
use crate::components::feedback::loaded;
use crate::model::ActionRow;

#[component]
pub fn DashboardPage() -> impl IntoView {
    let actions = Resource::new(|| (), |_| my_actions());
    view! {
        <Title text="Mon tableau de bord" />
        <h1>"Mon tableau de bord"</h1>
        <section aria-labelledby="mes-actions">
            <h2 id="mes-actions">"Mes actions"</h2>
            {loaded(actions, |actions: Vec<ActionRow>| {
                let overdue = actions.iter().filter(|a| a.overdue).count();
                if actions.is_empty() {
                    view! { <p>"Aucune action ne vous est confiée."</p> }.into_any()
                } else {
                    view! {
                        {(overdue > 0).then(|| view! {
                            <div class="fr-alert fr-alert--warning fr-alert--sm fr-mb-2w">
                                <p>{if overdue == 1 {
                                    "Une de vos actions est en retard : son échéance est passée.".to_string()
                                } else {
                                    format!("{overdue} de vos actions sont en retard : leur échéance est passée.")
                                }}</p>
                            </div>
                        })}
                        <ActionTable actions back="/tableau-de-bord".to_string() />
                    }.into_any()
                }
            })}
        </section>
        <p class="fr-mt-4w"><a class="fr-link" href="/compte/calendrier">"Mon agenda : abonnement aux réunions"</a></p>
    }
}
