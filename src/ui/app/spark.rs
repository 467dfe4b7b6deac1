//! The selected fact's mentions per day over the store's last 30 days, drawn as a sparkline
//! in the facts pane. The entity index says which articles mention it; their dates are
//! read and counted by the worker ([`Effect::Mentions`]), never on the input path.

use super::{App, Effect};
use chrono::NaiveDate;

/// Days the sparkline covers, ending on the store's newest date.
pub const DAYS: usize = 30;

/// Counts of articles per day for one entity.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Mentions {
    /// The entity's name as the facts pane lists it.
    pub name: String,
    /// Oldest day first; `DAYS` entries.
    pub per_day: Vec<u64>,
    /// The last day counted.
    pub until: Option<NaiveDate>,
}

/// Counts dates into the `DAYS` days ending on `until` (dates outside are left out).
pub fn per_day(dates: impl IntoIterator<Item = NaiveDate>, until: NaiveDate) -> Vec<u64> {
    let mut out = vec![0u64; DAYS];
    for d in dates {
        let back = (until - d).num_days();
        if (0..DAYS as i64).contains(&back) {
            out[DAYS - 1 - back as usize] += 1;
        }
    }
    out
}

impl App {
    /// The entity selected in the facts pane, whether or not the pane has focus.
    pub fn selected_entity(&self) -> Option<&crate::facts::Entity> {
        self.entities_in_order().get(self.fact_selected).copied()
    }

    /// Asks for the selected entity's counts when they are missing or stale (the entity
    /// changed, or the index has grown since they were counted).
    pub(super) fn want_mentions(&mut self) {
        if self.areas().facts.is_none() || !self.index_started {
            return;
        }
        let Some(name) = self.selected_entity().map(|e| e.name.clone()) else {
            return;
        };
        let stamp = (name.clone(), self.indexed.0);
        if self.mentions_asked.as_ref() == Some(&stamp) {
            return;
        }
        let Some(until) = self.newest else { return };
        let key = crate::text::fold_for_match(&name).text;
        let ids = self.entity_index.get(&key).cloned().unwrap_or_default();
        self.mentions_asked = Some(stamp);
        self.effects.push(Effect::Mentions { name, ids, until });
    }

    pub(super) fn mentions_counted(&mut self, m: Mentions) {
        self.mentions = Some(m);
    }

    /// The counts for the entity selected now, if they are in.
    pub fn mentions(&self) -> Option<&Mentions> {
        let m = self.mentions.as_ref()?;
        (Some(m.name.as_str()) == self.selected_entity().map(|e| e.name.as_str())).then_some(m)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn days_are_counted_back_from_the_newest() {
        let d = |s| NaiveDate::parse_from_str(s, "%Y-%m-%d").unwrap();
        let until = d("2024-08-18");
        let counts = per_day(
            [
                d("2024-08-18"),
                d("2024-08-18"),
                d("2024-08-17"),
                d("2024-07-01"),
                d("2024-09-01"),
            ],
            until,
        );
        assert_eq!(counts.len(), DAYS);
        assert_eq!(counts[DAYS - 1], 2);
        assert_eq!(counts[DAYS - 2], 1);
        assert_eq!(
            counts.iter().sum::<u64>(),
            3,
            "outside the 30 days is left out"
        );
    }
}
