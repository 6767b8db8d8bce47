//! The French e-mails the accounts send, as text and HTML. The outbox signs
//! each with the body's name and ministry.

use super::outbox::{html_body, Block, OutgoingEmail};
use crate::model::BodyIdentity;

/// A message made of paragraphs and one call-to-action link.
pub fn message(
    to: (&str, &str),
    subject: &str,
    paragraphs: &[String],
    link: (&str, &str),
    closing: &str,
) -> OutgoingEmail {
    let (label, url) = link;
    let greeting = format!("Bonjour {},", to.1);
    let text = format!(
        "{greeting}\n\n{}\n\n{label} : {url}\n\n{closing}\n",
        paragraphs.join("\n\n")
    );
    let mut blocks = vec![Block::Paragraph(&greeting)];
    blocks.extend(paragraphs.iter().map(|p| Block::Paragraph(p)));
    blocks.extend([Block::Link { label, url }, Block::Paragraph(closing)]);
    OutgoingEmail {
        to_address: to.0.to_string(),
        to_name: to.1.to_string(),
        subject: subject.to_string(),
        body_text: text,
        body_html: html_body(subject, &blocks),
        ics: None,
    }
}

pub fn invitation(
    email: &str,
    name: &str,
    inviter: &str,
    role: &str,
    url: &str,
    body: &BodyIdentity,
) -> OutgoingEmail {
    message(
        (email, name),
        "Invitation à rejoindre Écoute",
        &[
            format!(
                "{inviter} vous invite à rejoindre Écoute, l'outil de « {} » ({}), en tant que « {role} ».",
                body.name,
                body.ministry_inline()
            ),
            "Pour activer votre compte, choisissez votre mot de passe en suivant le lien ci-dessous. Ce lien ne sert qu'une fois et reste valable 7 jours.".to_string(),
        ],
        ("Activer mon compte", url),
        "Si vous n'attendiez pas cette invitation, ignorez ce message.",
    )
}

pub fn password_reset(email: &str, name: &str, url: &str) -> OutgoingEmail {
    message(
        (email, name),
        "Réinitialisation de votre mot de passe Écoute",
        &["Une réinitialisation du mot de passe de votre compte Écoute a été demandée. Le lien ci-dessous ne sert qu'une fois et reste valable 1 heure.".to_string()],
        ("Choisir un nouveau mot de passe", url),
        "Si vous n'êtes pas à l'origine de cette demande, ignorez ce message : votre mot de passe reste inchangé.",
    )
}

/// The minutes of a meeting are published.
pub fn minutes_published(email: &str, name: &str, heading: &str, url: &str) -> OutgoingEmail {
    message(
        (email, name),
        &format!("Compte rendu publié : {heading}"),
        &[format!(
            "Le compte rendu de la réunion « {heading} », à laquelle vous étiez invité(e), est publié."
        )],
        ("Lire le compte rendu", url),
        "Vous recevez ce message parce que vous étiez invité(e) à cette réunion.",
    )
}

/// The acknowledgement of a new proposal, to the person who submitted it.
pub fn proposal_received(
    email: &str,
    name: &str,
    reference: &str,
    title: &str,
    url: &str,
) -> OutgoingEmail {
    message(
        (email, name),
        &format!("Proposition {reference} reçue"),
        &[
            format!("Votre proposition « {title} » est enregistrée sous la référence {reference}."),
            "Elle sera examinée par un groupe de travail de l'instance ; vous recevrez un message à chaque étape de son suivi.".to_string(),
        ],
        ("Suivre la proposition", url),
        "Vous recevez ce message parce que vous avez déposé cette proposition.",
    )
}

/// The acknowledgement of a proposal the secretariat filed on behalf of an
/// organisation, to that organisation's people and to the filer: who filed
/// it for whom.
pub fn proposal_filed_on_behalf(
    to: (&str, &str),
    filer: &str,
    organisation: &str,
    proposal: (&str, &str),
    url: &str,
) -> OutgoingEmail {
    let (reference, title) = proposal;
    message(
        to,
        &format!("Proposition {reference} déposée pour {organisation}"),
        &[
            format!("{filer}, du secrétariat de l'instance, a déposé pour le compte de {organisation} la proposition « {title} », enregistrée sous la référence {reference}."),
            "Elle sera examinée par un groupe de travail de l'instance ; l'organisation recevra un message à chaque étape de son suivi.".to_string(),
        ],
        ("Suivre la proposition", url),
        "Vous recevez ce message parce que la proposition a été déposée au nom de votre organisation, ou par vous.",
    )
}

/// The link that confirms a new e-mail address, sent to that address.
pub fn email_change_confirmation(
    new_email: &str,
    name: &str,
    old_email: &str,
    url: &str,
) -> OutgoingEmail {
    message(
        (new_email, name),
        "Confirmez votre nouvelle adresse électronique pour Écoute",
        &[
            format!("Le secrétariat de l'instance d'écoute a demandé que votre compte Écoute, jusqu'ici à l'adresse {old_email}, utilise désormais cette adresse-ci."),
            "Le changement ne prendra effet que lorsque vous l'aurez confirmé en suivant le lien ci-dessous, valable 7 jours. Vous vous connecterez ensuite avec cette nouvelle adresse.".to_string(),
        ],
        ("Confirmer ma nouvelle adresse", url),
        "Si vous n'attendiez pas ce message, ignorez-le : rien ne changera.",
    )
}

/// The notice, to the address in use, that a change of address was asked.
pub fn email_change_notice(
    old_email: &str,
    name: &str,
    new_email: &str,
    url: &str,
) -> OutgoingEmail {
    message(
        (old_email, name),
        "Changement de l'adresse électronique de votre compte Écoute",
        &[
            format!("Le secrétariat de l'instance d'écoute a demandé que votre compte Écoute utilise désormais l'adresse {new_email}. Un lien de confirmation y a été envoyé : tant qu'il n'est pas suivi, votre compte garde cette adresse-ci."),
        ],
        ("Se connecter à Écoute", url),
        "Si ce changement vous surprend, prévenez le secrétariat de l'instance.",
    )
}

/// A step in the follow-up of a proposal, to its submitting organisation and
/// its supporters.
pub fn proposal_updated(
    email: &str,
    name: &str,
    reference: &str,
    title: &str,
    what: &str,
    url: &str,
) -> OutgoingEmail {
    message(
        (email, name),
        &format!("Proposition {reference} : {what}"),
        &[format!(
            "La proposition {reference} « {title} » a évolué : {what}."
        )],
        ("Voir la proposition et son historique", url),
        "Vous recevez ce message parce que votre organisation a déposé ou soutient cette proposition.",
    )
}

/// One part of a digest: what happened on one proposal (or to one's
/// actions), line by line, and where to see it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct DigestSection {
    pub heading: String,
    pub lines: Vec<String>,
    /// Label and address.
    pub link: (String, String),
}

/// A digest: the news of a period, grouped in sections.
pub fn digest(
    to: (&str, &str),
    subject: &str,
    intro: &str,
    sections: &[DigestSection],
    closing: &str,
) -> OutgoingEmail {
    let greeting = format!("Bonjour {},", to.1);
    let mut text = format!("{greeting}\n\n{intro}\n");
    let mut blocks = vec![Block::Paragraph(&greeting), Block::Paragraph(intro)];
    for section in sections {
        let (label, url) = &section.link;
        text.push_str(&format!("\n{}\n", section.heading));
        for line in &section.lines {
            text.push_str(&format!("- {line}\n"));
        }
        text.push_str(&format!("{label} : {url}\n"));
        blocks.extend([
            Block::Heading(&section.heading),
            Block::List(&section.lines),
            Block::Link { label, url },
        ]);
    }
    text.push_str(&format!("\n{closing}\n"));
    blocks.push(Block::Paragraph(closing));
    OutgoingEmail {
        to_address: to.0.to_string(),
        to_name: to.1.to_string(),
        subject: subject.to_string(),
        body_text: text,
        body_html: html_body(subject, &blocks),
        ics: None,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn names_are_escaped_in_the_html_body() {
        let mail = invitation(
            "a@b.fr",
            "<script>x</script>",
            "Claire",
            "Membre",
            "https://e.fr/invitation/t",
            &BodyIdentity::default(),
        );
        assert!(!mail.body_html.contains("<script>"));
        assert!(mail.body_html.contains("&lt;script&gt;"));
        assert!(mail.body_text.contains("https://e.fr/invitation/t"));
        assert!(mail.body_html.contains("lang=\"fr\""));
    }

    #[test]
    fn a_digest_escapes_its_headings_and_lines() {
        let mail = digest(
            ("a@b.fr", "Julien"),
            "Résumé",
            "Voici les nouvelles.",
            &[DigestSection {
                heading: "DA-2026-0001 « <b>Titre</b> »".into(),
                lines: vec!["Commentaire de <script>x</script>".into()],
                link: (
                    "Voir".into(),
                    "https://e.fr/propositions/DA-2026-0001".into(),
                ),
            }],
            "Fin.",
        );
        assert!(mail
            .body_html
            .contains("<h2>DA-2026-0001 « &lt;b&gt;Titre&lt;/b&gt; »</h2>"));
        assert!(mail
            .body_html
            .contains("<li>Commentaire de &lt;script&gt;x&lt;/script&gt;</li>"));
        assert!(mail
            .body_text
            .contains("- Commentaire de <script>x</script>\n"));
        assert!(mail
            .body_text
            .contains("Voir : https://e.fr/propositions/DA-2026-0001"));
    }
}
