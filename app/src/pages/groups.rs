use leptos::prelude::*;
use leptos::server_fn::ServerFn;
use leptos_meta::Title;
use leptos_router::hooks::{use_params_map, use_query_map};

use crate::api::groups::{load_group, working_groups, AddGroupMember, EndGroupMember, SaveGroup};
use crate::components::actions::ActionTable;
use crate::components::feedback::{loaded, FormAlert, PageTitle, SuccessNotice};
use crate::components::proposal_list::ProposalList;
use crate::model::{GroupAdmin, GroupDetail, GroupMember};
use crate::pages::home::GroupTiles;

#[component]
pub fn GroupsPage() -> impl IntoView {
    let groups = Resource::new(|| (), |_| working_groups());
    view! {
        <Title text="Groupes de travail" />
        <PageTitle
            title="Groupes de travail"
            lead="Trois groupes préparent les travaux de la séance plénière : l'accès du plus grand nombre, la simplification des démarches et leur utilisation par les personnes en situation de handicap."
        />
        <h2>"Groupes en activité"</h2>
        {loaded(groups, |groups| view! { <GroupTiles groups /> })}
    }
}

#[component]
pub fn GroupPage() -> impl IntoView {
    let params = use_params_map();
    let slug = move || params.read().get("slug").unwrap_or_default();
    let group = Resource::new(slug, load_group);
    let query = use_query_map();
    let saved = move || query.read().get("enregistre").is_some();
    let save = ServerAction::<SaveGroup>::new();
    let add = ServerAction::<AddGroupMember>::new();
    let end = ServerAction::<EndGroupMember>::new();
    let error = Signal::derive(move || {
        [save.value().get(), add.value().get(), end.value().get()]
            .into_iter()
            .flatten()
            .find_map(Result::err)
    });
    view! {
        {move || saved().then(|| view! { <SuccessNotice message="Les modifications sont enregistrées." /> })}
        <FormAlert error />
        {loaded(group, |g: GroupDetail| view! { <GroupView g /> })}
    }
}

#[component]
fn GroupView(g: GroupDetail) -> impl IntoView {
    view! {
        <Title text=g.heading.clone() />
        <h1>{g.heading.clone()}</h1>
        {g.lead.clone().map(|lead| view! {
            <p class="fr-text--lead">
                {format!("Pilote : {lead}")}
                {g.lead_organisation.clone().map(|o| format!(" ({o})"))}
            </p>
        })}
        {g.can_schedule.then(|| view! {
            <p><a class="fr-btn fr-icon-add-line fr-btn--icon-left" href=format!("/reunions/nouvelle?groupe={}", g.slug)>"Programmer une réunion"</a></p>
        })}
        <section class="fr-mb-4w" aria-labelledby="mandat">
            <h2 id="mandat">"Mandat"</h2>
            <div class="ecoute-markdown" inner_html=g.mandate_html.clone()></div>
        </section>
        <section class="fr-mb-4w" aria-labelledby="membres">
            <h2 id="membres">"Organisations membres"</h2>
            {if g.members.is_empty() {
                view! { <p>"Aucune organisation n'est membre de ce groupe pour le moment."</p> }.into_any()
            } else {
                view! {
                    <ul>
                        {g.members.iter().map(|m| view! {
                            <li>
                                <a href=format!("/membres/{}", m.slug)>{m.name.clone()}</a>
                                <span class="ecoute-ref">{format!(" — depuis le {}", m.since)}</span>
                            </li>
                        }).collect_view()}
                    </ul>
                }.into_any()
            }}
            {(!g.former_members.is_empty()).then(|| view! {
                <h3>"Anciens membres"</h3>
                <ul>
                    {g.former_members.iter().map(|m| view! {
                        <li>
                            <a href=format!("/membres/{}", m.slug)>{m.label.clone()}</a>
                            <span class="ecoute-ref">{format!(" — du {} au {}", m.since, m.until.clone().unwrap_or_default())}</span>
                        </li>
                    }).collect_view()}
                </ul>
            })}
        </section>
        {g.manage.clone().map(|a| view! { <ManageGroup slug=g.slug.clone() a members=g.members.clone() /> })}
        <section class="fr-mb-4w" aria-labelledby="reunions">
            <h2 id="reunions">"Réunions"</h2>
            {if g.meetings.is_empty() {
                view! { <p>"Aucune réunion pour le moment."</p> }.into_any()
            } else {
                view! {
                    <ul class="ecoute-list">
                        {g.meetings.iter().map(|m| view! {
                            <li class="ecoute-list__item">
                                <a href=format!("/reunions/{}", m.id)>{m.title.clone()}</a>
                                " — "<time datetime=m.starts_at_iso.clone()>{m.when.clone()}</time>
                                " "<span class="fr-badge fr-badge--sm">{m.status.label()}</span>
                            </li>
                        }).collect_view()}
                    </ul>
                }.into_any()
            }}
        </section>
        <section class="fr-mb-4w" aria-labelledby="actions">
            <h2 id="actions">"Actions en cours"</h2>
            {if g.actions.is_empty() {
                view! { <p>"Aucune action en cours."</p> }.into_any()
            } else {
                view! { <ActionTable actions=g.actions.clone() /> }.into_any()
            }}
        </section>
        <section class="fr-mb-4w" aria-labelledby="propositions">
            <h2 id="propositions">"Propositions confiées au groupe"</h2>
            <ProposalList proposals=g.backlog.clone() />
        </section>
    }
}

/// The secretariat's forms: title, mandate and lead; seats.
#[component]
fn ManageGroup(slug: String, a: GroupAdmin, members: Vec<GroupMember>) -> impl IntoView {
    view! {
        <section class="fr-mb-4w" aria-labelledby="gestion">
            <h2 id="gestion">"Gestion du groupe"</h2>
            <details class="fr-mb-3w">
                <summary>"Modifier l'intitulé, le mandat ou le pilote"</summary>
                <form method="post" action=SaveGroup::PATH class="fr-mt-2w">
                    <input type="hidden" name="slug" value=slug.clone() />
                    <div class="fr-input-group">
                        <label class="fr-label" for="group-title">"Intitulé"</label>
                        <input class="fr-input" type="text" id="group-title" name="title" maxlength="200" required value=a.title.clone() />
                    </div>
                    <div class="fr-input-group">
                        <label class="fr-label" for="group-mandate">"Mandat" <span class="fr-hint-text">"En Markdown"</span></label>
                        <textarea class="fr-input" id="group-mandate" name="mandate" rows="6" maxlength="10000">{a.mandate.clone()}</textarea>
                    </div>
                    <div class="fr-select-group">
                        <label class="fr-label" for="group-lead">"Pilote"</label>
                        <select class="fr-select" id="group-lead" name="lead_user_id">
                            <option value="">"Aucun"</option>
                            {a.leads.iter().map(|p| view! {
                                <option value=p.id.to_string() selected=a.lead_user_id == Some(p.id)>{p.label.clone()}</option>
                            }).collect_view()}
                        </select>
                    </div>
                    <button class="fr-btn" type="submit">"Enregistrer"</button>
                </form>
            </details>
            {(!a.candidates.is_empty()).then(|| view! {
                <form method="post" action=AddGroupMember::PATH class="fr-mb-3w">
                    <input type="hidden" name="slug" value=slug.clone() />
                    <div class="fr-grid-row fr-grid-row--gutters">
                        <div class="fr-col-12 fr-col-md-6">
                            <div class="fr-select-group">
                                <label class="fr-label" for="seat-organisation">"Organisation à ajouter au groupe"</label>
                                <select class="fr-select" id="seat-organisation" name="organisation" required>
                                    <option value="">"Choisir…"</option>
                                    {a.candidates.iter().map(|c| view! { <option value=c.value.clone()>{c.label.clone()}</option> }).collect_view()}
                                </select>
                            </div>
                        </div>
                        <div class="fr-col-12 fr-col-md-4">
                            <div class="fr-input-group">
                                <label class="fr-label" for="seat-joined">"Membre du groupe depuis le"</label>
                                <input class="fr-input" type="date" id="seat-joined" name="joined_on" required />
                            </div>
                        </div>
                        <div class="fr-col-12 fr-col-md-2 ecoute-align-end">
                            <button class="fr-btn" type="submit">"Ajouter"</button>
                        </div>
                    </div>
                </form>
            })}
            {(!members.is_empty()).then(|| view! {
                <form method="post" action=EndGroupMember::PATH>
                    <input type="hidden" name="slug" value=slug.clone() />
                    <div class="fr-grid-row fr-grid-row--gutters">
                        <div class="fr-col-12 fr-col-md-6">
                            <div class="fr-select-group">
                                <label class="fr-label" for="seat-leaving">"Organisation qui quitte le groupe"</label>
                                <select class="fr-select" id="seat-leaving" name="organisation" required>
                                    <option value="">"Choisir…"</option>
                                    {members.iter().map(|m| view! { <option value=m.slug.clone()>{m.name.clone()}</option> }).collect_view()}
                                </select>
                            </div>
                        </div>
                        <div class="fr-col-12 fr-col-md-4">
                            <div class="fr-input-group">
                                <label class="fr-label" for="seat-left">"Sortie le"</label>
                                <input class="fr-input" type="date" id="seat-left" name="left_on" required />
                            </div>
                        </div>
                        <div class="fr-col-12 fr-col-md-2 ecoute-align-end">
                            <button class="fr-btn fr-btn--secondary" type="submit">"Retirer"</button>
                        </div>
                    </div>
                </form>
            })}
        </section>
    }
}
