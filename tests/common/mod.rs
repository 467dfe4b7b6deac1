//! Helpers shared by the integration tests.

#![allow(dead_code)]

pub mod http;
pub mod pty;

/// A small deterministic generator (xorshift), so a run of random actions can be replayed
/// from its seed.
pub struct Rng(pub u64);

impl Rng {
    pub fn below(&mut self, n: u64) -> u64 {
        self.0 ^= self.0 << 13;
        self.0 ^= self.0 >> 7;
        self.0 ^= self.0 << 17;
        self.0 % n
    }
}

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

thread_local! {
    /// The effects asked for by [`update`] and not yet run: a test can send several actions
    /// and then run their work together, as the event loop does between two frames. Each
    /// test runs on a thread of its own, so no test sees another's work.
    static PENDING: std::cell::RefCell<Vec<akhbar::ui::app::Effect>> =
        const { std::cell::RefCell::new(Vec::new()) };
}

/// Sends an action, keeps the work it asks for until [`settle`] or [`run_effects`], and
/// returns whether the screen needs drawing again.
pub fn update(app: &mut akhbar::ui::app::App, action: akhbar::ui::app::Action) -> bool {
    let done = akhbar::ui::app::update(app, action);
    PENDING.with(|p| p.borrow_mut().extend(done.effects));
    done.redraw
}

/// The work asked for since the last call, not run.
pub fn take_effects() -> Vec<akhbar::ui::app::Effect> {
    PENDING.with(|p| std::mem::take(&mut *p.borrow_mut()))
}

/// Runs the work asked for, and the work of what answers it, until none is left.
pub fn settle(app: &mut akhbar::ui::app::App) {
    akhbar::ui::worker::settle(app, take_effects());
}

/// Runs the pending effects, and the effects of what they answer, until none is left;
/// returns the kind of every effect run (its variant name), so a test can say which work an
/// action caused.
pub fn run_effects(app: &mut akhbar::ui::app::App) -> Vec<String> {
    let stores = app.stores().clone();
    let mut done = Vec::new();
    loop {
        let effects = take_effects();
        if effects.is_empty() {
            return done;
        }
        for e in effects {
            let kind = format!("{e:?}");
            let mut answers = Vec::new();
            akhbar::ui::worker::perform(e, &stores, &mut |a| answers.push(a));
            for a in answers {
                update(app, a);
            }
            done.push(kind.split([' ', '{', '(']).next().unwrap_or("").to_string());
        }
    }
}

/// Sends an action and runs whatever it asked for.
pub fn act(app: &mut akhbar::ui::app::App, action: akhbar::ui::app::Action) {
    update(app, action);
    settle(app);
}

/// A command, as a bound key sends it.
pub fn cmd(app: &mut akhbar::ui::app::App, c: akhbar::ui::keymap::Command) {
    act(app, akhbar::ui::app::Action::Command(c));
}

/// Text typed into the line editor that has the keyboard (the filter line or a prompt).
pub fn keys(app: &mut akhbar::ui::app::App, text: &str) {
    use crossterm::event::{KeyCode, KeyEvent, KeyModifiers};
    for c in text.chars() {
        update(
            app,
            akhbar::ui::app::Action::Key(KeyEvent::new(KeyCode::Char(c), KeyModifiers::NONE)),
        );
    }
    settle(app);
}

/// One key for the line editor that has the keyboard.
pub fn key(app: &mut akhbar::ui::app::App, code: crossterm::event::KeyCode) {
    use crossterm::event::{KeyEvent, KeyModifiers};
    act(
        app,
        akhbar::ui::app::Action::Key(KeyEvent::new(code, KeyModifiers::NONE)),
    );
}

/// The app drawn in a `TestBackend` of its own size: each row's cell symbols joined.
pub fn screen_rows(app: &akhbar::ui::app::App) -> Vec<String> {
    use ratatui::backend::TestBackend;
    let size = app.size();
    let mut term = ratatui::Terminal::new(TestBackend::new(size.width, size.height)).unwrap();
    term.draw(|f| akhbar::ui::draw::draw(f, app)).unwrap();
    let buf = term.backend().buffer().clone();
    (0..buf.area.height)
        .map(|y| (0..buf.area.width).map(|x| buf[(x, y)].symbol()).collect())
        .collect()
}
