//! A `VTIMEZONE` (RFC 5545 §3.6.5) for an IANA zone, so an event exported at its local time —
//! `DTSTART;TZID=Europe/Berlin:20260704T150000` — means the same instant in every calendar.
//! The zone's rules are written out as its actual offset changes over the years asked for, read
//! from the tz database chrono-tz carries; a zone without changes gets one `STANDARD`.

use chrono::{DateTime, Duration, Offset, TimeZone, Utc};
use chrono_tz::{OffsetComponents, Tz};

use crate::content_line::push_line;

/// The `VTIMEZONE` of `zone`, with every offset change between the starts of the years
/// `from` and `to` (inclusive).
pub(crate) fn component(out: &mut String, zone: Tz, from: i32, to: i32) {
    push_line(out, "BEGIN:VTIMEZONE");
    push_line(out, &format!("TZID:{}", zone.name()));
    let start = Utc.with_ymd_and_hms(from, 1, 1, 0, 0, 0).single();
    let end = Utc.with_ymd_and_hms(to + 1, 1, 1, 0, 0, 0).single();
    let changes = match (start, end) {
        (Some(start), Some(end)) => changes(zone, start, end),
        _ => Vec::new(),
    };
    if changes.is_empty() {
        let at = start.unwrap_or_default();
        let offset = zone.offset_from_utc_datetime(&at.naive_utc());
        let seconds = offset.fix().local_minus_utc();
        observance(out, "STANDARD", at, seconds, seconds, zone);
    }
    for (at, before, after, daylight) in changes {
        let kind = if daylight { "DAYLIGHT" } else { "STANDARD" };
        observance(out, kind, at, before, after, zone);
    }
    push_line(out, "END:VTIMEZONE");
}

/// Each instant in `[start, end)` at which the zone's offset changes: the instant, the offsets
/// before and after (seconds east of UTC), and whether daylight saving time begins.
fn changes(
    zone: Tz,
    start: DateTime<Utc>,
    end: DateTime<Utc>,
) -> Vec<(DateTime<Utc>, i32, i32, bool)> {
    let offset_at = |at: DateTime<Utc>| zone.offset_from_utc_datetime(&at.naive_utc());
    let mut found = Vec::new();
    let mut day = start;
    while day < end {
        let next = day + Duration::days(1);
        let (before, after) = (offset_at(day), offset_at(next));
        if before.fix() != after.fix() {
            // Narrow the day down to the second the offset changes.
            let (mut lo, mut hi) = (day, next);
            while hi - lo > Duration::seconds(1) {
                let mid = lo + (hi - lo) / 2;
                if offset_at(mid).fix() == before.fix() {
                    lo = mid;
                } else {
                    hi = mid;
                }
            }
            found.push((
                hi,
                before.fix().local_minus_utc(),
                after.fix().local_minus_utc(),
                !after.dst_offset().is_zero(),
            ));
        }
        day = next;
    }
    found
}

/// One observance: from `at` on, the zone is `after` seconds east of UTC (it was `before`).
/// Its `DTSTART` is the local time the change happens at, in the offset before it.
fn observance(out: &mut String, kind: &str, at: DateTime<Utc>, before: i32, after: i32, zone: Tz) {
    push_line(out, &format!("BEGIN:{kind}"));
    let local = at.naive_utc() + Duration::seconds(i64::from(before));
    push_line(out, &format!("DTSTART:{}", local.format("%Y%m%dT%H%M%S")));
    push_line(out, &format!("TZOFFSETFROM:{}", utc_offset(before)));
    push_line(out, &format!("TZOFFSETTO:{}", utc_offset(after)));
    let name = zone.offset_from_utc_datetime(&at.naive_utc()).to_string();
    if !name.is_empty() && !name.starts_with(['+', '-']) {
        push_line(out, &format!("TZNAME:{name}"));
    }
    push_line(out, &format!("END:{kind}"));
}

/// `+0200`, `-0430`.
fn utc_offset(seconds: i32) -> String {
    let sign = if seconds < 0 { '-' } else { '+' };
    let minutes = seconds.abs() / 60;
    format!("{sign}{:02}{:02}", minutes / 60, minutes % 60)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn berlin_changes_twice_a_year_and_tokyo_never() {
        let mut berlin = String::new();
        component(&mut berlin, chrono_tz::Europe::Berlin, 2026, 2026);
        for line in [
            "TZID:Europe/Berlin",
            "BEGIN:DAYLIGHT",
            "DTSTART:20260329T020000",
            "TZOFFSETFROM:+0100",
            "TZOFFSETTO:+0200",
            "TZNAME:CEST",
            "BEGIN:STANDARD",
            "DTSTART:20261025T030000",
            "TZOFFSETFROM:+0200",
            "TZOFFSETTO:+0100",
        ] {
            assert!(
                berlin.contains(&format!("{line}\r\n")),
                "{line} in\n{berlin}"
            );
        }
        let mut tokyo = String::new();
        component(&mut tokyo, chrono_tz::Asia::Tokyo, 2026, 2027);
        assert_eq!(tokyo.matches("BEGIN:STANDARD").count(), 1);
        assert!(
            tokyo.contains("TZOFFSETFROM:+0900\r\nTZOFFSETTO:+0900\r\n"),
            "{tokyo}"
        );
    }
}
