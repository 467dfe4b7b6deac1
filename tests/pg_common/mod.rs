//! A throwaway PostgreSQL cluster for the tests: `initdb` in a temporary folder, run as the
//! `postgres` user when the tests run as root (initdb refuses root), listening on 127.0.0.1 on
//! a free port with trust authentication, stopped (`pg_ctl stop -m immediate`) when the test
//! binary exits or the [`Cluster`] is dropped. A cluster left by a test binary that was killed
//! is stopped and removed by the next one. One cluster per test binary ([`shared`]); each test
//! gets a fresh database ([`Cluster::fresh_db`]).
//!
//! Without a PostgreSQL server on the machine, [`shared`] prints `SKIPPED: …` and gives
//! `None`; under `CI=true` it panics instead, so CI can never pass without running them.
#![allow(dead_code)]

use std::path::{Path, PathBuf};
use std::process::Command;
use std::sync::atomic::{AtomicUsize, Ordering};
use std::sync::{Mutex, OnceLock};

/// Where this binary's clusters are made: `/tmp/akhbar-pg-PID-N`.
const PREFIX: &str = "akhbar-pg-";

pub struct Cluster {
    pub port: u16,
    pub dir: PathBuf,
    bin: PathBuf,
    as_postgres: bool,
    /// Whether commits wait for the disk (off for the tests, on for benchmarks).
    fsync: bool,
    setup: Setup,
}

/// How a cluster differs from the tests' default (trust, no TLS).
#[derive(Debug, Clone, Default)]
pub struct Setup {
    /// The superuser's password: every login is then checked with scram-sha-256, and
    /// [`Cluster::url`] carries it.
    pub password: Option<String>,
    /// TLS on, with a certificate for `localhost` (its only name) signed by a CA made for the
    /// cluster: [`Cluster::tls_file`] gives `ca.crt`, and `other-ca.crt`, a CA that signed
    /// nothing of it.
    pub tls: bool,
    /// With `tls`: logins over TLS are by client certificate (`cert` in pg_hba.conf, the
    /// certificate's name the user's), plain ones trusted; [`Cluster::tls_file`] gives
    /// `client.crt` and `client.key` (for `postgres`, signed by `ca.crt`) and
    /// `stranger.crt` and `stranger.key` (for `postgres`, signed by `other-ca.crt`).
    pub client_certs: bool,
}

/// The folder of initdb and pg_ctl: Debian's versioned folder (newest first), else PATH.
fn bin_dir() -> Option<PathBuf> {
    let mut found: Vec<PathBuf> = std::fs::read_dir("/usr/lib/postgresql")
        .into_iter()
        .flatten()
        .flatten()
        .map(|e| e.path().join("bin"))
        .filter(|b| b.join("initdb").exists() && b.join("pg_ctl").exists())
        .collect();
    found.sort();
    if let Some(b) = found.pop() {
        return Some(b);
    }
    let path = std::env::var_os("PATH")?;
    std::env::split_paths(&path).find(|d| d.join("initdb").exists() && d.join("pg_ctl").exists())
}

fn is_root() -> bool {
    // SAFETY: geteuid has no preconditions.
    unsafe { libc::geteuid() == 0 }
}

/// The cluster of this test binary, started on first use; `None` (after printing SKIPPED)
/// when the machine has no PostgreSQL server, except under `CI=true`, where that panics.
pub fn shared(test: &str) -> Option<&'static Cluster> {
    static CLUSTER: OnceLock<Option<Cluster>> = OnceLock::new();
    CLUSTER
        .get_or_init(|| {
            let cluster = Cluster::start()?;
            register_stop(&cluster);
            Some(cluster)
        })
        .as_ref()
        .or_else(|| {
            if std::env::var("CI").is_ok_and(|v| v == "true") {
                panic!("{test}: no PostgreSQL server (initdb) on this machine, and CI=true");
            }
            eprintln!("{test}: SKIPPED: no PostgreSQL server (initdb, pg_ctl) on this machine");
            None
        })
}

/// Whether the machine has a PostgreSQL server to make clusters with; like [`shared`], says
/// SKIPPED when not, and panics under `CI=true`.
pub fn available(test: &str) -> bool {
    if bin_dir().is_some() {
        return true;
    }
    if std::env::var("CI").is_ok_and(|v| v == "true") {
        panic!("{test}: no PostgreSQL server (initdb) on this machine, and CI=true");
    }
    eprintln!("{test}: SKIPPED: no PostgreSQL server (initdb, pg_ctl) on this machine");
    false
}

/// The data folders to stop when the process exits (statics are never dropped).
static AT_EXIT: Mutex<Vec<(PathBuf, PathBuf, bool)>> = Mutex::new(Vec::new());

extern "C" fn stop_all() {
    if let Ok(list) = AT_EXIT.lock() {
        for (bin, dir, as_postgres) in list.iter() {
            stop(bin, dir, *as_postgres);
            let _ = std::fs::remove_dir_all(dir);
        }
    }
}

fn register_stop(cluster: &Cluster) {
    static ONCE: OnceLock<()> = OnceLock::new();
    ONCE.get_or_init(|| {
        // SAFETY: registers a plain extern "C" function with no arguments.
        unsafe { libc::atexit(stop_all) };
    });
    AT_EXIT.lock().unwrap().push((
        cluster.bin.clone(),
        cluster.dir.clone(),
        cluster.as_postgres,
    ));
}

/// Runs a PostgreSQL tool, as the `postgres` user when we are root.
fn tool(bin: &Path, name: &str, as_postgres: bool) -> Command {
    let exe = bin.join(name);
    if as_postgres {
        let mut c = Command::new("runuser");
        c.args(["-u", "postgres", "--"]).arg(exe);
        c
    } else {
        Command::new(exe)
    }
}

fn stop(bin: &Path, dir: &Path, as_postgres: bool) {
    let _ = tool(bin, "pg_ctl", as_postgres)
        .arg("-D")
        .arg(dir.join("data"))
        .args(["stop", "-m", "immediate", "-w"])
        .stdout(std::process::Stdio::null())
        .stderr(std::process::Stdio::null())
        .status();
}

/// Stops and removes clusters whose test binary is gone (killed before its exit handler).
fn clean_leftovers(bin: &Path, as_postgres: bool) {
    let Ok(entries) = std::fs::read_dir(std::env::temp_dir()) else {
        return;
    };
    for e in entries.flatten() {
        let name = e.file_name().to_string_lossy().to_string();
        let Some(rest) = name.strip_prefix(PREFIX) else {
            continue;
        };
        let Some(pid) = rest.split('-').next().and_then(|p| p.parse::<i32>().ok()) else {
            continue;
        };
        // SAFETY: kill with signal 0 only asks whether the process exists.
        let alive = unsafe { libc::kill(pid, 0) } == 0;
        if !alive {
            for sub in std::fs::read_dir(e.path()).into_iter().flatten().flatten() {
                if sub.file_name().to_string_lossy().starts_with("bouncer-") {
                    stop_bouncer(&sub.path());
                }
            }
            stop(bin, &e.path(), as_postgres);
            let _ = std::fs::remove_dir_all(e.path());
        }
    }
}

fn free_port() -> u16 {
    std::net::TcpListener::bind("127.0.0.1:0")
        .and_then(|l| l.local_addr())
        .map(|a| a.port())
        .expect("a free port on 127.0.0.1")
}

impl Cluster {
    /// A new cluster for tests (`fsync=off`: nothing here needs to survive a power cut), or
    /// `None` when the machine has no PostgreSQL server.
    pub fn start() -> Option<Cluster> {
        Cluster::start_with(false)
    }

    /// A new cluster whose commits are synced to disk, as a real server's are: for timings.
    pub fn start_durable() -> Option<Cluster> {
        Cluster::start_with(true)
    }

    /// A new cluster set up as `setup` says.
    pub fn start_setup(setup: Setup) -> Option<Cluster> {
        Cluster::start_full(false, setup)
    }

    fn start_with(fsync: bool) -> Option<Cluster> {
        Cluster::start_full(fsync, Setup::default())
    }

    fn start_full(fsync: bool, setup: Setup) -> Option<Cluster> {
        let bin = bin_dir()?;
        let as_postgres = is_root();
        clean_leftovers(&bin, as_postgres);
        static N: AtomicUsize = AtomicUsize::new(0);
        let dir = std::env::temp_dir().join(format!(
            "{PREFIX}{}-{}",
            std::process::id(),
            N.fetch_add(1, Ordering::Relaxed)
        ));
        let _ = std::fs::remove_dir_all(&dir);
        std::fs::create_dir_all(&dir).expect("the cluster's folder");
        if as_postgres {
            let ok = Command::new("chown")
                .arg("postgres:postgres")
                .arg(&dir)
                .status()
                .is_ok_and(|s| s.success());
            assert!(ok, "chown of {} to postgres", dir.display());
        }
        let mut initdb = tool(&bin, "initdb", as_postgres);
        initdb.arg("-D").arg(dir.join("data"));
        match &setup.password {
            Some(password) => {
                let file = dir.join("password");
                std::fs::write(&file, password).expect("the password file");
                initdb
                    .args(["-A", "scram-sha-256"])
                    .arg(format!("--pwfile={}", file.display()));
            }
            None => {
                initdb.args(["-A", "trust"]);
            }
        }
        let out = initdb
            .args(["-U", "postgres", "-E", "UTF8", "--locale=C", "-N"])
            .output()
            .expect("initdb runs");
        assert!(
            out.status.success(),
            "initdb failed: {}",
            String::from_utf8_lossy(&out.stderr)
        );
        if setup.tls {
            make_certificates(&dir.join("tls"), as_postgres);
        }
        if setup.client_certs {
            make_client_certificates(&dir.join("tls"));
            std::fs::write(
                dir.join("data/pg_hba.conf"),
                "local all all trust\nhostssl all all 127.0.0.1/32 cert\n\
                 hostnossl all all 127.0.0.1/32 trust\n",
            )
            .expect("pg_hba.conf");
        }
        let cluster = Cluster {
            port: free_port(),
            dir,
            bin,
            as_postgres,
            fsync,
            setup,
        };
        cluster.pg_ctl_start();
        Some(cluster)
    }

    fn pg_ctl_start(&self) {
        let mut options = format!(
            "-c listen_addresses=127.0.0.1 -p {} -c unix_socket_directories={} -c fsync={} \
             -c max_connections=100",
            self.port,
            self.dir.display(),
            if self.fsync { "on" } else { "off" }
        );
        if self.setup.tls {
            options.push_str(&format!(
                " -c ssl=on -c ssl_cert_file={} -c ssl_key_file={}",
                self.tls_file("server.crt").display(),
                self.tls_file("server.key").display()
            ));
            if self.setup.client_certs {
                options.push_str(&format!(
                    " -c ssl_ca_file={}",
                    self.tls_file("ca.crt").display()
                ));
            }
        }
        let out = tool(&self.bin, "pg_ctl", self.as_postgres)
            .arg("-D")
            .arg(self.dir.join("data"))
            .arg("-o")
            .arg(options)
            .arg("-l")
            .arg(self.dir.join("log"))
            .args(["-w", "-t", "60", "start"])
            .output()
            .expect("pg_ctl runs");
        assert!(
            out.status.success(),
            "pg_ctl start failed: {} {}",
            String::from_utf8_lossy(&out.stderr),
            std::fs::read_to_string(self.dir.join("log")).unwrap_or_default()
        );
    }

    /// Stops the server at once (as a crash would); [`Cluster::start_again`] brings it back.
    pub fn stop_now(&self) {
        stop(&self.bin, &self.dir, self.as_postgres);
    }

    /// Starts a stopped server again on the same port.
    pub fn start_again(&self) {
        self.pg_ctl_start();
    }

    /// Stops the server at once (as a crash would) and starts it again on the same port.
    pub fn restart(&self) {
        stop(&self.bin, &self.dir, self.as_postgres);
        self.pg_ctl_start();
    }

    /// The URL of database `db` as the superuser (with the password, when the cluster has
    /// one).
    pub fn url(&self, db: &str) -> String {
        match &self.setup.password {
            Some(p) => format!("postgres://postgres:{p}@127.0.0.1:{}/{db}", self.port),
            None => format!("postgres://postgres@127.0.0.1:{}/{db}", self.port),
        }
    }

    /// A file of the cluster's TLS set-up (`ca.crt`, `other-ca.crt`, `server.crt`).
    pub fn tls_file(&self, name: &str) -> PathBuf {
        self.dir.join("tls").join(name)
    }

    /// A new, empty database; its URL.
    pub fn fresh_db(&self) -> String {
        static N: AtomicUsize = AtomicUsize::new(0);
        let name = format!(
            "t{}_{}",
            std::process::id(),
            N.fetch_add(1, Ordering::Relaxed)
        );
        let mut admin = postgres::Client::connect(&self.url("postgres"), postgres::NoTls)
            .expect("the admin connection");
        admin
            .batch_execute(&format!("CREATE DATABASE {name}"))
            .expect("CREATE DATABASE");
        self.url(&name)
    }
}

impl Drop for Cluster {
    fn drop(&mut self) {
        stop(&self.bin, &self.dir, self.as_postgres);
        let _ = std::fs::remove_dir_all(&self.dir);
    }
}

/// The arguments of `openssl req` for a new P-256 key, unencrypted.
const EC_KEY: [&str; 5] = [
    "-newkey",
    "ec",
    "-pkeyopt",
    "ec_paramgen_curve:prime256v1",
    "-nodes",
];

/// Runs the `openssl` command in `dir`, panicking with its error output when it fails.
fn openssl(dir: &Path, args: &[&str]) {
    let out = Command::new("openssl")
        .args(args)
        .current_dir(dir)
        .output()
        .expect("the openssl command (TLS tests need it)");
    assert!(
        out.status.success(),
        "openssl {args:?}: {}",
        String::from_utf8_lossy(&out.stderr)
    );
}

/// Signs `NAME.csr` with the CA `CA.crt`/`CA.key` into `NAME.crt`, for three days, with the
/// extensions in `ext`.
fn sign(dir: &Path, name: &str, ca: &str, ext: &str) {
    let (csr, crt) = (format!("{name}.csr"), format!("{name}.crt"));
    let (ca_crt, ca_key) = (format!("{ca}.crt"), format!("{ca}.key"));
    openssl(
        dir,
        &[
            "x509",
            "-req",
            "-in",
            &csr,
            "-CA",
            &ca_crt,
            "-CAkey",
            &ca_key,
            "-CAcreateserial",
            "-out",
            &crt,
            "-days",
            "3",
            "-extfile",
            ext,
        ],
    );
}

/// Makes `path` readable by its owner only (servers and clients refuse keys others may read).
fn owner_only(path: &Path) {
    use std::os::unix::fs::PermissionsExt;
    std::fs::set_permissions(path, std::fs::Permissions::from_mode(0o600)).expect("chmod");
}

/// A CA, a server certificate for `localhost` it signs, and a second CA, made with the
/// `openssl` command in `dir`; the server's key is made the server's own (it refuses a key
/// others may read).
fn make_certificates(dir: &Path, as_postgres: bool) {
    std::fs::create_dir_all(dir).expect("the TLS folder");
    let openssl = |args: &[&str]| openssl(dir, args);
    let ec = EC_KEY;
    for ca in ["ca", "other-ca"] {
        let (key, crt, subject) = (
            format!("{ca}.key"),
            format!("{ca}.crt"),
            format!("/CN=akhbar test {ca}"),
        );
        let mut args = vec!["req", "-x509"];
        args.extend(ec);
        args.extend([
            "-keyout", &key, "-out", &crt, "-days", "3", "-subj", &subject,
        ]);
        args.extend(["-addext", "basicConstraints=critical,CA:TRUE"]);
        args.extend(["-addext", "keyUsage=critical,keyCertSign,cRLSign"]);
        openssl(&args);
    }
    let mut args = vec!["req"];
    args.extend(ec);
    args.extend([
        "-keyout",
        "server.key",
        "-out",
        "server.csr",
        "-subj",
        "/CN=localhost",
    ]);
    openssl(&args);
    std::fs::write(
        dir.join("server.ext"),
        "subjectAltName=DNS:localhost\nbasicConstraints=CA:FALSE\n\
         keyUsage=critical,digitalSignature\nextendedKeyUsage=serverAuth\n",
    )
    .expect("the extensions file");
    sign(dir, "server", "ca", "server.ext");
    let key = dir.join("server.key");
    owner_only(&key);
    if as_postgres {
        let ok = Command::new("chown")
            .arg("postgres:postgres")
            .arg(&key)
            .arg(dir.join("server.crt"))
            .status()
            .is_ok_and(|s| s.success());
        assert!(ok, "chown of the server's key to postgres");
    }
}

/// Client certificates for the user `postgres` in `dir` (beside [`make_certificates`]'s CAs):
/// `client.*` signed by `ca`, `stranger.*` by `other-ca`; the keys readable by their owner only.
fn make_client_certificates(dir: &Path) {
    let openssl = |args: &[&str]| openssl(dir, args);
    std::fs::write(
        dir.join("client.ext"),
        "basicConstraints=CA:FALSE\nkeyUsage=critical,digitalSignature\n\
         extendedKeyUsage=clientAuth\n",
    )
    .expect("the extensions file");
    for (name, ca) in [("client", "ca"), ("stranger", "other-ca")] {
        let (key, csr) = (format!("{name}.key"), format!("{name}.csr"));
        let mut args = vec!["req"];
        args.extend(EC_KEY);
        args.extend(["-keyout", &key, "-out", &csr, "-subj", "/CN=postgres"]);
        openssl(&args);
        sign(dir, name, ca, "client.ext");
        owner_only(&dir.join(&key));
    }
}

/// PgBouncer in front of a [`Cluster`], in transaction pooling mode (`pool_mode =
/// transaction`: a server connection is a client's for one transaction only), on 127.0.0.1
/// and a free port, with `auth_type = trust` for the cluster's superuser; run as the
/// `postgres` user when the tests run as root (it refuses root), stopped when dropped.
pub struct Bouncer {
    pub port: u16,
    dir: PathBuf,
}

/// The pgbouncer program: on PATH, else where Debian puts it.
fn bouncer_exe() -> Option<PathBuf> {
    let path = std::env::var_os("PATH").unwrap_or_default();
    std::env::split_paths(&path)
        .chain([PathBuf::from("/usr/sbin")])
        .map(|d| d.join("pgbouncer"))
        .find(|p| p.exists())
}

impl Bouncer {
    /// A pooler in front of `cluster`; `None` (after printing SKIPPED) when the machine has no
    /// pgbouncer, except under `CI=true`, where that panics.
    pub fn start(cluster: &Cluster, test: &str) -> Option<Bouncer> {
        let Some(exe) = bouncer_exe() else {
            if std::env::var("CI").is_ok_and(|v| v == "true") {
                panic!("{test}: no pgbouncer on this machine, and CI=true");
            }
            eprintln!("{test}: SKIPPED: no pgbouncer on this machine");
            return None;
        };
        static N: AtomicUsize = AtomicUsize::new(0);
        let dir = cluster
            .dir
            .join(format!("bouncer-{}", N.fetch_add(1, Ordering::Relaxed)));
        std::fs::create_dir_all(&dir).expect("the pooler's folder");
        let port = free_port();
        std::fs::write(dir.join("users.txt"), "\"postgres\" \"\"\n").expect("users.txt");
        let config = format!(
            "[databases]\n* = host=127.0.0.1 port={db_port}\n\n[pgbouncer]\n\
             listen_addr = 127.0.0.1\nlisten_port = {port}\nunix_socket_dir =\n\
             auth_type = trust\nauth_file = {dir}/users.txt\npool_mode = transaction\n\
             max_client_conn = 500\ndefault_pool_size = 8\n\
             logfile = {dir}/pgbouncer.log\npidfile = {dir}/pgbouncer.pid\n",
            db_port = cluster.port,
            dir = dir.display(),
        );
        std::fs::write(dir.join("pgbouncer.ini"), config).expect("pgbouncer.ini");
        let as_postgres = is_root();
        if as_postgres {
            let ok = Command::new("chown")
                .args(["-R", "postgres:postgres"])
                .arg(&dir)
                .status()
                .is_ok_and(|s| s.success());
            assert!(ok, "chown of {} to postgres", dir.display());
        }
        let mut command = if as_postgres {
            let mut c = Command::new("runuser");
            c.args(["-u", "postgres", "--"]).arg(&exe);
            c
        } else {
            Command::new(&exe)
        };
        let out = command
            .arg("-d")
            .arg(dir.join("pgbouncer.ini"))
            .output()
            .expect("pgbouncer runs");
        assert!(
            out.status.success(),
            "pgbouncer failed: {} {}",
            String::from_utf8_lossy(&out.stderr),
            std::fs::read_to_string(dir.join("pgbouncer.log")).unwrap_or_default()
        );
        let bouncer = Bouncer { port, dir };
        let started = std::time::Instant::now();
        while std::net::TcpStream::connect(("127.0.0.1", port)).is_err() {
            assert!(
                started.elapsed() < std::time::Duration::from_secs(20),
                "pgbouncer never listened: {}",
                std::fs::read_to_string(bouncer.dir.join("pgbouncer.log")).unwrap_or_default()
            );
            std::thread::sleep(std::time::Duration::from_millis(50));
        }
        Some(bouncer)
    }

    /// The URL of database `db` through the pooler.
    pub fn url(&self, db: &str) -> String {
        format!(
            "postgres://postgres@127.0.0.1:{}/{db}?sslmode=disable",
            self.port
        )
    }

    /// What PgBouncer logged.
    pub fn log(&self) -> String {
        std::fs::read_to_string(self.dir.join("pgbouncer.log")).unwrap_or_default()
    }
}

impl Drop for Bouncer {
    fn drop(&mut self) {
        stop_bouncer(&self.dir);
    }
}

/// Stops the pooler whose pid file is in `dir`, if it runs.
fn stop_bouncer(dir: &Path) {
    let pid = std::fs::read_to_string(dir.join("pgbouncer.pid"))
        .ok()
        .and_then(|p| p.trim().parse::<i32>().ok());
    if let Some(pid) = pid.filter(|&p| p > 1) {
        // SAFETY: a signal to the pooler this helper started (its own pid file).
        unsafe { libc::kill(pid, libc::SIGTERM) };
    }
}
