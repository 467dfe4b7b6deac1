//! Layout of the seed article at 80 cells, the work a reader pane does when an article is
//! opened or the terminal is resized: with bidi and shaping on (the default) and off.

use akhbar::text::{layout, LayoutOptions};
use criterion::{black_box, criterion_group, criterion_main, Criterion};

const SEED: &str = include_str!("../seeds/000_58f7478ab411ec6c.txt");

fn lay_out_article(paragraphs: &[&str], opts: &LayoutOptions) -> usize {
    paragraphs.iter().map(|p| layout(p, opts).len()).sum()
}

fn bench_layout(c: &mut Criterion) {
    let paragraphs: Vec<&str> = SEED.lines().filter(|l| !l.trim().is_empty()).collect();
    let on = LayoutOptions::new(80);
    let off = LayoutOptions {
        bidi: false,
        shaping: false,
        ..on
    };
    c.bench_function("layout seed w80 bidi+shaping", |b| {
        b.iter(|| lay_out_article(black_box(&paragraphs), &on))
    });
    c.bench_function("layout seed w80 plain", |b| {
        b.iter(|| lay_out_article(black_box(&paragraphs), &off))
    });
}

criterion_group!(benches, bench_layout);
criterion_main!(benches);
