//! Reusable pieces of interface, built on the State design system (DSFR).

pub mod actions;
pub mod bar_chart;
pub mod easy_read;
pub mod feedback;
pub mod forms;
pub mod layout;
pub mod line_chart;
pub mod pagination;
pub mod proposal_form;
pub mod proposal_list;
pub mod raw_text;
pub mod rendered;
pub mod table;
