//! A data table in the State design system's frame.

use leptos::prelude::*;

/// A table that, wider than the screen, scrolls inside its own frame
/// instead of the page (RGAA 10.11). The frame takes the keyboard focus, so
/// the arrow keys scroll it too, and is a region named « Tableau : `label` »
/// (`label` being the table's caption), so a screen reader says what it is
/// entering without taking the name of the section around it.
/// `children` is the `<table>` itself.
#[component]
pub fn ScrollTable(
    #[prop(into)] label: String,
    /// Extra classes for the frame (spacing utilities).
    #[prop(optional)]
    class: &'static str,
    children: Children,
) -> impl IntoView {
    let class = if class.is_empty() {
        "fr-table ecoute-table".to_owned()
    } else {
        format!("fr-table ecoute-table {class}")
    };
    view! {
        <div class=class tabindex="0" role="region" aria-label=format!("Tableau : {label}")>
            {children()}
        </div>
    }
}
