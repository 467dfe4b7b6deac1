//! Reaching a team database as a real one is set up: over TLS, in each of libpq's `sslmode`s,
//! against a throwaway cluster started with `ssl=on` and a certificate made for it
//! (tests/pg_common, with the `openssl` command); and with a password checked by the server
//! (scram-sha-256), bound to the TLS session (SCRAM-SHA-256-PLUS); and with a client
//! certificate where the server logs in by certificate. A refused certificate or password is
//! one line on stderr and exit code 2, and the password is never printed.

mod pg_common;

use akhbar::store::{Location, Store};
use pg_common::{Cluster, Setup};
use std::path::Path;
use std::process::{Command, Output};

const BIN: &str = env!("CARGO_BIN_EXE_akhbar");

fn akhbar(url: &str, args: &[&str], home: &Path, password: Option<&str>) -> Output {
    let mut c = Command::new(BIN);
    c.args(["--store", url])
        .args(args)
        .env("HOME", home)
        .env("XDG_CONFIG_HOME", home.join("config"))
        .env("XDG_DATA_HOME", home.join("data"))
        .env("AKHBAR_USER", "amina")
        .env_remove("PGPASSWORD")
        .env_remove("PGSSLMODE")
        .env_remove("PGSSLROOTCERT")
        .env_remove("PGSSLCERT")
        .env_remove("PGSSLKEY")
        .env_remove("PGSSLCERTMODE");
    if let Some(p) = password {
        c.env("PGPASSWORD", p);
    }
    c.output().expect("akhbar runs")
}

/// Whether the server sees akhbar's session on `db` encrypted: from its own statistics.
fn encrypted(cluster: &Cluster, db: &str) -> bool {
    let mut admin = postgres::Client::connect(&cluster.url("postgres"), postgres::NoTls).unwrap();
    admin
        .query_one(
            "SELECT coalesce(bool_and(s.ssl), false) FROM pg_stat_activity a \
             JOIN pg_stat_ssl s ON s.pid = a.pid \
             WHERE a.datname = $1 AND a.application_name = 'akhbar'",
            &[&db],
        )
        .unwrap()
        .get(0)
}

fn one_refusal(out: &Output, what: &str) -> String {
    let err = String::from_utf8_lossy(&out.stderr).to_string();
    assert_eq!(out.status.code(), Some(2), "{what}: {err}");
    assert_eq!(err.trim_end().lines().count(), 1, "{what}: {err}");
    eprintln!("{what}: {}", err.trim_end());
    err
}

#[test]
fn sslmodes_mean_what_they_mean_to_libpq() {
    if !pg_common::available("tls") {
        return;
    }
    let cluster = Cluster::start_setup(Setup {
        tls: true,
        ..Setup::default()
    })
    .expect("a cluster with TLS");
    let url = cluster.fresh_db();
    let db = url.rsplit('/').next().unwrap().to_string();
    let home = tempfile::tempdir().unwrap();
    let ca = cluster.tls_file("ca.crt").display().to_string();
    let other = cluster.tls_file("other-ca.crt").display().to_string();
    let at = |host: &str, query: &str| {
        format!("postgres://postgres@{host}:{}/{db}?{query}", cluster.port)
    };

    // require encrypts without checking the certificate (it was signed by no root we have).
    let store = Store::open_as(
        &Location::parse(at("127.0.0.1", "sslmode=require")),
        "amina",
    )
    .expect("require connects")
    .store;
    assert!(encrypted(&cluster, &db), "sslmode=require talks TLS");
    drop(store);
    // disable talks plain to the same server.
    let store = Store::open_as(
        &Location::parse(at("127.0.0.1", "sslmode=disable")),
        "amina",
    )
    .expect("disable connects")
    .store;
    assert!(!encrypted(&cluster, &db), "sslmode=disable talks plain");
    drop(store);

    // verify-full with the right root, by the name on the certificate: connects.
    let good = at(
        "localhost",
        &format!("sslmode=verify-full&sslrootcert={ca}"),
    );
    let out = akhbar(&good, &["list"], home.path(), None);
    assert!(out.status.success(), "{out:?}");
    assert_eq!(
        String::from_utf8_lossy(&out.stdout).lines().count(),
        10,
        "the seeds"
    );
    // verify-ca checks the chain only: an address the certificate does not name connects.
    let out = akhbar(
        &at("127.0.0.1", &format!("sslmode=verify-ca&sslrootcert={ca}")),
        &["list"],
        home.path(),
        None,
    );
    assert!(out.status.success(), "{out:?}");
    // verify-full checks the name too: refused at that address.
    let out = akhbar(
        &at(
            "127.0.0.1",
            &format!("sslmode=verify-full&sslrootcert={ca}"),
        ),
        &["list"],
        home.path(),
        None,
    );
    let err = one_refusal(&out, "verify-full, a name the certificate lacks");
    assert!(err.contains("TLS"), "{err}");
    // verify-full with a root that signed nothing of the server's: refused.
    let out = akhbar(
        &at(
            "localhost",
            &format!("sslmode=verify-full&sslrootcert={other}"),
        ),
        &["list"],
        home.path(),
        None,
    );
    let err = one_refusal(&out, "verify-full, the wrong root");
    assert!(err.contains("TLS") && err.contains("certificate"), "{err}");
    // verify-full with no root anywhere: says what it needs.
    let out = akhbar(
        &at("localhost", "sslmode=verify-full"),
        &["list"],
        home.path(),
        None,
    );
    let err = one_refusal(&out, "verify-full, no root");
    assert!(err.contains("sslrootcert"), "{err}");
    // require with ~/.postgresql/root.crt present checks the chain, as libpq does.
    std::fs::create_dir_all(home.path().join(".postgresql")).unwrap();
    std::fs::copy(
        cluster.tls_file("other-ca.crt"),
        home.path().join(".postgresql/root.crt"),
    )
    .unwrap();
    let out = akhbar(
        &at("127.0.0.1", "sslmode=require"),
        &["list"],
        home.path(),
        None,
    );
    one_refusal(
        &out,
        "require with a root.crt that did not sign the server's",
    );
}

#[test]
fn a_refused_password_is_one_line_and_never_shown() {
    if !pg_common::available("password") {
        return;
    }
    let cluster = Cluster::start_setup(Setup {
        password: Some("right-horse-battery".into()),
        ..Setup::default()
    })
    .expect("a cluster with passwords");
    let url = cluster.fresh_db();
    let db = url.rsplit('/').next().unwrap().to_string();
    let home = tempfile::tempdir().unwrap();
    let wrong = format!(
        "postgres://postgres:wrong-staple@127.0.0.1:{}/{db}",
        cluster.port
    );
    let out = akhbar(&wrong, &["list"], home.path(), None);
    let err = one_refusal(&out, "a wrong password");
    assert!(err.contains("refused the login"), "{err}");
    assert!(!err.contains("wrong-staple"), "{err}");
    // No password at all: the server asks for one; one line too.
    let bare = format!("postgres://postgres@127.0.0.1:{}/{db}", cluster.port);
    let out = akhbar(&bare, &["list"], home.path(), None);
    one_refusal(&out, "no password");
    // The wrong one from PGPASSWORD: the same, and not shown either.
    let out = akhbar(&bare, &["list"], home.path(), Some("also-wrong"));
    let err = one_refusal(&out, "a wrong PGPASSWORD");
    assert!(!err.contains("also-wrong"), "{err}");
    // The right one from PGPASSWORD, then from ~/.pgpass.
    let out = akhbar(&bare, &["list"], home.path(), Some("right-horse-battery"));
    assert!(out.status.success(), "{out:?}");
    let pgpass = home.path().join(".pgpass");
    std::fs::write(
        &pgpass,
        format!(
            "127.0.0.1:{}:*:postgres:right-horse-battery\n",
            cluster.port
        ),
    )
    .unwrap();
    use std::os::unix::fs::PermissionsExt;
    std::fs::set_permissions(&pgpass, std::fs::Permissions::from_mode(0o600)).unwrap();
    let out = akhbar(&bare, &["list"], home.path(), None);
    assert!(out.status.success(), "{out:?}");
    assert_eq!(String::from_utf8_lossy(&out.stdout).lines().count(), 10);
}

#[test]
fn scram_binds_the_login_to_the_tls_session() {
    if !pg_common::available("channel binding") {
        return;
    }
    let cluster = Cluster::start_setup(Setup {
        password: Some("bound-kettle-lamp".into()),
        tls: true,
        ..Setup::default()
    })
    .expect("a cluster with passwords and TLS");
    let url = cluster.fresh_db();
    let db = url.rsplit('/').next().unwrap().to_string();
    let home = tempfile::tempdir().unwrap();
    let at = |query: &str| {
        format!(
            "postgres://postgres@127.0.0.1:{}/{db}?{query}",
            cluster.port
        )
    };
    // The binding akhbar computes is the certificate's SHA-256 (its signature is
    // ecdsa-with-SHA256), the same as openssl's.
    let der = Command::new("openssl")
        .args(["x509", "-outform", "DER", "-in"])
        .arg(cluster.tls_file("server.crt"))
        .output()
        .unwrap()
        .stdout;
    let digest = Command::new("sh")
        .arg("-c")
        .arg(format!(
            "openssl x509 -outform DER -in '{}' | openssl dgst -sha256 -binary",
            cluster.tls_file("server.crt").display()
        ))
        .output()
        .unwrap()
        .stdout;
    assert_eq!(digest.len(), 32);
    assert_eq!(
        akhbar::net::postgres_tls::server_end_point(&der),
        Some(digest)
    );
    // channel_binding=require logs in only with SCRAM-SHA-256-PLUS, which the server checks
    // against its own certificate: a wrong binding would be refused.
    let out = akhbar(
        &at("sslmode=require&channel_binding=require"),
        &["list"],
        home.path(),
        Some("bound-kettle-lamp"),
    );
    assert!(out.status.success(), "{out:?}");
    assert_eq!(String::from_utf8_lossy(&out.stdout).lines().count(), 10);
    // The default (prefer) binds too whenever TLS is on; it still logs in.
    let out = akhbar(
        &at("sslmode=require"),
        &["list"],
        home.path(),
        Some("bound-kettle-lamp"),
    );
    assert!(out.status.success(), "{out:?}");
    // Without TLS there is nothing to bind to: require refuses, in one line.
    let out = akhbar(
        &at("sslmode=disable&channel_binding=require"),
        &["list"],
        home.path(),
        Some("bound-kettle-lamp"),
    );
    let err = one_refusal(&out, "channel_binding=require without TLS");
    assert!(!err.contains("bound-kettle-lamp"), "{err}");
    // disable never binds, and logs in with plain SCRAM over the same TLS.
    let out = akhbar(
        &at("sslmode=require&channel_binding=disable"),
        &["list"],
        home.path(),
        Some("bound-kettle-lamp"),
    );
    assert!(out.status.success(), "{out:?}");
}

#[test]
fn a_client_certificate_logs_in_where_the_server_asks_for_one() {
    if !pg_common::available("client certificates") {
        return;
    }
    let cluster = Cluster::start_setup(Setup {
        tls: true,
        client_certs: true,
        ..Setup::default()
    })
    .expect("a cluster with client certificates");
    let url = cluster.fresh_db();
    let db = url.rsplit('/').next().unwrap().to_string();
    let home = tempfile::tempdir().unwrap();
    let file = |name: &str| cluster.tls_file(name).display().to_string();
    let at = |query: &str| {
        format!(
            "postgres://postgres@localhost:{}/{db}?sslmode=verify-full&sslrootcert={}{query}",
            cluster.port,
            file("ca.crt")
        )
    };
    // The certificate and key in the URL: logged in by certificate.
    let good = at(&format!(
        "&sslcert={}&sslkey={}",
        file("client.crt"),
        file("client.key")
    ));
    let out = akhbar(&good, &["list"], home.path(), None);
    assert!(out.status.success(), "{out:?}");
    assert_eq!(String::from_utf8_lossy(&out.stdout).lines().count(), 10);
    // No certificate: the server refuses, in one line.
    let out = akhbar(&at(""), &["list"], home.path(), None);
    let err = one_refusal(&out, "no client certificate");
    assert!(err.contains("certificate"), "{err}");
    // A certificate from a CA the server does not trust: refused.
    let stranger = at(&format!(
        "&sslcert={}&sslkey={}",
        file("stranger.crt"),
        file("stranger.key")
    ));
    one_refusal(
        &akhbar(&stranger, &["list"], home.path(), None),
        "a stranger's certificate",
    );
    // libpq's own files in ~/.postgresql/ are found without a word in the URL.
    let dot = home.path().join(".postgresql");
    std::fs::create_dir_all(&dot).unwrap();
    std::fs::copy(cluster.tls_file("client.crt"), dot.join("postgresql.crt")).unwrap();
    std::fs::copy(cluster.tls_file("client.key"), dot.join("postgresql.key")).unwrap();
    use std::os::unix::fs::PermissionsExt;
    let private = std::fs::Permissions::from_mode(0o600);
    std::fs::set_permissions(dot.join("postgresql.key"), private).unwrap();
    let out = akhbar(&at(""), &["list"], home.path(), None);
    assert!(out.status.success(), "{out:?}");
    // sslcertmode=disable sends none even so.
    let out = akhbar(&at("&sslcertmode=disable"), &["list"], home.path(), None);
    one_refusal(&out, "sslcertmode=disable");
    // A key others may read is refused before connecting, as libpq refuses it.
    let open = std::fs::Permissions::from_mode(0o644);
    std::fs::set_permissions(dot.join("postgresql.key"), open).unwrap();
    let out = akhbar(&at(""), &["list"], home.path(), None);
    let err = one_refusal(&out, "a key others may read");
    assert!(err.contains("chmod 0600"), "{err}");
}
