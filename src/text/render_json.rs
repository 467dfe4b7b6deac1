//! `akhbar render` output: laid-out paragraphs as plain text, or as the JSON contract of the
//! `bidi-oracle` reference tool (`bidi-oracle --check` verifies it against GNU FriBidi).

use serde_json::{json, Value};

use super::layout::layout;
use super::{Base, LayoutOptions};

/// The bidi-oracle JSON contract for `paragraphs` laid out with `opts`:
/// `{"width","shaped","base","paragraphs":[...],"lines":[{"para","logical","visual","rtl"}]}`.
///
/// `para` is the paragraph's index, `logical` the line's unshaped logical text (a substring
/// of the paragraph), `visual` the line as drawn from column 0 (`padded_text`). Empty
/// paragraphs are listed but have no lines.
pub fn render_json(paragraphs: &[String], opts: &LayoutOptions) -> Value {
    let mut lines = Vec::new();
    for (para, text) in paragraphs.iter().enumerate() {
        for line in layout(text, opts) {
            lines.push(json!({
                "para": para,
                "logical": text.get(line.logical.clone()).unwrap_or(""),
                "visual": line.padded_text(),
                "rtl": line.rtl,
            }));
        }
    }
    json!({
        "width": opts.width_cells,
        "shaped": opts.shaping,
        "base": base_name(opts.base),
        "paragraphs": paragraphs,
        "lines": lines,
    })
}

/// `paragraphs` laid out with `opts` as plain text: one visual line (indent included) per
/// line of output, a blank line between paragraphs, a final newline.
pub fn render_text(paragraphs: &[String], opts: &LayoutOptions) -> String {
    let mut out = Vec::new();
    // Writing to a Vec cannot fail.
    let _ = write_text(paragraphs, opts, &mut out);
    String::from_utf8(out).unwrap_or_default()
}

/// [`render_text`] written as it is laid out, one paragraph at a time: memory stays that of
/// the longest paragraph, whatever the article's length.
pub fn write_text(
    paragraphs: &[String],
    opts: &LayoutOptions,
    out: &mut impl std::io::Write,
) -> std::io::Result<()> {
    for (i, text) in paragraphs.iter().enumerate() {
        if i > 0 {
            out.write_all(b"\n")?;
        }
        for line in layout(text, opts) {
            out.write_all(line.padded_text().as_bytes())?;
            out.write_all(b"\n")?;
        }
    }
    Ok(())
}

/// The contract's name for a direction policy.
fn base_name(base: Base) -> &'static str {
    match base {
        Base::Auto => "auto",
        Base::Rtl => "rtl",
        Base::Ltr => "ltr",
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn json_contract_shape() {
        let paras = vec![
            "مرحبا بالعالم".to_owned(),
            String::new(),
            "Hello".to_owned(),
        ];
        let mut opts = LayoutOptions::new(10);
        opts.shaping = false;
        let v = render_json(&paras, &opts);
        assert_eq!(v["width"], 10);
        assert_eq!(v["shaped"], false);
        assert_eq!(v["base"], "auto");
        assert_eq!(v["paragraphs"].as_array().map(Vec::len), Some(3));
        let lines = v["lines"].as_array().cloned().unwrap_or_default();
        assert_eq!(lines.len(), 3);
        assert_eq!(lines[0]["logical"], "مرحبا");
        assert_eq!(lines[0]["visual"], "     ابحرم");
        assert_eq!(lines[0]["rtl"], true);
        assert_eq!(lines[1]["logical"], "بالعالم");
        assert_eq!(lines[2]["para"], 2);
        assert_eq!(lines[2]["visual"], "Hello");
        assert_eq!(lines[2]["rtl"], false);
    }

    #[test]
    fn text_has_blank_line_between_paragraphs() {
        let paras = vec!["abc".to_owned(), "مرحبا".to_owned()];
        let opts = LayoutOptions::new(6);
        let shaped = "\u{FEE3}\u{FEAE}\u{FEA3}\u{FE92}\u{FE8E}";
        let visual: String = shaped.chars().rev().collect();
        assert_eq!(render_text(&paras, &opts), format!("abc\n\n {visual}\n"));
    }
}
