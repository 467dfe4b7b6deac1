//! The terminal dashboard: state, actions and `update` (app), the keymap, themes, layout,
//! panes and the async event loop. The only layer that touches ratatui, crossterm, tokio and
//! tui-textarea.

pub mod app;
pub mod config;
pub mod doc;
pub mod draw;
pub mod keymap;
pub mod layout;
pub mod paint;
pub mod panes;
pub mod run;
pub mod terminal;
pub mod theme;

use crate::ingest::Loaded;
use crate::model::Article;
use app::{App, Message, Setup};
use config::Config;
use doc::TextMode;
use keymap::Keymap;
use ratatui::layout::Rect;
use std::path::PathBuf;
use theme::Theme;

/// Choices from the command line; each one, when given, wins over the config file.
#[derive(Debug, Default, Clone)]
pub struct Overrides {
    pub theme: Option<String>,
    pub bidi: Option<bool>,
    pub shaping: Option<bool>,
}

/// Builds the app from the config folder, the command line and what was loaded. Problems met
/// on the way (a bad config or theme, load warnings) are joined into the first status message.
pub fn setup(
    articles: Vec<Article>,
    warnings: Vec<String>,
    overrides: &Overrides,
    config_dir: Option<&std::path::Path>,
    size: Rect,
) -> App {
    setup_app(articles, warnings, overrides, config_dir, size, false)
}

fn setup_app(
    articles: Vec<Article>,
    mut warnings: Vec<String>,
    overrides: &Overrides,
    config_dir: Option<&std::path::Path>,
    size: Rect,
    loading: bool,
) -> App {
    let (config, problems) = Config::load(config_dir);
    warnings.extend(problems);
    let theme_name = overrides.theme.clone().unwrap_or(config.theme.clone());
    let no_color = std::env::var_os("NO_COLOR").is_some_and(|v| !v.is_empty());
    let themes_dir = config_dir.map(|d| d.join("themes"));
    let (theme, problems) = Theme::load(&theme_name, themes_dir.as_deref(), no_color);
    warnings.extend(problems);
    let (keymap, problems) = Keymap::new(&config.keys);
    warnings.extend(problems);
    let message = match warnings.len() {
        0 => None,
        1 => Some(warnings[0].clone()),
        n => Some(format!("{} (and {} more warnings)", warnings[0], n - 1)),
    }
    .map(|text| Message { text, error: true });
    App::new(
        articles,
        Setup {
            theme,
            keymap,
            mode: TextMode {
                bidi: overrides.bidi.unwrap_or(config.bidi),
                shaping: overrides.shaping.unwrap_or(config.shaping),
            },
            facts_shown: config.show_facts,
            preview: config.preview,
            size,
            message,
            loading,
        },
    )
}

/// What the dashboard shows: articles already in memory (the bundled seeds), or paths read
/// in the background while the dashboard is already up.
pub enum Source {
    Ready(Loaded),
    Paths(Vec<PathBuf>),
}

/// Opens the dashboard on the terminal and runs it until the user quits. The terminal is
/// given back on every way out: quit, error, panic, SIGTERM, SIGHUP.
pub fn run(source: Source, overrides: &Overrides) -> std::io::Result<()> {
    let dir = config::config_dir();
    let (articles, warnings, paths) = match source {
        Source::Ready(l) => (l.articles, l.warnings, None),
        Source::Paths(p) => (Vec::new(), Vec::new(), Some(p)),
    };
    let loading = paths.is_some();
    let app = setup_app(
        articles,
        warnings,
        overrides,
        dir.as_deref(),
        Rect::default(),
        loading,
    );
    let runtime = tokio::runtime::Builder::new_current_thread()
        .enable_all()
        .build()?;
    terminal::install_panic_hook();
    let mut term = terminal::enter(app.mode.bidi)?;
    let _guard = terminal::Guard;
    runtime.block_on(run::run(app, &mut term, paths))
}
