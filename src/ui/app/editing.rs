//! The keys of every one-line text field (the filter line, the tag and note prompts), as
//! readline and fzf users expect them: `Ctrl-u` clears to the start of the line (not
//! tui-textarea's undo), `Ctrl-w` and `Alt-Backspace` delete a word back, `Alt-d` a word
//! forward, `Ctrl-a`/`Ctrl-e` go to the start/end, `Alt-b`/`Alt-f` move by words, `Ctrl-k`
//! deletes to the end. The rest is tui-textarea's own editing.

use crossterm::event::{KeyCode, KeyEvent, KeyModifiers};
use tui_textarea::{CursorMove, TextArea};

/// Applies one key to a one-line editor; returns whether the text may have changed.
pub(super) fn edit_line(input: &mut TextArea<'static>, key: KeyEvent) -> bool {
    let ctrl = key.modifiers.contains(KeyModifiers::CONTROL);
    let alt = key.modifiers.contains(KeyModifiers::ALT);
    match key.code {
        KeyCode::Char('u' | 'U') if ctrl => input.delete_line_by_head(),
        KeyCode::Char('k' | 'K') if ctrl => input.delete_line_by_end(),
        KeyCode::Char('w' | 'W') if ctrl => input.delete_word(),
        KeyCode::Backspace if alt || ctrl => input.delete_word(),
        KeyCode::Char('d') if alt => input.delete_next_word(),
        KeyCode::Char('a' | 'A') if ctrl => move_to(input, CursorMove::Head),
        KeyCode::Char('e' | 'E') if ctrl => move_to(input, CursorMove::End),
        KeyCode::Char('b') if alt => move_to(input, CursorMove::WordBack),
        KeyCode::Char('f') if alt => move_to(input, CursorMove::WordForward),
        // One line only: a newline would make a second line of text.
        KeyCode::Enter => false,
        KeyCode::Char('m' | 'j' | 'M' | 'J') if ctrl => false,
        _ => input.input(key),
    }
}

fn move_to(input: &mut TextArea<'static>, to: CursorMove) -> bool {
    input.move_cursor(to);
    false
}

#[cfg(test)]
mod tests {
    use super::*;

    fn typed(text: &str) -> TextArea<'static> {
        let mut t = TextArea::default();
        t.insert_str(text);
        t
    }

    fn k(code: KeyCode, mods: KeyModifiers) -> KeyEvent {
        KeyEvent::new(code, mods)
    }

    #[test]
    fn readline_keys() {
        let ctrl = KeyModifiers::CONTROL;
        let alt = KeyModifiers::ALT;
        let mut t = typed("باكو tag:later");
        edit_line(&mut t, k(KeyCode::Char('w'), ctrl));
        assert_eq!(t.lines()[0], "باكو tag:");
        edit_line(&mut t, k(KeyCode::Char('a'), ctrl));
        assert_eq!(t.cursor(), (0, 0));
        edit_line(&mut t, k(KeyCode::Char('f'), alt));
        assert!(t.cursor().1 > 0);
        edit_line(&mut t, k(KeyCode::Char('e'), ctrl));
        assert_eq!(t.cursor().1, "باكو tag:".chars().count());
        edit_line(&mut t, k(KeyCode::Char('u'), ctrl));
        assert_eq!(t.lines()[0], "", "Ctrl-u clears the line");
        edit_line(&mut t, k(KeyCode::Enter, KeyModifiers::NONE));
        assert_eq!(t.lines().len(), 1);
    }
}
