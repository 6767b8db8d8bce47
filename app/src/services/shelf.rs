//! Values kept in memory for a few seconds, by key: the views read most.
//! A kept value is at most `ttl` old (plus the time one refresh takes).
//!
//! Each server keeps its own copy and never has to be told of a change, so
//! servers side by side stay independent. When a value is out of date, the
//! first request to notice reloads it while the others are served the
//! previous copy: a reload never holds up a crowd.

use std::collections::HashMap;
use std::future::Future;
use std::sync::{Arc, Mutex, PoisonError};
use std::time::{Duration, Instant};

/// How many values of each kind are kept (a backlog page weighs some 50 kB);
/// past that, the oldest go first.
const CAPACITY: usize = 128;

#[derive(Debug)]
struct Entry<V> {
    value: Arc<V>,
    /// What the view was read from, when that is known (see [`Shelf::get_as_of`]).
    stamp: String,
    loaded_at: Instant,
    reloading: bool,
}

/// The views of one kind, by key.
#[derive(Debug)]
pub struct Shelf<V> {
    entries: Mutex<HashMap<String, Entry<V>>>,
    /// The views being loaded for the first time.
    gates: Mutex<HashMap<String, Arc<tokio::sync::Mutex<()>>>>,
}

impl<V> Default for Shelf<V> {
    fn default() -> Self {
        Self {
            entries: Mutex::new(HashMap::new()),
            gates: Mutex::new(HashMap::new()),
        }
    }
}

enum Plan<V> {
    Serve(Arc<V>),
    Load,
    LoadFirst,
}

/// The first load of a view, which the other requests for it wait for.
struct FirstLoad<'a, V> {
    shelf: &'a Shelf<V>,
    key: &'a str,
    _held: tokio::sync::OwnedMutexGuard<()>,
}

impl<V> Drop for FirstLoad<'_, V> {
    fn drop(&mut self) {
        self.shelf
            .gates
            .lock()
            .unwrap_or_else(PoisonError::into_inner)
            .remove(self.key);
    }
}

/// Clears the "reloading" mark if the reload is dropped before it ends (the
/// visitor went away), so that the next request tries again.
struct Reload<'a, V> {
    shelf: &'a Shelf<V>,
    key: &'a str,
    done: bool,
}

impl<V> Drop for Reload<'_, V> {
    fn drop(&mut self) {
        if !self.done {
            if let Some(entry) = self.shelf.lock().get_mut(self.key) {
                entry.reloading = false;
            }
        }
    }
}

impl<V> Shelf<V> {
    fn lock(&self) -> std::sync::MutexGuard<'_, HashMap<String, Entry<V>>> {
        // A panic while holding the lock leaves only a map of copies behind.
        self.entries.lock().unwrap_or_else(PoisonError::into_inner)
    }

    /// Drops the copy kept under `key`, so that the next request reads the
    /// view afresh (after a change made through this server).
    pub fn forget(&self, key: &str) {
        self.lock().remove(key);
    }

    /// The view `key`: the copy kept if younger than `ttl`, else `load`'s
    /// answer, which is kept. Errors (or what is not to be kept) are not.
    pub async fn get<F, Fut, E>(&self, ttl: Duration, key: &str, load: F) -> Result<Arc<V>, E>
    where
        F: FnOnce() -> Fut,
        Fut: Future<Output = Result<V, E>>,
    {
        self.get_as_of(ttl, key, "", load).await
    }

    /// The same, for a view read from data whose state `stamp` names: a copy
    /// kept from another state is never served, and the new one takes its
    /// place.
    pub async fn get_as_of<F, Fut, E>(
        &self,
        ttl: Duration,
        key: &str,
        stamp: &str,
        load: F,
    ) -> Result<Arc<V>, E>
    where
        F: FnOnce() -> Fut,
        Fut: Future<Output = Result<V, E>>,
    {
        if ttl.is_zero() {
            return load().await.map(Arc::new);
        }
        let plan = match self.lock().get_mut(key) {
            Some(entry) if entry.stamp != stamp => Plan::LoadFirst,
            Some(entry) if entry.loaded_at.elapsed() < ttl || entry.reloading => {
                Plan::Serve(entry.value.clone())
            }
            Some(entry) => {
                entry.reloading = true;
                Plan::Load
            }
            None => Plan::LoadFirst,
        };
        let _first = match plan {
            Plan::Serve(value) => return Ok(value),
            Plan::Load => None,
            // Nothing to serve meanwhile: the first request loads, the
            // others wait for its answer rather than all asking the database.
            Plan::LoadFirst => {
                let gate = self
                    .gates
                    .lock()
                    .unwrap_or_else(PoisonError::into_inner)
                    .entry(key.to_string())
                    .or_default()
                    .clone();
                let held = gate.lock_owned().await;
                if let Some(entry) = self.lock().get(key) {
                    if entry.stamp == stamp && entry.loaded_at.elapsed() < ttl {
                        return Ok(entry.value.clone());
                    }
                }
                Some(FirstLoad {
                    shelf: self,
                    key,
                    _held: held,
                })
            }
        };
        let mut reload = Reload {
            shelf: self,
            key,
            done: false,
        };
        let value = Arc::new(load().await?);
        reload.done = true;
        let mut entries = self.lock();
        if entries.len() >= CAPACITY && !entries.contains_key(key) {
            let oldest = entries
                .iter()
                .min_by_key(|(_, e)| e.loaded_at)
                .map(|(k, _)| k.clone());
            if let Some(oldest) = oldest {
                entries.remove(&oldest);
            }
        }
        entries.insert(
            key.to_string(),
            Entry {
                value: value.clone(),
                stamp: stamp.to_string(),
                loaded_at: Instant::now(),
                reloading: false,
            },
        );
        Ok(value)
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::AppError;
    use std::sync::atomic::{AtomicU32, Ordering};

    async fn count(loads: &AtomicU32) -> Result<u32, AppError> {
        Ok(loads.fetch_add(1, Ordering::SeqCst) + 1)
    }

    #[tokio::test]
    async fn a_view_is_loaded_once_while_young_then_again() {
        let shelf = Shelf::<u32>::default();
        let loads = AtomicU32::new(0);
        let ttl = Duration::from_millis(200);
        assert_eq!(*shelf.get(ttl, "a", || count(&loads)).await.unwrap(), 1);
        assert_eq!(*shelf.get(ttl, "a", || count(&loads)).await.unwrap(), 1);
        assert_eq!(*shelf.get(ttl, "b", || count(&loads)).await.unwrap(), 2);
        tokio::time::sleep(ttl).await;
        assert_eq!(*shelf.get(ttl, "a", || count(&loads)).await.unwrap(), 3);
        assert_eq!(*shelf.get(ttl, "a", || count(&loads)).await.unwrap(), 3);
    }

    #[tokio::test]
    async fn no_ttl_keeps_nothing() {
        let shelf = Shelf::<u32>::default();
        let loads = AtomicU32::new(0);
        for expected in 1..=3 {
            let got = shelf.get(Duration::ZERO, "a", || count(&loads)).await;
            assert_eq!(*got.unwrap(), expected);
        }
    }

    #[tokio::test]
    async fn a_copy_from_another_state_is_never_served_and_gives_way() {
        let shelf = Shelf::<u32>::default();
        let loads = AtomicU32::new(0);
        let ttl = Duration::from_secs(600);
        let get = |stamp| shelf.get_as_of(ttl, "p", stamp, || count(&loads));
        assert_eq!(*get("1").await.unwrap(), 1);
        assert_eq!(*get("1").await.unwrap(), 1);
        assert_eq!(*get("2").await.unwrap(), 2);
        assert_eq!(*get("2").await.unwrap(), 2);
        assert_eq!(*get("1").await.unwrap(), 3);
        assert_eq!(shelf.lock().len(), 1, "one copy a key");
    }

    #[tokio::test]
    async fn a_forgotten_view_is_loaded_again() {
        let shelf = Shelf::<u32>::default();
        let loads = AtomicU32::new(0);
        let ttl = Duration::from_secs(600);
        assert_eq!(*shelf.get(ttl, "a", || count(&loads)).await.unwrap(), 1);
        shelf.forget("a");
        assert_eq!(*shelf.get(ttl, "a", || count(&loads)).await.unwrap(), 2);
    }

    #[tokio::test]
    async fn errors_are_not_kept() {
        let shelf = Shelf::<u32>::default();
        let ttl = Duration::from_secs(60);
        let refused = shelf
            .get(ttl, "a", || async { Err(AppError::NotFound) })
            .await;
        assert!(matches!(refused, Err(AppError::NotFound)));
        let loads = AtomicU32::new(0);
        assert_eq!(*shelf.get(ttl, "a", || count(&loads)).await.unwrap(), 1);
    }

    #[tokio::test]
    async fn while_one_request_reloads_the_others_get_the_previous_copy() {
        let shelf = Arc::new(Shelf::<u32>::default());
        let ttl = Duration::from_millis(50);
        shelf
            .get(ttl, "a", || async { Ok::<_, AppError>(1) })
            .await
            .unwrap();
        tokio::time::sleep(ttl).await;
        let (release, wait) = tokio::sync::oneshot::channel::<()>();
        let reloading = tokio::spawn({
            let shelf = shelf.clone();
            async move {
                *shelf
                    .get(ttl, "a", || async move {
                        wait.await.ok();
                        Ok::<_, AppError>(2)
                    })
                    .await
                    .unwrap()
            }
        });
        tokio::task::yield_now().await;
        tokio::time::sleep(Duration::from_millis(10)).await;
        let meanwhile = shelf
            .get(ttl, "a", || async { Ok::<_, AppError>(99) })
            .await
            .unwrap();
        assert_eq!(*meanwhile, 1, "the previous copy, not a second reload");
        release.send(()).unwrap();
        assert_eq!(reloading.await.unwrap(), 2);
        assert_eq!(
            *shelf
                .get(ttl, "a", || async { Ok::<_, AppError>(99) })
                .await
                .unwrap(),
            2
        );
    }

    #[tokio::test]
    async fn requests_arriving_together_for_a_new_view_load_it_once() {
        let shelf = Arc::new(Shelf::<u32>::default());
        let loads = Arc::new(AtomicU32::new(0));
        let ttl = Duration::from_secs(60);
        let requests: Vec<_> = (0..8)
            .map(|_| {
                let (shelf, loads) = (shelf.clone(), loads.clone());
                tokio::spawn(async move {
                    *shelf
                        .get(ttl, "a", || async {
                            tokio::time::sleep(Duration::from_millis(50)).await;
                            count(&loads).await
                        })
                        .await
                        .unwrap()
                })
            })
            .collect();
        for request in requests {
            assert_eq!(request.await.unwrap(), 1);
        }
        assert_eq!(loads.load(Ordering::SeqCst), 1);
        assert!(shelf.gates.lock().unwrap().is_empty());
    }

    #[tokio::test]
    async fn an_abandoned_reload_lets_the_next_request_reload() {
        let shelf = Shelf::<u32>::default();
        let ttl = Duration::from_millis(50);
        shelf
            .get(ttl, "a", || async { Ok::<_, AppError>(1) })
            .await
            .unwrap();
        tokio::time::sleep(ttl).await;
        let abandoned = shelf.get(ttl, "a", std::future::pending::<Result<u32, AppError>>);
        assert!(tokio::time::timeout(Duration::from_millis(10), abandoned)
            .await
            .is_err());
        assert_eq!(
            *shelf
                .get(ttl, "a", || async { Ok::<_, AppError>(3) })
                .await
                .unwrap(),
            3
        );
    }

    #[tokio::test]
    async fn past_capacity_the_oldest_view_goes() {
        let shelf = Shelf::<usize>::default();
        let ttl = Duration::from_secs(60);
        for n in 0..=CAPACITY {
            shelf
                .get(ttl, &n.to_string(), || async move { Ok::<_, AppError>(n) })
                .await
                .unwrap();
        }
        assert_eq!(shelf.lock().len(), CAPACITY);
        assert!(!shelf.lock().contains_key("0"));
        assert!(shelf.lock().contains_key(&CAPACITY.to_string()));
    }
}
