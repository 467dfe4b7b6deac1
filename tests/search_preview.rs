//! The dashboard's first page of a common word: the Filter job sends the newest stored hits
//! ranked among themselves, then the whole ranking. The whole list is the exact ranking
//! (`rank::ask` and `rank::combine` over every hit), the first page orders its hits as the
//! whole list does, and when the whole list lands the selection moves only if the user has
//! not moved it since the first page.

mod common;

use akhbar::model::{Article, ArticleId, Direction, Lang, Origin, Paragraph};
use akhbar::search::plan::Plan;
use akhbar::search::{rank, Hit};
use akhbar::ui::app::{Action, App, Effect};
use akhbar::ui::keymap::Command;
use akhbar::ui::worker::{perform, PREVIEW_HITS};
use crossterm::event::{KeyCode, KeyEvent, KeyModifiers};
use ratatui::backend::TestBackend;
use ratatui::layout::Rect;
use std::collections::{HashMap, HashSet};
use std::sync::atomic::AtomicBool;

/// Articles about ports and ships: most bodies say «سفينة» (some with a proclitic or the
/// article, some several times), bodies of different lengths, dates spread over a year and
/// not in the order they are stored.
fn articles(n: usize) -> Vec<Article> {
    let filler = [
        "قال مسؤول في الميناء إن حركة الشحن تراجعت هذا الأسبوع",
        "وأضاف أن السلطات تتابع الوضع عن كثب",
        "The port authority said traffic fell this week",
        "وذكرت وكالة الأنباء أن الرياح القوية أخرت الرحلات",
        "ولم تصدر الشركة المشغلة أي تعليق حتى الآن",
    ];
    let ship = ["سفينة", "السفينة", "بالسفينة", "وسفينة", "للسفينة"];
    let mut seed = 0x9e37_79b9_7f4a_7c15_u64;
    let mut next = move |m: u64| {
        seed ^= seed << 13;
        seed ^= seed >> 7;
        seed ^= seed << 17;
        seed % m
    };
    let base = chrono::NaiveDate::from_ymd_opt(2025, 1, 1).unwrap();
    (0..n)
        .map(|i| {
            let mentions = next(5);
            let mut paragraphs = Vec::new();
            for p in 0..1 + next(4) {
                let mut text = filler[next(filler.len() as u64) as usize].to_string();
                for _ in 0..next(6) {
                    text.push(' ');
                    text.push_str(filler[next(filler.len() as u64) as usize]);
                }
                if p == 0 && next(6) == 0 {
                    text.push_str(" وسط عاصفة");
                }
                if p < mentions {
                    text.push_str(" وقد رست ");
                    text.push_str(ship[next(ship.len() as u64) as usize]);
                    text.push_str(" في الرصيف الشمالي");
                }
                paragraphs.push(Paragraph {
                    text,
                    lang: Lang::Ar,
                    dir: Direction::Rtl,
                });
            }
            let title = if next(7) == 0 {
                format!("سفينة شحن تصل إلى الميناء {i}")
            } else {
                format!("حركة الميناء في اليوم {i}")
            };
            Article {
                id: ArticleId(format!("a{i}")),
                title,
                source: Some(["الميناء اليوم", "Harbour Wire"][i % 2].into()),
                author: None,
                date: (next(9) != 0).then(|| base + chrono::Days::new(next(365))),
                url: None,
                lang: Lang::Ar,
                dir: Direction::Rtl,
                dir_override: None,
                paragraphs,
                origin: Origin::File(format!("/t/a{i}.txt")),
                enclosures: Vec::new(),
            }
        })
        .collect()
}

fn app() -> App {
    akhbar::ui::setup(
        articles(3 * PREVIEW_HITS),
        Vec::new(),
        &akhbar::ui::Overrides::default(),
        None,
        Rect::new(0, 0, 120, 40),
    )
}

fn key(app: &mut App, code: KeyCode) {
    common::update(app, Action::Key(KeyEvent::new(code, KeyModifiers::NONE)));
}

/// Types `q` into the filter line and takes the Filter effect of its last letter (the
/// earlier ones are stale; nothing else is run).
fn typed(app: &mut App, q: &str) -> Effect {
    common::run_effects(app);
    common::update(app, Action::Command(Command::Filter));
    for c in q.chars() {
        key(app, KeyCode::Char(c));
    }
    let effects = common::take_effects();
    effects
        .into_iter()
        .filter(|e| matches!(e, Effect::Filter { .. }))
        .last()
        .expect("typing asks for a filter")
}

/// What the worker sends for a Filter effect.
fn performed(app: &App, e: Effect) -> Vec<Action> {
    let mut out = Vec::new();
    perform(e, app.stores(), &mut |a| out.push(a));
    out
}

/// The exact ranking of every hit, as the dashboard ranked before it had a first page.
fn exact(app: &App, e: &Effect) -> Vec<Hit> {
    let Effect::Filter {
        query,
        haystacks,
        ids,
        newest,
        ..
    } = e
    else {
        unreachable!()
    };
    let plan = Plan::new(query.clone());
    let index_of: HashMap<i64, usize> = ids.iter().enumerate().map(|(i, &id)| (id, i)).collect();
    let reader = app.stores().reader();
    let answer = rank::ask(
        &plan,
        *newest,
        &|id| index_of.get(&id).copied(),
        &mut |q| reader.search_text(q),
        &mut |q| reader.search_ids(q),
    )
    .unwrap();
    rank::combine(haystacks, &plan, &answer, &AtomicBool::new(false))
        .unwrap()
        .into_iter()
        .map(|r| Hit {
            index: r.index,
            score: (r.score * 1000.0) as i64,
        })
        .collect()
}

fn split(actions: Vec<Action>) -> (Vec<Hit>, Vec<Hit>) {
    let mut first = None;
    let mut last = None;
    for a in actions {
        match a {
            Action::FilterPreview { hits, .. } => {
                assert!(first.is_none() && last.is_none(), "one first page, first");
                first = Some(hits);
            }
            Action::FilterReady { hits, .. } => last = Some(hits),
            _ => {}
        }
    }
    (first.expect("a first page"), last.expect("the whole list"))
}

#[test]
fn the_whole_list_is_the_exact_ranking_and_the_first_page_ranks_as_it_does() {
    for q in [
        "body:سفينة",
        "سفينة",
        "سفينة !عاصفة",
        "body:سفينة source:wire",
    ] {
        let mut app = app();
        let e = typed(&mut app, q);
        let want = exact(&app, &e);
        let (first, last) = split(performed(&app, e));
        assert_eq!(last, want, "{q}: the whole list");
        assert!(want.len() > PREVIEW_HITS, "{q}: {} hits", want.len());
        // The first page: the hits stored last, in the whole list's order.
        let page: HashSet<usize> = first.iter().map(|h| h.index).collect();
        let in_order: Vec<Hit> = want
            .iter()
            .copied()
            .filter(|h| page.contains(&h.index))
            .collect();
        assert_eq!(first, in_order, "{q}: the first page's order");
        assert!(first.len() <= PREVIEW_HITS && !first.is_empty(), "{q}");
        let newest_id = |hits: &[Hit]| {
            let mut ids: Vec<i64> = hits.iter().map(|h| app.rows()[h.index].id).collect();
            ids.sort_unstable();
            ids
        };
        let text_hits: Vec<Hit> = want.iter().copied().filter(|h| h.score >= 1000).collect();
        let mut stored_last = newest_id(&text_hits);
        stored_last.drain(..stored_last.len().saturating_sub(first.len()));
        assert_eq!(
            newest_id(&first),
            stored_last,
            "{q}: the newest stored hits"
        );
        // Not a test of nothing: the whole list's top differs from the first page's.
        assert_ne!(first[..10], want[..10], "{q}");
    }
}

#[test]
fn a_first_page_holding_every_hit_is_the_whole_list() {
    let mut app = app();
    // A word in a few titles only: fewer hits than a first page, no fuzzy part.
    let e = typed(&mut app, "title:شحن");
    let want = exact(&app, &e);
    let actions = performed(&app, e);
    assert!(
        !want.is_empty() && want.len() < PREVIEW_HITS,
        "{}",
        want.len()
    );
    assert!(
        !actions
            .iter()
            .any(|a| matches!(a, Action::FilterPreview { .. })),
        "no first page when it is the whole list"
    );
    let last = actions.into_iter().find_map(|a| match a {
        Action::FilterReady { hits, .. } => Some(hits),
        _ => None,
    });
    assert_eq!(last, Some(want));
}

fn selected_id(app: &App) -> Option<i64> {
    app.selected_row().map(|r| r.id)
}

#[test]
fn the_whole_list_moves_the_selection_only_when_the_user_has_not() {
    // Not moved: the whole list lands as if no first page had been shown.
    let mut shown = app();
    let mut direct = app();
    let e = typed(&mut shown, "body:سفينة");
    typed(&mut direct, "body:سفينة");
    let actions = performed(&shown, e);
    let mut on_first_page = None;
    for a in actions {
        let last = matches!(a, Action::FilterReady { .. });
        if last {
            common::update(&mut direct, clone_ready(&a));
            on_first_page = selected_id(&shown);
        }
        common::update(&mut shown, a);
    }
    // Keeping the first page's article would have been a jump the user did not ask for.
    assert!(on_first_page.is_some() && on_first_page != selected_id(&direct));
    assert_eq!(shown.visible(), direct.visible());
    assert_eq!(shown.selected(), direct.selected());
    assert_eq!(selected_id(&shown), selected_id(&direct));

    // Moved: the article chosen on the first page stays selected.
    let mut app = app();
    let e = typed(&mut app, "body:سفينة");
    let Effect::Filter { generation, .. } = e else {
        unreachable!()
    };
    let (first, last) = split(performed(&app, e));
    common::update(
        &mut app,
        Action::FilterPreview {
            generation,
            hits: first.clone(),
        },
    );
    assert_eq!(app.visible().len(), first.len());
    // The counts say the list is a first page while the whole one is ranked, and stop
    // saying so when it lands.
    let total = app.rows().len();
    let newest = format!("newest {} of {total} · ranking…", first.len());
    assert_eq!(screen(&app).matches(&newest).count(), 2, "{}", screen(&app));
    key(&mut app, KeyCode::Enter);
    common::update(&mut app, Action::Command(Command::Down));
    common::update(&mut app, Action::Command(Command::Down));
    let chosen = selected_id(&app).expect("a selection");
    assert_ne!(app.selected(), 0);
    common::update(
        &mut app,
        Action::FilterReady {
            generation,
            hits: last.clone(),
        },
    );
    assert_eq!(app.visible().len(), last.len());
    assert!(!screen(&app).contains("ranking"), "{}", screen(&app));
    assert!(screen(&app).contains(&format!("{} of {total}", last.len())));
    assert_eq!(selected_id(&app), Some(chosen), "the selection stays put");
    let at = last
        .iter()
        .position(|h| app.rows()[h.index].id == chosen)
        .unwrap();
    assert_eq!(app.selected(), at);
}

/// The dashboard as drawn, row by row.
fn screen(app: &App) -> String {
    let size = app.size();
    let mut term = ratatui::Terminal::new(TestBackend::new(size.width, size.height)).unwrap();
    term.draw(|f| akhbar::ui::draw::draw(f, app)).unwrap();
    let buf = term.backend().buffer();
    (0..size.height)
        .map(|y| {
            (0..size.width)
                .map(|x| buf[(x, y)].symbol())
                .collect::<String>()
                + "\n"
        })
        .collect()
}

fn clone_ready(a: &Action) -> Action {
    match a {
        Action::FilterReady { generation, hits } => Action::FilterReady {
            generation: *generation,
            hits: hits.clone(),
        },
        _ => unreachable!(),
    }
}
