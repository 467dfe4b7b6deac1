//! One frame of the dashboard at 200x50 (three panes, 48 list rows) over 1,000 gen-corpus
//! articles, the reader and facts pane full: what a key press costs to paint once `update`
//! has run. The corpus comes from ../shared/bench/gen-corpus (never committed); without it
//! the benchmark is skipped with a note.

use akhbar::ui::app::{update, Action};
use akhbar::ui::keymap::Command;
use criterion::{criterion_group, criterion_main, Criterion};
use ratatui::backend::TestBackend;
use ratatui::layout::Rect;
use ratatui::Terminal;
use std::path::Path;

fn corpus() -> Option<std::path::PathBuf> {
    let tool = Path::new(env!("CARGO_MANIFEST_DIR")).join("../shared/bench/gen-corpus");
    if !tool.exists() {
        eprintln!("note: {} not found; draw benchmark skipped", tool.display());
        return None;
    }
    let dir = Path::new(env!("CARGO_TARGET_TMPDIR")).join("draw-bench");
    let _ = std::fs::create_dir_all(&dir);
    let out = dir.join("corpus-1000.jsonl");
    if !out.exists() {
        let ok = std::process::Command::new("python3")
            .arg(&tool)
            .args(["-n", "1000", "--body-words", "150-400", "-o"])
            .arg(&out)
            .status()
            .ok()?
            .success();
        if !ok {
            return None;
        }
    }
    Some(out)
}

fn frame(c: &mut Criterion) {
    let Some(path) = corpus() else { return };
    let loaded = akhbar::ingest::load_paths(&[path]).expect("the corpus loads");
    let overrides = akhbar::ui::Overrides::default();
    let size = Rect::new(0, 0, 200, 50);
    let mut app = akhbar::ui::setup(loaded.articles, vec![], &overrides, None, size);
    // Down a few rows, so the reader and the facts pane show a laid-out article.
    for _ in 0..5 {
        let done = update(&mut app, Action::Command(Command::Down));
        akhbar::ui::worker::settle(&mut app, done.effects);
    }
    let mut term = Terminal::new(TestBackend::new(200, 50)).unwrap();
    c.bench_function("draw: one frame at 200x50, 1k articles", |b| {
        b.iter(|| {
            term.draw(|f| akhbar::ui::draw::draw(f, &app)).unwrap();
        })
    });
}

criterion_group!(benches, frame);
criterion_main!(benches);
