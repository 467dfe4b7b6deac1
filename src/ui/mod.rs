//! The terminal dashboard: state, actions and `update` (app), the keymap, themes, layout,
//! panes and the async event loop. The only layer that touches ratatui, crossterm, tokio and
//! tui-textarea.

pub mod app;
use crate::config;
pub mod draw;
pub mod input;
pub mod keymap;
pub mod layout;
pub mod open;
pub mod paint;
pub mod panes;
pub mod run;
pub mod serve;
pub mod terminal;
pub mod theme;
pub mod worker;

use crate::model::Article;
use crate::page::TextMode;
use crate::store::Shared as Stores;
use crate::store::{Location, Opened, Store};
use app::{Action, App, Message, Setup};
use config::Config;
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
    /// Refresh every feed as the dashboard opens (`--refresh`).
    pub refresh: bool,
}

/// A dashboard over `articles` in a store of its own in memory, with the user's config read
/// from `config_dir` (none: the defaults): for tests and tools. The list shows exactly these
/// articles, loaded before this returns.
pub fn setup(
    articles: Vec<Article>,
    warnings: Vec<String>,
    overrides: &Overrides,
    config_dir: Option<&std::path::Path>,
    size: Rect,
) -> App {
    let opened = Store::open(&Location::Memory).expect("an in-memory store opens");
    let mut store = opened.store;
    let rows = store
        .import(&articles)
        .and_then(|stats| stats.ids.iter().map(|&id| store.row(id)).collect())
        .expect("articles import into an empty in-memory store");
    let counts = store.counts().unwrap_or_default();
    let stores = Stores::new(store).expect("an in-memory store gives a reader");
    let mut app = build(
        stores,
        warnings,
        overrides,
        config_dir,
        env_no_color(),
        size,
    );
    let mut effects = app::update(&mut app, Action::Import(Vec::new())).effects;
    let generation = app.load_generation();
    effects.extend(app::update(&mut app, Action::Rows { generation, rows }).effects);
    let loaded = Action::Loaded {
        generation,
        warnings: Vec::new(),
        counts,
    };
    effects.extend(app::update(&mut app, loaded).effects);
    worker::settle(&mut app, effects);
    app
}

/// Whether this process's environment asks for no colour (`NO_COLOR` set and not empty).
fn env_no_color() -> bool {
    std::env::var_os("NO_COLOR").is_some_and(|v| !v.is_empty())
}

/// A dashboard on `store` as it is (acting as the store's user, [`Store::user`]), with the
/// config from `config_dir` (none: the defaults), at `size`, showing nothing yet: send it
/// `Action::LoadView` and run the effects to fill its list. For tests and callers that
/// drive the app themselves.
pub fn setup_store(
    store: Store,
    overrides: &Overrides,
    config_dir: Option<&std::path::Path>,
    size: Rect,
) -> crate::store::Result<App> {
    let stores = Stores::new(store)?;
    Ok(build(
        stores,
        Vec::new(),
        overrides,
        config_dir,
        env_no_color(),
        size,
    ))
}

/// The app on `stores` with the config, theme and keys from `config_dir` and the command
/// line, in colour unless `no_color`. Problems met on the way are joined into the first
/// status message.
fn build(
    stores: Stores,
    warnings: Vec<String>,
    overrides: &Overrides,
    config_dir: Option<&std::path::Path>,
    no_color: bool,
    size: Rect,
) -> App {
    let (config, problems) = Config::load(config_dir);
    build_with(
        stores, warnings, problems, config, overrides, config_dir, no_color, size,
    )
}

/// One remote session's dashboard (`akhbar serve`): the same app as the local one on its
/// own store handle, with its own colour choice and text modes. Feeds are not refreshed on
/// their schedule here: the server does that once for every session (`R` still refreshes
/// now).
pub fn session_app(
    stores: Stores,
    overrides: &Overrides,
    config_dir: Option<&std::path::Path>,
    no_color: bool,
    size: Rect,
) -> App {
    let (mut config, problems) = Config::load(config_dir);
    config.refresh_minutes = 0;
    for sub in &mut config.feeds {
        sub.refresh_minutes = None;
    }
    build_with(
        stores,
        Vec::new(),
        problems,
        config,
        overrides,
        config_dir,
        no_color,
        size,
    )
}

#[allow(clippy::too_many_arguments)]
fn build_with(
    stores: Stores,
    mut warnings: Vec<String>,
    problems: Vec<String>,
    config: Config,
    overrides: &Overrides,
    config_dir: Option<&std::path::Path>,
    no_color: bool,
    size: Rect,
) -> App {
    warnings.extend(problems);
    let theme_name = overrides.theme.clone().unwrap_or(config.theme.clone());
    let themes_dir = config_dir.map(|d| d.join("themes"));
    let (theme, problems) = Theme::load(&theme_name, themes_dir.as_deref(), no_color);
    warnings.extend(problems);
    let (keymap, problems) = Keymap::new(&config.keys);
    warnings.extend(problems);
    let (ignore, problems) = crate::ignore::Rules::parse(&config.ignore);
    warnings.extend(problems);
    let message = app::warnings_line(&warnings).map(|text| Message { text, error: true });
    App::new(
        stores,
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
            http: config.http(),
            refresh_minutes: config.refresh_minutes,
            feeds: config.feeds,
            ignore,
        },
    )
}

/// What the dashboard opens on: the store's unread view (the bundled seeds are imported
/// into it first), or exactly the articles of the paths given.
pub enum Source {
    Store,
    Paths(Vec<PathBuf>),
}

/// Opens the dashboard on the terminal and runs it until the user quits. The terminal is
/// given back on every way out: quit, error, panic, SIGTERM, SIGHUP.
pub fn run(source: Source, opened: Opened, overrides: &Overrides) -> std::io::Result<()> {
    let mut warnings: Vec<String> = opened.notices;
    if let Some(why) = &opened.read_only {
        warnings.insert(0, format!("read-only: {why}; triage will not be saved"));
    }
    let stores = Stores::new(opened.store).map_err(std::io::Error::other)?;
    let dir = config::config_dir();
    let no_color = env_no_color();
    let mut app = build(
        stores,
        warnings,
        overrides,
        dir.as_deref(),
        no_color,
        Rect::default(),
    );
    app.index_eagerly = true;
    let first = match source {
        Source::Store => Action::LoadView(crate::store::View::default()),
        Source::Paths(paths) => Action::Import(paths),
    };
    let mut start = vec![Action::LoadFeeds, first];
    if overrides.refresh {
        start.push(Action::Command(crate::ui::keymap::Command::RefreshAll));
    }
    let runtime = tokio::runtime::Builder::new_current_thread()
        .enable_all()
        .build()?;
    terminal::install_panic_hook();
    let mut screen = terminal::Local(terminal::enter(app.mode.bidi)?);
    let guard = terminal::Guard;
    let result = runtime
        .block_on(async {
            let input = terminal::local_input()?;
            run::run(app, start, &mut screen, input).await
        })
        .map(drop);
    drop(guard);
    // Background work (an entity index over a large store, say) must not keep a quitting
    // program alive: it only fills caches, and SQLite rolls back what it had not committed.
    runtime.shutdown_background();
    result
}
