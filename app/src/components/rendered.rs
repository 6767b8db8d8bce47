//! Pieces of pages whose HTML follows from their data alone, rendered once
//! for the same data: a proposal's long timeline is read far more often than
//! it changes. A piece is found again by the very copy of the data it was
//! rendered from (the one a proposal page's kept parts share), and goes
//! with it: once no one holds that copy, its HTML is let go.

use std::collections::HashMap;
use std::sync::{Arc, Mutex, PoisonError, Weak};

/// How many pieces of one kind are kept; past that, one makes room.
const CAPACITY: usize = 128;

/// By the address of the data: while a `Weak` points to it, its allocation
/// stays, so no other data can come to the same address.
type Pieces<T> = HashMap<usize, (Weak<T>, Arc<str>)>;

pub struct Rendered<T: ?Sized> {
    pieces: Mutex<Pieces<T>>,
}

impl<T: ?Sized> Rendered<T> {
    pub fn new() -> Self {
        Self {
            pieces: Mutex::new(HashMap::new()),
        }
    }

    /// The HTML of `data`, as `render` gives it the first time.
    pub fn html(&self, data: &Arc<T>, render: impl FnOnce(&T) -> String) -> Arc<str> {
        let key = Arc::as_ptr(data).cast::<()>() as usize;
        if let Some((kept, html)) = self.lock().get(&key) {
            if std::ptr::addr_eq(kept.as_ptr(), Arc::as_ptr(data)) {
                return html.clone();
            }
        }
        let html: Arc<str> = render(data).into();
        let mut pieces = self.lock();
        pieces.retain(|_, (kept, _)| kept.strong_count() > 0);
        if pieces.len() >= CAPACITY && !pieces.contains_key(&key) {
            if let Some(any) = pieces.keys().next().copied() {
                pieces.remove(&any);
            }
        }
        pieces.insert(key, (Arc::downgrade(data), html.clone()));
        html
    }

    fn lock(&self) -> std::sync::MutexGuard<'_, Pieces<T>> {
        // A panic while holding the lock leaves only rendered copies behind.
        self.pieces.lock().unwrap_or_else(PoisonError::into_inner)
    }
}

impl<T: ?Sized> Default for Rendered<T> {
    fn default() -> Self {
        Self::new()
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::cell::Cell;

    #[test]
    fn the_same_copy_is_rendered_once_and_any_other_anew() {
        let rendered = Rendered::<[&str]>::new();
        let renders = Cell::new(0);
        let render = |items: &[&str]| {
            renders.set(renders.get() + 1);
            items.join(",")
        };
        let shared: Arc<[&str]> = Arc::from(["a", "b"]);
        assert_eq!(&*rendered.html(&shared, render), "a,b");
        assert_eq!(&*rendered.html(&shared.clone(), render), "a,b");
        assert_eq!(renders.get(), 1);
        let changed: Arc<[&str]> = Arc::from(["a", "c"]);
        assert_eq!(&*rendered.html(&changed, render), "a,c");
        assert_eq!(renders.get(), 2);
    }

    #[test]
    fn a_piece_goes_with_its_data_and_never_past_the_capacity() {
        let rendered = Rendered::<usize>::new();
        let gone = Arc::new(0);
        rendered.html(&gone, |n| n.to_string());
        drop(gone);
        let held: Vec<Arc<usize>> = (1..=CAPACITY * 2).map(Arc::new).collect();
        rendered.html(&held[0], |n| n.to_string());
        assert_eq!(rendered.lock().len(), 1, "the piece of data let go is gone");
        for n in &held {
            assert_eq!(&*rendered.html(n, |n| n.to_string()), n.to_string());
        }
        assert_eq!(rendered.lock().len(), CAPACITY);
    }
}
