//! Panes paint short lines (list titles and sources, facts) that `update` laid out once: a
//! frame lays out nothing itself, and what it paints is what laying out afresh would paint.

mod common;

use common::screen_rows as draw;

use akhbar::ui::app::Action;
use akhbar::ui::keymap::Command;
use common::settle;
use common::update;
use ratatui::layout::Rect;

#[test]
fn frames_paint_from_the_cache_after_every_key() {
    for (w, h) in [(200, 50), (100, 30), (60, 20)] {
        let mut app = common::seed_app(None, Rect::new(0, 0, w, h));
        for c in [
            Command::Down,
            Command::Down,
            Command::FocusNext,
            Command::FocusNext,
        ] {
            update(&mut app, Action::Command(c));
            settle(&mut app);
            let before = app.lines().misses();
            let screen = draw(&app);
            assert_eq!(
                app.lines().misses(),
                before,
                "{w}x{h} after {c:?}: a pane laid a line out itself"
            );
            if app.areas().list.is_some() {
                assert!(screen.iter().any(|r| r.contains('●')), "rows are painted");
            }
        }
        assert!(!app.lines().is_empty());
    }
}

#[test]
fn a_cached_frame_is_the_frame_laid_out_afresh() {
    let mut app = common::seed_app(None, Rect::new(0, 0, 160, 40));
    for c in [
        Command::Down,
        Command::FocusNext,
        Command::FocusNext,
        Command::Down,
    ] {
        update(&mut app, Action::Command(c));
        settle(&mut app);
        let cached = draw(&app);
        let misses = app.lines().misses();
        app.clear_lines();
        let fresh = draw(&app);
        assert!(
            app.lines().misses() > misses,
            "the second frame laid its lines out"
        );
        assert_eq!(cached, fresh, "after {c:?}");
    }
}
