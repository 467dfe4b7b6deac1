use std::time::Instant;
fn cpu() -> f64 { let mut t = libc::timespec { tv_sec: 0, tv_nsec: 0 }; unsafe { libc::clock_gettime(libc::CLOCK_THREAD_CPUTIME_ID, &mut t) }; t.tv_sec as f64 + t.tv_nsec as f64 * 1e-9 }
fn main() {
    let path = std::path::PathBuf::from(std::env::args().nth(1).unwrap());
    let t = Instant::now(); let c = cpu();
    let mut all = Vec::new();
    let f = std::fs::File::open(&path).unwrap();
    akhbar::ingest::jsonl::stream(f, &path, &mut |a, _| all.extend(a)).unwrap();
    println!("parse: {:?} cpu {:.3} ({})", t.elapsed(), cpu() - c, all.len());
    let t = Instant::now(); let c = cpu();
    let mut x = 0u8;
    for a in &all {
        x ^= akhbar::store::content_hash_for_bench(a)[0];
    }
    println!("hash: {:?} cpu {:.3} {x}", t.elapsed());
    let t = Instant::now(); let c = cpu();
    let mut n = 0;
    for a in &all {
        n += serde_json::to_string(&a.paragraphs).unwrap().len();
    }
    println!("json: {:?} cpu {:.3} {n}", t.elapsed());
    let _ = std::fs::remove_file("/tmp/sb/scratch.db");
    let mut store =
        akhbar::store::Store::open(&akhbar::store::Location::File("/tmp/sb/scratch.db".into()))
            .unwrap()
            .store;
    let t = Instant::now(); let c = cpu();
    for chunk in all.chunks(2048) {
        store.import(chunk).unwrap();
    }
    println!("insert: {:?} cpu {:.3}", t.elapsed(), cpu() - c);
}
