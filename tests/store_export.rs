//! Export: JSON parses and carries every field (facts from the cache), Markdown shows every
//! title, OPML is well-formed XML listing the sources with their names escaped.

mod store_common;

use akhbar::store::{Change, ExportFormat, Op, Store, View};
use quick_xml::events::Event;
use store_common::{article, articles, memory};

fn export(store: &Store, view: View, tag: Option<&str>, format: ExportFormat) -> String {
    let mut out = Vec::new();
    store.export(view, tag, format, &mut out).unwrap();
    String::from_utf8(out).expect("UTF-8 output")
}

/// A store of 9 articles: 0..3 starred, 0 and 1 tagged "gulf", 2 archived, 0 with a note and
/// cached facts.
fn sample() -> (Store, Vec<i64>) {
    let mut store = memory();
    let ids = store.import(&articles(9)).unwrap().ids;
    store
        .apply(&Change::new(ids[..3].to_vec(), Op::Star(true)))
        .unwrap();
    store
        .apply(&Change::new(ids[..2].to_vec(), Op::AddTag("gulf".into())))
        .unwrap();
    store
        .apply(&Change::new(vec![ids[2]], Op::Archive(true)))
        .unwrap();
    store
        .apply(&Change::new(
            vec![ids[0]],
            Op::SetNote(Some("follow <up> & \"check\"".into())),
        ))
        .unwrap();
    store
        .put_facts(ids[0], 1, r#"{"dates":["2024-01-01"]}"#)
        .unwrap();
    (store, ids)
}

#[test]
fn json_is_one_valid_array_with_every_field() {
    let (store, ids) = sample();
    let text = export(&store, View::Starred, None, ExportFormat::Json);
    let value: serde_json::Value = serde_json::from_str(&text).expect("valid JSON");
    let items = value.as_array().expect("an array");
    assert_eq!(items.len(), 3);
    // One article per line inside the brackets.
    assert_eq!(text.lines().count(), 3 + 2);
    let first = items
        .iter()
        .find(|i| i["id"] == ids[0])
        .expect("article 0 exported");
    let a = article(0);
    assert_eq!(first["title"], a.title.as_str());
    assert_eq!(first["key"], "a0");
    assert_eq!(first["source"], a.source.as_deref().unwrap());
    assert_eq!(first["date"], a.date.unwrap().to_string().as_str());
    assert_eq!(first["url"], a.url.as_deref().unwrap());
    assert_eq!(first["lang"], "ar");
    assert_eq!(first["dir"], "rtl");
    assert_eq!(first["tags"], serde_json::json!(["gulf"]));
    assert_eq!(first["note"], "follow <up> & \"check\"");
    assert_eq!(first["starred"], true);
    assert_eq!(first["read"], false);
    assert_eq!(first["archived"], false);
    assert_eq!(first["facts"]["dates"][0], "2024-01-01");
    assert_eq!(
        first["paragraphs"][0]["text"],
        a.paragraphs[0].text.as_str()
    );
    assert_eq!(first["paragraphs"][1]["lang"], "mixed");
    let other = items.iter().find(|i| i["id"] == ids[1]).unwrap();
    assert!(other["facts"].is_null() && other["note"].is_null());
}

#[test]
fn json_of_an_empty_view_is_an_empty_array() {
    let store = memory();
    let text = export(&store, View::All, None, ExportFormat::Json);
    assert_eq!(
        serde_json::from_str::<serde_json::Value>(&text).unwrap(),
        serde_json::json!([])
    );
}

#[test]
fn a_tag_narrows_the_export() {
    let (store, ids) = sample();
    let text = export(&store, View::All, Some("GULF"), ExportFormat::Json);
    let value: serde_json::Value = serde_json::from_str(&text).unwrap();
    let mut got: Vec<i64> = value
        .as_array()
        .unwrap()
        .iter()
        .map(|i| i["id"].as_i64().unwrap())
        .collect();
    got.sort();
    assert_eq!(got, ids[..2].to_vec());
    let none = export(&store, View::All, Some("absent"), ExportFormat::Json);
    assert_eq!(
        serde_json::from_str::<serde_json::Value>(&none).unwrap(),
        serde_json::json!([])
    );
}

#[test]
fn markdown_has_every_title_and_the_body() {
    let (store, _) = sample();
    let text = export(&store, View::All, None, ExportFormat::Markdown);
    assert!(text.starts_with("# akhbar: all\n"));
    for n in 0..9 {
        let a = article(n);
        assert!(
            text.contains(&format!("\n## {}\n", a.title)),
            "title {n} missing"
        );
        assert!(text.contains(&a.paragraphs[0].text), "body {n} missing");
    }
    assert!(text.contains("Tags: gulf"));
    assert!(text.contains("> Note: follow \\<up\\> & \"check\""));
    assert!(text.contains("<https://example.com/news/0>"));
}

#[test]
fn opml_is_well_formed_and_lists_the_sources() {
    let (store, _) = sample();
    let text = export(&store, View::All, None, ExportFormat::Opml);
    let mut reader = quick_xml::Reader::from_str(&text);
    reader.config_mut().check_end_names = true;
    let mut outlines = Vec::new();
    let mut root = None;
    loop {
        match reader.read_event().expect("well-formed XML") {
            Event::Eof => break,
            Event::Start(e) | Event::Empty(e) => {
                let name = String::from_utf8(e.name().as_ref().to_vec()).unwrap();
                if root.is_none() {
                    let version = e.try_get_attribute("version").unwrap().unwrap();
                    assert_eq!(version.unescape_value().unwrap(), "2.0");
                    root = Some(name.clone());
                }
                if name == "outline" {
                    let text = e
                        .try_get_attribute("text")
                        .unwrap()
                        .expect("text attribute");
                    outlines.push(text.unescape_value().unwrap().into_owned());
                }
            }
            _ => {}
        }
    }
    assert_eq!(root.as_deref(), Some("opml"));
    assert_eq!(outlines, vec!["Al Jazeera", "BBC", "Reuters & Co <x>"]);
    // Only the sources of the exported view.
    let archived = export(&store, View::Archived, None, ExportFormat::Opml);
    assert_eq!(archived.matches("<outline").count(), 1);
}

#[test]
fn formats_parse_by_name() {
    assert_eq!(ExportFormat::parse("JSON"), Some(ExportFormat::Json));
    assert_eq!(ExportFormat::parse("md"), Some(ExportFormat::Markdown));
    assert_eq!(ExportFormat::parse("opml"), Some(ExportFormat::Opml));
    assert_eq!(ExportFormat::parse("csv"), None);
}
