//! The actions `update` takes: keys, terminal events and what the workers send back.

use super::*;

/// Everything that can change the state. Key presses arrive as `Command`s or, while a line
/// editor has the keyboard, as raw `Key`s; the rest come from the terminal and from workers.
#[derive(Debug)]
pub enum Action {
    Command(Command),
    /// A key for the filter line or a prompt.
    Key(KeyEvent),
    /// A digit typed in the reader (a `link-number` key): the first digit of a link number.
    LinkDigit(char),
    /// Text pasted into the filter line or a prompt (bracketed paste): typed as one line.
    Paste(String),
    Mouse(MouseEvent),
    Resize(u16, u16),
    /// A batch of list rows for the view (or import) of this generation.
    Rows {
        generation: u64,
        rows: Vec<Row>,
    },
    /// A view or an import has finished loading.
    Loaded {
        generation: u64,
        warnings: Vec<String>,
        counts: Counts,
    },
    DocReady(DocKey, Arc<Doc>),
    FilterReady {
        generation: u64,
        hits: Vec<Hit>,
    },
    /// A first page of a filter's hits, ranked as the whole list ranks them, while the whole
    /// list is worked out; the [`Action::FilterReady`] of the same generation replaces it.
    FilterPreview {
        generation: u64,
        hits: Vec<Hit>,
    },
    /// A triage change is committed; `inverse` undoes it.
    Applied {
        change: Change,
        inverse: Change,
        stack: Stack,
        label: String,
        counts: Counts,
    },
    Tags(Vec<String>),
    NoteLoaded {
        id: i64,
        note: Option<String>,
    },
    /// Articles indexed by the entities they mention: (store id, folded entity keys).
    Indexed(Vec<(i64, Vec<String>)>),
    /// A batch of the full-text index built in the background: how many were indexed now,
    /// how many still wait.
    IndexBuilt {
        done: usize,
        left: usize,
    },
    /// A batch of a `body:` scan: how many bodies were read, and which held every term.
    BodiesScanned {
        generation: u64,
        matched: Vec<i64>,
        scanned: usize,
    },
    /// Body snippets read for the query of this generation (`None`: the body holds none of
    /// its words).
    Snippets {
        generation: u64,
        found: Vec<(i64, Option<crate::search::rank::Snippet>)>,
    },
    /// The store's state of every feed, for the feeds view.
    FeedStates(Vec<crate::store::FeedState>),
    /// How many articles each ignore rule has archived (the feeds view lists them).
    IgnoredCounts(Vec<(String, usize)>),
    /// One feed of a refresh is done.
    FeedDone(Box<FeedDone>),
    /// A refresh has ended.
    RefreshDone(crate::net::refresh::Summary),
    /// The full text of an article was fetched (its paragraph count) or could not be.
    FullText {
        id: i64,
        result: Result<usize, String>,
    },
    /// Time passed: feeds due for their automatic refresh are refreshed. The time is
    /// seconds since the epoch.
    Tick(i64),
    /// The store's data version (see `Store::data_version`): when it differs from the last
    /// one seen, another program wrote to the store and the view is read again.
    StoreVersion(i64),
    /// The store's data version could not be read because its server went away (the line
    /// for the status bar, [`super::RECONNECTING`] first): it says so until a check
    /// succeeds again.
    StoreAway(String),
    /// The store's own watch spoke (a server store's LISTEN/NOTIFY): another program
    /// committed something this user sees, or pushes started or stopped arriving.
    StorePush(crate::store::Push),
    /// A check of the store's version could not start (its writer was busy): the next tick
    /// checks again, even while the store pushes.
    StoreBusy,
    /// Background work failed; the message is one line.
    Failed(String),
    /// Show a view of the store (what the dashboard opens on, and the view keys).
    LoadView(View),
    /// Show exactly what these paths hold, imported into the store; none: the rows are sent
    /// by the caller (tests and tools).
    Import(Vec<std::path::PathBuf>),
    /// Read the store's state of every feed (for the feeds view and automatic refreshes).
    LoadFeeds,
    /// The store's tags with how many articles carry each (the tag view).
    TagCounts(Vec<(String, usize)>),
    /// The selected fact's mentions per day are counted.
    Mentions(spark::Mentions),
    /// A signal (SIGTERM, SIGHUP) or the end of input: leave now.
    Quit,
}
