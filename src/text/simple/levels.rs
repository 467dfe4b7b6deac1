//! Bidi levels for the simple-character layout: the paragraph's levels (rules P3-I2, with
//! shortcuts where the classes alone decide them) and a line's levels and runs (L1, L2).

use super::*;

/// Resolve the level of every character of the paragraph into `s.para_levels` (rules
/// P3–I2). Shortcuts for paragraphs whose levels follow from their classes alone: all at
/// the paragraph level when nothing can go the other way, and [`resolve_rtl_without_ltr`]
/// for right-to-left paragraphs with numbers but nothing left-to-right; unicode-bidi for
/// the rest.
pub(super) fn resolve_levels(
    s: &mut Scratch,
    text: &str,
    props: Props,
    rtl: bool,
    summary: &Summary,
) {
    let para = u8::from(rtl);
    s.para_levels.clear();
    let by_unicode_bidi = |s: &mut Scratch| {
        let level = if rtl { Level::rtl() } else { Level::ltr() };
        let info = ParagraphBidiInfo::new_with_data_source(&FastBidiData(props), text, Some(level));
        s.para_levels.extend(s.chars.iter().map(|ch| {
            info.levels
                .get(ch.pos as usize)
                .map_or(para, |l| l.number())
        }));
    };
    if summary.explicit || (rtl && summary.ltr) || (!rtl && summary.rtl) {
        by_unicode_bidi(s);
    } else if !rtl || !summary.number {
        // LTR without anything right-to-left (numbers become L by W7), or RTL without
        // anything left-to-right or numeric: every neutral resolves to the paragraph's
        // direction.
        s.para_levels.resize(s.chars.len(), para);
    } else if !summary.bn {
        resolve_rtl_without_ltr(s);
    } else {
        by_unicode_bidi(s);
    }
}

/// Levels of an RTL paragraph with no L character, no explicit embedding, override or
/// isolate, and no BN: one isolating run sequence at level 1 between sos = eos = R. Every
/// neutral resolves to R (N0–N2: numbers count as R, there is no L), so a character ends at
/// level 2 if the weak rules make it EN or AN and at level 1 otherwise. The weak rules
/// (W1–W6; W7 has no L to act on) follow unicode-bidi's `resolve_weak` step for step,
/// including its look at the next character's class before W1/W2 in rule W4.
fn resolve_rtl_without_ltr(s: &mut Scratch) {
    use BidiClass::*;
    let Scratch {
        chars,
        para_levels,
        classes,
        et_run,
        ..
    } = s;
    classes.clear();
    classes.extend(chars.iter().map(|ch| ch.info.class));
    et_run.clear();
    let mut prev_w1 = R;
    let mut prev_w4 = R;
    let mut prev_w5 = R;
    let mut last_strong_is_al = false;
    for i in 0..classes.len() {
        let mut class = classes[i];
        // W1: a mark takes the class of what precedes it.
        if class == NSM {
            class = prev_w1;
        }
        let w2_class = class;
        prev_w1 = class;
        // W2, W3.
        match class {
            EN if last_strong_is_al => class = AN,
            AL => class = R,
            _ => {}
        }
        match w2_class {
            L | R => last_strong_is_al = false,
            AL => last_strong_is_al = true,
            _ => {}
        }
        let before_w456 = class;
        match class {
            EN => {
                // W5: terminators before a European number join it.
                for &j in et_run.iter() {
                    classes[j] = EN;
                }
                et_run.clear();
            }
            ES | CS => {
                // W4, W6 (separators).
                let mut next = classes.get(i + 1).copied().unwrap_or(R);
                if next == EN && last_strong_is_al {
                    next = AN;
                }
                class = match (prev_w4, class, next) {
                    (EN, ES, EN) | (EN, CS, EN) => EN,
                    (AN, CS, AN) => AN,
                    _ => ON,
                };
            }
            ET => {
                if prev_w5 == EN {
                    class = EN;
                } else {
                    et_run.push(i);
                }
            }
            _ => {}
        }
        classes[i] = class;
        prev_w5 = class;
        if class != ET {
            // W6 (terminators): no European number after them.
            for &j in et_run.iter() {
                classes[j] = ON;
            }
            et_run.clear();
        }
        prev_w4 = before_w456;
    }
    for &j in et_run.iter() {
        classes[j] = ON;
    }
    para_levels.clear();
    para_levels.extend(
        classes
            .iter()
            .map(|&c| if matches!(c, EN | AN) { 2 } else { 1 }),
    );
}

/// Levels of characters `a..b` after rule L1 (unicode-bidi's `reorder_levels`, per
/// character), into `s.levels` indexed from `a`.
pub(super) fn line_levels(s: &mut Scratch, a: usize, b: usize, para: u8) {
    let Scratch {
        chars,
        para_levels,
        levels,
        ..
    } = s;
    levels.clear();
    levels.extend_from_slice(&para_levels[a..b]);
    use BidiClass::*;
    let mut reset_from: Option<usize> = Some(0);
    let mut reset_to: Option<usize> = None;
    let mut prev_level = para;
    for (j, ch) in chars[a..b].iter().enumerate() {
        match ch.info.class {
            B | S => {
                reset_to = Some(j + 1);
                if reset_from.is_none() {
                    reset_from = Some(j);
                }
            }
            WS | FSI | LRI | RLI | PDI => {
                if reset_from.is_none() {
                    reset_from = Some(j);
                }
            }
            RLE | LRE | RLO | LRO | PDF | BN => {
                if reset_from.is_none() {
                    reset_from = Some(j);
                }
                levels[j] = prev_level;
            }
            _ => reset_from = None,
        }
        if let (Some(from), Some(to)) = (reset_from, reset_to) {
            levels[from..to].fill(para);
            reset_from = None;
            reset_to = None;
        }
        prev_level = levels[j];
    }
    if let Some(from) = reset_from {
        levels[from..].fill(para);
    }
}

/// Runs of equal level of the line starting at `a`, in visual order (rule L2), into
/// `s.runs` as character ranges.
pub(super) fn line_runs(s: &mut Scratch, a: usize) {
    let Scratch { levels, runs, .. } = s;
    runs.clear();
    let Some(&first) = levels.first() else {
        return;
    };
    let (mut min, mut max) = (first, first);
    let mut start = 0;
    for j in 1..levels.len() {
        if levels[j] != levels[start] {
            runs.push(a + start..a + j);
            start = j;
            min = min.min(levels[j]);
            max = max.max(levels[j]);
        }
    }
    runs.push(a + start..a + levels.len());
    let level = |r: &Range<usize>| levels[r.start - a];
    let lowest_odd = min | 1;
    while max >= lowest_odd {
        let mut seq_start = 0;
        while seq_start < runs.len() {
            if level(&runs[seq_start]) < max {
                seq_start += 1;
                continue;
            }
            let mut seq_end = seq_start + 1;
            while seq_end < runs.len() && level(&runs[seq_end]) >= max {
                seq_end += 1;
            }
            runs[seq_start..seq_end].reverse();
            seq_start = seq_end;
        }
        max -= 1;
    }
}
