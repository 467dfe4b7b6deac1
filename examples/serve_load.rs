//! A load driver for `akhbar serve`: starts the server (a built akhbar binary) on a store
//! of its own on 127.0.0.1, logs N sessions in at once with russh's client, and has each
//! press j and k in turn at a fixed rate. Prints the time from each key to the last byte of
//! its redraw (median, 99th percentile, worst), bytes per key, and the server's CPU time and
//! resident memory with one session and with all of them.
//!
//! cargo build --release && cargo run --release --example serve_load -- \
//!     --bin target/release/akhbar --sessions 50 --seconds 60 --rate 10

use russh::client;
use russh::keys::ssh_key::private::Ed25519Keypair;
use russh::keys::ssh_key::LineEnding;
use russh::keys::{PrivateKey, PrivateKeyWithHashAlg};
use russh::ChannelMsg;
use std::io::{BufRead, BufReader, Read};
use std::path::PathBuf;
use std::process::{Command, Stdio};
use std::sync::Arc;
use std::time::{Duration, Instant};

struct Args {
    bin: PathBuf,
    sessions: usize,
    seconds: u64,
    rate: u32,
}

fn args() -> Args {
    let mut a = Args {
        bin: PathBuf::from("target/release/akhbar"),
        sessions: 50,
        seconds: 60,
        rate: 10,
    };
    let mut it = std::env::args().skip(1);
    while let Some(flag) = it.next() {
        let value = it.next().unwrap_or_default();
        match flag.as_str() {
            "--bin" => a.bin = value.into(),
            "--sessions" => a.sessions = value.parse().expect("--sessions N"),
            "--seconds" => a.seconds = value.parse().expect("--seconds N"),
            "--rate" => a.rate = value.parse().expect("--rate N"),
            other => panic!("unknown flag {other}"),
        }
    }
    a
}

struct Trust;

impl client::Handler for Trust {
    type Error = russh::Error;

    async fn check_server_key(
        &mut self,
        _: &russh::keys::PublicKeyOrCertificate,
    ) -> Result<bool, Self::Error> {
        Ok(true)
    }
}

/// One session's results: key-to-last-byte times and the bytes each key brought.
#[derive(Default)]
struct Seen {
    latencies: Vec<Duration>,
    bytes: Vec<usize>,
}

async fn session(
    port: u16,
    key: Arc<PrivateKey>,
    until: Instant,
    every: Duration,
    logins: Arc<tokio::sync::Semaphore>,
) -> Result<Seen, String> {
    // The server lets at most 8 connections at once be unauthenticated: log in a few at a
    // time, as people would, and hold the permit until the first screen is drawn.
    let permit = logins.acquire_owned().await.map_err(|e| e.to_string())?;
    let config = Arc::new(client::Config::default());
    let mut ssh = client::connect(config, ("127.0.0.1", port), Trust)
        .await
        .map_err(|e| e.to_string())?;
    let auth = ssh
        .authenticate_publickey("load", PrivateKeyWithHashAlg::new(key, None))
        .await
        .map_err(|e| e.to_string())?;
    if !auth.success() {
        return Err("login refused".into());
    }
    let mut ch = ssh
        .channel_open_session()
        .await
        .map_err(|e| e.to_string())?;
    ch.request_pty(false, "xterm-256color", 100, 30, 0, 0, &[])
        .await
        .map_err(|e| e.to_string())?;
    ch.request_shell(false).await.map_err(|e| e.to_string())?;
    // The first screen: everything until the list and the reader are drawn and quiet.
    let mut screen = Vec::new();
    loop {
        match tokio::time::timeout(Duration::from_millis(1500), ch.wait()).await {
            Ok(Some(ChannelMsg::Data { data })) => screen.extend_from_slice(&data),
            Ok(Some(_)) => {}
            Ok(None) => return Err("closed before the first screen".into()),
            Err(_) if String::from_utf8_lossy(&screen).contains("unread") => break,
            Err(_) => {}
        }
    }
    drop(permit);
    let mut seen = Seen::default();
    let mut down = true;
    let mut next = Instant::now();
    while Instant::now() < until {
        let sent = Instant::now();
        ch.data(if down { &b"j"[..] } else { &b"k"[..] })
            .await
            .map_err(|e| e.to_string())?;
        down = !down;
        next += every;
        let mut last = None;
        let mut bytes = 0;
        // Everything that comes before the next key is this key's redraw.
        while let Ok(msg) = tokio::time::timeout_at(next.into(), ch.wait()).await {
            match msg {
                Some(ChannelMsg::Data { data }) => {
                    bytes += data.len();
                    last = Some(Instant::now());
                }
                Some(_) => {}
                None => return Err("closed".into()),
            }
        }
        if let Some(last) = last {
            seen.latencies.push(last - sent);
            seen.bytes.push(bytes);
        } else {
            // No redraw within the interval counts as the interval (a miss).
            seen.latencies.push(every);
            seen.bytes.push(0);
        }
    }
    let _ = ch.data(&b"q"[..]).await;
    Ok(seen)
}

/// The server's CPU time (user + system, seconds) and resident memory (KiB).
fn usage(pid: u32) -> (f64, u64) {
    let stat = std::fs::read_to_string(format!("/proc/{pid}/stat")).unwrap_or_default();
    let fields: Vec<&str> = stat
        .rsplit(')')
        .next()
        .unwrap_or("")
        .split_whitespace()
        .collect();
    let ticks: f64 = [11, 12]
        .iter()
        .filter_map(|&i| fields.get(i).and_then(|f| f.parse::<f64>().ok()))
        .sum();
    let hz = 100.0; // sysconf(_SC_CLK_TCK) on Linux
    let status = std::fs::read_to_string(format!("/proc/{pid}/status")).unwrap_or_default();
    let rss = status
        .lines()
        .find(|l| l.starts_with("VmRSS:"))
        .and_then(|l| l.split_whitespace().nth(1))
        .and_then(|v| v.parse().ok())
        .unwrap_or(0);
    (ticks / hz, rss)
}

fn percentile(sorted: &[Duration], p: f64) -> Duration {
    if sorted.is_empty() {
        return Duration::ZERO;
    }
    let i = ((sorted.len() - 1) as f64 * p).round() as usize;
    sorted[i]
}

fn main() {
    let args = args();
    let dir = std::env::temp_dir().join(format!("akhbar-serve-load-{}", std::process::id()));
    std::fs::create_dir_all(&dir).unwrap();
    let mut seed = [0u8; 32];
    std::fs::File::open("/dev/urandom")
        .unwrap()
        .read_exact(&mut seed)
        .unwrap();
    let mut key = PrivateKey::from(Ed25519Keypair::from_seed(&seed));
    key.set_comment("load");
    let public = key.public_key().to_openssh().unwrap();
    std::fs::write(dir.join("keys"), format!("{public}\n")).unwrap();
    let _ = key.to_openssh(LineEnding::LF);
    let mut server = Command::new(&args.bin)
        .arg("--store")
        .arg(dir.join("load.db"))
        .args(["serve", "--listen", "127.0.0.1:0", "--authorized-keys"])
        .arg(dir.join("keys"))
        .arg("--host-key")
        .arg(dir.join("host"))
        .arg("--log")
        .arg(dir.join("serve.log"))
        .args(["--max-sessions", &(args.sessions + 1).to_string()])
        .env("HOME", &dir)
        .env("XDG_CONFIG_HOME", dir.join("config"))
        .stdout(Stdio::piped())
        .spawn()
        .expect("starting the server");
    let pid = server.id();
    let mut out = BufReader::new(server.stdout.take().unwrap());
    let port: u16 = loop {
        let mut line = String::new();
        if out.read_line(&mut line).unwrap() == 0 {
            panic!("the server ended");
        }
        if let Some(addr) = line.trim().strip_prefix("akhbar serve: listening on ") {
            break addr.rsplit(':').next().unwrap().parse().unwrap();
        }
    };
    let runtime = tokio::runtime::Builder::new_multi_thread()
        .enable_all()
        .build()
        .unwrap();
    let key = Arc::new(key);
    let every = Duration::from_secs(1) / args.rate;
    let (idle_cpu, idle_rss) = usage(pid);
    // One session alone first, for the memory of the first session.
    let one = runtime.block_on(session(
        port,
        Arc::clone(&key),
        Instant::now() + Duration::from_secs(3),
        every,
        Arc::new(tokio::sync::Semaphore::new(1)),
    ));
    let one = one.expect("one session");
    let (_, one_rss) = usage(pid);
    let (cpu_before, _) = usage(pid);
    let until = Instant::now() + Duration::from_secs(args.seconds) + Duration::from_secs(5);
    let started = Instant::now();
    let mut peak_rss = 0;
    let results = runtime.block_on(async {
        let logins = Arc::new(tokio::sync::Semaphore::new(4));
        let tasks: Vec<_> = (0..args.sessions)
            .map(|_| {
                let logins = Arc::clone(&logins);
                tokio::spawn(session(port, Arc::clone(&key), until, every, logins))
            })
            .collect();
        let watch = tokio::spawn(async move {
            let mut peak = 0;
            while Instant::now() < until {
                tokio::time::sleep(Duration::from_millis(500)).await;
                peak = peak.max(usage(pid).1);
            }
            peak
        });
        let mut all = Vec::new();
        for t in tasks {
            all.push(t.await.unwrap());
        }
        peak_rss = watch.await.unwrap();
        all
    });
    let wall = started.elapsed().as_secs_f64();
    let (cpu_after, _) = usage(pid);
    let mut latencies = Vec::new();
    let mut bytes = Vec::new();
    let mut failed = 0;
    for r in results {
        match r {
            Ok(seen) => {
                latencies.extend(seen.latencies);
                bytes.extend(seen.bytes);
            }
            Err(e) => {
                failed += 1;
                eprintln!("a session failed: {e}");
            }
        }
    }
    latencies.sort();
    bytes.sort();
    let misses = latencies.iter().filter(|&&l| l >= every).count();
    println!(
        "sessions {} (failed {failed}), {} keys, {} per second each, {:.0} s",
        args.sessions,
        latencies.len(),
        args.rate,
        wall
    );
    println!(
        "key to last byte: median {:.1} ms, p99 {:.1} ms, worst {:.1} ms, {misses} keys with no redraw within {} ms",
        percentile(&latencies, 0.5).as_secs_f64() * 1e3,
        percentile(&latencies, 0.99).as_secs_f64() * 1e3,
        latencies.last().copied().unwrap_or_default().as_secs_f64() * 1e3,
        every.as_millis()
    );
    println!(
        "bytes per key: median {}, min {}, max {}; one session alone: median {}",
        bytes.get(bytes.len() / 2).copied().unwrap_or(0),
        bytes.first().copied().unwrap_or(0),
        bytes.last().copied().unwrap_or(0),
        {
            let mut b = one.bytes.clone();
            b.sort();
            b.get(b.len() / 2).copied().unwrap_or(0)
        }
    );
    println!(
        "server CPU: {:.1} s over {wall:.0} s ({:.0}% of one core); idle CPU before {:.2} s",
        cpu_after - cpu_before,
        (cpu_after - cpu_before) / wall * 100.0,
        idle_cpu
    );
    println!(
        "server RSS: {} KiB idle, {} KiB with one session, {} KiB peak with {}: {:.2} MiB per session beyond the first",
        idle_rss,
        one_rss,
        peak_rss,
        args.sessions,
        (peak_rss.saturating_sub(one_rss)) as f64 / 1024.0 / (args.sessions.max(2) - 1) as f64
    );
    let _ = server.kill();
    let _ = server.wait();
    let _ = std::fs::remove_dir_all(&dir);
}
