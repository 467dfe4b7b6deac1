//! Tokenizes the embedded seed articles' bodies for the full-text index in a loop, for a
//! profiler (`valgrind --tool=callgrind`): `index_text_loop [N]`.
fn main() {
    let n: usize = std::env::args()
        .nth(1)
        .and_then(|a| a.parse().ok())
        .unwrap_or(200);
    let bodies: Vec<String> = akhbar::ingest::load_embedded()
        .articles
        .iter()
        .map(|a| {
            let paras: Vec<&str> = a.paragraphs.iter().map(|p| p.text.as_str()).collect();
            paras.join("\n")
        })
        .collect();
    let (mut out, mut scratch) = (String::new(), String::new());
    let input: usize = bodies.iter().map(String::len).sum::<usize>() * n;
    let t = std::time::Instant::now();
    let mut bytes = 0;
    for _ in 0..n {
        for b in &bodies {
            out.clear();
            akhbar::text::tokens::index_text(b, &mut out, &mut scratch);
            bytes += out.len();
        }
    }
    let secs = t.elapsed().as_secs_f64();
    // Counts, nothing from the text.
    println!(
        "{input} bytes of text in {secs:.3} s ({:.1} MB/s), {bytes} bytes of tokens",
        input as f64 / secs / 1e6
    );
}
