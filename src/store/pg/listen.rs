//! Live updates from a server store: a connection of its own (never the one queries use, which
//! a long read or a triage commit would hold) `LISTEN`s on [`CHANNEL`], and a thread waits on
//! it and tells the dashboard at once when another connection committed something its user
//! sees. The NOTIFY's payload says whom a write concerns ([`super::Audience`]): another user's
//! star wakes no one else.
//!
//! Behind a pooler in transaction mode (PgBouncer's `pool_mode = transaction`), `LISTEN`
//! succeeds but notifications never come back: the `LISTEN` stays on whichever server
//! connection ran it, which the pooler hands to other clients between transactions. So the
//! watch first has a notification sent to a channel of its own and waits for it
//! ([`PROBE_WAIT`]), again every [`REPROBE`] of quiet. The probe is sent from a second, short
//! connection while the listening one is idle, as another dashboard's write would be: sent on
//! the listening connection itself, a pooler that happens to give it the same server
//! connection again would deliver it, and the watch would believe it listens. A probe that
//! does not come back, or a lost connection, is [`Push::Listening`]`(false)`: the dashboard
//! polls every second as it did before, the watch takes its `LISTEN` back (`UNLISTEN *`, so
//! no pooled server connection keeps it), and tries again later.

use super::unnamed::Unnamed;
use super::{connect, PgUrl, CHANNEL};
use crate::store::{Push, Wake};
use postgres::fallible_iterator::FallibleIterator;
use postgres::{Client, Notification};
use std::time::{Duration, Instant};

/// How long one wait for a notification lasts before the watch asks whether it is still
/// wanted.
const WAIT: Duration = Duration::from_millis(500);

/// How long a probe notification may take to come back.
const PROBE_WAIT: Duration = Duration::from_secs(5);

/// How often a quiet watch checks that notifications still arrive.
const REPROBE: Duration = Duration::from_secs(30);

/// The pause before connecting again after the connection was lost (the server restarting).
const RETRY: Duration = Duration::from_secs(1);

/// The pause before trying again where notifications do not come back (a pooler).
const DEAF_RETRY: Duration = Duration::from_secs(60);

/// Why a session of the watch ended.
enum Ended {
    /// No one wants pushes any more.
    Unwanted,
    /// The connection failed or was lost.
    Lost,
    /// Notifications did not come back.
    Deaf,
}

/// Starts the watch on a thread of its own; returns whether the thread started.
pub(super) fn spawn(url: PgUrl, user: Option<i64>, wake: Box<dyn Wake>) -> bool {
    std::thread::Builder::new()
        .name("akhbar-listen".into())
        .spawn(move || run(&url, user, wake.as_ref()))
        .is_ok()
}

fn run(url: &PgUrl, user: Option<i64>, wake: &dyn Wake) {
    loop {
        let mut up = false;
        let ended = session(url, user, wake, &mut up);
        if up && !wake.wake(Push::Listening(false)) {
            return;
        }
        let pause = match ended {
            Ended::Unwanted => return,
            Ended::Lost => RETRY,
            Ended::Deaf => DEAF_RETRY,
        };
        let until = Instant::now() + pause;
        while let Some(left) = until.checked_duration_since(Instant::now()) {
            if !wake.wanted() {
                return;
            }
            std::thread::sleep(left.min(WAIT));
        }
    }
}

/// One connection's life: connect, listen, probe, then wake the dashboard on every burst of
/// notifications that concern its user. `up` is set once the dashboard was told it listens.
fn session(url: &PgUrl, user: Option<i64>, wake: &dyn Wake, up: &mut bool) -> Ended {
    let Ok(mut client) = connect(url) else {
        return Ended::Lost;
    };
    let Ok(row) = client.read_one("SELECT pg_backend_pid()", &[]) else {
        return Ended::Lost;
    };
    let probe = format!("akhbar_probe_{}", row.get::<_, i32>(0));
    if client
        .batch_execute(&format!("LISTEN {CHANNEL}; LISTEN {probe}"))
        .is_err()
    {
        return Ended::Lost;
    }
    let mut last_heard = Instant::now();
    loop {
        if !*up || last_heard.elapsed() >= REPROBE {
            match probe_once(url, &mut client, &probe, user) {
                Probe::Back { changed } => {
                    last_heard = Instant::now();
                    if !*up {
                        *up = true;
                        // Anything committed before the LISTEN was missed: check now.
                        if !wake.wake(Push::Listening(true)) {
                            return Ended::Unwanted;
                        }
                    } else if changed && !wake.wake(Push::Changed) {
                        return Ended::Unwanted;
                    }
                }
                Probe::Silent => {
                    let _ = client.batch_execute("UNLISTEN *");
                    return Ended::Deaf;
                }
                Probe::Failed => return Ended::Lost,
            }
        }
        let first = client.notifications().timeout_iter(WAIT).next();
        match first {
            // The iterator also ends at once, with nothing, on a closed connection.
            Ok(None) if client.is_closed() => return Ended::Lost,
            Ok(None) => {}
            Ok(Some(note)) => {
                last_heard = Instant::now();
                // A burst (an import's batches, a refresh of many feeds) is one wake.
                let mut changed = concerns(&note, user);
                let mut pending = client.notifications();
                let mut rest = pending.iter();
                loop {
                    match rest.next() {
                        Ok(Some(n)) => changed |= concerns(&n, user),
                        Ok(None) => break,
                        Err(_) => return Ended::Lost,
                    }
                }
                if changed && !wake.wake(Push::Changed) {
                    return Ended::Unwanted;
                }
            }
            Err(_) => return Ended::Lost,
        }
        if !wake.wanted() {
            return Ended::Unwanted;
        }
    }
}

enum Probe {
    /// The probe came back; `changed` when a notification that concerns the user came with
    /// it.
    Back {
        changed: bool,
    },
    Silent,
    Failed,
}

/// Sends a notification to the watch's own channel from a connection of its own (see the
/// module docs) and waits for it on `client`.
fn probe_once(url: &PgUrl, client: &mut Client, probe: &str, user: Option<i64>) -> Probe {
    let Ok(mut sender) = connect(url) else {
        return Probe::Failed;
    };
    if sender.batch_execute(&format!("NOTIFY {probe}")).is_err() {
        return Probe::Failed;
    }
    drop(sender);
    let until = Instant::now() + PROBE_WAIT;
    let mut changed = false;
    while let Some(left) = until.checked_duration_since(Instant::now()) {
        let next = client.notifications().timeout_iter(left).next();
        match next {
            Ok(Some(n)) if n.channel() == probe => return Probe::Back { changed },
            Ok(Some(n)) => changed |= concerns(&n, user),
            Ok(None) if client.is_closed() => return Probe::Failed,
            Ok(None) => break,
            Err(_) => return Probe::Failed,
        }
    }
    Probe::Silent
}

/// Whether a notification on [`CHANNEL`] is news for `user`: a write that concerns everyone
/// (no payload), or that user's own triage from another connection.
fn concerns(note: &Notification, user: Option<i64>) -> bool {
    if note.channel() != CHANNEL {
        return false;
    }
    let payload = note.payload();
    payload.is_empty() || user.is_some_and(|u| payload == super::Audience::User(u).payload())
}
