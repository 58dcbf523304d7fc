//! Time intervals in requests and their maximum length (`x-max-interval`): the check before
//! sending, and the windows a stream splits a long interval into.

use std::fmt;

use chrono::{DateTime, Days, Months, NaiveDate, TimeDelta, Utc};

/// The longest interval a filter accepts, as the spec states it (`x-max-interval: 3 months`).
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub struct MaxInterval {
    /// How many units; never zero.
    pub amount: u32,
    /// The unit.
    pub unit: IntervalUnit,
}

/// The unit of a [`MaxInterval`].
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
#[non_exhaustive]
pub enum IntervalUnit {
    /// Hours of 60 minutes.
    Hours,
    /// Calendar days (24 hours for date-times).
    Days,
    /// Weeks of 7 days.
    Weeks,
    /// Calendar months: the end may be on the same day of the month `amount` months later.
    Months,
    /// Calendar years of 12 months.
    Years,
}

impl MaxInterval {
    /// `amount` units.
    pub const fn new(amount: u32, unit: IntervalUnit) -> Self {
        MaxInterval { amount, unit }
    }

    /// Whether an interval from `start` to `end` is within this maximum.
    pub fn allows<T: IntervalEnd>(self, start: T, end: T) -> bool {
        match start.after(self) {
            Some(limit) => end <= limit,
            // No instant is `self` after `start`: every end is within.
            None => true,
        }
    }

    /// Consecutive windows of at most this length that cover `start` to `end` exactly: each
    /// starts where the previous one ended, the first at `start`, the last ends at `end`. One
    /// window when the interval is within the maximum, or runs backwards.
    pub fn windows<T: IntervalEnd>(self, start: T, end: T) -> Vec<(T, T)> {
        let mut windows = Vec::new();
        let mut from = start;
        while let Some(to) = from.after(self).filter(|to| *to < end && *to > from) {
            windows.push((from, to));
            from = to;
        }
        windows.push((from, end));
        windows
    }
}

impl fmt::Display for MaxInterval {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let unit = match self.unit {
            IntervalUnit::Hours => "hour",
            IntervalUnit::Days => "day",
            IntervalUnit::Weeks => "week",
            IntervalUnit::Months => "month",
            IntervalUnit::Years => "year",
        };
        let plural = if self.amount == 1 { "" } else { "s" };
        write!(f, "{} {unit}{plural}", self.amount)
    }
}

/// The ends of an interval: a UTC date-time or a date.
pub trait IntervalEnd: Copy + Ord + fmt::Display + Send + Sync + 'static {
    /// The instant `max` after this one, when there is one.
    fn after(self, max: MaxInterval) -> Option<Self>;
    /// The interval from `start` to `end` as a [`Span`].
    fn span(start: Self, end: Self) -> Span;
    /// This type's ends of `span`, when it holds this type.
    fn ends_of(span: &Span) -> Option<(Self, Self)>;
}

impl IntervalEnd for DateTime<Utc> {
    fn after(self, max: MaxInterval) -> Option<Self> {
        let amount = max.amount;
        match max.unit {
            IntervalUnit::Hours => self.checked_add_signed(TimeDelta::try_hours(amount.into())?),
            IntervalUnit::Days => self.checked_add_days(Days::new(amount.into())),
            IntervalUnit::Weeks => self.checked_add_days(Days::new(u64::from(amount) * 7)),
            IntervalUnit::Months => self.checked_add_months(Months::new(amount)),
            IntervalUnit::Years => self.checked_add_months(Months::new(amount.checked_mul(12)?)),
        }
    }

    fn span(start: Self, end: Self) -> Span {
        Span::Time(start, end)
    }

    fn ends_of(span: &Span) -> Option<(Self, Self)> {
        match *span {
            Span::Time(start, end) => Some((start, end)),
            Span::Date(..) => None,
        }
    }
}

impl IntervalEnd for NaiveDate {
    fn after(self, max: MaxInterval) -> Option<Self> {
        let amount = max.amount;
        match max.unit {
            // Whole days only: a date interval of 36 hours may span one day.
            IntervalUnit::Hours => self.checked_add_days(Days::new(u64::from(amount) / 24)),
            IntervalUnit::Days => self.checked_add_days(Days::new(amount.into())),
            IntervalUnit::Weeks => self.checked_add_days(Days::new(u64::from(amount) * 7)),
            IntervalUnit::Months => self.checked_add_months(Months::new(amount)),
            IntervalUnit::Years => self.checked_add_months(Months::new(amount.checked_mul(12)?)),
        }
    }

    fn span(start: Self, end: Self) -> Span {
        Span::Date(start, end)
    }

    fn ends_of(span: &Span) -> Option<(Self, Self)> {
        match *span {
            Span::Date(start, end) => Some((start, end)),
            Span::Time(..) => None,
        }
    }
}

/// The two ends of an interval, whatever their type.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Span {
    /// From one UTC date-time to another.
    Time(DateTime<Utc>, DateTime<Utc>),
    /// From one date to another.
    Date(NaiveDate, NaiveDate),
}

/// A generated interval type (`TimeInterval`: `StartUtc`, `EndUtc`).
pub trait Interval {
    /// The type of its ends.
    type End: IntervalEnd;
    /// Its start and end; `None` when a spec lets an end be left out (an interval open on one
    /// side has no length to check or split).
    fn ends(&self) -> Option<(Self::End, Self::End)>;
    /// Sets its start and end.
    fn set_ends(&mut self, start: Self::End, end: Self::End);
}

#[cfg(test)]
mod tests {
    use super::*;

    fn utc(text: &str) -> DateTime<Utc> {
        text.parse().unwrap()
    }

    const THREE_MONTHS: MaxInterval = MaxInterval::new(3, IntervalUnit::Months);

    #[test]
    fn three_months_is_calendar_months() {
        let start = utc("2024-01-31T00:00:00Z");
        assert!(THREE_MONTHS.allows(start, utc("2024-04-30T00:00:00Z")));
        assert!(!THREE_MONTHS.allows(start, utc("2024-04-30T00:00:01Z")));
        assert!(THREE_MONTHS.allows(start, start));
    }

    #[test]
    fn windows_meet_and_each_is_within_the_maximum() {
        let (start, end) = (utc("2024-01-31T10:00:00Z"), utc("2024-11-15T00:00:00Z"));
        let windows = THREE_MONTHS.windows(start, end);
        assert_eq!(windows.len(), 4, "{windows:?}");
        assert_eq!(windows[0].0, start);
        assert_eq!(windows[3].1, end);
        for pair in windows.windows(2) {
            assert_eq!(pair[0].1, pair[1].0, "windows meet");
        }
        assert!(windows.iter().all(|(s, e)| THREE_MONTHS.allows(*s, *e)));
        assert_eq!(THREE_MONTHS.windows(end, start), vec![(end, start)]);
    }

    #[test]
    fn dates_and_other_units() {
        let day = |text: &str| text.parse::<NaiveDate>().unwrap();
        let week = MaxInterval::new(1, IntervalUnit::Weeks);
        assert!(week.allows(day("2024-01-01"), day("2024-01-08")));
        assert!(!week.allows(day("2024-01-01"), day("2024-01-09")));
        assert_eq!(week.windows(day("2024-01-01"), day("2024-01-20")).len(), 3);
        let hours = MaxInterval::new(36, IntervalUnit::Hours);
        assert!(!hours.allows(day("2024-01-01"), day("2024-01-03")));
        assert_eq!(hours.to_string(), "36 hours");
    }
}
