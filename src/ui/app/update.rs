//! The one place state changes: [`update`] takes an action, changes the app and returns the
//! work it asks for as effects (started by the event loop, or run at once by
//! [`crate::ui::worker::settle`]); commands from keys are dispatched here to the app's parts
//! (navigation, triage, filtering, feeds).

use super::*;

/// What one action did: whether the screen needs drawing again, and the work it asks for.
/// Nothing of it stays behind in the app: an effect not run by the caller is not run.
#[derive(Debug, Default)]
#[must_use = "the effects of an update are work the caller must start"]
pub struct Update {
    pub redraw: bool,
    pub effects: Vec<Effect>,
}

/// The only place state changes.
pub fn update(app: &mut App, action: Action) -> Update {
    let redraw = apply(app, action);
    app.want_mentions();
    // What is on screen now is laid out here, once, rather than by the panes every frame.
    app.want_snippets();
    app.fill_lines();
    app.fill_marks();
    app.land_on_mark();
    Update {
        redraw,
        // The parts push into this buffer while the action is applied; it is empty between
        // updates.
        effects: std::mem::take(&mut app.effects),
    }
}

fn apply(app: &mut App, action: Action) -> bool {
    match action {
        Action::Command(c) => {
            app.message = None;
            app.command(c);
        }
        Action::Key(k) => {
            app.message = None;
            if app.prompt.is_some() {
                app.prompt_key(k);
            } else {
                app.filter_key(k);
            }
        }
        Action::LinkDigit(digit) => {
            app.message = None;
            app.link_digit(digit);
        }
        Action::Paste(text) => {
            app.message = None;
            app.paste(&text);
        }
        Action::Mouse(m) => {
            if matches!(m.kind, MouseEventKind::Moved | MouseEventKind::Drag(_)) {
                return false;
            }
            app.mouse(m);
        }
        Action::Resize(w, h) => {
            app.size = Rect::new(0, 0, w, h);
            if !app.focusable().contains(&app.focus) {
                app.focus = Pane::Reader;
            }
            app.follow_selection();
        }
        Action::Rows { generation, rows } => app.rows_arrived(generation, rows),
        Action::Loaded {
            generation,
            warnings,
            counts,
        } => app.loaded(generation, warnings, counts),
        Action::DocReady(key, doc) => {
            let shown = app.doc_key() == Some(key);
            app.doc_ready(key, doc);
            return shown;
        }
        Action::FilterReady { generation, hits } => app.filter_ready(generation, hits),
        Action::FilterPreview { generation, hits } => app.filter_preview(generation, hits),
        Action::Applied {
            change,
            inverse,
            stack,
            label,
            counts,
        } => app.applied(change, inverse, stack, label, counts),
        Action::Tags(tags) => app.tags = tags,
        Action::IndexBuilt { done, left } => app.index_built(done, left),
        Action::Snippets { generation, found } => app.snippets_ready(generation, found),
        Action::BodiesScanned {
            generation,
            matched,
            scanned,
        } => app.bodies_scanned(generation, matched, scanned),
        Action::Indexed(entries) => {
            app.indexed_batch(entries);
            return app.fact_ids.is_some();
        }
        Action::NoteLoaded { id, note } => app.note_loaded(id, note),
        Action::FeedStates(states) => {
            app.feed_states(states);
            return app.feeds.view.is_some();
        }
        Action::IgnoredCounts(counts) => {
            app.feeds.ignored = counts;
            return app.feeds.view.is_some();
        }
        Action::FeedDone(done) => app.feed_done(*done),
        Action::RefreshDone(summary) => app.refresh_done(summary),
        Action::FullText { id, result } => app.full_text_done(id, result),
        Action::Tick(now) => {
            app.tick(now);
            app.tick_check_store();
            return app.feeds.running.is_some();
        }
        Action::StoreVersion(version) => return app.store_version(version),
        Action::StoreAway(text) => return app.store_away(text),
        Action::StorePush(push) => app.store_push(push),
        Action::StoreBusy => app.watch.missed = true,
        Action::Failed(text) => app.failed(text),
        Action::LoadView(view) => app.load_view(view),
        Action::Import(paths) => app.import(paths),
        Action::LoadFeeds => app.load_feeds(),
        Action::Mentions(m) => app.mentions_counted(m),
        Action::TagCounts(counts) => app.tag_counts(counts),
        Action::Quit => app.quit = true,
    }
    true
}

impl App {
    pub(in crate::ui) fn command(&mut self, c: Command) {
        if self.help.is_some() {
            self.help_command(c);
            return;
        }
        if self.feeds.view.is_some() {
            self.feeds_command(c);
            return;
        }
        if self.bulk && !c.takes_bulk() {
            self.bulk = false;
            self.say("bulk action cancelled".into());
            return;
        }
        match c {
            Command::Down => self.step(1),
            Command::Up => self.step(-1),
            Command::Top => self.step(isize::MIN / 2),
            Command::Bottom => self.step(isize::MAX / 2),
            Command::HalfPageDown => self.step(self.page(true)),
            Command::HalfPageUp => self.step(-self.page(true)),
            Command::PageDown => self.step(self.page(false)),
            Command::PageUp => self.step(-self.page(false)),
            Command::Open if self.focus == Pane::Facts => self.filter_by_fact(),
            Command::Open => self.open(),
            Command::Back => self.back(),
            Command::FocusNext => self.cycle_focus(true),
            Command::FocusPrev => self.cycle_focus(false),
            Command::Filter => self.filtering = true,
            Command::ToggleFacts => {
                self.facts_shown = !self.facts_shown;
                if !self.facts_shown && self.focus == Pane::Facts {
                    self.focus = Pane::Reader;
                }
                if self.facts_shown && layout::Mode::of(self.size) == layout::Mode::Narrow {
                    self.focus = Pane::Facts;
                }
                self.follow_selection();
            }
            Command::ToggleBidi => {
                self.mode.bidi = !self.mode.bidi;
                self.say(format!("bidi reordering {}", on_off(self.mode.bidi)));
                self.follow_selection();
            }
            Command::ToggleShaping => {
                self.mode.shaping = !self.mode.shaping;
                self.say(format!("Arabic shaping {}", on_off(self.mode.shaping)));
                self.follow_selection();
            }
            Command::Help => self.help = Some(0),
            Command::Suspend => self.effects.push(Effect::Suspend),
            Command::Quit => self.quit = true,
            Command::NextMatch => self.jump_mark(true),
            Command::PrevMatch => self.jump_mark(false),
            Command::Feeds => self.toggle_feeds_view(),
            Command::RefreshAll => self.refresh_all(),
            Command::RefreshFeed => {}
            Command::FullText => self.fetch_full_text(),
            Command::OpenLink => self.open_link(1),
            Command::CopyLink => self.copy_link(),
            Command::Links => self.ask_link(),
            // From a key that is not a digit (a user's binding): as `L`.
            Command::LinkNumber => self.ask_link(),
            Command::MarkAllRead => self.mark_all_read(),
            Command::TagView => self.open_tag_view(),
            Command::NextUnread => self.step_unread(true),
            Command::PrevUnread => self.step_unread(false),
            c => self.triage_command(c),
        }
    }
}
