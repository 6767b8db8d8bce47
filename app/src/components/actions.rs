use leptos::prelude::*;
use leptos::server_fn::ServerFn;

use crate::api::actions::SetActionStatus;
use crate::components::raw_text::field_text;
use crate::components::table::ScrollTable;
use crate::model::{ActionEditData, ActionRow, ActionStatus, OwnerSuggestion};

/// Follow-up actions: what, who, by when (overdue ones flagged « En
/// retard »), where it stands. With `back` (the page to return to), those
/// who may change an action's state get a form; those who may edit it, a
/// link to its form. `ids` starts the ids of its fields, distinct for each
/// table of a page that shows an action twice.
#[component]
pub fn ActionTable(
    actions: Vec<ActionRow>,
    #[prop(optional)] back: Option<String>,
    #[prop(default = "etat-action")] ids: &'static str,
) -> impl IntoView {
    view! {
        <ScrollTable label="Actions de suivi">
            <table>
                <caption class="fr-sr-only">"Actions de suivi"</caption>
                <thead>
                    <tr>
                        <th scope="col">"Action"</th>
                        <th scope="col">"Responsable"</th>
                        <th scope="col">"Échéance"</th>
                        <th scope="col">"État"</th>
                    </tr>
                </thead>
                <tbody>
                    {actions.into_iter().map(|a| {
                        let form = back.clone().filter(|_| a.can_update).map(|back| view! {
                            <StatusForm id=a.id title=a.title.clone() status=a.status back ids />
                        });
                        view! {
                            <tr>
                                <th scope="row">
                                    {a.title.clone()}
                                    {a.proposal_reference.clone().map(|r| view! {
                                        " "<a class="ecoute-ref" href=format!("/propositions/{r}")>{r.clone()}</a>
                                    })}
                                    {a.can_edit.then(|| view! {
                                        <br />
                                        <a class="fr-link fr-text--sm" href=format!("/actions/{}/modifier", a.id)>
                                            "Modifier"<span class="fr-sr-only">{format!(" l'action « {} »", a.title)}</span>
                                        </a>
                                    })}
                                </th>
                                <td>{a.owner.clone().unwrap_or_default()}</td>
                                <td>
                                    {a.due.clone().zip(a.due_iso.clone()).map(|(due, iso)| view! { <time datetime=iso>{due}</time> })}
                                    {a.overdue.then(|| view! { " "<span class="fr-badge fr-badge--sm fr-badge--error">"En retard"</span> })}
                                </td>
                                <td>
                                    <span class="fr-badge fr-badge--sm">{a.status.label()}</span>
                                    {form}
                                </td>
                            </tr>
                        }
                    }).collect_view()}
                </tbody>
            </table>
        </ScrollTable>
    }
}

#[component]
fn StatusForm(
    id: i32,
    title: String,
    status: ActionStatus,
    back: String,
    ids: &'static str,
) -> impl IntoView {
    let select_id = format!("{ids}-{id}");
    view! {
        <form method="post" action=SetActionStatus::PATH class="ecoute-inline-form fr-mt-1w">
            <input type="hidden" name="action_id" value=id.to_string() />
            <input type="hidden" name="back" value=back />
            <label class="fr-sr-only" for=select_id.clone()>{format!("État de l'action « {title} »")}</label>
            <select class="fr-select" id=select_id name="status">
                {ActionStatus::ALL.iter().map(|s| view! {
                    <option value=s.code() selected=*s == status>{s.label()}</option>
                }).collect_view()}
            </select>
            <button class="fr-btn fr-btn--sm fr-btn--tertiary" type="submit">
                "Changer"<span class="fr-sr-only">{format!(" l'état de « {title} »")}</span>
            </button>
        </form>
    }
}

/// The fields of a follow-up action: title, owner, due date, details, and
/// with `with_proposal` the reference of the proposal it follows. Empty for
/// a new action, or holding `values` to edit one.
#[component]
pub fn ActionFields(
    owners: Vec<OwnerSuggestion>,
    #[prop(optional)] with_proposal: bool,
    #[prop(optional)] values: Option<ActionEditData>,
) -> impl IntoView {
    let editing = values.is_some();
    let values = values.unwrap_or(ActionEditData {
        id: 0,
        title: String::new(),
        description: String::new(),
        owner: String::new(),
        due_on: String::new(),
        status: ActionStatus::Open,
        proposal_reference: None,
        meeting_id: None,
        owners: Vec::new(),
        back: String::new(),
    });
    let owner_width = if with_proposal {
        "fr-col-12 fr-col-md-6"
    } else {
        "fr-col-12 fr-col-md-8"
    };
    view! {
        <div class="fr-input-group">
            <label class="fr-label" for="action-title">"Intitulé de l'action"</label>
            <input class="fr-input" type="text" id="action-title" name="title" maxlength="200" required value=values.title />
        </div>
        <div class="fr-grid-row fr-grid-row--gutters">
            <div class=owner_width>
                // A text field, with the people of the group suggested: the
                // browser's own list (no script), and anyone else active
                // found by name or address on the server.
                <div class="fr-input-group">
                    <label class="fr-label" for="action-owner">
                        "Responsable"
                        <span class="fr-hint-text">"Son adresse électronique ou son nom ; les membres du groupe sont proposés"</span>
                    </label>
                    <input class="fr-input" type="text" id="action-owner" name="owner" list="action-owners" maxlength="254" autocomplete="off" required value=values.owner />
                    <datalist id="action-owners">
                        {owners.into_iter().map(|o| view! { <option value=o.email>{o.label}</option> }).collect_view()}
                    </datalist>
                </div>
            </div>
            <div class="fr-col-12 fr-col-md-3">
                <div class="fr-input-group">
                    <label class="fr-label" for="action-due">"Échéance"</label>
                    <input class="fr-input" type="date" id="action-due" name="due_on" required value=values.due_on />
                </div>
            </div>
            {with_proposal.then(|| view! {
                <div class="fr-col-12 fr-col-md-3">
                    <div class="fr-input-group">
                        <label class="fr-label" for="action-proposal">"Proposition liée" <span class="fr-hint-text">"Facultatif, ex. DA-2019-0042"</span></label>
                        <input class="fr-input" type="text" id="action-proposal" name="proposal_reference" maxlength="20" />
                    </div>
                </div>
            })}
        </div>
        <div class="fr-input-group">
            <label class="fr-label" for="action-description">"Précisions" <span class="fr-hint-text">"Facultatif"</span></label>
            <textarea class="fr-input" id="action-description" name="description" rows="3" maxlength="5000">{field_text(&values.description)}</textarea>
        </div>
        <button class="fr-btn" type="submit">{if editing { "Enregistrer l'action" } else { "Ajouter l'action" }}</button>
    }
}
