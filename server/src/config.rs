//! Configuration read from the environment, each value with a documented default.

use std::net::{IpAddr, SocketAddr};
use std::path::PathBuf;
use std::time::Duration;

use app::services::accounts::retention::{self, Policy};
use app::services::mail::digests::Schedule;

use crate::Error;

pub const DEFAULT_DATABASE_URL: &str = "sqlite://data/ecoute.db";
pub const DEFAULT_ADDR: &str = "127.0.0.1:3000";
pub const DEFAULT_SITE_ROOT: &str = "target/site";
pub const DEFAULT_PUBLIC_CACHE_SECONDS: u64 = 2;

/// Connections to PostgreSQL when ECOUTE_DATABASE_CONNECTIONS is not set:
/// twice this machine's cores, plus one. More only make the database's
/// processes take turns on the same cores: on 2 cores, with 16 a signed-in
/// proposal page had a p99 of 33 to 36 ms, with 4 to 6 of 22 to 29 ms.
pub fn default_database_connections() -> u32 {
    let cores = std::thread::available_parallelism().map_or(2, |n| n.get());
    u32::try_from(cores * 2 + 1).unwrap_or(u32::MAX)
}

#[derive(Debug, Clone)]
pub struct Config {
    /// DATABASE_URL: `sqlite://path/to/file.db` or `postgres://user@host/db`.
    pub database_url: String,
    /// ECOUTE_DATABASE_CONNECTIONS: the most connections this server opens
    /// to PostgreSQL (SQLite has its own rule, see `db`).
    pub database_connections: u32,
    /// ECOUTE_ADDR: the address and port to listen on.
    pub addr: SocketAddr,
    /// ECOUTE_SITE_ROOT (or LEPTOS_SITE_ROOT): the built assets (wasm, CSS, DSFR).
    pub site_root: PathBuf,
    /// ECOUTE_DEMO_DATA: load the demo body into an empty database at start.
    pub demo_data: bool,
    /// ECOUTE_PUBLIC_URL: where people reach the application (links in
    /// e-mails, same-origin checks); `https://…` turns on Secure cookies.
    pub public_url: String,
    /// ECOUTE_PUBLIC_CACHE_SECONDS: how long anonymous visitors may be shown
    /// a backlog view or a proposal page already rendered, and how old the
    /// names and neighbours around an unchanged proposal may be for
    /// signed-in people (0: never).
    pub public_cache: Duration,
    /// ECOUTE_TRUSTED_PROXIES: the proxies in front of this server (addresses
    /// or CIDR blocks), whose X-Forwarded-For / Forwarded headers are believed.
    pub trusted_proxies: TrustedProxies,
    /// ECOUTE_DIGEST_HOUR: the hour (0 to 23, Paris time) the daily and
    /// weekly (Monday) digests are sent at.
    pub digests: Schedule,
    /// ECOUTE_METRICS_ADDR: where Prometheus reads the metrics (`/metrics`);
    /// unset, no metrics are kept nor served.
    pub metrics_addr: Option<SocketAddr>,
    /// ECOUTE_RETENTION_MAIL_DAYS, _DIGEST_DAYS, _AUDIT_DAYS: how long
    /// e-mails' texts, digests and audit events are kept.
    pub retention: Policy,
}

/// The addresses of the reverse proxies (TLS terminators, load balancers)
/// that stand between people and this server. A request whose TCP peer is
/// one of them is taken to come from the address the proxies recorded in
/// `X-Forwarded-For` or `Forwarded`; any other request comes from its peer,
/// whatever headers it carries.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct TrustedProxies(Vec<(IpAddr, u8)>);

impl TrustedProxies {
    /// Parses `10.0.0.1, 10.1.0.0/16 ::1` (commas or spaces between).
    pub fn parse(text: &str) -> Result<Self, Error> {
        let mut blocks = Vec::new();
        for item in text.split([',', ' ', '\t', '\n']).filter(|i| !i.is_empty()) {
            let bad = || {
                Error::Config(format!(
                    "ECOUTE_TRUSTED_PROXIES : « {item} » n'est ni une adresse IP ni un bloc CIDR (exemple : 10.0.0.0/8)"
                ))
            };
            let (address, bits) = match item.split_once('/') {
                Some((address, bits)) => (address, Some(bits)),
                None => (item, None),
            };
            let address = normal(address.parse::<IpAddr>().map_err(|_| bad())?);
            let most = if address.is_ipv4() { 32 } else { 128 };
            let bits = match bits {
                Some(bits) => bits
                    .parse::<u8>()
                    .ok()
                    .filter(|b| *b <= most)
                    .ok_or_else(bad)?,
                None => most,
            };
            blocks.push((address, bits));
        }
        Ok(TrustedProxies(blocks))
    }

    pub fn is_empty(&self) -> bool {
        self.0.is_empty()
    }

    /// Whether `address` is one of the proxies.
    pub fn contains(&self, address: IpAddr) -> bool {
        let address = normal(address);
        self.0.iter().any(|(block, bits)| match (block, address) {
            (IpAddr::V4(block), IpAddr::V4(a)) => {
                prefix(u32::from(*block).into(), u32::from(a).into(), 32, *bits)
            }
            (IpAddr::V6(block), IpAddr::V6(a)) => {
                prefix(u128::from(*block), u128::from(a), 128, *bits)
            }
            _ => false,
        })
    }
}

/// An IPv4 address written in IPv6 (`::ffff:10.0.0.1`) is the IPv4 one.
pub fn normal(address: IpAddr) -> IpAddr {
    match address {
        IpAddr::V6(v6) => v6
            .to_ipv4_mapped()
            .map(IpAddr::V4)
            .unwrap_or(IpAddr::V6(v6)),
        v4 => v4,
    }
}

fn prefix(block: u128, address: u128, width: u32, bits: u8) -> bool {
    let bits = u32::from(bits);
    bits == 0 || (block ^ address) >> (width - bits) == 0
}

impl Config {
    pub fn from_env() -> Result<Self, Error> {
        Self::from_lookup(|key| std::env::var(key).ok())
    }

    pub fn from_lookup(get: impl Fn(&str) -> Option<String>) -> Result<Self, Error> {
        let database_url = get("DATABASE_URL")
            .filter(|v| !v.trim().is_empty())
            .unwrap_or_else(|| DEFAULT_DATABASE_URL.to_string());
        let database_connections = match get("ECOUTE_DATABASE_CONNECTIONS") {
            None => default_database_connections(),
            Some(text) => text
                .trim()
                .parse::<u32>()
                .ok()
                .filter(|n| (1..=1000).contains(n))
                .ok_or_else(|| {
                    Error::Config(format!(
                        "ECOUTE_DATABASE_CONNECTIONS « {text} » doit être un nombre de connexions entre 1 et 1000"
                    ))
                })?,
        };
        let addr_text = get("ECOUTE_ADDR").unwrap_or_else(|| DEFAULT_ADDR.to_string());
        let addr = addr_text.parse().map_err(|_| {
            Error::Config(format!(
                "ECOUTE_ADDR « {addr_text} » n'est pas une adresse d'écoute (exemple : 127.0.0.1:3000)"
            ))
        })?;
        let site_root = get("ECOUTE_SITE_ROOT")
            .or_else(|| get("LEPTOS_SITE_ROOT"))
            .unwrap_or_else(|| DEFAULT_SITE_ROOT.to_string())
            .into();
        let demo_text = get("ECOUTE_DEMO_DATA").unwrap_or_else(|| "true".to_string());
        let demo_data = match demo_text.to_ascii_lowercase().as_str() {
            "true" | "1" | "yes" | "oui" => true,
            "false" | "0" | "no" | "non" => false,
            _ => {
                return Err(Error::Config(format!(
                    "ECOUTE_DEMO_DATA « {demo_text} » doit valoir true ou false"
                )))
            }
        };
        let public_url = get("ECOUTE_PUBLIC_URL")
            .unwrap_or_else(|| format!("http://{addr}"))
            .trim_end_matches('/')
            .to_string();
        if !(public_url.starts_with("http://") || public_url.starts_with("https://")) {
            return Err(Error::Config(format!(
                "ECOUTE_PUBLIC_URL « {public_url} » doit commencer par http:// ou https://"
            )));
        }
        let cache_text = get("ECOUTE_PUBLIC_CACHE_SECONDS")
            .unwrap_or_else(|| DEFAULT_PUBLIC_CACHE_SECONDS.to_string());
        let public_cache = cache_text
            .trim()
            .parse::<u64>()
            .ok()
            .filter(|s| *s <= 3600)
            .map(Duration::from_secs)
            .ok_or_else(|| {
                Error::Config(format!(
                    "ECOUTE_PUBLIC_CACHE_SECONDS « {cache_text} » doit être un nombre de secondes entre 0 et 3600"
                ))
            })?;
        let trusted_proxies =
            TrustedProxies::parse(&get("ECOUTE_TRUSTED_PROXIES").unwrap_or_default())?;
        let digests = match get("ECOUTE_DIGEST_HOUR") {
            None => Schedule::default(),
            Some(text) => text
                .trim()
                .trim_end_matches(['h', 'H'])
                .trim()
                .parse::<u32>()
                .ok()
                .and_then(Schedule::at_hour)
                .ok_or_else(|| {
                    Error::Config(format!(
                        "ECOUTE_DIGEST_HOUR « {text} » doit être une heure de 0 à 23 (heure de Paris)"
                    ))
                })?,
        };
        let metrics_addr = match get("ECOUTE_METRICS_ADDR").filter(|v| !v.trim().is_empty()) {
            None => None,
            Some(text) => Some(text.trim().parse().map_err(|_| {
                Error::Config(format!(
                    "ECOUTE_METRICS_ADDR « {text} » n'est pas une adresse d'écoute (exemple : 127.0.0.1:9100)"
                ))
            })?),
        };
        let defaults = Policy::default();
        let days = |key: &str, default: u32| match get(key) {
            None => Ok(default),
            Some(text) => retention::parse_days(&text).ok_or_else(|| {
                Error::Config(format!(
                    "{key} « {text} » doit être un nombre de jours entre 1 et 36500"
                ))
            }),
        };
        let retention = Policy {
            mail_days: days("ECOUTE_RETENTION_MAIL_DAYS", defaults.mail_days)?,
            digest_days: days("ECOUTE_RETENTION_DIGEST_DAYS", defaults.digest_days)?,
            audit_days: days("ECOUTE_RETENTION_AUDIT_DAYS", defaults.audit_days)?,
        };
        Ok(Config {
            metrics_addr,
            retention,
            trusted_proxies,
            database_url,
            database_connections,
            addr,
            site_root,
            demo_data,
            public_url,
            public_cache,
            digests,
        })
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn defaults_apply_when_nothing_is_set() {
        let config = Config::from_lookup(|_| None).unwrap();
        assert_eq!(config.database_url, DEFAULT_DATABASE_URL);
        assert_eq!(config.addr.to_string(), DEFAULT_ADDR);
        assert!(config.demo_data);
        assert_eq!(config.public_url, "http://127.0.0.1:3000");
        assert_eq!(config.public_cache, Duration::from_secs(2));
        assert_eq!(config.database_connections, default_database_connections());
        assert_eq!(config.digests.hour(), 8);
    }

    #[test]
    fn the_digest_hour_is_an_hour_of_the_day() {
        let with = |value: &'static str| {
            Config::from_lookup(move |k| (k == "ECOUTE_DIGEST_HOUR").then(|| value.to_string()))
        };
        assert_eq!(with("7").unwrap().digests.hour(), 7);
        assert_eq!(with(" 18 h").unwrap().digests.hour(), 18);
        assert_eq!(with("0").unwrap().digests.hour(), 0);
        for bad in ["24", "-1", "huit", "8:30"] {
            let err = with(bad).unwrap_err().to_string();
            assert!(
                err.contains(&format!("ECOUTE_DIGEST_HOUR « {bad} »")),
                "{err}"
            );
        }
    }

    #[test]
    fn the_database_connections_are_a_number_in_range() {
        let with = |value: &'static str| {
            Config::from_lookup(move |k| {
                (k == "ECOUTE_DATABASE_CONNECTIONS").then(|| value.to_string())
            })
        };
        assert_eq!(with(" 6 ").unwrap().database_connections, 6);
        for bad in ["0", "beaucoup", "5000"] {
            let err = with(bad).unwrap_err().to_string();
            assert!(
                err.contains(&format!("ECOUTE_DATABASE_CONNECTIONS « {bad} »")),
                "{err}"
            );
        }
    }

    #[test]
    fn a_bad_cache_duration_is_a_clear_error() {
        let err = Config::from_lookup(|k| {
            (k == "ECOUTE_PUBLIC_CACHE_SECONDS").then(|| "longtemps".to_string())
        })
        .unwrap_err()
        .to_string();
        assert!(
            err.contains("ECOUTE_PUBLIC_CACHE_SECONDS « longtemps »"),
            "{err}"
        );
    }

    #[test]
    fn metrics_are_off_unless_an_address_is_given() {
        assert_eq!(Config::from_lookup(|_| None).unwrap().metrics_addr, None);
        let on = Config::from_lookup(|k| {
            (k == "ECOUTE_METRICS_ADDR").then(|| "127.0.0.1:9100".to_string())
        })
        .unwrap();
        assert_eq!(on.metrics_addr, Some("127.0.0.1:9100".parse().unwrap()));
        let err = Config::from_lookup(|k| (k == "ECOUTE_METRICS_ADDR").then(|| "9100".to_string()))
            .unwrap_err()
            .to_string();
        assert!(err.contains("ECOUTE_METRICS_ADDR « 9100 »"), "{err}");
    }

    #[test]
    fn retention_periods_are_days_with_defaults() {
        let policy = Config::from_lookup(|_| None).unwrap().retention;
        assert_eq!(policy, Policy::default());
        assert_eq!(policy.audit_days, 365);
        let longer = Config::from_lookup(|k| {
            (k == "ECOUTE_RETENTION_AUDIT_DAYS").then(|| "3650".to_string())
        })
        .unwrap();
        assert_eq!(longer.retention.audit_days, 3650);
        for bad in ["0", "un an", "-5"] {
            let err = Config::from_lookup(move |k| {
                (k == "ECOUTE_RETENTION_MAIL_DAYS").then(|| bad.to_string())
            })
            .unwrap_err()
            .to_string();
            assert!(
                err.contains(&format!("ECOUTE_RETENTION_MAIL_DAYS « {bad} »")),
                "{err}"
            );
        }
    }

    #[test]
    fn trusted_proxies_are_addresses_and_blocks() {
        let proxies = TrustedProxies::parse("10.0.0.1, 192.168.0.0/16 ::1 fd00::/8").unwrap();
        for trusted in [
            "10.0.0.1",
            "192.168.3.4",
            "::1",
            "fd12::1",
            "::ffff:10.0.0.1",
        ] {
            assert!(proxies.contains(trusted.parse().unwrap()), "{trusted}");
        }
        for other in ["10.0.0.2", "192.169.0.1", "::2", "8.8.8.8"] {
            assert!(!proxies.contains(other.parse().unwrap()), "{other}");
        }
        assert!(Config::from_lookup(|_| None)
            .unwrap()
            .trusted_proxies
            .is_empty());
        for bad in ["proxy.local", "10.0.0.0/33", "10.0.0.1/x"] {
            let err = TrustedProxies::parse(bad).unwrap_err().to_string();
            assert!(err.contains(&format!("« {bad} »")), "{err}");
        }
    }

    #[test]
    fn a_bad_address_is_a_clear_error() {
        let err = Config::from_lookup(|k| (k == "ECOUTE_ADDR").then(|| "partout".to_string()))
            .unwrap_err()
            .to_string();
        assert!(err.contains("ECOUTE_ADDR « partout »"), "{err}");
    }
}
