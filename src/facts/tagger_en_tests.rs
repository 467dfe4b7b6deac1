//! Tests of the English name tagger ([`super`]).
use super::*;

fn named(text: &str) -> Vec<(String, Kind)> {
    let chars: Vec<char> = text.chars().collect();
    tag_text(text)
        .into_iter()
        .map(|(s, e, k)| (chars[s..e].iter().collect(), k))
        .collect()
}

#[test]
fn compiled_in_weights_load() {
    let m = Model::from_bytes(WEIGHTS).expect("tagger_en.bin does not parse");
    assert!(model().is_some());
    // The English table is the smaller one.
    let enc = encode("Anna lives in Oslo.");
    assert!(enc.feats.iter().all(|&f| f <= MASK));
    assert_eq!(m.tags(&enc).len(), enc.len());
}

#[test]
fn tags_people_places_and_organizations() {
    let text = "Last spring Maria Gonzalez moved from Chicago to Toronto, where she now \
                works for the World Health Organization.";
    let found = named(text);
    assert!(
        found.contains(&("Maria Gonzalez".to_string(), Kind::Person)),
        "{found:?}"
    );
    assert!(
        found.contains(&("Chicago".to_string(), Kind::Place)),
        "{found:?}"
    );
    assert!(
        found.contains(&("Toronto".to_string(), Kind::Place)),
        "{found:?}"
    );
    assert!(
        found.contains(&("World Health Organization".to_string(), Kind::Organization)),
        "{found:?}"
    );
    assert!(
        !found.iter().any(|(t, _)| t == "Last"),
        "a capitalized first word is no name: {found:?}"
    );
}

#[test]
fn lower_case_chatter_has_no_names() {
    assert!(named("i think we should go home now, it is late and cold.").is_empty());
}

#[test]
fn arabic_text_is_left_to_the_arabic_model() {
    assert!(tag_text("التقى وزير الخارجية سامح شكري نظيره في عمان أمس .").is_empty());
    let p = Para::new("Cairo القاهرة");
    assert!(!is_latin_para(&p));
    assert!(is_latin_para(&Para::new("We met in Zürich.")));
}

#[test]
fn case_classes_and_shapes() {
    let p = Para::new("NASA and Nasa and nasa , McDonald's 42 U.S.");
    let class = |i| case_shape(&p, i).0;
    assert_eq!(class(0), C_CAPS);
    assert_eq!(class(2), C_CAP);
    assert_eq!(class(4), C_LOWER);
    assert_eq!(class(5), C_PUNCT);
    assert_eq!(class(6), C_CAP);
    assert_eq!(class(7), C_DIGITS);
    assert_eq!(class(8), C_ONE);
    // Same shape for words alike, another for a word that differs in case.
    assert_eq!(case_shape(&p, 2).1, case_shape(&Para::new("Mars"), 0).1);
    assert_ne!(case_shape(&p, 0).1, case_shape(&p, 2).1);
}

#[test]
fn people_run_together_are_split() {
    let p = Para::new("Anna Anna , Tom Reed Sara Lind and Ivo Kral");
    let per = |a, b| (a, b, Kind::Person);
    assert_eq!(
        split_people(&p, vec![per(0, 2), per(3, 7), per(8, 10)]),
        vec![per(0, 1), per(1, 2), per(3, 5), per(5, 7), per(8, 10)]
    );
    // Places are left as they are.
    let place = vec![(3, 7, Kind::Place)];
    assert_eq!(split_people(&p, place.clone()), place);
}

#[test]
fn glued_pieces_and_initials_are_joined() {
    let p = Para::new("the U.S and Anna K. Berg , AT & T");
    let s = |a, b, k| (a, b, k);
    assert_eq!(
        join_glued(
            &p,
            vec![
                s(1, 2, Kind::Place),
                s(3, 4, Kind::Place),
                s(5, 7, Kind::Person),
                s(8, 9, Kind::Person),
                s(10, 11, Kind::Organization),
                s(12, 13, Kind::Organization),
            ]
        ),
        vec![
            s(1, 4, Kind::Place),
            s(5, 9, Kind::Person),
            // Spaced out: two names.
            s(10, 11, Kind::Organization),
            s(12, 13, Kind::Organization),
        ]
    );
}

#[test]
fn addresses_and_file_names_hold_no_names() {
    let p = Para::new("Mail Anna.Berg@example.com or see www.Oslo.no and Anna_cv.doc , Anna");
    let at = |w: &str| (0..p.len()).find(|&i| p.f(i) == w).expect(w);
    let berg = at("berg");
    assert!(in_address(&p, berg, berg + 1));
    let oslo = at("oslo");
    assert!(in_address(&p, oslo, oslo + 1));
    assert!(in_address(&p, at("cv") - 2, at("cv") - 1));
    assert!(!in_address(&p, p.len() - 1, p.len()));
    assert!(!in_address(&p, 0, 1));
}

#[test]
fn a_whole_listed_place_replaces_its_pieces() {
    let tagged = vec![
        (2, 3, Kind::Place),
        (4, 5, Kind::Place),
        (7, 8, Kind::Person),
    ];
    let hints = vec![(2, 5, Kind::Place), (6, 8, Kind::Person)];
    assert_eq!(
        whole_rule_names(tagged, &hints),
        vec![(2, 5, Kind::Place), (7, 8, Kind::Person)]
    );
    // A tagger name reaching outside the rule's keeps the tagger's reading.
    let tagged = vec![(1, 3, Kind::Organization)];
    assert_eq!(
        whole_rule_names(tagged.clone(), &[(2, 4, Kind::Place)]),
        tagged
    );
}

#[test]
fn tagging_is_deterministic() {
    let text = "Tom Baker met Lisa Chen in Boston on Monday.";
    let a = tag_text(text);
    for _ in 0..3 {
        assert_eq!(tag_text(text), a);
    }
}

#[test]
fn a_company_suffix_after_a_comma_joins_the_name() {
    let p = Para::new("Google , Inc. and CCNG , Ltd hired Anna , Inc. staff");
    let s = |a, b, k| (a, b, k);
    assert_eq!(
        company_suffix(
            &p,
            vec![
                s(0, 1, Kind::Organization),
                s(2, 3, Kind::Organization),
                s(5, 6, Kind::Place),
                s(9, 10, Kind::Person),
            ]
        ),
        vec![
            // The suffix's own name goes; the period glued to it is taken in.
            s(0, 4, Kind::Organization),
            // Whatever the tagger said, a name with a company suffix is an organization.
            s(5, 8, Kind::Organization),
            s(9, 13, Kind::Organization),
        ]
    );
    // No comma, no suffix: nothing changes.
    let p = Para::new("Anna , inc and Tom Reed");
    let spans = vec![s(0, 1, Kind::Person), s(4, 6, Kind::Person)];
    assert_eq!(company_suffix(&p, spans.clone()), spans);
}

#[test]
fn a_name_does_not_end_in_a_word_that_is_no_name() {
    let p = Para::new("Dan I will call Tom Reed");
    let mut spans = vec![(0, 2, Kind::Person), (4, 6, Kind::Person)];
    trim_not_names(&p, &mut spans);
    assert_eq!(spans, vec![(0, 1, Kind::Person), (4, 6, Kind::Person)]);
}
