//! Business-time arithmetic: a walk through the open time, in runs of whole days where
//! the offset is steady, and the three queries built on it: [`Calendar::add`],
//! [`Calendar::between`] and [`Calendar::next_opening`] ([SL2], [X2]).
//!
//! [X2]: crate::requirements#X2
//! [SL2]: crate::requirements#SL2

use super::*;

pub(super) const DAY: i64 = 24 * 3600;

/// Days from 0001-01-01 (chrono's day 1) to 1970-01-01.
pub(super) const EPOCH_DAYS_FROM_CE: i64 = 719_163;

/// A date as days since 1970-01-01.
pub(super) fn day_number(date: NaiveDate) -> i64 {
    i64::from(date.num_days_from_ce()) - EPOCH_DAYS_FROM_CE
}

pub(super) fn date_of(day: i64) -> Result<NaiveDate, CalendarError> {
    i32::try_from(day + EPOCH_DAYS_FROM_CE)
        .ok()
        .and_then(NaiveDate::from_num_days_from_ce_opt)
        .ok_or(CalendarError::OutOfRange)
}

pub(super) fn instant(seconds: i64) -> Option<DateTime<Utc>> {
    DateTime::from_timestamp(seconds, 0)
}

/// Whether Unix second `seconds` is at or after `cursor`.
pub(super) fn starts_by(cursor: DateTime<Utc>, seconds: i64) -> bool {
    let whole = cursor.timestamp();
    seconds > whole || (seconds == whole && cursor.timestamp_subsec_nanos() == 0)
}

/// What a walk through the open time offers its visitor.
pub(super) enum Piece {
    /// Whole local days, open `open` in all, none of it after `end` (Unix seconds): a
    /// run of days in a steady offset (ending at its last midnight), or a day placed
    /// around a change (ending where its last open span ends).
    Whole { end: i64, open: TimeDelta },
    /// One open span, clipped to start at or after everything offered before it.
    Span {
        start: DateTime<Utc>,
        end: DateTime<Utc>,
    },
}

/// A visitor's answer: stop with a result, or go on, having taken an offered piece or
/// not.
pub(super) type Flow<T> = ControlFlow<T, Take>;

/// What a visitor did with an offered piece.
#[derive(Debug, Clone, Copy)]
pub(super) enum Take {
    /// Not taken (a span never is): offer it again in smaller pieces.
    Split,
    /// Taken; offer the next runs at the walk's own pace, doubling while taken.
    Whole,
    /// Taken; offer this many days next, the visitor's estimate of what it still
    /// needs, and halve from there if that is declined.
    WholeThen(i64),
}

impl Take {
    /// The next run to offer, and whether runs grow, after this answer to a run of
    /// `days` days that was taken.
    pub(super) fn pace(self, days: i64, run: i64, growing: bool) -> (i64, bool) {
        match self {
            Self::WholeThen(next) => (next.max(1), false),
            _ if growing => (days * 2, true),
            _ => (run, false),
        }
    }
}

impl<Tz: TimeZone> Calendar<Tz> {
    /// How long `days` whole local days from day number `day` are open, by the clock on
    /// the wall: whole weeks, the weekdays left over, and the exceptions' changes.
    fn days_open(&self, day: i64, days: i64) -> TimeDelta {
        // Day 0, 1 January 1970, was a Thursday; Monday is weekday 0.
        let weekday = (day + 3).rem_euclid(7) as usize;
        let rest = days.rem_euclid(7) as usize;
        let sums = &self.weekday_sums;
        let usual = days.div_euclid(7) * sums[7] + sums[weekday + rest] - sums[weekday];
        // The exceptions' changes up to (not including) a day, from the running sums.
        let changes_before = |day: i64| {
            let after = self.exception_days.partition_point(|(d, _)| *d < day);
            let last = after
                .checked_sub(1)
                .and_then(|last| self.exception_days.get(last));
            last.map_or(0, |(_, sum)| *sum)
        };
        TimeDelta::minutes(usual + changes_before(day + days) - changes_before(day))
    }

    /// How many days `left` of business time is likely to need, by the week's open
    /// time on the wall: whole weeks while it spans one, else days at the week's
    /// average. Holidays make it an underestimate and special openings an
    /// overestimate, which the walk halves.
    fn days_for(&self, left: TimeDelta) -> Take {
        let week = self.weekday_sums[7] * 60;
        let seconds = left.num_seconds();
        match seconds.checked_div(week) {
            Some(0) => Take::WholeThen(seconds.saturating_mul(7) / week),
            Some(weeks) => Take::WholeThen(weeks.saturating_mul(7)),
            None => Take::Whole,
        }
    }

    /// The open span of one interval of `date`: by arithmetic in a steady offset, else
    /// edge by edge.
    fn span(
        &self,
        date: NaiveDate,
        interval: Interval,
        placing: Placing,
    ) -> Option<(DateTime<Utc>, DateTime<Utc>)> {
        match placing {
            Placing::Steady(Steady { from: midnight, .. }) => {
                let at = |minute: u16| instant(midnight + i64::from(minute) * 60);
                at(interval.start).zip(at(interval.end))
            }
            Placing::Near(near) => {
                let (start, end) = near.span(day_number(date) * DAY, interval);
                instant(start).zip(instant(end))
            }
            Placing::Zone => {
                self.edge(date, interval.start, true)
                    .zip(self.edge(date, interval.end, false))
            }
        }
    }

    /// The open time of a day placed around a change, in seconds, and the end of its
    /// last span, clipped as the walk clips spans: `None` for a day without open time,
    /// or whose first span would start before `cursor`.
    fn near_day(
        &self,
        date: NaiveDate,
        near: Near,
        cursor: DateTime<Utc>,
    ) -> Option<(i64, TimeDelta)> {
        let midnight = day_number(date) * DAY;
        let (mut last, mut open) = (None, 0);
        for interval in self.intervals(date) {
            let (start, end) = near.span(midnight, *interval);
            let start = match last {
                Some(last) => start.max(last),
                None if starts_by(cursor, start) => start,
                None => return None,
            };
            if start < end {
                open += end - start;
                last = Some(end);
            }
        }
        Some((last?, TimeDelta::seconds(open)))
    }

    /// Walks the open time from `from` on and offers it to `visit`: runs of whole days
    /// where the offset is steady, a whole day placed around a change of offset, and
    /// the open spans of a day, each clipped so that none starts before `from` or
    /// before the previous one ends (a day's 24:00 and the next day's 00:00 may name
    /// overlapping instants when the clocks go back at midnight). A run the visitor
    /// declines is offered again halved; a single day it declines, span by span.
    /// The walk stops at the end of local day `last` (from the epoch) with `None`:
    /// nothing past it is offered.
    pub(super) fn walk<T>(
        &self,
        from: DateTime<Utc>,
        last: i64,
        mut visit: impl FnMut(Piece) -> Flow<T>,
    ) -> Result<Option<T>, CalendarError> {
        let first = self.local_date(from).ok_or(CalendarError::OutOfRange)?;
        let mut date = first.pred_opt().ok_or(CalendarError::OutOfRange)?;
        let mut cursor = from;
        let (mut steady, mut near) = (None, None);
        let (mut run, mut growing) = (1, true);
        loop {
            let mut day = day_number(date);
            if day > last {
                return Ok(None);
            }
            let mut offset = self.steady_day(&mut steady, &mut near, day);
            if let Some(first_day) = offset.filter(|first| starts_by(cursor, first.from)) {
                // Stride through runs of whole days while the offset holds: each run is
                // as long as the visitor asked for (or double the last while taken),
                // halved once declined; a single day declined is walked span by span.
                let (mut start, mut split) = (first_day.from, false);
                loop {
                    // Days up to the known end of the offset, less what the offset after
                    // it takes back (a margin where that offset is not known yet).
                    let (known, next) = match steady {
                        Some(known) if known.offset == first_day.offset => (known.to, known.next),
                        _ => (start, None),
                    };
                    let trail = next.map_or(MARGIN, |after| (first_day.offset - after).max(0));
                    let available = (known - trail - start).div_euclid(DAY);
                    if available < 1 {
                        if next.is_none() {
                            let to = start + DAY + MARGIN;
                            self.confirm(&mut steady, start, to, first_day.offset);
                            // Go on if the stretch now reaches `to` or a known change.
                            if steady.is_some_and(|known| {
                                known.offset == first_day.offset
                                    && (known.to >= to || known.next.is_some())
                            }) {
                                continue;
                            }
                        }
                        // The offset changes: the next stretch may grow again.
                        growing = true;
                        break;
                    }
                    if day > last {
                        break;
                    }
                    let days = run.min(available).min(last + 1 - day);
                    let end = start + days * DAY;
                    let open = self.days_open(day, days);
                    match visit(Piece::Whole { end, open }) {
                        ControlFlow::Break(done) => return Ok(Some(done)),
                        ControlFlow::Continue(Take::Split) if days > 1 => {
                            (run, growing) = (days / 2, false);
                        }
                        ControlFlow::Continue(Take::Split) => {
                            split = true;
                            break;
                        }
                        ControlFlow::Continue(taken) => {
                            (day, start) = (day + days, end);
                            (run, growing) = taken.pace(days, run, growing);
                        }
                    }
                }
                if start > first_day.from {
                    cursor = instant(start).ok_or(CalendarError::OutOfRange)?;
                    date = date_of(day)?;
                    if !split {
                        continue;
                    }
                    offset = self.steady_day(&mut steady, &mut near, day);
                }
            }
            let placing = match offset {
                Some(steady) => Placing::Steady(steady),
                None => match self.near_change(day, near) {
                    Some(found) => {
                        near = Some(found);
                        Placing::Near(found)
                    }
                    None => Placing::Zone,
                },
            };
            if let Placing::Near(near) = placing {
                if let Some((end, open)) = self.near_day(date, near, cursor) {
                    match visit(Piece::Whole { end, open }) {
                        ControlFlow::Break(done) => return Ok(Some(done)),
                        ControlFlow::Continue(Take::Split) => {}
                        ControlFlow::Continue(taken) => {
                            (run, growing) = taken.pace(1, run, growing);
                            cursor = instant(end).ok_or(CalendarError::OutOfRange)?;
                            date = date.succ_opt().ok_or(CalendarError::OutOfRange)?;
                            continue;
                        }
                    }
                }
            }
            for interval in self.intervals(date) {
                let (start, end) = self
                    .span(date, *interval, placing)
                    .ok_or(CalendarError::OutOfRange)?;
                let start = start.max(cursor);
                if start < end {
                    cursor = end;
                    if let ControlFlow::Break(done) = visit(Piece::Span { start, end }) {
                        return Ok(Some(done));
                    }
                }
            }
            date = date.succ_opt().ok_or(CalendarError::OutOfRange)?;
        }
    }

    /// The business time between two instants: how long the calendar is open in
    /// `[from, to)` ([SL2]). Runs of whole days count in one step.
    ///
    /// # Errors
    /// [`CalendarError::Reversed`] when `to` is before `from`;
    /// [`CalendarError::BeyondHorizon`] when they are more than
    /// [`Calendar::HORIZON_DAYS`] apart; [`CalendarError::OutOfRange`] at the ends of
    /// representable time.
    ///
    /// [SL2]: crate::requirements#SL2
    pub fn between(
        &self,
        from: DateTime<Utc>,
        to: DateTime<Utc>,
    ) -> Result<TimeDelta, CalendarError> {
        if to < from {
            return Err(CalendarError::Reversed { from, to });
        }
        if to == from {
            return Ok(TimeDelta::zero());
        }
        if to - from > TimeDelta::days(Self::HORIZON_DAYS) {
            return Err(CalendarError::BeyondHorizon {
                from,
                days: Self::HORIZON_DAYS,
            });
        }
        // The walk ends by the local day after `to`'s: nothing later counts.
        let last = self.local_date(to).ok_or(CalendarError::OutOfRange)?;
        let mut total = TimeDelta::zero();
        self.walk(
            from,
            day_number(last) + 1,
            Self::counting_to(to, &mut total),
        )?;
        Ok(total)
    }

    /// The visitor of [`Calendar::between`]: adds the open time before `to` to `total`.
    pub(super) fn counting_to(
        to: DateTime<Utc>,
        total: &mut TimeDelta,
    ) -> impl FnMut(Piece) -> Flow<()> {
        let until = to.timestamp();
        move |piece| match piece {
            // Runs end on whole seconds: within `to` iff within its whole second. The
            // whole days left to `to` are the next run to offer.
            Piece::Whole { end, open } if end <= until => {
                *total += open;
                ControlFlow::Continue(Take::WholeThen((until - end).div_euclid(DAY)))
            }
            Piece::Whole { .. } => ControlFlow::Continue(Take::Split),
            Piece::Span { start, .. } if start >= to => ControlFlow::Break(()),
            Piece::Span { start, end } => {
                *total += end.min(to) - start;
                ControlFlow::Continue(Take::Split)
            }
        }
    }

    /// The instant at which `amount` of business time has passed since `from` ([SL2]).
    /// Adding nothing gives `from`; an amount that ends exactly at a closing gives the
    /// closing. Runs of whole days count in one step.
    ///
    /// # Errors
    /// [`CalendarError::Negative`] for a negative amount;
    /// [`CalendarError::BeyondHorizon`] when the amount is not open within
    /// [`Calendar::HORIZON_DAYS`] of `from`; [`CalendarError::OutOfRange`] past the end
    /// of representable time.
    ///
    /// [SL2]: crate::requirements#SL2
    pub fn add(
        &self,
        from: DateTime<Utc>,
        amount: TimeDelta,
    ) -> Result<DateTime<Utc>, CalendarError> {
        if amount < TimeDelta::zero() {
            return Err(CalendarError::Negative { amount });
        }
        if amount.is_zero() {
            return Ok(from);
        }
        self.within_horizon(from, self.spending(amount))
    }

    /// The visitor of [`Calendar::add`]: spends `amount` of open time and stops where
    /// it runs out.
    pub(super) fn spending(&self, amount: TimeDelta) -> impl FnMut(Piece) -> Flow<DateTime<Utc>> {
        let mut left = amount;
        move |piece| match piece {
            Piece::Whole { open, .. } if left > open => {
                left -= open;
                ControlFlow::Continue(self.days_for(left))
            }
            Piece::Whole { .. } => ControlFlow::Continue(Take::Split),
            Piece::Span { start, end } if left <= end - start => ControlFlow::Break(start + left),
            Piece::Span { start, end } => {
                left -= end - start;
                ControlFlow::Continue(Take::Split)
            }
        }
    }

    /// The first instant at or after `at` when the calendar is open.
    ///
    /// # Errors
    /// [`CalendarError::BeyondHorizon`] when it is not open within
    /// [`Calendar::HORIZON_DAYS`] of `at` (exceptions may close a century);
    /// [`CalendarError::OutOfRange`] past the end of representable time.
    pub fn next_opening(&self, at: DateTime<Utc>) -> Result<DateTime<Utc>, CalendarError> {
        self.within_horizon(at, Self::opening)
    }

    /// How far ahead of its start any query looks, in days: a hundred years ([X2]).
    ///
    /// [X2]: crate::requirements#X2
    pub const HORIZON_DAYS: i64 = 36_525;

    /// A walk from `from` that finds what `visit` looks for within the horizon.
    fn within_horizon(
        &self,
        from: DateTime<Utc>,
        visit: impl FnMut(Piece) -> Flow<DateTime<Utc>>,
    ) -> Result<DateTime<Utc>, CalendarError> {
        let first = self.local_date(from).ok_or(CalendarError::OutOfRange)?;
        self.walk(from, day_number(first) + Self::HORIZON_DAYS, visit)?
            .ok_or(CalendarError::BeyondHorizon {
                from,
                days: Self::HORIZON_DAYS,
            })
    }

    /// The visitor of [`Calendar::next_opening`]: passes closed days and stops at the
    /// first open span.
    pub(super) fn opening(piece: Piece) -> Flow<DateTime<Utc>> {
        match piece {
            Piece::Whole { open, .. } if open.is_zero() => ControlFlow::Continue(Take::Whole),
            Piece::Whole { .. } => ControlFlow::Continue(Take::Split),
            Piece::Span { start, .. } => ControlFlow::Break(start),
        }
    }
}
