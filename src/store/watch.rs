//! Being told of other programs' commits instead of asking: a backend that can push them
//! (PostgreSQL's LISTEN/NOTIFY, `pg/listen.rs`) calls a [`Wake`] from a thread of its own;
//! one that cannot (SQLite) starts nothing, and its caller keeps polling
//! [`crate::store::Backend::data_version`].

/// What a watching backend tells its caller.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Push {
    /// Another connection committed something this handle's user may see (new articles, a
    /// feed's refresh, a shared tag or note, this user's own triage from elsewhere).
    Changed,
    /// Whether pushes arrive now. `true` once the watch is listening (anything committed
    /// before it may have been missed: check now); `false` when its connection is lost or
    /// notifications do not come back (a pooler in transaction mode): poll until it is true
    /// again.
    Listening(bool),
}

/// Where a backend's pushes go. Called from the backend's own thread.
pub trait Wake: Send + 'static {
    /// Delivers a push; `false` when no one wants them any more (the watch then ends).
    fn wake(&self, push: Push) -> bool;
    /// Whether pushes are still wanted: asked while the watch waits, so it ends (and
    /// closes its connection) soon after its dashboard has gone.
    fn wanted(&self) -> bool;
}
