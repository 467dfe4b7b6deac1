//! The item cap for JSON Feed, as [`super::cap`] does it for XML: feed-rs builds every item of
//! `items` in memory, so the document is read once first, keeping the first `max_items`
//! items and only counting the rest (serde's `IgnoredAny` allocates nothing for them), and
//! feed-rs is given the document rebuilt with the kept items. A feed within the cap is
//! passed on as it came.

use super::FeedError;
use serde::de::{DeserializeSeed, IgnoredAny, MapAccess, SeqAccess, Visitor};
use serde_json::{Map, Value};
use std::fmt;

/// The document with at most `max_items` items (or whole), and how many items it held.
/// Text that is not a JSON object with an array of items is passed on unchanged: feed-rs
/// words the error.
pub(super) fn cap_json_items(json: String, max_items: usize) -> Result<(String, usize), FeedError> {
    let mut de = serde_json::Deserializer::from_str(&json);
    let Ok(top) = de.deserialize_map_seed(max_items) else {
        return Ok((json, 0));
    };
    if top.items <= max_items {
        return Ok((json, top.items));
    }
    let mut fields = top.fields;
    fields.insert("items".into(), Value::Array(top.kept));
    let out = serde_json::to_string(&Value::Object(fields))
        .map_err(|e| FeedError::Json(super::one_line(&e.to_string())))?;
    Ok((out, top.items))
}

/// The top-level object: every field but `items`, the items kept, and how many there were.
struct Top {
    fields: Map<String, Value>,
    kept: Vec<Value>,
    items: usize,
}

trait MapSeed {
    fn deserialize_map_seed(&mut self, max: usize) -> serde_json::Result<Top>;
}

impl<'de, R: serde_json::de::Read<'de>> MapSeed for serde_json::Deserializer<R> {
    fn deserialize_map_seed(&mut self, max: usize) -> serde_json::Result<Top> {
        let top = serde::Deserializer::deserialize_map(&mut *self, TopVisitor { max })?;
        self.end()?;
        Ok(top)
    }
}

struct TopVisitor {
    max: usize,
}

impl<'de> Visitor<'de> for TopVisitor {
    type Value = Top;

    fn expecting(&self, f: &mut fmt::Formatter) -> fmt::Result {
        f.write_str("a JSON Feed object")
    }

    fn visit_map<A: MapAccess<'de>>(self, mut map: A) -> Result<Top, A::Error> {
        let mut top = Top {
            fields: Map::new(),
            kept: Vec::new(),
            items: 0,
        };
        while let Some(key) = map.next_key::<String>()? {
            if key == "items" {
                let (kept, items) = map.next_value_seed(Items { max: self.max })?;
                top.kept = kept;
                top.items = items;
            } else {
                let value: Value = map.next_value()?;
                top.fields.insert(key, value);
            }
        }
        Ok(top)
    }
}

/// `items`: the first `max` elements as values, the rest counted.
struct Items {
    max: usize,
}

impl<'de> DeserializeSeed<'de> for Items {
    type Value = (Vec<Value>, usize);

    fn deserialize<D: serde::Deserializer<'de>>(self, d: D) -> Result<Self::Value, D::Error> {
        d.deserialize_any(self)
    }
}

impl<'de> Visitor<'de> for Items {
    type Value = (Vec<Value>, usize);

    fn expecting(&self, f: &mut fmt::Formatter) -> fmt::Result {
        f.write_str("an array of items")
    }

    fn visit_seq<A: SeqAccess<'de>>(self, mut seq: A) -> Result<Self::Value, A::Error> {
        let mut kept = Vec::new();
        let mut count = 0usize;
        while count < self.max {
            match seq.next_element::<Value>()? {
                Some(v) => kept.push(v),
                None => return Ok((kept, count)),
            }
            count += 1;
        }
        while seq.next_element::<IgnoredAny>()?.is_some() {
            count += 1;
        }
        Ok((kept, count))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn feed(items: usize) -> String {
        let items: Vec<String> = (0..items)
            .map(|i| format!("{{\"id\": \"i{i}\", \"content_text\": \"t{i}\"}}"))
            .collect();
        format!(
            "{{\"version\": \"https://jsonfeed.org/version/1.1\", \"title\": \"T\", \"items\": [{}]}}",
            items.join(",")
        )
    }

    #[test]
    fn a_feed_over_the_cap_keeps_its_first_items_and_other_fields() {
        let (cut, items) = cap_json_items(feed(7), 3).unwrap();
        assert_eq!(items, 7);
        let v: Value = serde_json::from_str(&cut).unwrap();
        let kept = v["items"].as_array().unwrap();
        assert_eq!(kept.len(), 3);
        assert_eq!(kept[2]["id"], "i2");
        assert_eq!(v["title"], "T");
        assert_eq!(v["version"], "https://jsonfeed.org/version/1.1");
    }

    #[test]
    fn a_feed_within_the_cap_or_not_json_is_unchanged() {
        let whole = feed(3);
        assert_eq!(cap_json_items(whole.clone(), 3).unwrap(), (whole, 3));
        let bad = "{\"items\": [1, 2".to_string();
        assert_eq!(cap_json_items(bad.clone(), 1).unwrap().0, bad);
    }
}
