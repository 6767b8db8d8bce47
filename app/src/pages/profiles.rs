//! People's accounts as they are corrected: the secretariat's page about a
//! person (name, position, organisation with the date of a move, e-mail
//! address, role), « Mon compte » where each person changes their own name
//! and position, and the page of the link confirming a new address.

use leptos::prelude::*;
use leptos::server_fn::ServerFn;
use leptos_meta::Title;
use leptos_router::hooks::{use_params_map, use_query_map};

use crate::api::admin::ChangeRole;
use crate::api::profiles::{
    load_account, load_email_change, load_my_account, ChangeAccountEmail, ConfirmEmailChange,
    UpdateAccount, UpdateMyAccount,
};
use crate::components::feedback::{loaded, FormAlert, SuccessNotice};
use crate::model::{AccountDetail, EmailChangePage, MyAccount, RepresentationRow, Role};

/// The secretariat's page about one person.
#[component]
pub fn PersonAdminPage() -> impl IntoView {
    let id = super::id_param();
    let query = use_query_map();
    let saved = move || query.read().get("enregistre").is_some();
    let confirming = move || query.read().get("confirmation").is_some();
    let account = Resource::new(move || id.get(), load_account);
    let update = ServerAction::<UpdateAccount>::new();
    let email = ServerAction::<ChangeAccountEmail>::new();
    let role = ServerAction::<ChangeRole>::new();
    let error = Signal::derive(move || {
        [
            update.value().get(),
            email.value().get(),
            role.value().get(),
        ]
        .into_iter()
        .flatten()
        .find_map(Result::err)
    });
    view! {
        <p class="fr-mb-1v"><a class="fr-link fr-icon-arrow-left-line fr-link--icon-left" href="/admin/comptes">"Tous les comptes"</a></p>
        {move || saved().then(|| view! { <SuccessNotice message="Les modifications sont enregistrées." /> })}
        {move || confirming().then(|| view! {
            <SuccessNotice message="Un lien de confirmation est envoyé à la nouvelle adresse, et l'adresse actuelle en est avertie. Le changement prendra effet quand le lien sera suivi." />
        })}
        <FormAlert error />
        {loaded(account, |a: AccountDetail| view! { <PersonView a /> })}
    }
}

#[component]
fn PersonView(a: AccountDetail) -> impl IntoView {
    let id = a.id.to_string();
    let back = format!("/admin/comptes/{}", a.id);
    let current_organisation = a.organisation_id;
    view! {
        <Title text=a.name.clone() />
        <h1>{a.name.clone()}</h1>
        <p class="fr-text--lead">{a.email.clone()}{(!a.active).then_some(" — compte désactivé")}</p>
        <section class="fr-mb-4w" aria-labelledby="identite">
            <h2 id="identite">"Identité et organisation"</h2>
            <form method="post" action=UpdateAccount::PATH>
                <input type="hidden" name="user_id" value=id.clone() />
                <div class="fr-grid-row fr-grid-row--gutters">
                    <div class="fr-col-12 fr-col-md-6">
                        <div class="fr-input-group">
                            <label class="fr-label" for="account-name">"Prénom et nom"</label>
                            <input class="fr-input" type="text" id="account-name" name="name" maxlength="200" required value=a.name.clone() />
                        </div>
                    </div>
                    <div class="fr-col-12 fr-col-md-6">
                        <div class="fr-input-group">
                            <label class="fr-label" for="account-title">"Fonction" <span class="fr-hint-text">"Facultatif"</span></label>
                            <input class="fr-input" type="text" id="account-title" name="title" maxlength="200" value=a.title.clone() />
                        </div>
                    </div>
                    <div class="fr-col-12 fr-col-md-6">
                        <div class="fr-select-group">
                            <label class="fr-label" for="account-organisation">
                                "Organisation représentée"
                                <span class="fr-hint-text">"Obligatoire pour un membre."</span>
                            </label>
                            <select class="fr-select" id="account-organisation" name="organisation">
                                <option value="" selected=current_organisation.is_none()>"— Aucune —"</option>
                                {a.organisations.iter().map(|o| view! {
                                    <option value=o.id.to_string() selected=current_organisation == Some(o.id)>{o.name.clone()}</option>
                                }).collect_view()}
                            </select>
                        </div>
                    </div>
                    <div class="fr-col-12 fr-col-md-6">
                        <div class="fr-input-group">
                            <label class="fr-label" for="account-moved-on">
                                "Changement d'organisation à compter du"
                                <span class="fr-hint-text">"Seulement si l'organisation change : la date entre dans l'historique."</span>
                            </label>
                            <input class="fr-input" type="date" id="account-moved-on" name="moved_on" max=a.today.clone() value=a.today.clone() />
                        </div>
                    </div>
                </div>
                <button class="fr-btn fr-mt-2w" type="submit">"Enregistrer"</button>
            </form>
        </section>
        <section class="fr-mb-4w" aria-labelledby="adresse">
            <h2 id="adresse">"Adresse électronique"</h2>
            {a.pending_email.clone().map(|(email, until)| view! {
                <p>{format!("En attente de confirmation : {email} (lien valable jusqu'au {until}).")}</p>
            })}
            <form method="post" action=ChangeAccountEmail::PATH>
                <input type="hidden" name="user_id" value=id.clone() />
                <div class="fr-input-group">
                    <label class="fr-label" for="account-email">
                        "Nouvelle adresse"
                        <span class="fr-hint-text">"Un lien de confirmation y est envoyé ; l'adresse actuelle reste valable jusqu'à ce qu'il soit suivi, et elle en est avertie."</span>
                    </label>
                    <input class="fr-input" type="email" id="account-email" name="email" maxlength="254" autocomplete="off" required />
                </div>
                <button class="fr-btn fr-btn--secondary" type="submit">"Changer l'adresse"</button>
            </form>
        </section>
        <section class="fr-mb-4w" aria-labelledby="role">
            <h2 id="role">"Rôle"</h2>
            <form method="post" action=ChangeRole::PATH class="ecoute-inline-form">
                <input type="hidden" name="user_id" value=id />
                <input type="hidden" name="back" value=back />
                <label class="fr-label" for="account-role">"Rôle"</label>
                <select class="fr-select" id="account-role" name="role">
                    {Role::ALL.iter().map(|r| view! {
                        <option value=r.code() selected=*r == a.role>{r.label()}</option>
                    }).collect_view()}
                </select>
                <button class="fr-btn fr-btn--secondary" type="submit">"Changer le rôle"</button>
            </form>
        </section>
        <section class="fr-mb-4w" aria-labelledby="historique">
            <h2 id="historique">"Organisations représentées"</h2>
            <Representations rows=a.history empty="Pas d'historique : aucun changement d'organisation n'a été enregistré." />
        </section>
    }
}

/// Who represented which organisation when, most recent first.
#[component]
pub fn Representations(rows: Vec<RepresentationRow>, empty: &'static str) -> impl IntoView {
    if rows.is_empty() {
        return view! { <p>{empty}</p> }.into_any();
    }
    view! {
        <ul>
            {rows.into_iter().map(|r| view! {
                <li>
                    {r.person}" — "<a href=format!("/membres/{}", r.organisation_slug)>{r.organisation}</a>
                    {match r.until {
                        Some(until) => format!(", du {} au {until}", r.since),
                        None => format!(", depuis le {}", r.since),
                    }}
                </li>
            }).collect_view()}
        </ul>
    }
    .into_any()
}

/// « Mon compte »: one's own name and position, and links to one's
/// notifications, sessions and calendar.
#[component]
pub fn MyAccountPage() -> impl IntoView {
    let query = use_query_map();
    let saved = move || query.read().get("enregistre").is_some();
    let account = Resource::new(|| (), |_| load_my_account());
    let update = ServerAction::<UpdateMyAccount>::new();
    let error = Signal::derive(move || update.value().get().and_then(Result::err));
    view! {
        <Title text="Mon compte" />
        <h1>"Mon compte"</h1>
        {move || saved().then(|| view! { <SuccessNotice message="Vos modifications sont enregistrées." /> })}
        <FormAlert error />
        {loaded(account, |a: MyAccount| view! {
            <ul class="fr-mb-3w">
                <li>{format!("Adresse électronique : {}", a.email)}</li>
                <li>{format!("Rôle : {}", a.role.label())}</li>
                <li>{format!("Organisation : {}", a.organisation.clone().unwrap_or_else(|| "aucune".into()))}</li>
            </ul>
            <p class="fr-hint-text">"Pour changer d'adresse électronique ou d'organisation, adressez-vous au secrétariat de l'instance."</p>
            <form method="post" action=UpdateMyAccount::PATH class="fr-mb-4w">
                <div class="fr-input-group">
                    <label class="fr-label" for="my-name">"Prénom et nom"</label>
                    <input class="fr-input" type="text" id="my-name" name="name" maxlength="200" autocomplete="name" required value=a.name />
                </div>
                <div class="fr-input-group">
                    <label class="fr-label" for="my-title">"Fonction" <span class="fr-hint-text">"Facultatif, par exemple « Chargée de mission accessibilité »"</span></label>
                    <input class="fr-input" type="text" id="my-title" name="title" maxlength="200" autocomplete="organization-title" value=a.title />
                </div>
                <button class="fr-btn" type="submit">"Enregistrer"</button>
            </form>
        })}
        <ul>
            <li><a class="fr-link" href="/compte/notifications">"Mes notifications : quand être prévenu(e) des nouvelles"</a></li>
            <li><a class="fr-link" href="/compte/sessions">"Mes sessions ouvertes"</a></li>
            <li><a class="fr-link" href="/compte/calendrier">"Mon agenda : abonnement aux réunions"</a></li>
            <li><a class="fr-link" href="/compte/donnees">"Mes données personnelles : tout ce qu'Écoute garde de moi"</a></li>
        </ul>
    }
}

/// The page of the link confirming a new address: reading it changes
/// nothing, the button confirms.
#[component]
pub fn EmailChangeConfirmPage() -> impl IntoView {
    let params = use_params_map();
    let token = move || params.read().get("token").unwrap_or_default();
    let change = Resource::new(token, load_email_change);
    let confirm = ServerAction::<ConfirmEmailChange>::new();
    let error = Signal::derive(move || confirm.value().get().and_then(Result::err));
    view! {
        <Title text="Confirmer ma nouvelle adresse" />
        <h1>"Confirmer ma nouvelle adresse"</h1>
        <FormAlert error />
        {loaded(change, move |c: EmailChangePage| view! {
            <p>{format!("Bonjour {}, votre compte Écoute utilisera désormais l'adresse {} : vous vous connecterez avec elle.", c.name, c.new_email)}</p>
            <form method="post" action=ConfirmEmailChange::PATH>
                <input type="hidden" name="token" value=token />
                <button class="fr-btn" type="submit">"Confirmer cette adresse"</button>
            </form>
        })}
    }
}
