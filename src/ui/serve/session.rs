//! One SSH connection: public-key authentication against the authorized keys, then one
//! session channel whose shell request starts a dashboard. Everything else a client may ask
//! for (exec, subsystems, X11, agent and port forwarding, a second channel) is refused.

use super::dashboard::{self, Incoming, Start};
use super::Server;
use russh::keys::PublicKey;
use russh::server::{Auth, ChannelOpenHandle, Msg, Session};
use russh::{Channel, ChannelId};
use std::net::SocketAddr;
use std::sync::Arc;
use tokio::sync::{mpsc, oneshot, OwnedSemaphorePermit};

/// Input chunks waiting for a session's dashboard; past this the connection waits (SSH
/// flow control then holds the client back), so a huge paste never piles up in memory.
const INPUT_QUEUE: usize = 16;

/// What a client asked for before its shell: the pty and the environment the dashboard
/// cares about.
#[derive(Debug, Default)]
struct Asked {
    pty: Option<(String, u16, u16)>,
    no_color: bool,
}

pub struct Connection {
    server: Arc<Server>,
    peer: SocketAddr,
    /// Held until authentication succeeds: counts this connection among the
    /// unauthenticated ones.
    unauthenticated: Option<OwnedSemaphorePermit>,
    /// Told when authentication succeeds, so the deadline stops.
    authenticated: Option<oneshot::Sender<String>>,
    user: Option<String>,
    channel: Option<ChannelId>,
    asked: Asked,
    /// The shell was asked for: a dashboard runs (or was refused) on the channel.
    started: bool,
    input: Option<mpsc::Sender<Incoming>>,
}

impl Connection {
    pub fn new(
        server: Arc<Server>,
        peer: SocketAddr,
        unauthenticated: OwnedSemaphorePermit,
        authenticated: oneshot::Sender<String>,
    ) -> Connection {
        Connection {
            server,
            peer,
            unauthenticated: Some(unauthenticated),
            authenticated: Some(authenticated),
            user: None,
            channel: None,
            asked: Asked::default(),
            started: false,
            input: None,
        }
    }

    fn allowed(&self, user: &str, key: &PublicKey) -> bool {
        self.server.keys().allows(user, key)
    }

    fn refuse(&self, what: &str) {
        let user = self.user.as_deref().unwrap_or("-");
        self.server
            .log
            .line(&format!("refused {what} user={user} from={}", self.peer));
    }

    /// Refuses a channel request with a reply and a log line.
    fn refuse_request(&self, what: &str, channel: ChannelId, session: &mut Session) {
        self.refuse(what);
        let _ = session.channel_failure(channel);
    }

    fn ours(&self, channel: ChannelId) -> bool {
        self.channel == Some(channel)
    }
}

impl russh::server::Handler for Connection {
    type Error = russh::Error;

    async fn auth_password(&mut self, user: &str, _: &str) -> Result<Auth, Self::Error> {
        self.refuse(&format!("password login as {user:?}"));
        Ok(Auth::reject())
    }

    async fn auth_publickey_offered(
        &mut self,
        user: &str,
        key: &PublicKey,
    ) -> Result<Auth, Self::Error> {
        if self.allowed(user, key) {
            return Ok(Auth::Accept);
        }
        self.server.log.line(&format!(
            "refused key {} as user={user:?} from={}",
            super::keys::fingerprint(key),
            self.peer
        ));
        Ok(Auth::reject())
    }

    async fn auth_publickey(&mut self, user: &str, key: &PublicKey) -> Result<Auth, Self::Error> {
        // Asked again after the signature: the file may have changed since the offer.
        if !self.allowed(user, key) {
            return Ok(Auth::reject());
        }
        self.user = Some(user.to_string());
        self.server.log.line(&format!(
            "login user={user} key={} from={}",
            super::keys::fingerprint(key),
            self.peer
        ));
        Ok(Auth::Accept)
    }

    async fn auth_succeeded(&mut self, _: &mut Session) -> Result<(), Self::Error> {
        self.unauthenticated = None;
        if let (Some(tx), Some(user)) = (self.authenticated.take(), &self.user) {
            let _ = tx.send(user.clone());
        }
        Ok(())
    }

    async fn channel_open_session(
        &mut self,
        channel: Channel<Msg>,
        reply: ChannelOpenHandle,
        _: &mut Session,
    ) -> Result<(), Self::Error> {
        if self.channel.is_some() || self.user.is_none() {
            self.refuse("a second session channel");
            reply
                .reject(russh::ChannelOpenFailure::AdministrativelyProhibited)
                .await;
            return Ok(());
        }
        self.channel = Some(channel.id());
        reply.accept().await;
        // The channel's own message stream is not read: the handler's calls carry all of
        // it, and russh drops what it cannot deliver to a channel nobody holds.
        drop(channel);
        Ok(())
    }

    async fn channel_open_x11(
        &mut self,
        _: Channel<Msg>,
        _: &str,
        _: u32,
        reply: ChannelOpenHandle,
        _: &mut Session,
    ) -> Result<(), Self::Error> {
        self.refuse("an X11 channel");
        drop(reply);
        Ok(())
    }

    async fn channel_open_direct_tcpip(
        &mut self,
        _: Channel<Msg>,
        host: &str,
        port: u32,
        _: &str,
        _: u32,
        reply: ChannelOpenHandle,
        _: &mut Session,
    ) -> Result<(), Self::Error> {
        self.refuse(&format!("port forwarding to {host:?}:{port}"));
        drop(reply);
        Ok(())
    }

    async fn channel_open_direct_streamlocal(
        &mut self,
        _: Channel<Msg>,
        _: &str,
        reply: ChannelOpenHandle,
        _: &mut Session,
    ) -> Result<(), Self::Error> {
        self.refuse("socket forwarding");
        drop(reply);
        Ok(())
    }

    async fn tcpip_forward(
        &mut self,
        address: &str,
        port: &mut u32,
        _: &mut Session,
    ) -> Result<bool, Self::Error> {
        self.refuse(&format!("remote port forwarding of {address:?}:{port}"));
        Ok(false)
    }

    async fn streamlocal_forward(&mut self, _: &str, _: &mut Session) -> Result<bool, Self::Error> {
        self.refuse("remote socket forwarding");
        Ok(false)
    }

    async fn agent_request(&mut self, _: ChannelId, _: &mut Session) -> Result<bool, Self::Error> {
        self.refuse("agent forwarding");
        Ok(false)
    }

    async fn x11_request(
        &mut self,
        channel: ChannelId,
        _: bool,
        _: &str,
        _: &str,
        _: u32,
        session: &mut Session,
    ) -> Result<(), Self::Error> {
        self.refuse_request("X11 forwarding", channel, session);
        Ok(())
    }

    async fn exec_request(
        &mut self,
        channel: ChannelId,
        _: &[u8],
        session: &mut Session,
    ) -> Result<(), Self::Error> {
        // The command is not logged: it is the client's text and may be anything.
        self.refuse_request("exec", channel, session);
        Ok(())
    }

    async fn subsystem_request(
        &mut self,
        channel: ChannelId,
        name: &str,
        session: &mut Session,
    ) -> Result<(), Self::Error> {
        self.refuse_request(&format!("subsystem {name:?}"), channel, session);
        Ok(())
    }

    async fn pty_request(
        &mut self,
        channel: ChannelId,
        term: &str,
        cols: u32,
        rows: u32,
        _: u32,
        _: u32,
        _: &[(russh::Pty, u32)],
        session: &mut Session,
    ) -> Result<(), Self::Error> {
        if !self.ours(channel) || self.started {
            let _ = session.channel_failure(channel);
            return Ok(());
        }
        let (cols, rows) = super::screen::clamp(cols, rows);
        let term: String = term.chars().take(64).collect();
        self.asked.pty = Some((term, cols, rows));
        let _ = session.channel_success(channel);
        Ok(())
    }

    async fn env_request(
        &mut self,
        channel: ChannelId,
        name: &str,
        value: &str,
        session: &mut Session,
    ) -> Result<(), Self::Error> {
        if self.ours(channel) && !self.started && name == "NO_COLOR" {
            self.asked.no_color = !value.is_empty();
            let _ = session.channel_success(channel);
        } else {
            let _ = session.channel_failure(channel);
        }
        Ok(())
    }

    async fn shell_request(
        &mut self,
        channel: ChannelId,
        session: &mut Session,
    ) -> Result<(), Self::Error> {
        let (Some(user), true, false) = (self.user.clone(), self.ours(channel), self.started)
        else {
            let _ = session.channel_failure(channel);
            return Ok(());
        };
        self.started = true;
        let handle = session.handle();
        let Some((term, cols, rows)) = self.asked.pty.clone() else {
            let _ = session.channel_success(channel);
            let text = "akhbar: the dashboard needs a terminal: ssh -t\r\n";
            dashboard::refuse(handle, channel, text);
            self.refuse("a shell without a pty");
            return Ok(());
        };
        let Some(permit) = self.server.session_slot() else {
            let _ = session.channel_success(channel);
            let text = format!(
                "akhbar: the server is full ({} sessions); try again later\r\n",
                self.server.options.max_sessions
            );
            dashboard::refuse(handle, channel, &text);
            self.refuse("a session: the server is full");
            return Ok(());
        };
        let _ = session.channel_success(channel);
        let (tx, rx) = mpsc::channel(INPUT_QUEUE);
        self.input = Some(tx);
        let start = Start {
            server: Arc::clone(&self.server),
            permit,
            user,
            peer: self.peer,
            handle,
            channel,
            term,
            cols,
            rows,
            no_color: self.asked.no_color,
            input: rx,
        };
        tokio::spawn(dashboard::run(start));
        Ok(())
    }

    async fn data(
        &mut self,
        channel: ChannelId,
        data: &[u8],
        _: &mut Session,
    ) -> Result<(), Self::Error> {
        if let (true, Some(input)) = (self.ours(channel), &self.input) {
            // Waits while the dashboard is behind; fails only once it has ended.
            let _ = input.send(Incoming::Bytes(data.to_vec())).await;
        }
        Ok(())
    }

    async fn window_change_request(
        &mut self,
        channel: ChannelId,
        cols: u32,
        rows: u32,
        _: u32,
        _: u32,
        _: &mut Session,
    ) -> Result<(), Self::Error> {
        if let (true, Some(input)) = (self.ours(channel), &self.input) {
            let (cols, rows) = super::screen::clamp(cols, rows);
            let _ = input.send(Incoming::Resize(cols, rows)).await;
        }
        Ok(())
    }

    async fn channel_eof(
        &mut self,
        channel: ChannelId,
        _: &mut Session,
    ) -> Result<(), Self::Error> {
        if self.ours(channel) {
            // No more input: the dashboard ends as it would on a closed terminal.
            self.input = None;
        }
        Ok(())
    }

    async fn channel_close(
        &mut self,
        channel: ChannelId,
        _: &mut Session,
    ) -> Result<(), Self::Error> {
        if self.ours(channel) {
            self.input = None;
        }
        Ok(())
    }
}
