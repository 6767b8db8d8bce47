//! Business rules and every database access. Services take a connection (or
//! a transaction) and plain arguments, so they are tested directly against
//! SQLite and PostgreSQL.
//!
//! They are grouped by domain, each folder with a `mod.rs` that says what it
//! offers. A domain uses the public face of the ones listed before it, never
//! the other way round:
//!
//! 1. the shared tools: [`format`], [`markdown`], [`statements`], [`shelf`],
//!    [`data_files`] (the reference and demo data files, read by one loader),
//!    [`search`] (French full-text search by stems);
//! 2. [`settings`]: the body's identity, read by every page and e-mail;
//! 3. [`mail`]: the outbox, the e-mails' layout, iCalendar;
//! 4. [`accounts`]: people, sessions, passwords, single-use links, the
//!    sign-in throttle and the audit journal;
//! 5. [`body`]: its identity, organisations and their membership, working
//!    groups, meetings and convocations, minutes, follow-up actions;
//! 6. [`backlog`]: proposals (submission, lists and search, triage,
//!    supports and comments, exports), the procedure catalogue, test
//!    campaigns;
//! 7. [`views`]: pages made of several domains (among them the body's
//!    set-up), and what is kept of them;
//! 8. [`report`]: the annual report, the plenary snapshots compared, and
//!    attendance by organisation;
//! 9. [`legal`]: the legal texts, each person's data exported, and the
//!    erasure of a person;
//! 10. [`seed`]: the demo body (loaded and removed) and the benchmark
//!     generator.

pub mod data_files;
pub mod format;
pub mod markdown;
pub mod search;
pub mod shelf;
pub mod statements;

pub mod accounts;
pub mod backlog;
pub mod body;
pub mod legal;
pub mod mail;
pub mod report;
pub mod seed;
pub mod settings;
pub mod views;

#[cfg(test)]
mod layers {
    //! The order above, checked on the source: a domain never names one
    //! listed after it, and no two modules of a domain name each other in a
    //! circle.

    use std::collections::{BTreeMap, BTreeSet};
    use std::path::Path;

    const ORDER: &[&str] = &[
        "format",
        "markdown",
        "statements",
        "data_files",
        "search",
        "shelf",
        "settings",
        "mail",
        "accounts",
        "body",
        "backlog",
        "views",
        "report",
        "legal",
        "seed",
    ];

    fn rank(name: &str) -> usize {
        let shared = ORDER.iter().position(|d| *d == "shelf").unwrap_or(0);
        ORDER
            .iter()
            .position(|d| *d == name)
            .map(|i| i.max(shared))
            .unwrap_or(usize::MAX)
    }

    /// Each module's source without its tests, by `domain/module` name.
    fn sources() -> BTreeMap<String, String> {
        let root = Path::new(env!("CARGO_MANIFEST_DIR")).join("src/services");
        let mut found = BTreeMap::new();
        for entry in std::fs::read_dir(&root).unwrap().flatten() {
            let path = entry.path();
            let files: Vec<_> = if path.is_dir() {
                std::fs::read_dir(&path)
                    .unwrap()
                    .flatten()
                    .map(|e| e.path())
                    .collect()
            } else {
                vec![path.clone()]
            };
            for file in files {
                if file.extension().is_some_and(|e| e == "rs") {
                    let text = std::fs::read_to_string(&file).unwrap();
                    let text = text.split("#[cfg(test)]").next().unwrap_or("").to_string();
                    let name = file.strip_prefix(&root).unwrap().with_extension("");
                    found.insert(name.to_string_lossy().replace('\\', "/"), text);
                }
            }
        }
        found
    }

    fn named_after(text: &str, prefix: &str) -> BTreeSet<String> {
        text.match_indices(prefix)
            .map(|(at, _)| {
                text[at + prefix.len()..]
                    .chars()
                    .take_while(|c| c.is_ascii_alphanumeric() || *c == '_')
                    .collect::<String>()
            })
            .filter(|name| !name.is_empty())
            .collect()
    }

    #[test]
    fn no_domain_uses_one_listed_after_it() {
        let mut wrong = Vec::new();
        for (module, text) in sources() {
            let domain = module.split('/').next().unwrap_or_default();
            for used in named_after(&text, "crate::services::") {
                if used != domain && rank(&used) >= rank(domain) && rank(domain) > rank("shelf") {
                    wrong.push(format!("{module} uses {used}"));
                }
            }
        }
        assert!(wrong.is_empty(), "{wrong:?}");
    }

    #[test]
    fn no_two_modules_of_a_domain_use_each_other_in_a_circle() {
        let sources = sources();
        let mut uses: BTreeMap<String, BTreeSet<String>> = BTreeMap::new();
        for (module, text) in &sources {
            let Some((domain, _)) = module.split_once('/') else {
                continue;
            };
            for used in named_after(text, "super::") {
                let target = format!("{domain}/{used}");
                if sources.contains_key(&target) && &target != module {
                    uses.entry(module.clone()).or_default().insert(target);
                }
            }
        }
        fn reaches(
            uses: &BTreeMap<String, BTreeSet<String>>,
            from: &str,
            to: &str,
            seen: &mut BTreeSet<String>,
        ) -> bool {
            uses.get(from).into_iter().flatten().any(|next| {
                next == to || (seen.insert(next.clone()) && reaches(uses, next, to, seen))
            })
        }
        let circles: Vec<_> = uses
            .keys()
            .filter(|m| reaches(&uses, m, m, &mut BTreeSet::new()))
            .collect();
        assert!(circles.is_empty(), "in a circle: {circles:?}");
    }
}
