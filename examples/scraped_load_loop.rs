//! Loads the embedded seeds or the development pages in a loop, for a profiler:
//! `scraped_load_loop [seeds|dev|alone] [N]` (`alone`: each page by itself, no recurrences).
fn main() {
    let dev = std::path::PathBuf::from("tests/fixtures/scraped/dev");
    let mode = std::env::args().nth(1).unwrap_or_else(|| "dev".into());
    let n: usize = std::env::args()
        .nth(2)
        .and_then(|a| a.parse().ok())
        .unwrap_or(100);
    let files: Vec<_> = std::fs::read_dir(&dev)
        .map(|rd| {
            rd.filter_map(|e| e.ok().map(|e| e.path()))
                .filter(|p| p.extension().is_some_and(|e| e == "txt"))
                .collect()
        })
        .unwrap_or_default();
    let t = std::time::Instant::now();
    let mut count = 0;
    for _ in 0..n {
        count += match mode.as_str() {
            "seeds" => akhbar::ingest::load_embedded().articles.len(),
            "alone" => files
                .iter()
                .filter_map(|f| akhbar::ingest::load_file(f).ok())
                .map(|(a, _)| a.len())
                .sum(),
            _ => akhbar::ingest::load_paths(std::slice::from_ref(&dev))
                .map(|l| l.articles.len())
                .unwrap_or(0),
        };
    }
    let s = t.elapsed().as_secs_f64();
    println!(
        "{mode}: {count} articles in {s:.2} s: {:.0}/s",
        count as f64 / s
    );
}
