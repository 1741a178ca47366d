//! The zone-offset engine: a calendar learns its time zone's offset changes, two years
//! at a time, and places local times (interval edges, gaps, repeated hours) on the
//! timeline from them ([SL1], [X2]).
//!
//! [X2]: crate::requirements#X2
//! [SL1]: crate::requirements#SL1

use super::*;

/// The first Unix second of 1900, where the learnt offset changes begin.
pub(super) const CHANGES_FROM: i64 = -2_208_988_800;
/// Offset changes are learnt two years (730 days) at a time ...
pub(super) const CHUNK: i64 = 730 * DAY;
/// ... for 292 years, to October 2191; outside those years every query probes afresh.
pub(super) const CHUNKS: usize = 146;

/// A zone's offsets, learnt a chunk at a time on first use and shared from then on by
/// every query (and every thread) using the calendar; `None` for a chunk the zone
/// could not answer for.
#[derive(Clone)]
pub(super) struct Changes(Box<[OnceLock<Option<Chunk>>]>);

/// The offsets of one chunk: the offset at its start, then each change (its first
/// second, in `(start, end]`) with the offset from then on. Seconds throughout.
#[derive(Debug, Clone)]
pub(super) struct Chunk {
    pub(super) end: i64,
    pub(super) offset: i64,
    pub(super) changes: Box<[(i64, i64)]>,
}

impl Chunk {
    /// The offset at `at`, an instant of the chunk.
    pub(super) fn offset_at(&self, at: i64) -> i64 {
        let after = self.changes.partition_point(|(change, _)| *change <= at);
        match after.checked_sub(1).and_then(|last| self.changes.get(last)) {
            Some((_, offset)) => *offset,
            None => self.offset,
        }
    }

    /// The next change after `at`, an instant of the chunk.
    pub(super) fn next_change(&self, at: i64) -> Next {
        let after = self.changes.partition_point(|(change, _)| *change <= at);
        match self.changes.get(after) {
            Some((change, offset)) => Next::At(*change, *offset),
            None => Next::NoneUntil(self.end),
        }
    }
}

impl Changes {
    pub(super) fn new() -> Self {
        Self((0..CHUNKS).map(|_| OnceLock::new()).collect())
    }
}

/// The one offset change near a day, and the offsets either side of it (`change` is
/// `i64::MAX` when there is none near).
#[derive(Debug, Clone, Copy)]
pub(super) struct Near {
    pub(super) change: i64,
    pub(super) before: i64,
    pub(super) after: i64,
}

impl Near {
    /// The start and end of an interval of the day whose midnight is `midnight`
    /// (seconds, as if UTC).
    pub(super) fn span(self, midnight: i64, interval: Interval) -> (i64, i64) {
        let local = |minute: u16| midnight + i64::from(minute) * 60;
        (
            self.edge(local(interval.start), true),
            self.edge(local(interval.end), false),
        )
    }

    /// The one offset that places every local time of the day whose midnight is
    /// `midnight` (seconds, as if UTC), when the day keeps clear of the local times the
    /// change skips or repeats: all of them before, or all after.
    pub(super) fn steady(self, midnight: i64) -> Option<i64> {
        let low = self.before.min(self.after).saturating_add(self.change);
        let high = self.before.max(self.after).saturating_add(self.change);
        if midnight + DAY < low {
            Some(self.before)
        } else if midnight >= high {
            Some(self.after)
        } else {
            None
        }
    }

    /// The instant of the local time `local` (seconds, as if UTC), by the rules in the
    /// module docs: each candidate instant counts if its side of the change has the
    /// offset that gives it; two is a repeated time, none a time in the gap, which means
    /// the instant the gap ends.
    pub(super) fn edge(self, local: i64, is_start: bool) -> i64 {
        let (early, late) = (local - self.before, local - self.after);
        match (early < self.change, late >= self.change) {
            (true, true) if is_start => early.min(late),
            (true, true) => early.max(late),
            (true, false) => early,
            (false, true) => late,
            (false, false) => self.change,
        }
    }
}

/// How a day's edges are placed.
#[derive(Debug, Clone, Copy)]
pub(super) enum Placing {
    /// By the steady offset of the whole day.
    Steady(Steady),
    /// Around the one change near the day.
    Near(Near),
    /// By asking the zone, edge by edge (outside the learnt years).
    Zone,
}

/// What the learnt changes say about the time after an instant.
pub(super) enum Next {
    /// The offset next changes at this second, to this offset.
    At(i64, i64),
    /// It does not change up to and including this second.
    NoneUntil(i64),
}

/// The spacing of the offset probes that let runs of days be taken in one step, in
/// seconds: two changes of a zone's UTC offset are assumed to be more than this (84
/// hours) apart.
pub(super) const PROBE: i64 = 84 * 3600;

/// The margin of steady offset kept either side of days whose local times are placed
/// by one offset, where the offset beyond it is not known: two offsets, each within ±24
/// hours, differ by less than this, so no instant outside the margin has a local time
/// on those days. Where the offset beyond is known, the margin is exactly what it takes
/// back (see [`Near::steady`]).
pub(super) const MARGIN: i64 = 48 * 3600;

/// A stretch, in Unix seconds, over which the zone's offset is known to be `offset`
/// seconds throughout; `next` is the offset from `to + 1` on when a change is known to
/// happen there.
#[derive(Debug, Clone, Copy)]
pub(super) struct Steady {
    pub(super) from: i64,
    pub(super) to: i64,
    pub(super) offset: i64,
    pub(super) next: Option<i64>,
}

impl<Tz: TimeZone> Calendar<Tz> {
    /// The local date at `at`; `None` when the zone's offset takes the local time past
    /// the ends of chrono's range ([X2]: chrono's own `naive_local` would panic there).
    ///
    /// [X2]: crate::requirements#X2
    pub(super) fn local_date(&self, at: DateTime<Utc>) -> Option<NaiveDate> {
        self.local_time(at).map(|local| local.date())
    }

    /// The local time at `at`, if representable.
    pub(super) fn local_time(&self, at: DateTime<Utc>) -> Option<NaiveDateTime> {
        let offset = self.tz.offset_from_utc_datetime(&at.naive_utc()).fix();
        at.naive_utc().checked_add_offset(offset)
    }

    /// The offset at Unix second `at`, in seconds.
    pub(super) fn offset_at(&self, at: i64) -> Option<i64> {
        match self.chunk(at) {
            Some(chunk) => Some(chunk.offset_at(at)),
            None => self.zone_offset_at(at),
        }
    }

    /// The offset at Unix second `at`, in seconds, as the zone gives it.
    pub(super) fn zone_offset_at(&self, at: i64) -> Option<i64> {
        let at = instant(at)?;
        let offset = self.tz.offset_from_utc_datetime(&at.naive_utc()).fix();
        Some(i64::from(offset.local_minus_utc()))
    }

    /// The learnt chunk holding Unix second `at` (learning it first if need be); `None`
    /// outside the learnt years.
    pub(super) fn chunk(&self, at: i64) -> Option<&Chunk> {
        let index = usize::try_from((at - CHANGES_FROM).div_euclid(CHUNK)).ok()?;
        let cell = self.changes.0.get(index)?;
        cell.get_or_init(|| self.learn(index)).as_ref()
    }

    /// Whether the offset is `offset` all through `[from, to]`, probing no more than
    /// [`PROBE`] apart: two probes that agree have no change between them. Reuses and
    /// extends what `steady` already knows.
    pub(super) fn confirm(
        &self,
        steady: &mut Option<Steady>,
        from: i64,
        to: i64,
        offset: i64,
    ) -> bool {
        let mut known = match *steady {
            Some(known) if known.offset == offset && known.from <= from && from <= known.to => {
                known
            }
            _ if self.offset_at(from) == Some(offset) => Steady {
                from,
                to: from,
                offset,
                next: None,
            },
            _ => return false,
        };
        let mut holds = true;
        while known.to < to {
            match self.next_change(known.to) {
                Some(Next::At(change, after)) => {
                    (known.to, known.next) = (change - 1, Some(after));
                    if change <= to {
                        holds = false;
                        break;
                    }
                }
                Some(Next::NoneUntil(end)) => (known.to, known.next) = (end, None),
                None => {
                    let next = (known.to + PROBE).min(to);
                    if self.offset_at(next) != Some(offset) {
                        holds = false;
                        break;
                    }
                    (known.to, known.next) = (next, None);
                }
            }
        }
        *steady = Some(known);
        holds
    }

    /// The next offset change after Unix second `at`, from its learnt chunk; `None`
    /// outside the learnt years.
    pub(super) fn next_change(&self, at: i64) -> Option<Next> {
        Some(self.chunk(at)?.next_change(at))
    }

    /// The offsets of chunk `index`, asking the zone [`PROBE`] apart and bisecting to
    /// the second between two answers that disagree (exact, as no two changes are
    /// closer than that).
    pub(super) fn learn(&self, index: usize) -> Option<Chunk> {
        let start = CHANGES_FROM + index as i64 * CHUNK;
        let end = start + CHUNK;
        let first = self.zone_offset_at(start)?;
        let mut changes = Vec::new();
        let (mut at, mut offset) = (start, first);
        while at < end {
            let next = (at + PROBE).min(end);
            let next_offset = self.zone_offset_at(next)?;
            if next_offset != offset {
                let (mut before, mut after) = (at, next);
                while after - before > 1 {
                    let middle = before + (after - before) / 2;
                    if self.zone_offset_at(middle)? == offset {
                        before = middle;
                    } else {
                        after = middle;
                    }
                }
                changes.push((after, next_offset));
            }
            (at, offset) = (next, next_offset);
        }
        Some(Chunk {
            end,
            offset: first,
            changes: changes.into(),
        })
    }

    /// The offset change, if any, among the instants whose local time falls on day
    /// number `day`: those from a day before its midnight to two days after, as no
    /// offset reaches ±24 hours. There is at most one in those 72 hours, as changes are
    /// more than [`PROBE`] apart, so the `last` day's change serves again when it falls
    /// in them. `None` outside the learnt years.
    pub(super) fn near_change(&self, day: i64, last: Option<Near>) -> Option<Near> {
        let (from, to) = (day * DAY - DAY, day * DAY + 2 * DAY);
        if let Some(near) = last.filter(|near| from <= near.change && near.change <= to) {
            return Some(near);
        }
        let mut at = from - 1;
        let change = loop {
            match self.next_change(at)? {
                Next::At(change, _) => break change,
                Next::NoneUntil(end) if end < to => at = end,
                Next::NoneUntil(_) => break i64::MAX,
            }
        };
        if change > to {
            let offset = self.offset_at(from)?;
            return Some(Near {
                change: i64::MAX,
                before: offset,
                after: offset,
            });
        }
        Some(Near {
            change,
            before: self.offset_at(change - 1)?,
            after: self.offset_at(change)?,
        })
    }

    /// The start and end (Unix seconds) of local day number `day`, and the offset
    /// between them, when each local time of the day names exactly one instant, its
    /// local time less that offset: the offset holds a [`MARGIN`] either side of the
    /// day, or the day keeps clear of the local times the one change near it skips or
    /// repeats. `near` keeps the last change found near a day.
    pub(super) fn steady_day(
        &self,
        steady: &mut Option<Steady>,
        near: &mut Option<Near>,
        day: i64,
    ) -> Option<Steady> {
        let midnight = day * DAY;
        let guess = midnight - steady.map_or(0, |known| known.offset);
        let mut offset = match *steady {
            Some(known) if known.from <= guess && guess <= known.to => known.offset,
            _ => self.offset_at(guess)?,
        };
        let start = midnight - offset;
        if !self.confirm(steady, start - MARGIN, start + DAY + MARGIN, offset) {
            let found = self.near_change(day, *near)?;
            *near = Some(found);
            offset = found.steady(midnight)?;
            // Holds through the day, as `found` says; this extends `steady` from it.
            if !self.confirm(steady, midnight - offset, midnight - offset + DAY, offset) {
                return None;
            }
        }
        let from = midnight - offset;
        Some(Steady {
            from,
            to: from + DAY,
            offset,
            next: None,
        })
    }

    /// The instant of a local edge: `minute` after midnight of `date`, by the rules in
    /// the module docs.
    pub(super) fn edge(
        &self,
        date: NaiveDate,
        minute: u16,
        is_start: bool,
    ) -> Option<DateTime<Utc>> {
        let local = date
            .and_time(NaiveTime::MIN)
            .checked_add_signed(TimeDelta::minutes(i64::from(minute)))?;
        match self.tz.from_local_datetime(&local) {
            LocalResult::Single(at) => Some(at.with_timezone(&Utc)),
            LocalResult::Ambiguous(first, second) => {
                Some(if is_start { first } else { second }.with_timezone(&Utc))
            }
            LocalResult::None => self.gap_end(local),
        }
    }

    /// The first instant whose local time is at or after `local`, a time in a gap: the
    /// instant the gap ends. Found by bisection, to the second (zones change offset on
    /// whole seconds), over the ±48 hours any change of offset allows.
    pub(super) fn gap_end(&self, local: NaiveDateTime) -> Option<DateTime<Utc>> {
        let at = |seconds: i64| DateTime::<Utc>::from_timestamp(seconds, 0);
        let reached = |seconds: i64| {
            at(seconds)
                .and_then(|at| self.local_time(at))
                .is_some_and(|at| at >= local)
        };
        let middle = local.and_utc().timestamp();
        let (mut lo, mut hi) = (middle - 48 * 3600, middle + 48 * 3600);
        while hi - lo > 1 {
            let mid = lo + (hi - lo) / 2;
            if reached(mid) {
                hi = mid;
            } else {
                lo = mid;
            }
        }
        at(hi)
    }
}
