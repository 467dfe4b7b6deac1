//! akhbar: a terminal news dashboard, Arabic first.
//!
//! Data flow: outside bytes (a bundled seed, an article file, a JSON Lines corpus) go through
//! [`ingest`], which sanitizes them once and splits them into [`model::Paragraph`]s with a
//! detected language and direction. [`text`] lays a paragraph out for a width: cell widths,
//! wrapping, bidi reordering and Arabic shaping, so every pane and `akhbar render` show
//! right-to-left text the same way. [`ui`] is the only layer that knows about the terminal:
//! it holds the articles, turns keys into actions, runs heavy work (layout, filtering) off
//! the input path and paints lines that are already in visual order. [`net`] fetches feeds over
//! HTTP (reqwest on tokio, with time limits, size caps, retries and per-host limits) and never
//! touches the terminal.
//!
//! The core (`model`, `ingest`, `text`, `search`) is synchronous and never touches ratatui,
//! crossterm, tokio or tui-textarea; `tests/architecture.rs` keeps that true.

pub mod cli;
pub mod config;
pub mod error;
pub mod facts;
pub mod fuzzing;
pub mod ignore;
pub mod ingest;
pub mod model;
pub mod net;
pub mod page;
pub mod search;
pub mod store;
pub mod text;
pub mod ui;
