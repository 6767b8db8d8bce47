//! « Modifier l'action »: the lead of the action's group, or the
//! secretariat, corrects its title, owner, due date and details.

use leptos::prelude::*;
use leptos::server_fn::ServerFn;
use leptos_meta::Title;

use crate::api::actions::{action_form, UpdateAction};
use crate::components::actions::ActionFields;
use crate::components::feedback::{loaded, FormAlert};
use crate::model::ActionEditData;

#[component]
pub fn EditActionPage() -> impl IntoView {
    let id = super::id_param();
    let form = Resource::new(move || id.get(), action_form);
    let update = ServerAction::<UpdateAction>::new();
    let error = Signal::derive(move || update.value().get().and_then(Result::err));
    view! {
        <Title text="Modifier l'action" />
        <h1>"Modifier l'action"</h1>
        <FormAlert error />
        {loaded(form, |a: ActionEditData| view! {
            <p>{format!("État : {}", a.status.label())}
                {a.proposal_reference.clone().map(|r| view! { " — suit la proposition "<a href=format!("/propositions/{r}")>{r.clone()}</a> })}
            </p>
            <form method="post" action=UpdateAction::PATH>
                <input type="hidden" name="action_id" value=a.id.to_string() />
                <ActionFields owners=a.owners.clone() values=a.clone() />
            </form>
            <p class="fr-mt-2w"><a class="fr-link" href=a.back.clone()>"Revenir sans modifier"</a></p>
        })}
    }
}
