//! Both store backends side by side in one run: import of a gen-corpus JSON Lines file
//! (`akhbar import`'s path, `import_jsonl`), the dashboard's first page (counts and the first
//! 48 rows of the unread view) and a triage key to committed (`apply` of a star), with the CPU
//! seconds the import took in this process and in the server (every process of the cluster), on SQLite
//! and on a throwaway PostgreSQL cluster on 127.0.0.1 (tests/pg_common) whose commits are
//! synced to disk (`fsync=on`, the server's default), as SQLite's are (`synchronous=FULL`).
//!
//! `cargo run --release --example pg_import -- [ARTICLES] [RUNS] [BACKENDS]` (default 100000,
//! 3 and `both`; or `sqlite`, `postgres`, `postgres-not-empty`: the import into a store that
//! holds one article already, which goes batch by batch; `all`: the three); the corpus is made once with
//! ../shared/bench/gen-corpus (`--seed 11`) under target/. Prints each run and the medians.
//!
//! `cargo run --release --example pg_import -- parse [ARTICLES]`: the part both backends
//! share, alone: the corpus read and parsed into articles (`ingest::jsonl::stream`, what
//! `import_jsonl` runs), stored nowhere.
//!
//! `cargo run --release --example pg_import -- soak PROCESSES SECONDS` (default 20 and 60):
//! that many processes (this program again), each its own user, star and unstar articles
//! and tag them, one committed change at a time, on one database for that long; then every
//! user's starred set and every tag count is checked against what each process says it did.

#[path = "../tests/pg_common/mod.rs"]
mod pg_common;

use akhbar::store::{Change, Location, Op, Store, View};
use std::path::{Path, PathBuf};
use std::time::{Duration, Instant};

fn corpus(n: usize) -> PathBuf {
    let tool = Path::new(env!("CARGO_MANIFEST_DIR")).join("../shared/bench/gen-corpus");
    let dir = Path::new(env!("CARGO_MANIFEST_DIR")).join("target/pg-bench");
    std::fs::create_dir_all(&dir).unwrap();
    let out = dir.join(format!("corpus-{n}-s11.jsonl"));
    if !out.exists() {
        let ok = std::process::Command::new("python3")
            .arg(&tool)
            .args(["-n", &n.to_string(), "--seed", "11", "-o"])
            .arg(&out)
            .status()
            .expect("gen-corpus runs")
            .success();
        assert!(ok, "gen-corpus failed");
    }
    out
}

fn median(mut v: Vec<Duration>) -> Duration {
    v.sort();
    v[v.len() / 2]
}

struct Run {
    import: Duration,
    /// CPU seconds of the import: this process's, and the server's (every process of the
    /// cluster, those gone included).
    cpu: (f64, f64),
    first_page: Duration,
    triage: Duration,
}

/// User and system seconds of `pid` from /proc: its own, plus its children's that have
/// ended and been waited for.
fn cpu_of(pid: &str, with_children: bool) -> f64 {
    let Ok(stat) = std::fs::read_to_string(format!("/proc/{pid}/stat")) else {
        return 0.0;
    };
    // The fields after the command name in parentheses, which may hold spaces.
    let rest = stat.rsplit_once(')').map_or("", |(_, r)| r);
    let f: Vec<f64> = rest
        .split_whitespace()
        .map(|x| x.parse().unwrap_or(0.0))
        .collect();
    // utime, stime, cutime, cstime are fields 14 to 17 (11 to 14 here), in 1/100 s.
    let own = f[11] + f[12];
    let children = if with_children { f[13] + f[14] } else { 0.0 };
    (own + children) / 100.0
}

/// CPU seconds used by the server at `dir` so far: the postmaster, its children that ended
/// (each connection's backend), and those alive (background workers, open connections).
fn server_cpu(dir: &Path) -> f64 {
    let Ok(pid) = std::fs::read_to_string(dir.join("data/postmaster.pid")) else {
        return 0.0;
    };
    let pid = pid.lines().next().unwrap_or("").trim().to_string();
    let mut total = cpu_of(&pid, true);
    for entry in std::fs::read_dir("/proc").into_iter().flatten().flatten() {
        let name = entry.file_name().to_string_lossy().to_string();
        if !name.bytes().all(|b| b.is_ascii_digit()) {
            continue;
        }
        let stat = std::fs::read_to_string(entry.path().join("stat")).unwrap_or_default();
        let ppid = stat
            .rsplit_once(')')
            .and_then(|(_, r)| r.split_whitespace().nth(1))
            .unwrap_or("");
        if ppid == pid {
            total += cpu_of(&name, false);
        }
    }
    total
}

/// One article that is not in the corpus, stored before it so that the store is not empty.
fn lone_article() -> akhbar::model::Article {
    akhbar::model::Article {
        id: akhbar::model::ArticleId("lone".into()),
        title: "An article stored before the corpus".into(),
        source: Some("bench".into()),
        author: None,
        date: chrono::NaiveDate::from_ymd_opt(1990, 1, 1),
        url: None,
        lang: akhbar::model::Lang::En,
        dir: akhbar::model::Direction::Ltr,
        dir_override: None,
        paragraphs: Vec::new(),
        origin: akhbar::model::Origin::File("/bench/lone.txt".into()),
        enclosures: Vec::new(),
    }
}

/// `not_empty`: one article is stored first, so the import goes batch by batch, each its own
/// transaction (an import into an empty PostgreSQL store is one transaction).
fn measure(
    loc: &Location,
    path: &Path,
    articles: usize,
    server: Option<&Path>,
    not_empty: bool,
) -> Run {
    let mut store = Store::open_as(loc, "bench").unwrap().store;
    if not_empty {
        store.import(&[lone_article()]).unwrap();
    }
    let (client0, server0) = (cpu_of("self", false), server.map_or(0.0, server_cpu));
    let started = Instant::now();
    let stats = store.import_jsonl(path, &mut |_, _| {}).unwrap();
    let import = started.elapsed();
    assert_eq!(stats.added, articles, "every article imported once");
    let cpu = (
        cpu_of("self", false) - client0,
        server.map_or(0.0, server_cpu) - server0,
    );
    // A new handle, as a dashboard starting on the store.
    let started = Instant::now();
    let store2 = Store::open_as(loc, "bench").unwrap().store;
    let counts = store2.counts().unwrap();
    let page = store2.rows(View::Unread, None, 48).unwrap();
    let first_page = started.elapsed();
    assert_eq!(counts.all, articles + usize::from(not_empty));
    assert_eq!(page.len(), 48);
    // 200 triage keys, each committed before the next.
    let mut keys = Vec::new();
    for (i, row) in page.iter().cycle().take(200).enumerate() {
        let started = Instant::now();
        store
            .apply(&Change::new(vec![row.id], Op::Star(i % 96 < 48)))
            .unwrap();
        keys.push(started.elapsed());
    }
    Run {
        import,
        cpu,
        first_page,
        triage: median(keys),
    }
}

/// One soak process: toggles stars on the first 500 articles in a pseudo-random order and tags
/// every 10th change, then prints its starred ids and tag count.
fn soak_child(url: &str, user: &str, seconds: u64) {
    let mut store = Store::open_as(&Location::parse(url), user).unwrap().store;
    let ids: Vec<i64> = store
        .rows(View::All, None, 500)
        .unwrap()
        .iter()
        .map(|r| r.id)
        .collect();
    let mut starred = std::collections::BTreeSet::new();
    let mut tagged = std::collections::BTreeSet::new();
    let mut keys = Vec::new();
    let mut x: u64 = user.bytes().fold(1469598103934665603, |h, b| {
        (h ^ u64::from(b)).wrapping_mul(1099511628211)
    });
    let end = Instant::now() + Duration::from_secs(seconds);
    let mut n = 0u64;
    while Instant::now() < end {
        x ^= x << 13;
        x ^= x >> 7;
        x ^= x << 17;
        let id = ids[(x % ids.len() as u64) as usize];
        let on = !starred.contains(&id);
        let started = Instant::now();
        store.apply(&Change::new(vec![id], Op::Star(on))).unwrap();
        keys.push(started.elapsed());
        if on {
            starred.insert(id);
        } else {
            starred.remove(&id);
        }
        n += 1;
        if n % 10 == 0 {
            store
                .apply(&Change::new(vec![id], Op::AddTag(format!("soak-{user}"))))
                .unwrap();
            tagged.insert(id);
        }
    }
    let starred: Vec<String> = starred.iter().map(i64::to_string).collect();
    println!(
        "{} {} {} {}",
        n,
        tagged.len(),
        median(keys).as_micros(),
        starred.join(",")
    );
}

fn soak(processes: usize, seconds: u64) {
    let cluster = pg_common::Cluster::start_durable().expect("a PostgreSQL server");
    let url = cluster.fresh_db();
    let mut store = Store::open_as(&Location::parse(&url), "setup")
        .unwrap()
        .store;
    let articles: Vec<akhbar::model::Article> = (0..500)
        .map(|n| akhbar::model::Article {
            id: akhbar::model::ArticleId(format!("soak{n}")),
            title: format!("Soak article {n}"),
            source: Some("soak".into()),
            author: None,
            date: chrono::NaiveDate::from_ymd_opt(2024, 1, 1),
            url: None,
            lang: akhbar::model::Lang::En,
            dir: akhbar::model::Direction::Ltr,
            dir_override: None,
            paragraphs: Vec::new(),
            origin: akhbar::model::Origin::File(format!("/soak/{n}.txt")),
            enclosures: Vec::new(),
        })
        .collect();
    store.import(&articles).unwrap();
    let exe = std::env::current_exe().unwrap();
    let children: Vec<_> = (0..processes)
        .map(|p| {
            std::process::Command::new(&exe)
                .args(["soak-child", &url, &format!("u{p}"), &seconds.to_string()])
                .stdout(std::process::Stdio::piped())
                .spawn()
                .unwrap()
        })
        .collect();
    let mut total = 0u64;
    let mut medians = Vec::new();
    let mut lost = 0usize;
    for (p, child) in children.into_iter().enumerate() {
        let out = child.wait_with_output().unwrap();
        assert!(out.status.success());
        let line = String::from_utf8(out.stdout).unwrap();
        let mut parts = line.trim().splitn(4, ' ');
        let n: u64 = parts.next().unwrap().parse().unwrap();
        let tags: usize = parts.next().unwrap().parse().unwrap();
        medians.push(Duration::from_micros(
            parts.next().unwrap().parse().unwrap(),
        ));
        let said: Vec<i64> = parts
            .next()
            .unwrap_or("")
            .split(',')
            .filter(|s| !s.is_empty())
            .map(|s| s.parse().unwrap())
            .collect();
        total += n;
        let user = format!("u{p}");
        let handle = Store::open_as(&Location::parse(&url), &user).unwrap().store;
        let mut stored: Vec<i64> = handle
            .rows(View::Starred, None, 10_000)
            .unwrap()
            .iter()
            .map(|r| r.id)
            .collect();
        stored.sort();
        let stored_tags = handle
            .tags()
            .unwrap()
            .into_iter()
            .find(|(t, _)| *t == format!("soak-{user}"))
            .map_or(0, |(_, c)| c);
        if stored != said || stored_tags != tags {
            lost += 1;
            println!(
                "{user}: said {} starred, {tags} tagged; stored {} and {stored_tags}",
                said.len(),
                stored.len()
            );
        }
    }
    println!(
        "soak: {processes} processes for {seconds} s: {total} star changes committed ({:.0}/s), \
         median of the processes' median key {:.2} ms, users with a lost mark: {lost}",
        total as f64 / seconds as f64,
        median(medians).as_secs_f64() * 1e3
    );
    drop(cluster);
}

/// The corpus parsed and dropped: the floor under both backends' import.
fn parse_only(n: usize) {
    let path = corpus(n);
    let file = std::fs::File::open(&path).unwrap();
    let started = Instant::now();
    let mut count = 0usize;
    akhbar::ingest::jsonl::stream(file, &path, &mut |articles, _| count += articles.len()).unwrap();
    let took = started.elapsed();
    assert_eq!(count, n);
    println!(
        "parse only: {n} articles in {:.2} s ({:.0}/s)",
        took.as_secs_f64(),
        n as f64 / took.as_secs_f64()
    );
}

fn main() {
    let all: Vec<String> = std::env::args().skip(1).collect();
    match all.first().map(String::as_str) {
        Some("soak-child") => return soak_child(&all[1], &all[2], all[3].parse().unwrap()),
        Some("soak") => {
            let procs = all.get(1).and_then(|a| a.parse().ok()).unwrap_or(20);
            let secs = all.get(2).and_then(|a| a.parse().ok()).unwrap_or(60);
            return soak(procs, secs);
        }
        _ => {}
    }
    if all.first().map(String::as_str) == Some("parse") {
        let n: usize = all.get(1).and_then(|a| a.parse().ok()).unwrap_or(100_000);
        return parse_only(n);
    }
    let mut args = std::env::args().skip(1);
    let n: usize = args.next().and_then(|a| a.parse().ok()).unwrap_or(100_000);
    let runs: usize = args.next().and_then(|a| a.parse().ok()).unwrap_or(3);
    let backends = args.next().unwrap_or_else(|| "both".into());
    let path = corpus(n);
    let cluster =
        pg_common::Cluster::start_durable().expect("a PostgreSQL server (initdb) on this machine");
    let tmp = tempfile::tempdir().unwrap();
    let mut results: Vec<(&str, Vec<Run>)> = vec![
        ("sqlite", Vec::new()),
        ("postgres", Vec::new()),
        ("postgres-not-empty", Vec::new()),
    ];
    results.retain(|(name, _)| match backends.as_str() {
        "both" => *name != "postgres-not-empty",
        "all" => true,
        b => b == *name,
    });
    for run in 0..runs {
        for (name, done) in &mut results {
            let (loc, server) = if *name == "sqlite" {
                (
                    Location::File(tmp.path().join(format!("run{run}.db"))),
                    None,
                )
            } else {
                (
                    Location::parse(cluster.fresh_db()),
                    Some(cluster.dir.as_path()),
                )
            };
            let r = measure(&loc, &path, n, server, *name == "postgres-not-empty");
            println!(
                "run {run} {name}: import {:.2} s ({:.0}/s; CPU s: importer {:.2}, server {:.2}), first page {:.1} ms, triage key median {:.2} ms",
                r.import.as_secs_f64(),
                n as f64 / r.import.as_secs_f64(),
                r.cpu.0,
                r.cpu.1,
                r.first_page.as_secs_f64() * 1e3,
                r.triage.as_secs_f64() * 1e3
            );
            done.push(r);
        }
    }
    for (name, done) in results {
        let import = median(done.iter().map(|r| r.import).collect());
        let page = median(done.iter().map(|r| r.first_page).collect());
        let triage = median(done.iter().map(|r| r.triage).collect());
        println!(
            "median {name}: import {:.2} s ({:.0}/s), first page {:.1} ms, triage key {:.2} ms",
            import.as_secs_f64(),
            n as f64 / import.as_secs_f64(),
            page.as_secs_f64() * 1e3,
            triage.as_secs_f64() * 1e3
        );
    }
    drop(cluster);
}
