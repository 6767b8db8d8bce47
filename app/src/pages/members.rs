use leptos::prelude::*;
use leptos::server_fn::ServerFn;
use leptos_meta::Title;
use leptos_router::hooks::{use_params_map, use_query_map};

use crate::api::account::who_am_i;
use crate::api::members::{
    load_organisation, member_directory, organisation_form, CorrectMembershipDates, EndMembership,
    RenewMembership, SaveOrganisation,
};
use crate::components::feedback::{loaded, FormAlert, PageTitle, SuccessNotice};
use crate::components::pagination::page_in_query;
use crate::components::proposal_list::{page_link, ProposalPages, PAGE_PARAM};
use crate::components::raw_text::field_text;
use crate::components::table::ScrollTable;
use crate::model::{
    CurrentUser, OrganisationCard, OrganisationDetail, OrganisationFormData, OrganisationKind,
};
use crate::pages::profiles::Representations;

#[component]
pub fn MembersPage() -> impl IntoView {
    let members = Resource::new(|| (), |_| member_directory());
    let me = Resource::new(|| (), |_| who_am_i());
    view! {
        <Title text="Membres" />
        <PageTitle
            title="Membres de l'instance"
            lead="Associations d'usagers et partenaires administratifs qui siègent à l'instance."
        />
        {loaded(me, |me: Option<CurrentUser>| me.filter(CurrentUser::is_admin).map(|_| view! {
            <p><a class="fr-btn fr-icon-add-line fr-btn--icon-left" href="/membres/nouvelle">"Ajouter une organisation"</a></p>
        }))}
        {loaded(members, |members: Vec<OrganisationCard>| {
            OrganisationKind::ALL
                .iter()
                .map(|kind| {
                    let of_kind: Vec<_> = members.iter().filter(|m| m.kind == *kind).cloned().collect();
                    view! { <MemberTable kind=*kind members=of_kind /> }
                })
                .collect_view()
        })}
    }
}

#[component]
fn MemberTable(kind: OrganisationKind, members: Vec<OrganisationCard>) -> impl IntoView {
    let caption = match kind {
        OrganisationKind::Association => "Associations d'usagers",
        OrganisationKind::Partner => "Partenaires administratifs",
    };
    view! {
        <ScrollTable label=caption class="fr-mb-4w">
            <table>
                <caption>{caption}</caption>
                <thead>
                    <tr>
                        <th scope="col">"Organisation"</th>
                        <th scope="col">"Membre depuis"</th>
                        <th scope="col">"Groupes de travail"</th>
                    </tr>
                </thead>
                <tbody>
                    {members
                        .into_iter()
                        .map(|m| {
                            view! {
                                <tr>
                                    <th scope="row">
                                        <a href=format!("/membres/{}", m.slug)>{m.name}</a>
                                        {m.left_on.map(|d| view! { <br /> <span class="fr-text--xs">{format!("jusqu'au {d}")}</span> })}
                                    </th>
                                    <td>{m.member_since}</td>
                                    <td>{if m.groups.is_empty() { "—".to_string() } else { m.groups.join(", ") }}</td>
                                </tr>
                            }
                        })
                        .collect_view()}
                </tbody>
            </table>
        </ScrollTable>
    }
}

#[component]
pub fn OrganisationPage() -> impl IntoView {
    let params = use_params_map();
    let slug = move || params.read().get("slug").unwrap_or_default();
    let query = use_query_map();
    let page = page_in_query(PAGE_PARAM);
    let organisation = Resource::new(
        move || (slug(), page.get()),
        |(slug, page)| load_organisation(slug, page),
    );
    let saved = move || query.read().get("enregistre").is_some();
    let end = ServerAction::<EndMembership>::new();
    let save = ServerAction::<SaveOrganisation>::new();
    let renew = ServerAction::<RenewMembership>::new();
    let correct = ServerAction::<CorrectMembershipDates>::new();
    let error = Signal::derive(move || {
        [
            end.value().get(),
            save.value().get(),
            renew.value().get(),
            correct.value().get(),
        ]
        .into_iter()
        .flatten()
        .find_map(Result::err)
    });
    view! {
        {move || saved().then(|| view! { <SuccessNotice message="Les modifications sont enregistrées." /> })}
        <FormAlert error />
        {loaded(organisation, |o: OrganisationDetail| view! { <OrganisationView o /> })}
    }
}

/// « Ajouter une organisation » (the secretariat only).
#[component]
pub fn NewOrganisationPage() -> impl IntoView {
    let form = Resource::new(|| (), |_| organisation_form());
    let save = ServerAction::<SaveOrganisation>::new();
    let error = Signal::derive(move || save.value().get().and_then(Result::err));
    view! {
        <Title text="Ajouter une organisation" />
        <h1>"Ajouter une organisation"</h1>
        <FormAlert error />
        {loaded(form, |f: OrganisationFormData| view! { <OrganisationForm f /> })}
    }
}

/// The organisation's fields, for a new one or to edit one.
#[component]
fn OrganisationForm(f: OrganisationFormData) -> impl IntoView {
    let editing = f.slug.is_some();
    view! {
        <form method="post" action=SaveOrganisation::PATH>
            {f.slug.clone().map(|slug| view! { <input type="hidden" name="slug" value=slug /> })}
            <div class="fr-input-group">
                <label class="fr-label" for="org-name">"Nom"</label>
                <input class="fr-input" type="text" id="org-name" name="name" maxlength="200" required value=f.name.clone() />
            </div>
            <div class="fr-grid-row fr-grid-row--gutters">
                <div class="fr-col-12 fr-col-md-4">
                    <div class="fr-input-group">
                        <label class="fr-label" for="org-short">"Sigle" <span class="fr-hint-text">"Facultatif"</span></label>
                        <input class="fr-input" type="text" id="org-short" name="short_name" maxlength="40" value=f.short_name.clone() />
                    </div>
                </div>
                <div class="fr-col-12 fr-col-md-4">
                    <div class="fr-select-group">
                        <label class="fr-label" for="org-kind">"Type"</label>
                        <select class="fr-select" id="org-kind" name="kind" required>
                            <option value="">"Choisir…"</option>
                            {OrganisationKind::ALL.iter().map(|k| view! {
                                <option value=k.code() selected=f.kind == Some(*k)>{k.label()}</option>
                            }).collect_view()}
                        </select>
                    </div>
                </div>
                <div class="fr-col-12 fr-col-md-4">
                    <div class="fr-input-group">
                        <label class="fr-label" for="org-joined">"Membre depuis le"</label>
                        <input class="fr-input" type="date" id="org-joined" name="joined_on" required value=f.joined_on.clone() />
                    </div>
                </div>
            </div>
            <div class="fr-input-group">
                <label class="fr-label" for="org-website">"Site internet" <span class="fr-hint-text">"Facultatif, adresse commençant par https://"</span></label>
                <input class="fr-input" type="url" id="org-website" name="website" maxlength="300" value=f.website.clone() />
            </div>
            <div class="fr-input-group">
                <label class="fr-label" for="org-description">"Présentation"</label>
                <textarea class="fr-input" id="org-description" name="description" rows="4" maxlength="5000">{field_text(&f.description)}</textarea>
            </div>
            <button class="fr-btn" type="submit">{if editing { "Enregistrer les modifications" } else { "Ajouter l'organisation" }}</button>
        </form>
    }
}

/// The secretariat's forms on an organisation's page.
#[component]
fn ManageOrganisation(f: OrganisationFormData) -> impl IntoView {
    let slug = f.slug.clone().unwrap_or_default();
    let ended = f.ended;
    let joined = f.joined_on.clone();
    let left = f.left_on.clone();
    view! {
        <section class="fr-mb-4w" aria-labelledby="gestion">
            <h2 id="gestion">"Gestion de l'adhésion"</h2>
            <details class="fr-mb-3w">
                <summary>"Modifier l'organisation"</summary>
                <OrganisationForm f />
            </details>
            <details class="fr-mb-3w">
                <summary>"Corriger les dates de l'adhésion"</summary>
                <form method="post" action=CorrectMembershipDates::PATH class="fr-mt-2w">
                    <input type="hidden" name="slug" value=slug.clone() />
                    <div class="fr-grid-row fr-grid-row--gutters">
                        <div class="fr-col-12 fr-col-md-6">
                            <div class="fr-input-group">
                                <label class="fr-label" for="correct-joined">"Début de l'adhésion"</label>
                                <input class="fr-input" type="date" id="correct-joined" name="joined_on" required value=joined.clone() />
                            </div>
                        </div>
                        {ended.then(|| view! {
                            <div class="fr-col-12 fr-col-md-6">
                                <div class="fr-input-group">
                                    <label class="fr-label" for="correct-left">
                                        "Fin de l'adhésion"
                                        <span class="fr-hint-text">"Les sièges qui ont pris fin avec elle suivent la nouvelle date."</span>
                                    </label>
                                    <input class="fr-input" type="date" id="correct-left" name="left_on" required value=left.clone() />
                                </div>
                            </div>
                        })}
                    </div>
                    <button class="fr-btn fr-btn--secondary" type="submit">"Corriger les dates"</button>
                </form>
            </details>
            {ended.then(|| view! {
                <form method="post" action=RenewMembership::PATH class="fr-mb-3w">
                    <input type="hidden" name="slug" value=slug.clone() />
                    <div class="fr-input-group">
                        <label class="fr-label" for="renew-on">
                            "Reprise de l'adhésion le"
                            <span class="fr-hint-text">"La période précédente reste dans l'historique ; les sièges dans les groupes de travail se rattribuent depuis leur page."</span>
                        </label>
                        <input class="fr-input" type="date" id="renew-on" name="joined_on" required min=left.clone() />
                    </div>
                    <button class="fr-btn fr-btn--secondary" type="submit">"Renouveler l'adhésion"</button>
                </form>
            })}
            {(!ended).then(|| view! {
                <form method="post" action=EndMembership::PATH>
                    <input type="hidden" name="slug" value=slug />
                    <div class="fr-input-group">
                        <label class="fr-label" for="left-on">
                            "Fin de l'adhésion le"
                            <span class="fr-hint-text">"Ses sièges dans les groupes de travail prennent fin le même jour ; son historique est conservé."</span>
                        </label>
                        <input class="fr-input" type="date" id="left-on" name="left_on" required min=joined />
                    </div>
                    <button class="fr-btn fr-btn--secondary" type="submit">"Mettre fin à l'adhésion"</button>
                </form>
            })}
        </section>
    }
}

#[component]
fn OrganisationView(o: OrganisationDetail) -> impl IntoView {
    view! {
        <Title text=o.name.clone() />
        <p class="fr-mb-1v ecoute-ref">{o.kind.label()}</p>
        <h1>{o.name.clone()}{o.short_name.clone().map(|s| format!(" ({s})"))}</h1>
        <p class="fr-text--lead">{o.description.clone()}</p>
        <ul class="fr-mb-3w">
            <li>{match &o.left_on {
                Some(left) => format!("Membre du {} au {left}", o.member_since),
                None => format!("Membre depuis le {}", o.member_since),
            }}</li>
            {o.past_periods.iter().map(|(from, to)| view! {
                <li>{format!("Précédemment membre du {from} au {to}")}</li>
            }).collect_view()}
            {o.website.clone().map(|w| view! { <li>"Site : "<a href=w.clone() rel="noopener noreferrer">{w.clone()}</a></li> })}
        </ul>
        <section class="fr-mb-4w" aria-labelledby="representants">
            <h2 id="representants">"Représentants"</h2>
            {if o.representatives.is_empty() {
                view! { <p>"Aucun représentant n'a encore de compte."</p> }.into_any()
            } else {
                view! {
                    <ul>
                        {o.representatives.iter().map(|r| view! {
                            <li>
                                <strong>{r.name.clone()}</strong>
                                {r.title.clone().map(|t| format!(", {t}"))}
                                {r.since.clone().map(|d| format!(" (depuis le {d})"))}
                                {r.email.clone().map(|e| view! { " — "<a href=format!("mailto:{e}")>{e.clone()}</a> })}
                                {r.account_id.map(|id| view! {
                                    " — "<a href=format!("/admin/comptes/{id}")>"Modifier"<span class="fr-sr-only">{format!(" le compte de {}", r.name)}</span></a>
                                })}
                            </li>
                        }).collect_view()}
                    </ul>
                }.into_any()
            }}
        </section>
        {(!o.former_representatives.is_empty()).then(|| view! {
            <section class="fr-mb-4w" aria-labelledby="anciens-representants">
                <h2 id="anciens-representants">"Anciens représentants"</h2>
                <Representations rows=o.former_representatives.clone() empty="" />
            </section>
        })}
        {(!o.access_ended.is_empty()).then(|| view! {
            <section class="fr-mb-4w" aria-labelledby="acces-retires">
                <h2 id="acces-retires">"Comptes fermés"</h2>
                <p>"Ces personnes n'ont plus accès à Écoute (fin de l'adhésion de l'organisation ou compte désactivé) :"</p>
                <ul>
                    {o.access_ended.iter().map(|r| view! {
                        <li>
                            <strong>{r.name.clone()}</strong>
                            {r.email.clone().map(|e| format!(" — {e}"))}
                        </li>
                    }).collect_view()}
                </ul>
            </section>
        })}
        <section class="fr-mb-4w" aria-labelledby="groupes">
            <h2 id="groupes">"Groupes de travail"</h2>
            {if o.groups.is_empty() {
                view! { <p>"Cette organisation ne siège dans aucun groupe de travail."</p> }.into_any()
            } else {
                view! {
                    <ul>
                        {o.groups.iter().map(|(slug, label)| view! {
                            <li><a href=format!("/groupes/{slug}")>{label.clone()}</a></li>
                        }).collect_view()}
                    </ul>
                }.into_any()
            }}
        </section>
        {(!o.former_groups.is_empty()).then(|| view! {
            <section class="fr-mb-4w" aria-labelledby="anciens-groupes">
                <h2 id="anciens-groupes">"Groupes de travail quittés"</h2>
                <ul>
                    {o.former_groups.iter().map(|s| view! {
                        <li>
                            <a href=format!("/groupes/{}", s.slug)>{s.label.clone()}</a>
                            {format!(" — du {} au {}", s.since, s.until.clone().unwrap_or_default())}
                        </li>
                    }).collect_view()}
                </ul>
            </section>
        })}
        <section class="fr-mb-4w" aria-labelledby="propositions">
            <h2 id="propositions">"Propositions déposées"</h2>
            <ProposalPages
                list=o.proposals.clone()
                link=page_link(format!("/membres/{}", o.slug))
                all=format!("/propositions?organisation={}", o.slug)
            />
        </section>
        {o.manage.clone().map(|f| view! { <ManageOrganisation f /> })}
    }
}
