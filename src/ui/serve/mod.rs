//! `akhbar serve`: the dashboard over SSH. Each login is one dashboard (the local one's
//! `App`, `update` and loop) on its own handle to one shared store, as the user its key
//! names; the feeds refresh once, here, for everyone; sessions see each other's writes
//! through the store's data version, as two local dashboards do.
//!
//! Safety: public keys only; at most [`MAX_UNAUTHENTICATED`] connections not yet logged in,
//! each with [`AUTH_DEADLINE`] to log in and start its session; `--max-sessions` sessions;
//! everything a client sends stays in its session; the log gets logins, refusals and
//! session ends, cleaned, and nothing is printed to the server's terminal after start.

mod dashboard;
pub mod keys;
pub mod log;
pub mod screen;
mod session;

use crate::store::{Location, Shared as Stores, Store};
use crate::ui::Overrides;
use russh::MethodKind;
use std::io;
use std::net::SocketAddr;
use std::path::PathBuf;
use std::sync::atomic::{AtomicBool, AtomicUsize, Ordering};
use std::sync::{Arc, Mutex, MutexGuard};
use std::time::Duration;
use tokio::net::{TcpListener, TcpStream};
use tokio::sync::{oneshot, OwnedSemaphorePermit, Semaphore};

/// Connections at once that have not logged in yet; more are closed as they come.
pub const MAX_UNAUTHENTICATED: usize = 8;

/// From connecting to a running dashboard: past this the connection is closed.
pub const AUTH_DEADLINE: Duration = Duration::from_secs(20);

/// How often the one fetcher looks for feeds due (each feed's own interval decides).
const FETCH_LOOK: Duration = Duration::from_secs(60);

/// What `akhbar serve` was asked.
#[derive(Debug, Clone)]
pub struct Options {
    pub listen: SocketAddr,
    pub authorized_keys: PathBuf,
    pub host_key: PathBuf,
    pub idle_timeout: Duration,
    pub max_sessions: usize,
    pub log: PathBuf,
    pub store: Location,
    pub overrides: Overrides,
    pub config_dir: Option<PathBuf>,
}

/// What every connection shares.
pub struct Server {
    pub options: Options,
    pub log: log::Log,
    keys: Mutex<keys::Keys>,
    /// SIGHUP came: read the keys file again whatever its stamp says.
    reload: AtomicBool,
    sessions: Arc<Semaphore>,
    /// Sessions running now (for the log).
    live: AtomicUsize,
}

impl Server {
    /// The keys as the file holds them now (read again if it changed).
    fn keys(&self) -> MutexGuard<'_, keys::Keys> {
        let mut keys = self.keys.lock().unwrap_or_else(|e| e.into_inner());
        let force = self.reload.swap(false, Ordering::SeqCst);
        if let Some(line) = keys.refresh(force) {
            self.log.line(&line);
        }
        keys
    }

    /// A place among `--max-sessions`, if one is free.
    fn session_slot(&self) -> Option<OwnedSemaphorePermit> {
        Arc::clone(&self.sessions).try_acquire_owned().ok()
    }

    /// The one place a session's store handle is made: its own connections to the shared
    /// store, acting as `user`.
    fn session_stores(&self, user: &str) -> io::Result<Stores> {
        let mut opened = Store::open(&self.options.store).map_err(io::Error::other)?;
        // Before the reader is made: it takes its user from this handle.
        opened.store.set_user(user).map_err(io::Error::other)?;
        Stores::new(opened.store).map_err(io::Error::other)
    }
}

/// Runs the server until SIGTERM or SIGINT. `say` prints a line for the operator (the host
/// key's fingerprint, the address); after start nothing more is printed.
pub fn run(options: Options, say: &mut dyn FnMut(&str)) -> io::Result<()> {
    if options.store == Location::Memory {
        return Err(io::Error::other(
            "serve needs a store file that its sessions share, not :memory:",
        ));
    }
    let (host_key, made) = keys::host_key(&options.host_key)?;
    let print = keys::fingerprint(host_key.public_key());
    if made {
        say(&format!(
            "made host key {} (ed25519): {print}",
            options.host_key.display()
        ));
    } else {
        say(&format!("host key {}: {print}", options.host_key.display()));
    }
    let (keys, problems) = keys::Keys::load(&options.authorized_keys)
        .map_err(|e| io::Error::other(format!("{}: {e}", options.authorized_keys.display())))?;
    for p in &problems {
        say(&format!(
            "authorized keys {}: {p}",
            options.authorized_keys.display()
        ));
    }
    let log = log::Log::open(&options.log)
        .map_err(|e| io::Error::other(format!("{}: {e}", options.log.display())))?;
    say(&format!(
        "{} authorized keys; log {}",
        keys.len(),
        options.log.display()
    ));
    let server = Arc::new(Server {
        sessions: Arc::new(Semaphore::new(options.max_sessions)),
        options,
        log,
        keys: Mutex::new(keys),
        reload: AtomicBool::new(false),
        live: AtomicUsize::new(0),
    });
    {
        // A panic in a session ends that session; its message goes to the log, not to the
        // server's terminal (where it could carry a client's text).
        let server = Arc::clone(&server);
        std::panic::set_hook(Box::new(move |info| {
            server.log.line(&format!("panic: {info}"));
        }));
    }
    let runtime = tokio::runtime::Builder::new_multi_thread()
        .enable_all()
        .build()?;
    let result = runtime.block_on(serve(Arc::clone(&server), host_key, say));
    runtime.shutdown_timeout(Duration::from_secs(1));
    result
}

async fn serve(
    server: Arc<Server>,
    host_key: russh::keys::PrivateKey,
    say: &mut dyn FnMut(&str),
) -> io::Result<()> {
    use tokio::signal::unix::{signal, SignalKind};
    let listener = TcpListener::bind(server.options.listen).await?;
    let addr = listener.local_addr()?;
    let config = Arc::new(russh::server::Config {
        methods: russh::MethodSet::from(&[MethodKind::PublicKey][..]),
        auth_rejection_time: Duration::from_secs(1),
        // OpenSSH's first "none" probe is answered at once.
        auth_rejection_time_initial: Some(Duration::ZERO),
        keys: vec![host_key],
        // Sessions keep their own idle timeout; a connection that went away without a word
        // is found by keepalives.
        inactivity_timeout: None,
        keepalive_interval: Some(Duration::from_secs(60)),
        keepalive_max: 3,
        max_auth_attempts: 6,
        nodelay: true,
        ..Default::default()
    });
    server.log.line(&format!("listening on {addr}"));
    say(&format!("listening on {addr}"));
    let mut hangup = signal(SignalKind::hangup())?;
    let mut terminate = signal(SignalKind::terminate())?;
    let mut interrupt = signal(SignalKind::interrupt())?;
    tokio::spawn(fetcher(Arc::clone(&server)));
    let unauthenticated = Arc::new(Semaphore::new(MAX_UNAUTHENTICATED));
    loop {
        tokio::select! {
            accepted = listener.accept() => {
                let (socket, peer) = match accepted {
                    Ok(a) => a,
                    Err(e) => {
                        // Out of file descriptors, say: wait a little rather than spin.
                        server.log.line(&format!("accept failed: {e}"));
                        tokio::time::sleep(Duration::from_millis(100)).await;
                        continue;
                    }
                };
                let Ok(permit) = Arc::clone(&unauthenticated).try_acquire_owned() else {
                    server.log.line(&format!(
                        "refused connection from={peer}: {MAX_UNAUTHENTICATED} are logging in already"
                    ));
                    drop(socket);
                    continue;
                };
                tokio::spawn(connection(Arc::clone(&server), Arc::clone(&config), socket, peer, permit));
            }
            _ = hangup.recv() => {
                server.reload.store(true, Ordering::SeqCst);
                drop(server.keys());
            }
            _ = terminate.recv() => break,
            _ = interrupt.recv() => break,
        }
    }
    server.log.line("stopped");
    Ok(())
}

/// One connection from its first byte to its end, closed if it has no running session by
/// [`AUTH_DEADLINE`].
async fn connection(
    server: Arc<Server>,
    config: Arc<russh::server::Config>,
    socket: TcpStream,
    peer: SocketAddr,
    permit: OwnedSemaphorePermit,
) {
    let _ = socket.set_nodelay(true);
    let (started, started_rx) = oneshot::channel();
    let handler = session::Connection::new(Arc::clone(&server), peer, permit, started);
    let deadline = tokio::time::Instant::now() + AUTH_DEADLINE;
    let setup =
        tokio::time::timeout_at(deadline, russh::server::run_stream(config, socket, handler)).await;
    let running = match setup {
        Ok(Ok(running)) => running,
        Ok(Err(e)) => {
            server
                .log
                .line(&format!("connection from={peer} failed: {e}"));
            return;
        }
        Err(_) => {
            server.log.line(&format!(
                "refused connection from={peer}: no SSH greeting in {} s",
                AUTH_DEADLINE.as_secs()
            ));
            return;
        }
    };
    let handle = running.handle();
    let mut running = std::pin::pin!(running);
    tokio::select! {
        _ = &mut running => return,
        _ = started_rx => {}
        _ = tokio::time::sleep_until(deadline) => {
            server.log.line(&format!(
                "refused connection from={peer}: no session within {} s",
                AUTH_DEADLINE.as_secs()
            ));
            let _ = handle
                .disconnect(
                    russh::Disconnect::ByApplication,
                    "authentication took too long".into(),
                    String::new(),
                )
                .await;
            let _ = tokio::time::timeout(Duration::from_secs(2), &mut running).await;
            return;
        }
    }
    if let Err(e) = running.await {
        server
            .log
            .line(&format!("connection from={peer} ended: {e}"));
    }
}

/// The one fetcher: every minute, the feeds due by their own interval are refreshed into
/// the store, once for every session.
async fn fetcher(server: Arc<Server>) {
    use crate::net::refresh;
    let mut store: Option<Store> = None;
    let mut looks = tokio::time::interval(FETCH_LOOK);
    looks.set_missed_tick_behavior(tokio::time::MissedTickBehavior::Delay);
    loop {
        looks.tick().await;
        let dir = server.options.config_dir.clone();
        let location = server.options.store.clone();
        let held = store.take();
        let done = tokio::task::spawn_blocking(move || {
            let (config, _) = crate::config::Config::load(dir.as_deref());
            let mut store = match held {
                Some(s) => s,
                None => Store::open(&location).map_err(|e| e.to_string())?.store,
            };
            let states = store.feeds().map_err(|e| e.to_string())?;
            let now = chrono::Utc::now().timestamp();
            let due = crate::ui::app::Feeds::schedule(
                config.feeds.clone(),
                config.refresh_minutes,
                states,
            )
            .due(now);
            if due.is_empty() {
                return Ok((store, None));
            }
            let jobs = refresh::jobs(&mut store, &due).map_err(|e| e.to_string())?;
            // A rule that does not parse is reported in each session's first status line.
            let (rules, _) = crate::ignore::Rules::parse(&config.ignore);
            let store = Mutex::new(store);
            let never = AtomicBool::new(false);
            let summary = refresh::run(&store, config.http(), jobs, &rules, &never, |_| {});
            let store = store.into_inner().unwrap_or_else(|e| e.into_inner());
            Ok::<_, String>((store, Some(summary)))
        })
        .await;
        match done {
            Ok(Ok((s, summary))) => {
                store = Some(s);
                if let Some(summary) = summary {
                    server.log.line(&format!("refreshed: {summary}"));
                }
            }
            Ok(Err(e)) => server.log.line(&format!("refresh failed: {e}")),
            Err(e) => server.log.line(&format!("refresh failed: {e}")),
        }
    }
}
