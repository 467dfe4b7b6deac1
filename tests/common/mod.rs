//! Helpers shared by the integration tests.

#![allow(dead_code)]

pub mod http;
pub mod pty;

/// A dashboard on the bundled seeds in a store in memory, with the config in `config_dir`
/// (none: the defaults), at `size`.
pub fn seed_app(
    config_dir: Option<&std::path::Path>,
    size: ratatui::layout::Rect,
) -> akhbar::ui::app::App {
    let seeds = akhbar::ingest::load_embedded().articles;
    akhbar::ui::setup(
        seeds,
        vec![],
        &akhbar::ui::Overrides::default(),
        config_dir,
        size,
    )
}
