//! Keys to commands. Bindings are data (`keys.toml`, compiled in, then the user's config), each
//! with a description that the help overlay shows.

pub use crate::config::{Command, Context, Entry};
use crossterm::event::{KeyCode, KeyEvent, KeyModifiers};
use serde::Deserialize;
use std::collections::HashMap;

/// A key as bindings name it: the code and the modifiers that matter (Shift is folded into
/// the character, as terminals report it).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub struct Key {
    pub code: KeyCode,
    pub mods: KeyModifiers,
}

impl Key {
    pub fn from_event(ev: &KeyEvent) -> Key {
        let mut mods = ev.modifiers & (KeyModifiers::CONTROL | KeyModifiers::ALT);
        let code = match ev.code {
            // Some terminals report Ctrl-letters as upper case; bindings name them lower case.
            KeyCode::Char(c) if mods.contains(KeyModifiers::CONTROL) => {
                KeyCode::Char(c.to_ascii_lowercase())
            }
            KeyCode::Tab if ev.modifiers.contains(KeyModifiers::SHIFT) => KeyCode::BackTab,
            other => other,
        };
        if code == KeyCode::BackTab {
            mods.remove(KeyModifiers::SHIFT);
        }
        Key { code, mods }
    }

    /// Parses a key name as written in `keys.toml`.
    pub fn parse(name: &str) -> Result<Key, String> {
        let mut mods = KeyModifiers::NONE;
        let mut rest = name;
        loop {
            if let Some(r) = rest.strip_prefix("ctrl-") {
                mods |= KeyModifiers::CONTROL;
                rest = r;
            } else if let Some(r) = rest.strip_prefix("alt-") {
                mods |= KeyModifiers::ALT;
                rest = r;
            } else {
                break;
            }
        }
        let code = match rest {
            "up" => KeyCode::Up,
            "down" => KeyCode::Down,
            "left" => KeyCode::Left,
            "right" => KeyCode::Right,
            "home" => KeyCode::Home,
            "end" => KeyCode::End,
            "pageup" => KeyCode::PageUp,
            "pagedown" => KeyCode::PageDown,
            "enter" => KeyCode::Enter,
            "esc" => KeyCode::Esc,
            "tab" => KeyCode::Tab,
            "backtab" | "shift-tab" => KeyCode::BackTab,
            "backspace" => KeyCode::Backspace,
            "delete" => KeyCode::Delete,
            "space" => KeyCode::Char(' '),
            f if f.len() > 1 && f.starts_with('f') && f[1..].parse::<u8>().is_ok() => {
                let n: u8 = f[1..].parse().unwrap_or(1);
                if !(1..=12).contains(&n) {
                    return Err(format!("unknown key {name:?}"));
                }
                KeyCode::F(n)
            }
            s => {
                let mut chars = s.chars();
                match (chars.next(), chars.next()) {
                    (Some(c), None) => KeyCode::Char(if mods.contains(KeyModifiers::CONTROL) {
                        c.to_ascii_lowercase()
                    } else {
                        c
                    }),
                    _ => return Err(format!("unknown key {name:?}")),
                }
            }
        };
        Ok(Key { code, mods })
    }

    /// The name shown in the help overlay.
    pub fn label(&self) -> String {
        let base = match self.code {
            KeyCode::Up => "↑".to_string(),
            KeyCode::Down => "↓".to_string(),
            KeyCode::Left => "←".to_string(),
            KeyCode::Right => "→".to_string(),
            KeyCode::Home => "Home".to_string(),
            KeyCode::End => "End".to_string(),
            KeyCode::PageUp => "PgUp".to_string(),
            KeyCode::PageDown => "PgDn".to_string(),
            KeyCode::Enter => "Enter".to_string(),
            KeyCode::Esc => "Esc".to_string(),
            KeyCode::Tab => "Tab".to_string(),
            KeyCode::BackTab => "Shift-Tab".to_string(),
            KeyCode::Backspace => "Backspace".to_string(),
            KeyCode::Delete => "Delete".to_string(),
            KeyCode::F(n) => format!("F{n}"),
            KeyCode::Char(' ') => "Space".to_string(),
            KeyCode::Char(c) => c.to_string(),
            other => format!("{other:?}"),
        };
        let mut s = String::new();
        if self.mods.contains(KeyModifiers::CONTROL) {
            s.push_str("Ctrl-");
        }
        if self.mods.contains(KeyModifiers::ALT) {
            s.push_str("Alt-");
        }
        s + &base
    }
}

#[derive(Deserialize)]
struct File {
    keys: Vec<Entry>,
}

/// A command with its keys and description, in the order of the defaults: what help shows.
#[derive(Debug, Clone)]
pub struct Binding {
    pub command: Command,
    pub keys: Vec<Key>,
    pub description: String,
    pub context: Option<Context>,
}

#[derive(Debug, Clone)]
pub struct Keymap {
    bindings: Vec<Binding>,
    lookup: HashMap<(Option<Context>, Key), Command>,
}

const DEFAULTS: &str = include_str!("keys.toml");

impl Keymap {
    /// The defaults with the user's entries applied over them. Problems (an unknown key name)
    /// are returned as one-line messages; the rest of the bindings still apply.
    pub fn new(user: &[Entry]) -> (Keymap, Vec<String>) {
        let file: File = toml::from_str(DEFAULTS).expect("the built-in keys.toml is valid");
        let mut problems = Vec::new();
        let mut bindings: Vec<Binding> = Vec::new();
        for entry in file.keys.iter().chain(user) {
            let keys: Vec<Key> = entry
                .keys
                .iter()
                .filter_map(|k| Key::parse(k).map_err(|e| problems.push(e)).ok())
                .collect();
            // A key now bound here is taken from whatever had it before, in the same place.
            for b in bindings.iter_mut().filter(|b| b.context == entry.context) {
                b.keys.retain(|k| !keys.contains(k));
            }
            let same = |b: &&mut Binding| b.command == entry.action && b.context == entry.context;
            match bindings.iter_mut().find(same) {
                Some(b) => {
                    b.keys = keys;
                    if let Some(d) = &entry.description {
                        b.description = d.clone();
                    }
                }
                None => bindings.push(Binding {
                    command: entry.action,
                    keys,
                    description: entry.description.clone().unwrap_or_default(),
                    context: entry.context,
                }),
            }
        }
        let lookup = bindings
            .iter()
            .flat_map(|b| b.keys.iter().map(move |k| ((b.context, *k), b.command)))
            .collect();
        (Keymap { bindings, lookup }, problems)
    }

    /// The global command of a key.
    pub fn command(&self, ev: &KeyEvent) -> Option<Command> {
        self.lookup.get(&(None, Key::from_event(ev))).copied()
    }

    /// The command of a key where `context` has focus: its own binding first, then the
    /// global one.
    pub fn command_in(&self, context: Context, ev: &KeyEvent) -> Option<Command> {
        let key = Key::from_event(ev);
        self.lookup
            .get(&(Some(context), key))
            .or_else(|| self.lookup.get(&(None, key)))
            .copied()
    }

    pub fn bindings(&self) -> &[Binding] {
        &self.bindings
    }

    /// The first key bound to a command, for hints in the status bar.
    pub fn hint(&self, command: Command) -> Option<String> {
        self.bindings
            .iter()
            .find(|b| b.command == command && b.context.is_none())
            .and_then(|b| b.keys.first())
            .map(Key::label)
    }
}

impl Default for Keymap {
    fn default() -> Self {
        Keymap::new(&[]).0
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn ev(code: KeyCode, mods: KeyModifiers) -> KeyEvent {
        KeyEvent::new(code, mods)
    }

    #[test]
    fn defaults_cover_the_issue_keys() {
        let k = Keymap::default();
        let c = |code, mods| k.command(&ev(code, mods));
        assert_eq!(
            c(KeyCode::Char('j'), KeyModifiers::NONE),
            Some(Command::Down)
        );
        assert_eq!(c(KeyCode::Down, KeyModifiers::NONE), Some(Command::Down));
        assert_eq!(
            c(KeyCode::Char('G'), KeyModifiers::SHIFT),
            Some(Command::Bottom)
        );
        assert_eq!(
            c(KeyCode::Char('d'), KeyModifiers::CONTROL),
            Some(Command::HalfPageDown)
        );
        assert_eq!(
            c(KeyCode::BackTab, KeyModifiers::SHIFT),
            Some(Command::FocusPrev)
        );
        assert_eq!(
            c(KeyCode::Char('?'), KeyModifiers::NONE),
            Some(Command::Help)
        );
        assert!(k.bindings().iter().all(|b| !b.description.is_empty()));
    }

    #[test]
    fn a_pane_binding_wins_where_that_pane_has_focus() {
        let k = Keymap::default();
        let n = ev(KeyCode::Char('n'), KeyModifiers::NONE);
        // `n` means next everywhere; the note has a key of its own.
        assert_eq!(k.command_in(Context::List, &n), Some(Command::NextMatch));
        let e = ev(KeyCode::Char('e'), KeyModifiers::NONE);
        assert_eq!(k.command_in(Context::List, &e), Some(Command::Note));
        assert_eq!(k.command_in(Context::Reader, &e), Some(Command::Note));
        assert_eq!(k.command_in(Context::Reader, &n), Some(Command::NextMatch));
        assert_eq!(k.command_in(Context::Facts, &n), Some(Command::NextMatch));
        let j = ev(KeyCode::Char('j'), KeyModifiers::NONE);
        assert_eq!(k.command_in(Context::Reader, &j), Some(Command::Down));
    }

    #[test]
    fn user_entries_rebind_and_steal_keys() {
        let user = vec![Entry {
            action: Command::Quit,
            keys: vec!["x".into(), "j".into()],
            description: None,
            context: None,
        }];
        let (k, problems) = Keymap::new(&user);
        assert!(problems.is_empty());
        let c = |code| k.command(&ev(code, KeyModifiers::NONE));
        assert_eq!(c(KeyCode::Char('x')), Some(Command::Quit));
        assert_eq!(c(KeyCode::Char('j')), Some(Command::Quit));
        assert_eq!(
            c(KeyCode::Char('q')),
            None,
            "user keys replace the defaults"
        );
        assert_eq!(c(KeyCode::Down), Some(Command::Down));
    }

    #[test]
    fn bad_key_names_are_reported() {
        let user = vec![Entry {
            action: Command::Quit,
            keys: vec!["hyper-q".into()],
            description: None,
            context: None,
        }];
        let (_, problems) = Keymap::new(&user);
        assert_eq!(problems.len(), 1);
    }
}
