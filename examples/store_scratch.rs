use std::time::Instant;
fn main() {
    let path = std::path::PathBuf::from(std::env::args().nth(1).unwrap());
    let t = Instant::now();
    let mut all = Vec::new();
    let f = std::fs::File::open(&path).unwrap();
    akhbar::ingest::jsonl::stream(f, &path, &mut |a, _| all.extend(a)).unwrap();
    println!("parse: {:?} ({})", t.elapsed(), all.len());
    let t = Instant::now();
    let mut x = 0u8;
    for a in &all {
        x ^= akhbar::store::content_hash_for_bench(a)[0];
    }
    println!("hash: {:?} {x}", t.elapsed());
    let t = Instant::now();
    let mut n = 0;
    for a in &all {
        n += serde_json::to_string(&a.paragraphs).unwrap().len();
    }
    println!("json: {:?} {n}", t.elapsed());
    let _ = std::fs::remove_file("/tmp/sb/scratch.db");
    let mut store =
        akhbar::store::Store::open(&akhbar::store::Location::File("/tmp/sb/scratch.db".into()))
            .unwrap()
            .store;
    let t = Instant::now();
    for chunk in all.chunks(2048) {
        store.import(chunk).unwrap();
    }
    println!("insert: {:?}", t.elapsed());
}
