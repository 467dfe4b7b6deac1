//! `akhbar facts` and `akhbar render` on hostile inputs of 16 MiB (the largest file either
//! reads), as time per MiB of input: one word repeated, one 16 MiB line, Arabic letters
//! without a space, millions of one-letter paragraphs, 100k `xmlns` declarations, a million
//! nested elements, and random letters, digits and punctuation that pass binary detection.
//! The target (issue 16) is the whole 16 MiB within 2 s; facts read at most
//! `facts::lines::MAX_TEXT_BYTES` of it, so their time per MiB falls as the input grows.
//!
//! `cargo bench --bench bounds`; `AKHBAR_BOUNDS_MIB=N` for another input size.

use akhbar::facts::text_facts_bounded;
use akhbar::ingest::article_from_bytes;
use akhbar::model::Origin;
use akhbar::text::{write_text, Base, LayoutOptions};
use criterion::{black_box, criterion_group, criterion_main, Criterion, Throughput};
use std::path::Path;

/// The hostile inputs, each `size` bytes (cut at a char boundary).
fn inputs(size: usize) -> Vec<(&'static str, String)> {
    let fill = |unit: &str| {
        let mut s = unit.repeat(size / unit.len() + 1);
        let mut end = size.min(s.len());
        while !s.is_char_boundary(end) {
            end -= 1;
        }
        s.truncate(end);
        s
    };
    let decls: String = (0..100_000)
        .map(|i| format!(" xmlns:a{i}=\"http://example.org/ns/{i}\""))
        .collect();
    let mut x = 7u64;
    let alphabet: Vec<char> =
        "abcdefghij klmnopqrstuvwxyz ABCDEFGHIJ 0123456789.,;:!?-'\"()\nابتثجحخدذرزسشصضطظعغفقكلمنهوي"
            .chars()
            .collect();
    let mut random = String::with_capacity(size);
    while random.len() < size {
        x ^= x << 13;
        x ^= x >> 7;
        x ^= x << 17;
        random.push(alphabet[(x % alphabet.len() as u64) as usize]);
    }
    vec![
        ("one word repeated", fill("بوتين ")),
        (
            "one line",
            fill("The minister said growth reached 5 percent in Baghdad. "),
        ),
        (
            "arabic without spaces",
            fill("ابتثجحخدذرزسشصضطظعغفقكلمنهوي"),
        ),
        ("tiny paragraphs", fill("a\n")),
        ("xmlns declarations", format!("<root{decls}>text</root>\n")),
        (
            "nested elements",
            format!("{}x{}", "<a>".repeat(1_000_000), "</a>".repeat(1_000_000)),
        ),
        ("random text", random),
    ]
}

fn bench(c: &mut Criterion) {
    let mib: usize = std::env::var("AKHBAR_BOUNDS_MIB")
        .ok()
        .and_then(|v| v.parse().ok())
        .unwrap_or(16);
    let inputs = inputs(mib << 20);
    let mut group = c.benchmark_group("bounds");
    group.sample_size(10);
    let no_furniture = |_: &str| false;
    for (name, text) in &inputs {
        group.throughput(Throughput::Bytes(text.len() as u64));
        group.bench_function(format!("facts {name}"), |b| {
            b.iter(|| black_box(text_facts_bounded(text, None, &no_furniture)))
        });
        let opts = LayoutOptions {
            width_cells: 80,
            base: Base::Auto,
            bidi: true,
            shaping: true,
            align: true,
        };
        group.bench_function(format!("render {name}"), |b| {
            b.iter(|| {
                // A file refused (a title over 64 KiB) is a render too: one line, exit 2.
                let Ok((articles, _)) = article_from_bytes(
                    text.as_bytes(),
                    None,
                    Path::new("x.txt"),
                    Origin::File("x.txt".into()),
                ) else {
                    return;
                };
                let Some(article) = articles.first() else {
                    return;
                };
                let paras: Vec<String> = akhbar::page::blocks(article)
                    .into_iter()
                    .map(|b| b.text)
                    .collect();
                let _ = write_text(&paras, &opts, &mut std::io::sink());
            })
        });
    }
    group.finish();
}

criterion_group!(benches, bench);
criterion_main!(benches);
