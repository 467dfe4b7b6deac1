//! What `update` asks for and never does on the input path: laying articles out, filtering,
//! reading rows and bodies from the store, importing, applying triage, refreshing feeds. The
//! worker ([`crate::ui::worker`]) does each one off the input path and reports back as actions.

use crate::page::DocKey;
use crate::search::query::Query;
use crate::search::Keys;
use crate::store::{Change, View};
use std::path::PathBuf;
use std::sync::atomic::AtomicBool;
use std::sync::Arc;

/// Whether an applied change is a new action, an undo or a redo: it decides which stack
/// its inverse goes on.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Stack {
    Do,
    Undo,
    Redo,
    /// Not undoable (opening an article marks it read).
    None,
}

#[derive(Debug)]
pub enum Effect {
    /// Read an article's body and lay it out.
    Layout {
        key: DocKey,
        first_rows: usize,
    },
    /// Score the haystacks against the text clauses of a query.
    Filter {
        generation: u64,
        query: Query,
        haystacks: Arc<Vec<Arc<Keys>>>,
        /// Only these articles can match (the hits of a query this one narrows).
        within: Option<Arc<Vec<usize>>>,
        /// The store id of each haystack, in order: the full-text index answers by id.
        ids: Arc<Vec<i64>>,
        /// The list's newest date, which the recency boost counts back from.
        newest: Option<chrono::NaiveDate>,
        cancel: Arc<AtomicBool>,
    },
    /// Stream every row of a view.
    LoadView {
        generation: u64,
        view: View,
    },
    /// Import files, folders or corpora and show exactly what they held.
    Import {
        generation: u64,
        paths: Vec<PathBuf>,
        /// The config's ignore rules: what they match among the new articles is archived.
        ignore: Arc<crate::ignore::Rules>,
    },
    /// Apply a triage change; `label` says what it did, for the status bar.
    Apply {
        change: Change,
        stack: Stack,
        label: String,
    },
    /// The store's tags, for the tag prompt's completion.
    LoadTags,
    /// The store's tags with their counts, for the tag view.
    LoadTagCounts,
    /// An article's note, to edit it.
    LoadNote {
        id: i64,
    },
    /// Index these articles by the entities they mention, from the store's facts cache or
    /// by extracting (and caching) them.
    IndexFacts {
        ids: Vec<i64>,
    },
    /// Ask the full-text index which of these articles' bodies hold every (folded) term.
    BodyScan {
        generation: u64,
        terms: Vec<String>,
        ids: Vec<i64>,
        cancel: Arc<AtomicBool>,
    },
    /// Read the body snippets of these articles around the first of the `marked` words.
    Snippets {
        generation: u64,
        ids: Vec<i64>,
        marked: Arc<std::collections::HashSet<String>>,
    },
    /// Index a batch of the articles stored before the full-text index existed.
    BuildIndex,
    /// The store's state of every feed.
    LoadFeeds,
    /// Asks the store whether another program committed to it since the last time
    /// ([`Action::StoreVersion`] answers).
    CheckStore,
    /// Refresh these feeds: download, parse, store, reporting each feed as it is done.
    Refresh {
        subs: Vec<crate::model::Subscription>,
        http: crate::net::HttpConfig,
        /// The config's ignore rules: what they match among the new articles is archived.
        ignore: Arc<crate::ignore::Rules>,
        cancel: Arc<AtomicBool>,
    },
    /// Fetch an article's page and keep its main text.
    FullText {
        id: i64,
        http: crate::net::HttpConfig,
    },
    Suspend,
    /// Open a link with the browser (checked, never through a shell: [`crate::ui::open`]).
    OpenLink {
        url: String,
    },
    /// Count, per day over the 30 days to `until`, the articles `ids` (those that mention
    /// the entity `name`).
    Mentions {
        name: String,
        ids: Vec<i64>,
        until: chrono::NaiveDate,
    },
    /// Put text on the terminal's clipboard (OSC 52); the screen does it.
    Copy {
        text: String,
    },
}
