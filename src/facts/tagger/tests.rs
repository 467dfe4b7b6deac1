//! The tagger on sentences whose names are known.

use super::*;

const SENTENCE: &str = "التقى وزير الخارجية سامح شكري نظيره الأردني أيمن الصفدي في عمان أمس .";

#[test]
fn compiled_in_weights_load() {
    assert!(
        Model::from_bytes(WEIGHTS).is_some(),
        "tagger.bin does not parse"
    );
    assert!(model().is_some());
    // A bad file gives no model rather than a panic.
    assert!(Model::from_bytes(b"").is_none());
    assert!(Model::from_bytes(&WEIGHTS[..WEIGHTS.len() - 3]).is_none());
    let mut wrong = WEIGHTS.to_vec();
    wrong[0] = b'X';
    assert!(Model::from_bytes(&wrong).is_none());
}

#[test]
fn tags_a_person_and_a_place() {
    let found = tag_text(SENTENCE);
    let chars: Vec<char> = SENTENCE.chars().collect();
    let named: Vec<(String, Kind)> = found
        .iter()
        .map(|&(s, e, k)| (chars[s..e].iter().collect(), k))
        .collect();
    assert!(
        named.contains(&("أيمن الصفدي".to_string(), Kind::Person)),
        "{named:?}"
    );
    assert!(
        named.contains(&("عمان".to_string(), Kind::Place)),
        "{named:?}"
    );
    assert!(
        !named.iter().any(|(t, _)| t.contains("الأردني")),
        "a gentilic is no name: {named:?}"
    );
}

#[test]
fn tagging_is_deterministic() {
    let a = tag_text(SENTENCE);
    for _ in 0..3 {
        assert_eq!(tag_text(SENTENCE), a);
    }
    let m = Model::from_bytes(WEIGHTS).expect("weights");
    let enc = encode(SENTENCE);
    assert_eq!(m.tags(&enc), m.tags(&encode(SENTENCE)));
}

#[test]
fn english_text_is_left_to_the_rules() {
    assert!(tag_text("President Biden met Emmanuel Macron in Paris.").is_empty());
}

#[test]
fn written_weights_read_back() {
    let mut w = vec![0f32; (1 << BITS) * NTAGS];
    w[5 * NTAGS + 1] = 2.5;
    w[9 * NTAGS + 3] = -1.0;
    w[11 * NTAGS] = 0.01;
    let mut bytes = Vec::new();
    assert_eq!(
        write_model(&w, 0.05, &mut bytes),
        2,
        "the small row is pruned"
    );
    let m = Model::from_bytes(&bytes).expect("read back");
    assert_eq!(m.row(5).map(|r| r[1]), Some(32767));
    assert_eq!(m.row(9).map(|r| r[3]), Some(-13107));
    assert_eq!(m.row(11), None);
    assert_eq!(m.row(6), None);
}

#[test]
fn bio_constraint_and_spans() {
    assert!(allowed(1, 2) && allowed(2, 2) && allowed(0, 1));
    assert!(!allowed(0, 2) && !allowed(3, 2) && !allowed(1, 4));
    assert_eq!(
        spans_of(&[0, 1, 2, 0, 3, 5, 6, 6]),
        vec![
            (1, 3, Kind::Person),
            (4, 5, Kind::Place),
            (5, 8, Kind::Organization)
        ]
    );
}

#[test]
fn stems_lose_their_proclitics() {
    assert_eq!(stem("والقاهره"), "قاهره");
    assert_eq!(stem("للرئيس"), "رئيس");
    assert_eq!(stem("مصر"), "مصر");
}
