//! Splitting a paged request the API would refuse into requests it takes.
//!
//! The spec bounds the filters of a `getAll`: an id list has at most `maxItems` ids, a time
//! interval spans at most `x-max-interval`. A stream (`*_pages`, `*_stream`) given a longer
//! filter does what a user would do by hand: a time interval becomes consecutive windows of the
//! maximum length (each starting where the previous one ended), and an id list becomes batches
//! of at most the maximum. The stream runs one request per combination, windows outermost, in
//! chronological order, and the batches of each window in list order.
//!
//! Windows share their meeting instant and the interval filters are inclusive, so an item at
//! that instant comes back twice; an item may also match ids of two batches. The stream yields
//! each item once: it remembers the identity of every item of the current window and of the
//! previous one (the item's `Id`, with a hash of its content), and drops an item seen there
//! unchanged. An item that changed between two requests comes again, with its new content.
//!
//! A single call never splits: it checks the limits and fails. Streams split unless
//! [`CallOptions::split_filters`](crate::CallOptions::split_filters) turns it off; they then check
//! the limits like a single call.

use std::collections::HashMap;
use std::hash::{DefaultHasher, Hasher};
use std::ops::Range;

use serde::Serialize;

use crate::interval::{Interval, IntervalEnd, MaxInterval, Span};

/// One filter of a paged request that a stream may split, as it stands in the request.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct SplitFilter {
    /// The filter's JSON name, e.g. `CustomerIds`.
    pub path: &'static str,
    /// What it is and how long.
    pub kind: SplitKind,
}

/// What kind of filter a [`SplitFilter`] is.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum SplitKind {
    /// A list of ids (or other values) the item must match one of.
    Items {
        /// How many values the request holds.
        len: usize,
        /// `maxItems`.
        max: u64,
    },
    /// A time interval the item's time must fall in.
    Interval {
        /// The interval the request holds, if any.
        span: Option<Span>,
        /// `x-max-interval`.
        max: MaxInterval,
    },
}

impl SplitFilter {
    /// An id list of at most `max` values.
    pub fn items<L: ItemList + ?Sized>(path: &'static str, max: u64, list: &L) -> Self {
        SplitFilter {
            path,
            kind: SplitKind::Items {
                len: list.item_count(),
                max,
            },
        }
    }

    /// A time interval of at most `max`.
    pub fn interval<F: IntervalFilter + ?Sized>(
        path: &'static str,
        max: MaxInterval,
        filter: &F,
    ) -> Self {
        SplitFilter {
            path,
            kind: SplitKind::Interval {
                span: filter.span(),
                max,
            },
        }
    }

    /// The parts this filter is split into, when it is longer than its maximum.
    fn parts(&self) -> Option<Vec<Part>> {
        match &self.kind {
            SplitKind::Items { len, max } => {
                let max = usize::try_from(*max).unwrap_or(usize::MAX);
                (max > 0 && *len > max).then(|| {
                    (0..*len)
                        .step_by(max)
                        .map(|start| Part::Items(start..(start + max).min(*len)))
                        .collect()
                })
            }
            SplitKind::Interval { span, max } => {
                let windows: Vec<Span> = match span.as_ref()? {
                    Span::Time(start, end) => windows(*max, *start, *end),
                    Span::Date(start, end) => windows(*max, *start, *end),
                };
                (windows.len() > 1).then(|| windows.into_iter().map(Part::Interval).collect())
            }
        }
    }
}

fn windows<T: IntervalEnd>(max: MaxInterval, start: T, end: T) -> Vec<Span> {
    max.windows(start, end)
        .into_iter()
        .map(|(start, end)| T::span(start, end))
        .collect()
}

/// The piece of a split filter one request of a split stream holds.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Part {
    /// These positions of the id list.
    Items(Range<usize>),
    /// This window of the interval.
    Interval(Span),
}

impl Part {
    /// Narrows an id list to this part (a no-op for another kind of part).
    pub fn narrow_items<L: ItemList + ?Sized>(&self, list: &mut L) {
        if let Part::Items(range) = self {
            list.keep_range(range.clone());
        }
    }

    /// Narrows an interval filter to this part (a no-op for another kind of part).
    pub fn narrow_interval<F: IntervalFilter + ?Sized>(&self, filter: &mut F) {
        if let Part::Interval(span) = self {
            filter.set_span(span);
        }
    }
}

/// An id-list filter: `Vec<T>` or `Option<Vec<T>>`.
pub trait ItemList {
    /// How many values it holds.
    fn item_count(&self) -> usize;
    /// Keeps only the values at `range`.
    fn keep_range(&mut self, range: Range<usize>);
}

impl<T> ItemList for Vec<T> {
    fn item_count(&self) -> usize {
        self.len()
    }

    fn keep_range(&mut self, range: Range<usize>) {
        self.truncate(range.end);
        self.drain(..range.start.min(self.len()));
    }
}

impl<L: ItemList> ItemList for Option<L> {
    fn item_count(&self) -> usize {
        self.as_ref().map_or(0, ItemList::item_count)
    }

    fn keep_range(&mut self, range: Range<usize>) {
        if let Some(list) = self {
            list.keep_range(range);
        }
    }
}

/// An interval filter: a generated [`Interval`] type, or an `Option` of one.
pub trait IntervalFilter {
    /// Its ends, when set.
    fn span(&self) -> Option<Span>;
    /// Sets its ends to those of `span` (when `span` holds its type of ends).
    fn set_span(&mut self, span: &Span);
}

impl<I: Interval> IntervalFilter for I {
    fn span(&self) -> Option<Span> {
        let (start, end) = self.ends()?;
        Some(I::End::span(start, end))
    }

    fn set_span(&mut self, span: &Span) {
        if let Some((start, end)) = I::End::ends_of(span) {
            self.set_ends(start, end);
        }
    }
}

impl<I: Interval> IntervalFilter for Option<I> {
    fn span(&self) -> Option<Span> {
        self.as_ref().and_then(IntervalFilter::span)
    }

    fn set_span(&mut self, span: &Span) {
        if let Some(interval) = self {
            interval.set_span(span);
        }
    }
}

/// The requests a split stream makes: every combination of the split filters' parts, the
/// intervals' windows outermost. Each comes with its group: the window of the one split
/// interval (items can repeat only within a window and where two windows meet), or 0.
pub(crate) struct Plan {
    /// Per split dimension: the index of the filter in `split_filters` and its parts.
    dimensions: Vec<(usize, Vec<Part>)>,
    /// The next combination, one index per dimension; `None` when done.
    next: Option<Vec<usize>>,
    /// The dimension whose index is the group, when exactly one interval is split.
    group_dimension: Option<usize>,
}

impl Plan {
    /// The plan for `filters`; one combination (nothing narrowed) when no filter is too long.
    pub(crate) fn new(filters: &[SplitFilter]) -> Plan {
        let mut dimensions: Vec<(usize, Vec<Part>)> = Vec::new();
        let is_interval = |filter: &SplitFilter| matches!(filter.kind, SplitKind::Interval { .. });
        // Intervals first: the outer loop runs through time in order.
        for wanted_interval in [true, false] {
            for (index, filter) in filters.iter().enumerate() {
                if is_interval(filter) == wanted_interval {
                    if let Some(parts) = filter.parts() {
                        dimensions.push((index, parts));
                    }
                }
            }
        }
        let intervals = dimensions
            .iter()
            .filter(|(index, _)| is_interval(&filters[*index]))
            .count();
        Plan {
            next: Some(vec![0; dimensions.len()]),
            group_dimension: (intervals == 1).then_some(0),
            dimensions,
        }
    }

    /// Whether the request is split at all.
    pub(crate) fn splits(&self) -> bool {
        !self.dimensions.is_empty()
    }

    /// The next request's parts (filter index, part) and its group.
    pub(crate) fn next_parts(&mut self) -> Option<(Vec<(usize, &Part)>, usize)> {
        let current = self.next.take()?;
        // Advance the odometer: the last dimension fastest.
        let mut following = current.clone();
        let mut position = following.len();
        self.next = loop {
            if position == 0 {
                break None;
            }
            position -= 1;
            following[position] += 1;
            if following[position] < self.dimensions[position].1.len() {
                break Some(following);
            }
            following[position] = 0;
        };
        let group = self
            .group_dimension
            .map_or(0, |dimension| current[dimension]);
        let parts = self
            .dimensions
            .iter()
            .zip(&current)
            .map(|((filter, parts), index)| (*filter, &parts[*index]))
            .collect();
        Some((parts, group))
    }
}

/// The identity of an item of a page, for yielding each item once in a split stream.
#[derive(Clone, Debug, PartialEq, Eq, Hash)]
pub enum ItemKey {
    /// The item's `Id`.
    Uuid(uuid::Uuid),
    /// The item's `Id` as text, or its whole JSON when it has no `Id`.
    Text(String),
}

impl ItemKey {
    /// The item's JSON as its identity, for items without an `Id`.
    pub fn json<T: Serialize + ?Sized>(item: &T) -> ItemKey {
        ItemKey::Text(serde_json::to_string(item).unwrap_or_default())
    }
}

impl From<uuid::Uuid> for ItemKey {
    fn from(id: uuid::Uuid) -> Self {
        ItemKey::Uuid(id)
    }
}

impl From<&str> for ItemKey {
    fn from(id: &str) -> Self {
        ItemKey::Text(id.to_owned())
    }
}

/// What a split stream has yielded, to yield each item once (see the module documentation).
#[derive(Debug, Default)]
pub(crate) struct Seen {
    group: usize,
    current: HashMap<ItemKey, u64>,
    previous: HashMap<ItemKey, u64>,
}

impl Seen {
    /// The next request belongs to `group`: forgets what came before the previous group.
    pub(crate) fn enter(&mut self, group: usize) {
        if group != self.group {
            self.previous = std::mem::take(&mut self.current);
            self.group = group;
        }
    }

    /// Whether to yield `item` with identity `key`: not when it was yielded unchanged in this
    /// group or the previous one.
    pub(crate) fn first_time<T: Serialize>(&mut self, key: ItemKey, item: &T) -> bool {
        let content = fingerprint(item);
        if self.current.get(&key) == Some(&content) || self.previous.get(&key) == Some(&content) {
            return false;
        }
        self.current.insert(key, content);
        true
    }
}

/// A hash of the item's JSON: an item whose content changed between two requests is new.
fn fingerprint<T: Serialize>(item: &T) -> u64 {
    struct HashWriter(DefaultHasher);
    impl std::io::Write for HashWriter {
        fn write(&mut self, bytes: &[u8]) -> std::io::Result<usize> {
            self.0.write(bytes);
            Ok(bytes.len())
        }
        fn flush(&mut self) -> std::io::Result<()> {
            Ok(())
        }
    }
    let mut writer = HashWriter(DefaultHasher::new());
    // A value that does not serialize hashes what was written before the failure: such an
    // item is told apart by its key alone.
    let _ = serde_json::to_writer(&mut writer, item);
    writer.0.finish()
}

#[cfg(test)]
mod tests {
    use chrono::{DateTime, Utc};

    use super::*;
    use crate::interval::IntervalUnit;

    fn utc(text: &str) -> DateTime<Utc> {
        text.parse().unwrap()
    }

    #[test]
    fn id_lists_become_batches_and_intervals_windows_outermost() {
        let ids: Option<Vec<u32>> = Some((0..2500).collect());
        let span = Some(Span::Time(
            utc("2024-01-01T00:00:00Z"),
            utc("2024-05-01T00:00:00Z"),
        ));
        let filters = [
            SplitFilter::items("CustomerIds", 1000, &ids),
            SplitFilter {
                path: "UpdatedUtc",
                kind: SplitKind::Interval {
                    span,
                    max: MaxInterval::new(3, IntervalUnit::Months),
                },
            },
        ];
        let mut plan = Plan::new(&filters);
        assert!(plan.splits());
        let mut requests = Vec::new();
        while let Some((parts, group)) = plan.next_parts() {
            let parts: Vec<(usize, Part)> =
                parts.into_iter().map(|(i, p)| (i, p.clone())).collect();
            requests.push((parts, group));
        }
        assert_eq!(requests.len(), 6, "two windows of three batches");
        let (first, group) = &requests[0];
        assert_eq!(*group, 0);
        assert_eq!(first[0].0, 1, "the interval is the outer dimension");
        assert_eq!(first[1], (0, Part::Items(0..1000)));
        assert_eq!(requests[2].0[1], (0, Part::Items(2000..2500)));
        assert_eq!(requests[3].1, 1, "the second window is the next group");
    }

    #[test]
    fn short_filters_are_not_split() {
        let ids = vec![1, 2, 3];
        let mut plan = Plan::new(&[SplitFilter::items("Ids", 1000, &ids)]);
        assert!(!plan.splits());
        assert_eq!(plan.next_parts().map(|(parts, _)| parts.len()), Some(0));
        assert!(plan.next_parts().is_none());
    }

    #[test]
    fn narrowing_keeps_the_range() {
        let mut ids: Option<Vec<u32>> = Some((0..10).collect());
        Part::Items(3..6).narrow_items(&mut ids);
        assert_eq!(ids, Some(vec![3, 4, 5]));
    }

    #[test]
    fn an_item_is_new_once_per_content() {
        let mut seen = Seen::default();
        let key = ItemKey::from("a");
        assert!(seen.first_time(key.clone(), &1));
        assert!(!seen.first_time(key.clone(), &1));
        assert!(
            seen.first_time(key.clone(), &2),
            "changed content comes again"
        );
        seen.enter(1);
        assert!(
            !seen.first_time(key.clone(), &2),
            "the previous window is remembered"
        );
        seen.enter(2);
        seen.enter(3);
        assert!(seen.first_time(key, &2), "older windows are forgotten");
    }
}
