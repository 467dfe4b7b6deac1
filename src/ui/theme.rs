//! Colours by meaning. Themes are TOML files of semantic slots (`list.unread`,
//! `reader.quote`, `fact.person`, ...); the built-in ones live in `themes/` and are compiled in,
//! and a user's file of the same name overrides them slot by slot.

use ratatui::style::{Color, Modifier, Style};
use std::collections::HashMap;
use std::path::Path;

/// Every slot a theme may set. A slot a theme leaves out takes `base`.
pub const SLOTS: &[&str] = &[
    "base",
    "pane.border",
    "pane.border_focused",
    "pane.title",
    "pane.title_focused",
    "list.read",
    "list.unread",
    "list.selected",
    "list.date",
    "list.source",
    "list.match",
    "list.tag",
    "list.snippet",
    "reader.title",
    "reader.meta",
    "reader.body",
    "reader.quote",
    "reader.match",
    "reader.tag",
    "reader.note",
    "reader.link",
    "fact.label",
    "fact.value",
    "fact.person",
    "fact.place",
    "fact.organization",
    "fact.date",
    "fact.number",
    "fact.quote",
    "fact.source",
    "fact.empty",
    "filter.prompt",
    "filter.text",
    "filter.placeholder",
    "status.bar",
    "status.key",
    "status.message",
    "status.error",
    "help.title",
    "help.key",
    "help.text",
];

/// The built-in themes, by name.
pub const BUILTIN: &[(&str, &str)] = &[
    ("dark", include_str!("../../themes/dark.toml")),
    ("light", include_str!("../../themes/light.toml")),
    (
        "high-contrast",
        include_str!("../../themes/high-contrast.toml"),
    ),
];

#[derive(Debug, Clone)]
pub struct Theme {
    pub name: String,
    slots: HashMap<&'static str, Style>,
}

impl Theme {
    /// The style of a slot; unknown or unset slots fall back to `base`.
    pub fn style(&self, slot: &str) -> Style {
        self.slots
            .get(slot)
            .or_else(|| self.slots.get("base"))
            .copied()
            .unwrap_or_default()
    }

    pub fn border(&self, focused: bool) -> Style {
        self.style(if focused {
            "pane.border_focused"
        } else {
            "pane.border"
        })
    }

    pub fn pane_title(&self, focused: bool) -> Style {
        self.style(if focused {
            "pane.title_focused"
        } else {
            "pane.title"
        })
    }

    /// Loads a theme by name: the built-in one, then the user's file of that name over it.
    /// With `no_color`, colours are dropped and selection is shown by reverse video.
    pub fn load(name: &str, user_dir: Option<&Path>, no_color: bool) -> (Theme, Vec<String>) {
        let mut problems = Vec::new();
        let builtin = BUILTIN.iter().find(|(n, _)| *n == name).map(|(_, t)| *t);
        let user_file = user_dir.map(|d| d.join(format!("{name}.toml")));
        let user_text = user_file
            .as_ref()
            .and_then(|f| std::fs::read_to_string(f).ok());
        if builtin.is_none() && user_text.is_none() {
            problems.push(format!(
                "theme {name:?} not found (built in: dark, light, high-contrast); using dark"
            ));
        }
        let base_text = builtin.unwrap_or(BUILTIN[0].1);
        let mut theme = Theme {
            name: name.to_string(),
            slots: HashMap::new(),
        };
        theme.apply(base_text, "built-in", &mut problems);
        if let Some(text) = user_text {
            // The status bar is narrow: name the file, not its whole path.
            let shown = format!("themes/{name}.toml");
            theme.apply(&text, &shown, &mut problems);
        }
        if no_color {
            theme.strip_colours();
        }
        (theme, problems)
    }

    fn apply(&mut self, text: &str, origin: &str, problems: &mut Vec<String>) {
        let table: toml::Table = match toml::from_str(text) {
            Ok(t) => t,
            Err(e) => {
                let first = e.message().lines().next().unwrap_or("invalid TOML");
                problems.push(format!("{origin}: {first}"));
                return;
            }
        };
        let mut flat = Vec::new();
        flatten("", &table, &mut flat);
        for (slot, value) in flat {
            let Some(known) = SLOTS.iter().find(|s| **s == slot) else {
                problems.push(format!("{origin}: unknown theme slot {slot:?}"));
                continue;
            };
            match parse_style(value) {
                Ok(style) => {
                    self.slots.insert(known, style);
                }
                Err(e) => problems.push(format!("{origin}: {slot}: {e}")),
            }
        }
    }

    fn strip_colours(&mut self) {
        for (slot, style) in self.slots.iter_mut() {
            let mut s = Style::default().add_modifier(style.add_modifier);
            if *slot == "list.selected" {
                s = s.add_modifier(Modifier::REVERSED);
            }
            if slot.ends_with(".match") {
                s = s.add_modifier(Modifier::UNDERLINED);
            }
            *style = s;
        }
    }
}

/// Turns `[list] unread = {...}` into ("list.unread", {...}); `name` is not a slot.
fn flatten<'a>(prefix: &str, table: &'a toml::Table, out: &mut Vec<(String, &'a toml::Value)>) {
    for (k, v) in table {
        let key = if prefix.is_empty() {
            k.clone()
        } else {
            format!("{prefix}.{k}")
        };
        match v {
            toml::Value::Table(t) if !is_style(t) => flatten(&key, t, out),
            _ if prefix.is_empty() && k == "name" => {}
            _ => out.push((key, v)),
        }
    }
}

fn is_style(t: &toml::Table) -> bool {
    const FIELDS: &[&str] = &["fg", "bg", "bold", "italic", "underline", "reversed", "dim"];
    t.keys().all(|k| FIELDS.contains(&k.as_str()))
}

fn parse_style(v: &toml::Value) -> Result<Style, String> {
    let t = v
        .as_table()
        .ok_or("a style is a table like { fg = \"cyan\" }")?;
    let mut style = Style::default();
    for (k, v) in t {
        match k.as_str() {
            "fg" => style = style.fg(parse_colour(v)?),
            "bg" => style = style.bg(parse_colour(v)?),
            flag => {
                let on = v.as_bool().ok_or(format!("{flag} must be true or false"))?;
                let m = match flag {
                    "bold" => Modifier::BOLD,
                    "italic" => Modifier::ITALIC,
                    "underline" => Modifier::UNDERLINED,
                    "reversed" => Modifier::REVERSED,
                    "dim" => Modifier::DIM,
                    _ => return Err(format!("unknown style field {flag:?}")),
                };
                if on {
                    style = style.add_modifier(m);
                }
            }
        }
    }
    Ok(style)
}

/// The 16 ANSI names (so a theme reads well in a 16-colour terminal), `reset`, `#rrggbb`, or
/// a 256-colour index.
fn parse_colour(v: &toml::Value) -> Result<Color, String> {
    if let Some(i) = v.as_integer() {
        return u8::try_from(i)
            .map(Color::Indexed)
            .map_err(|_| format!("colour index {i} is not 0-255"));
    }
    let s = v
        .as_str()
        .ok_or("a colour is a name, \"#rrggbb\" or 0-255")?;
    s.parse::<Color>()
        .map_err(|_| format!("unknown colour {s:?}"))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn builtin_themes_are_complete_and_clean() {
        for (name, _) in BUILTIN {
            let (theme, problems) = Theme::load(name, None, false);
            assert!(problems.is_empty(), "{name}: {problems:?}");
            for slot in SLOTS {
                assert!(theme.slots.contains_key(slot), "{name} lacks {slot}");
            }
        }
    }

    #[test]
    fn builtin_themes_use_only_the_16_ansi_colours() {
        for (name, _) in BUILTIN {
            let (theme, _) = Theme::load(name, None, false);
            for (slot, style) in &theme.slots {
                for c in [style.fg, style.bg].into_iter().flatten() {
                    assert!(
                        !matches!(c, Color::Rgb(..) | Color::Indexed(_)),
                        "{name}.{slot} uses {c:?}"
                    );
                }
            }
        }
    }

    #[test]
    fn user_file_overrides_by_slot_and_bad_slots_are_reported() {
        let dir = tempfile::tempdir().unwrap();
        std::fs::write(
            dir.path().join("dark.toml"),
            "[list]\nunread = { fg = \"#ff0000\" }\nbogus = { fg = \"red\" }\n",
        )
        .unwrap();
        let (theme, problems) = Theme::load("dark", Some(dir.path()), false);
        assert_eq!(theme.style("list.unread").fg, Some(Color::Rgb(255, 0, 0)));
        assert_eq!(problems.len(), 1, "{problems:?}");
        let (dark, _) = Theme::load("dark", None, false);
        assert_eq!(theme.style("reader.body"), dark.style("reader.body"));
    }

    #[test]
    fn no_color_keeps_selection_visible() {
        let (theme, _) = Theme::load("dark", None, true);
        let sel = theme.style("list.selected");
        assert_eq!(sel.fg, None);
        assert_eq!(sel.bg, None);
        assert!(sel.add_modifier.contains(Modifier::REVERSED));
    }
}
