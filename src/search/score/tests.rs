//! The scorer against fuzzy-matcher's own on random text, and its bounds and fast paths.

use super::*;
use fuzzy_matcher::skim::SkimMatcherV2;
use fuzzy_matcher::FuzzyMatcher;

fn skim(choice: &str, pattern: &str) -> Option<i64> {
    SkimMatcherV2::default()
        .smart_case()
        .fuzzy_match(choice, pattern)
}

#[test]
fn same_scores_as_skim_on_news_titles() {
    let titles = [
        "بوتين يصل إلى باكو في زيارة دولة",
        "Putin arrives in Baku for a state visit",
        "COP29: OPEC+ ministers meet in Baku",
        "وزير الاقتصاد: التضخم 3.5% في ٢٠٢٣",
        "iPhone sales (Q3) beat/miss forecasts",
        "aaa bab abab a-b_a",
        "",
    ];
    let mut s = Scorer::default();
    for t in titles {
        for p in [
            "p",
            "pu",
            "putin",
            "ب",
            "بوت",
            "بوتين",
            "ال",
            "الاقتصاد",
            "aa",
            "aba",
            "bab",
            "ab a",
            "Pu",
            "COP",
            "cop29",
            "3.5",
            "a-b",
            "x",
            "زيارة",
            "putin arrives in baku for a state visit and more letters than 32",
        ] {
            assert_eq!(s.score(t, &Pattern::new(p)), skim(t, p), "{p:?} in {t:?}");
        }
    }
}

#[test]
fn unchecked_scoring_still_rejects() {
    let mut s = Scorer::default();
    for (choice, p) in [("oil", "p"), ("oil", "po"), ("بوتين", "ق"), ("", "a")] {
        assert_eq!(
            s.score_unchecked(choice, &Pattern::new(p)),
            None,
            "{p} in {choice}"
        );
    }
}

proptest::proptest! {
    #![proptest_config(proptest::prelude::ProptestConfig::with_cases(3000))]
    #[test]
    fn same_scores_as_skim_on_random_text(
        choice in "[ab AB/._1ا ب-]{0,24}",
        pattern in "[abAB ._1اب-]{1,5}",
    ) {
        let mut s = Scorer::default();
        // The scratch rows are reused: score something else first.
        let _ = s.score("ab ba ab a.b", &Pattern::new("abba"));
        let p = Pattern::new(&pattern);
        let expected = skim(&choice, &pattern);
        proptest::prop_assert_eq!(s.score(choice.as_str(), &p), expected);
        proptest::prop_assert_eq!(s.score_unchecked(choice.as_str(), &p), expected);
        let dense = if p.in_order_in(&choice) { s.score_dense(choice.as_str(), &p) } else { None };
        proptest::prop_assert_eq!(dense, expected);
    }

    #[test]
    fn two_char_patterns_stop_early_only_when_nothing_later_can_win(
        choice in "[ab AB/._1ا ب-]{0,40}",
        pattern in "[abAB ._1اب-]{2}",
    ) {
        let mut s = Scorer::default();
        let p = Pattern::new(&pattern);
        let expected = skim(&choice, &pattern);
        proptest::prop_assert_eq!(s.score(choice.as_str(), &p), expected);
        if let Some(packed) = crate::search::packed::pack(&choice) {
            proptest::prop_assert_eq!(s.score(Packed(&packed), &p), expected);
        }
    }

    #[test]
    fn packed_keys_score_as_their_text_does(
        choice in "[ab /._1اب-ةيé«»·]{0,40}",
        pattern in "[ab ._1اب-ةé·]{1,6}",
    ) {
        let mut s = Scorer::default();
        let p = Pattern::new(&pattern);
        let packed = crate::search::packed::pack(&choice).expect("the page holds these");
        let expected = skim(&choice, &pattern);
        proptest::prop_assert_eq!(s.score(Packed(&packed), &p), expected);
        proptest::prop_assert_eq!(p.in_order_in_packed(&packed), p.in_order_in(&choice));
        if p.in_order_in(&choice) {
            proptest::prop_assert_eq!(s.score_unchecked(Packed(&packed), &p), expected);
            proptest::prop_assert_eq!(s.score_dense(Packed(&packed), &p), expected);
        }
    }

    #[test]
    fn same_scores_as_skim_with_long_patterns_and_repeats(
        choice in "[aab b.]{0,60}",
        pattern in "[ab]{2,9}",
    ) {
        let mut s = Scorer::default();
        proptest::prop_assert_eq!(s.score(choice.as_str(), &Pattern::new(&pattern)), skim(&choice, &pattern));
    }
}
