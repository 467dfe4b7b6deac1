//! Patterns of one and two chars, scored in one pass over the title each (most keystrokes of
//! a filter being typed are these): the same numbers the two-row matrix gives, without it.

use super::*;

/// Two pattern chars in one pass, what `Scorer::sparse` comes to for two rows: the
/// first char's matches score their bonus (a skip from the start row), and the second
/// char's, after any first-char match, the better of following one directly (with the
/// consecutive bonus) or after a gap from the best of them (`best`: the most of
/// `score + column` over first-char matches at least two columns back).
pub(super) fn two<C: Choice>(choice: C, pattern: &Pattern) -> Option<i32> {
    let (bit0, bit1) = (1u32, 2u32);
    let mut best_far = NEG_INFINITY; // first-char matches two or more columns back
    let mut left: Option<i32> = None; // a first-char match in the column just before
    let mut seen_first = false;
    let mut result: Option<i32> = None;
    let window = choice.window(pattern);
    let mut prev = window.prev;
    for (j, (k, mask, exact)) in choice.classes_in(pattern, &window).enumerate() {
        let j = j + window.from;
        let mut this_first = None;
        if mask != 0 {
            let mut bonus = in_place_bonus(prev, k);
            if j == 0 {
                bonus *= FIRST_CHAR_MULTIPLIER;
            }
            let col = j as i32 + 1;
            if mask & bit1 != 0 && seen_first {
                let x = col - 1;
                let by_match = left.map_or(NEG_INFINITY, |m| m + bonus.max(BONUS_CONSECUTIVE));
                let by_skip = best_far.saturating_add(GAP_START + GAP_EXTENSION + 1) - x + bonus;
                let score = if exact & bit1 != 0 {
                    SCORE_MATCH
                } else {
                    (SCORE_MATCH + PENALTY_CASE_MISMATCH).max(0)
                };
                let m = by_match.max(by_skip) + score;
                result = Some(result.map_or(m, |r| r.max(m)));
            }
            if mask & bit0 != 0 {
                let score = if exact & bit0 != 0 {
                    SCORE_MATCH
                } else {
                    (SCORE_MATCH + PENALTY_CASE_MISMATCH).max(0)
                };
                this_first = Some((GAP_EXTENSION + bonus + score, col));
            }
        }
        // The match one column back moves out of reach of a direct follow.
        if let Some(m) = left.take() {
            best_far = best_far.max(m + j as i32);
        }
        if let Some((m, _)) = this_first {
            left = Some(m);
            seen_first = true;
        }
        prev = k;
        // The most a later column can give: a first-char match there (at most a word
        // start's bonus and an exact match) followed directly or after a gap, the one
        // here followed directly or after a gap, or a gap after those further back.
        if let Some(r) = result {
            let here = left.unwrap_or(NEG_INFINITY);
            let later_first = GAP_EXTENSION + BONUS_HEAD + SCORE_MATCH;
            // Followed directly: the first char's score, the follow bonus and the match.
            let direct = |m: i32| m.saturating_add(pattern.follow_bonus + SCORE_MATCH);
            // After a gap: a first-char match's score plus its column, less the gap to
            // column `x`, plus at most a word start's bonus and the match.
            let gap = |m_col: i32, x: i32| {
                m_col.saturating_add(GAP_START + GAP_EXTENSION + 1 - x + BONUS_HEAD + SCORE_MATCH)
            };
            let j = j as i32;
            let bound = direct(later_first)
                .max(gap(later_first + j + 2, j + 3))
                .max(direct(here))
                .max(gap(here.saturating_add(j + 1), j + 2))
                .max(gap(best_far, j + 1));
            if r >= bound {
                break;
            }
        }
    }
    result
}

/// One pattern char: the best single match, a skip from the start row plus the bonus of
/// where it lands (what the two-row matrix comes to for one row).
pub(super) fn one<C: Choice>(choice: C, pattern: &Pattern) -> Option<i32> {
    let mut best = None;
    let window = choice.window(pattern);
    let mut prev = window.prev;
    for (j, (k, mask, exact)) in choice.classes_in(pattern, &window).enumerate() {
        if mask & 1 != 0 {
            let mut bonus = in_place_bonus(prev, k);
            if j + window.from == 0 {
                bonus *= FIRST_CHAR_MULTIPLIER;
            }
            // Equal, or equal but for case (smart case).
            let score = if exact & 1 != 0 {
                SCORE_MATCH
            } else {
                (SCORE_MATCH + PENALTY_CASE_MISMATCH).max(0)
            };
            best = best.max(Some(GAP_EXTENSION + bonus + score));
            // The most any later char can score: a word start's bonus (only the first
            // char doubles it) and an exact match. Reached, the rest cannot beat it.
            if bonus >= BONUS_HEAD && score == SCORE_MATCH {
                break;
            }
        }
        prev = k;
    }
    best
}
