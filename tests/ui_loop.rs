//! The event loop driven as a remote session drives it: raw terminal bytes in, frames out to
//! a `TestBackend`, background work on real workers. Keys sent in one write while a view
//! loads are all applied, in order, to the view they were meant for.

mod common;

use akhbar::store::View;
use akhbar::ui::app::App;
use akhbar::ui::run::{self, Screen};
use ratatui::backend::TestBackend;
use ratatui::layout::Rect;
use ratatui::Terminal;
use std::time::Duration;
use tokio::sync::mpsc;

struct TestScreen(Terminal<TestBackend>);

impl Screen for TestScreen {
    type Backend = TestBackend;
    fn terminal(&mut self) -> &mut Terminal<TestBackend> {
        &mut self.0
    }
    fn set_bidi_mode(&mut self, _explicit: bool) -> std::io::Result<()> {
        Ok(())
    }
    fn suspend(&mut self, _explicit_bidi: bool) -> std::io::Result<()> {
        Ok(())
    }
}

/// Rows of a view, newest first, as the store gives them.
fn view_ids(app: &App, view: View) -> Vec<i64> {
    let mut ids = Vec::new();
    app.stores()
        .reader()
        .all_rows(view, 1000, &mut |rows| {
            ids.extend(rows.iter().map(|r| r.id))
        })
        .unwrap();
    ids
}

async fn wait_for(what: &str, mut ok: impl FnMut() -> bool) {
    for _ in 0..500 {
        if ok() {
            return;
        }
        tokio::time::sleep(Duration::from_millis(10)).await;
    }
    panic!("timed out waiting for {what}");
}

/// Runs the loop at 120x30 on the seeds; `script` gets a sender for raw bytes and the app's
/// stores, and gives the sender back so that input stays open until the loop quits by a key
/// (the end of input would quit it at once).
async fn drive<F, Fut>(script: F) -> App
where
    F: FnOnce(mpsc::UnboundedSender<Vec<u8>>, akhbar::store::Shared) -> Fut,
    Fut: std::future::Future<Output = mpsc::UnboundedSender<Vec<u8>>> + Send + 'static,
{
    let app = common::seed_app(None, Rect::new(0, 0, 120, 30));
    let stores = app.stores().clone();
    let mut screen = TestScreen(Terminal::new(TestBackend::new(120, 30)).unwrap());
    let (tx, rx) = mpsc::unbounded_channel::<Vec<u8>>();
    let bytes =
        futures::stream::unfold(rx, |mut rx| async move { rx.recv().await.map(|b| (b, rx)) });
    let input = akhbar::ui::input::events(Box::pin(bytes));
    let script = tokio::spawn(script(tx, stores));
    let app = run::run(app, Vec::new(), &mut screen, input).await.unwrap();
    drop(script.await.unwrap());
    app
}

fn starred(stores: &akhbar::store::Shared) -> usize {
    stores.reader().counts().unwrap().starred
}

#[tokio::test]
async fn keys_sent_at_once_while_a_view_loads_all_land() {
    for one_write in [true, false] {
        let app = drive(move |tx, stores| async move {
            // Star the first three articles and wait until the store has them.
            tx.send(b"sjsjs".to_vec()).unwrap();
            wait_for("three stars", || starred(&stores) == 3).await;
            let keys: &[u8] = b"2jj";
            if one_write {
                tx.send(keys.to_vec()).unwrap();
            } else {
                for &k in keys {
                    tx.send(vec![k]).unwrap();
                }
            }
            // `q` waits behind the view like the rest, so the loop quits on the last row.
            tx.send(b"q".to_vec()).unwrap();
            tx
        })
        .await;
        let want = view_ids(&app, View::Starred);
        assert_eq!(want.len(), 3);
        assert_eq!(
            app.selected_row().map(|r| r.id),
            Some(want[2]),
            "2jj (one write: {one_write}) selects the third starred article"
        );
    }
}

#[tokio::test]
async fn a_note_typed_right_after_a_view_switch_goes_to_the_right_article() {
    for one_write in [true, false] {
        let app = drive(move |tx, stores| async move {
            let keys: &[u8] = "4gjjjeرأي أول\r".as_bytes();
            if one_write {
                tx.send(keys.to_vec()).unwrap();
            } else {
                for &k in keys {
                    tx.send(vec![k]).unwrap();
                }
            }
            wait_for("the note saved", || {
                let r = stores.reader();
                let mut n = 0;
                r.all_rows(View::All, 1000, &mut |rows| {
                    n += rows.iter().filter(|row| row.has_note).count()
                })
                .unwrap();
                n == 1
            })
            .await;
            tx.send(b"q".to_vec()).unwrap();
            tx
        })
        .await;
        let all = view_ids(&app, View::All);
        let note = app.stores().reader().note(all[3]).unwrap();
        assert_eq!(note.as_deref(), Some("رأي أول"), "one write: {one_write}");
        assert!(app.prompt().is_none(), "Enter closed the prompt");
    }
}

#[tokio::test]
async fn a_newer_filter_replaces_the_one_waiting_behind_a_running_one() {
    use akhbar::search::KeysBuilder;
    use akhbar::ui::app::{Action, Effect};
    use akhbar::ui::worker::Jobs;
    use std::sync::atomic::AtomicBool;
    use std::sync::Arc;
    let app = common::seed_app(None, Rect::new(0, 0, 120, 30));
    let mut keys = KeysBuilder::with_capacity(1);
    keys.push("وزير الخارجية", None, None, akhbar::model::Lang::Ar);
    let haystacks = Arc::new(vec![Arc::new(keys.finish())]);
    let filter = |generation| Effect::Filter {
        generation,
        query: akhbar::search::query::parse("وزير").unwrap(),
        haystacks: Arc::clone(&haystacks),
        within: None,
        ids: Arc::new(vec![1]),
        newest: None,
        cancel: Arc::new(AtomicBool::new(false)),
    };
    let (tx, mut rx) = mpsc::unbounded_channel::<Action>();
    let mut jobs = Jobs::default();
    for generation in 1..=3 {
        jobs.submit(filter(generation), app.stores(), &tx);
    }
    assert_eq!(jobs.waiting(), 1, "2 was replaced by 3 in the slot");
    for _ in 0..2 {
        let slot = jobs.finished().await;
        jobs.start_waiting(slot, app.stores(), &tx);
    }
    assert_eq!(jobs.waiting(), 0);
    drop(tx);
    let mut done = Vec::new();
    while let Some(a) = rx.recv().await {
        if let Action::FilterReady { generation, hits } = a {
            assert_eq!(hits.len(), 1);
            done.push(generation);
        }
    }
    assert_eq!(done, vec![1, 3]);
}
