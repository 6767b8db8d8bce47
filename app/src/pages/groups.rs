use leptos::prelude::*;
use leptos::server_fn::ServerFn;
use leptos_meta::Title;
use leptos_router::hooks::{use_params_map, use_query_map};

use crate::api::account::who_am_i;
use crate::api::groups::{
    load_group, new_group_form, working_groups, AddGroupMember, ArchiveGroup, CreateGroup,
    EndGroupMember, SaveGroup,
};
use crate::components::actions::ActionTable;
use crate::components::feedback::{loaded, FormAlert, PageTitle, SuccessNotice};
use crate::components::forms::{FormError, Returned, SelectField, TextArea, TextField};
use crate::components::pagination::{page_in_query, pages_at, Pagination};
use crate::components::proposal_list::{page_link, ProposalPages, PAGE_PARAM};
use crate::model::{
    Choice, CurrentUser, GroupAdmin, GroupDetail, GroupMember, WorkingGroupCard, GROUP_MANDATE_MAX,
    GROUP_TITLE_MAX,
};
use crate::pages::home::GroupTiles;

/// The query parameter of a page of a group's meetings.
const MEETINGS_PARAM: &str = "reunions";

#[component]
pub fn GroupsPage() -> impl IntoView {
    let groups = Resource::new(|| (), |_| working_groups());
    let me = Resource::new(|| (), |_| who_am_i());
    view! {
        <Title text="Groupes de travail" />
        <PageTitle
            title="Groupes de travail"
            lead="Les groupes de travail préparent les travaux de la séance plénière : chacun instruit les propositions qui lui sont confiées, avec ses organisations membres."
        />
        {loaded(me, |me: Option<CurrentUser>| me.filter(CurrentUser::is_admin).map(|_| view! {
            <p><a class="fr-btn fr-icon-add-line fr-btn--icon-left" href="/groupes/nouveau">"Créer un groupe de travail"</a></p>
        }))}
        {loaded(groups, |groups: Vec<WorkingGroupCard>| {
            let (archived, active): (Vec<_>, Vec<_>) = groups.into_iter().partition(|g| g.archived);
            view! {
                <h2>"Groupes en activité"</h2>
                {if active.is_empty() {
                    view! { <p>"Aucun groupe de travail pour le moment."</p> }.into_any()
                } else {
                    view! { <GroupTiles groups=active /> }.into_any()
                }}
                {(!archived.is_empty()).then(|| view! {
                    <section class="fr-mt-6w" aria-labelledby="groupes-archives">
                        <h2 id="groupes-archives">"Groupes archivés"</h2>
                        <p>"Ces groupes ne reçoivent plus de propositions ; leur historique reste consultable."</p>
                        <ul>
                            {archived.into_iter().map(|g| view! {
                                <li><a href=format!("/groupes/{}", g.slug)>{format!("Groupe {} — {}", g.number, g.title)}</a></li>
                            }).collect_view()}
                        </ul>
                    </section>
                })}
            }
        })}
    }
}

/// « Créer un groupe de travail » (the secretariat only).
#[component]
pub fn NewGroupPage() -> impl IntoView {
    let form = Resource::new(|| (), |_| new_group_form());
    view! {
        <Title text="Créer un groupe de travail" />
        <h1>"Créer un groupe de travail"</h1>
        {loaded(form, |a: GroupAdmin| view! {
            <form method="post" action=CreateGroup::PATH id="groupe">
                <GroupFields a />
                <button class="fr-btn" type="submit">"Créer le groupe"</button>
            </form>
        })}
    }
}

/// A group's title, mandate and lead, as saved or as typed in a refused form.
#[component]
fn GroupFields(a: GroupAdmin) -> impl IntoView {
    let r = Returned::from_address();
    let leads: Vec<Choice> = a
        .leads
        .iter()
        .map(|p| Choice {
            value: p.id.to_string(),
            label: p.label.clone(),
        })
        .collect();
    let lead = a.lead_user_id.map(|id| id.to_string()).unwrap_or_default();
    view! {
        <FormError returned=r.clone() />
        <TextField id="group-title" name="title" label="Intitulé" value=r.value("title", a.title.clone())
            error=r.error_of("title") required=true maxlength=GROUP_TITLE_MAX />
        <TextArea id="group-mandate" name="mandate" label="Mandat" hint="En Markdown" value=r.value("mandate", a.mandate.clone())
            error=r.error_of("mandate") rows=6 maxlength=GROUP_MANDATE_MAX />
        <SelectField id="group-lead" name="lead_user_id" label="Pilote"
            hint="Une personne ayant le rôle « pilote de groupe de travail » ou « secrétariat »."
            choices=leads value=r.value("lead_user_id", lead) error=r.error_of("lead_user_id") none="Aucun" />
    }
}

#[component]
pub fn GroupPage() -> impl IntoView {
    let params = use_params_map();
    let slug = move || params.read().get("slug").unwrap_or_default();
    let query = use_query_map();
    let page = page_in_query(PAGE_PARAM);
    let meetings_page = page_in_query(MEETINGS_PARAM);
    let group = Resource::new(
        move || (slug(), page.get(), meetings_page.get()),
        |(slug, page, meetings_page)| load_group(slug, page, meetings_page),
    );
    let saved = move || query.read().get("enregistre").is_some();
    let save = ServerAction::<SaveGroup>::new();
    let add = ServerAction::<AddGroupMember>::new();
    let end = ServerAction::<EndGroupMember>::new();
    let archive = ServerAction::<ArchiveGroup>::new();
    let error = Signal::derive(move || {
        [
            save.value().get(),
            add.value().get(),
            end.value().get(),
            archive.value().get(),
        ]
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
        {g.archived.then(|| view! {
            <div class="fr-notice fr-notice--info fr-mb-3w">
                <div class="fr-container">
                    <div class="fr-notice__body">
                        <p class="fr-notice__title">"Ce groupe est archivé : il ne reçoit plus de propositions ni de nouveaux membres et ne tient plus de réunion. Son historique reste consultable."</p>
                    </div>
                </div>
            </div>
        })}
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
            {if g.meetings.items.is_empty() {
                view! { <p>"Aucune réunion pour le moment."</p> }.into_any()
            } else {
                view! {
                    {(g.meetings.pages > 1).then(|| view! {
                        <p class="fr-text--sm">{format!("{} réunions — page {} sur {}", g.meetings.total, g.meetings.page, g.meetings.pages)}</p>
                    })}
                    <ul class="ecoute-list">
                        {g.meetings.items.iter().map(|m| view! {
                            <li class="ecoute-list__item">
                                <a href=format!("/reunions/{}", m.id)>{m.title.clone()}</a>
                                " — "<time datetime=m.starts_at_iso.clone()>{m.when.clone()}</time>
                                " "<span class="fr-badge fr-badge--sm">{m.status.label()}</span>
                            </li>
                        }).collect_view()}
                    </ul>
                    <Pagination
                        page=g.meetings.page
                        pages=g.meetings.pages
                        link=pages_at(format!("/groupes/{}", g.slug), MEETINGS_PARAM, "reunions")
                    />
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
            <ProposalPages
                list=g.backlog.clone()
                link=page_link(format!("/groupes/{}", g.slug))
                all=format!("/propositions?groupe={}", g.number)
            />
        </section>
    }
}

/// The secretariat's forms: title, mandate and lead; seats.
#[component]
fn ManageGroup(slug: String, a: GroupAdmin, members: Vec<GroupMember>) -> impl IntoView {
    view! {
        <section class="fr-mb-4w" aria-labelledby="gestion">
            <h2 id="gestion">"Gestion du groupe"</h2>
            <details class="fr-mb-3w" open=Returned::from_address().error().is_some()>
                <summary>"Modifier l'intitulé, le mandat ou le pilote"</summary>
                <form method="post" action=SaveGroup::PATH class="fr-mt-2w">
                    <input type="hidden" name="slug" value=slug.clone() />
                    <GroupFields a=a.clone() />
                    <button class="fr-btn" type="submit">"Enregistrer"</button>
                </form>
            </details>
            <form method="post" action=ArchiveGroup::PATH class="fr-mb-3w">
                <input type="hidden" name="slug" value=slug.clone() />
                <input type="hidden" name="archived" value=(!a.archived).to_string() />
                {if a.archived {
                    view! { <button class="fr-btn fr-btn--secondary" type="submit">"Rouvrir le groupe"</button> }.into_any()
                } else {
                    view! {
                        <p class="fr-hint-text">"Un groupe archivé garde son historique et ses propositions, mais n'est plus proposé pour de nouvelles propositions, réunions ou adhésions."</p>
                        <button class="fr-btn fr-btn--secondary" type="submit">"Archiver le groupe"</button>
                    }.into_any()
                }}
            </form>
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
            {(!members.is_empty() && !a.archived).then(|| view! {
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
