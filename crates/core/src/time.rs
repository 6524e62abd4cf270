//! Calendar input and display: local wall times in an IANA zone become UTC instants (with clear
//! errors for DST gaps), calendar dates are validated `YYYY-MM-DD` strings.

use chrono::{DateTime, LocalResult, NaiveDate, NaiveDateTime, TimeZone};
use chrono_tz::Tz;

use crate::{Error, Result};

const LOCAL_FORMATS: &[&str] = &["%Y-%m-%dT%H:%M", "%Y-%m-%dT%H:%M:%S", "%Y-%m-%d %H:%M"];

/// Parses an IANA time zone name.
pub(crate) fn zone(name: &str) -> Result<Tz> {
    name.trim().parse::<Tz>().map_err(|_| {
        Error::invalid(format!(
            "'{name}' is not a known time zone; use an IANA name such as Europe/Berlin"
        ))
    })
}

/// Local wall time `YYYY-MM-DDTHH:MM` in `zone` → UTC milliseconds.
pub(crate) fn local_to_utc(local: &str, zone: Tz, what: &str) -> Result<i64> {
    let naive = LOCAL_FORMATS
        .iter()
        .find_map(|format| NaiveDateTime::parse_from_str(local.trim(), format).ok())
        .or_else(|| date(local, what).ok().and_then(|d| d.and_hms_opt(0, 0, 0)))
        .ok_or_else(|| {
            Error::invalid(format!(
                "{what} '{local}' is not a date and time; write it as 2026-07-04T15:00"
            ))
        })?;
    let instant = match zone.from_local_datetime(&naive) {
        LocalResult::Single(t) => t,
        // Clocks go back: the wall time happens twice; take the first.
        LocalResult::Ambiguous(first, _) => first,
        LocalResult::None => {
            return Err(Error::invalid(format!(
                "{what} {local} does not exist in {zone} (clocks jump forward then); pick a time an hour later"
            )));
        }
    };
    Ok(instant.timestamp_millis())
}

/// UTC milliseconds → local wall time `YYYY-MM-DDTHH:MM` in `zone`.
pub(crate) fn utc_to_local(millis: i64, zone: Tz) -> String {
    DateTime::from_timestamp_millis(millis)
        .map(|t| t.with_timezone(&zone).format("%Y-%m-%dT%H:%M").to_string())
        .unwrap_or_default()
}

/// Validates a calendar date `YYYY-MM-DD`.
pub(crate) fn date(text: &str, what: &str) -> Result<NaiveDate> {
    NaiveDate::parse_from_str(text.trim(), "%Y-%m-%d").map_err(|_| {
        Error::invalid(format!(
            "{what} '{text}' is not a date; write it as 2026-07-07"
        ))
    })
}

/// The UTC calendar date of an instant, `YYYY-MM-DD`.
pub(crate) fn utc_date(millis: i64) -> String {
    DateTime::from_timestamp_millis(millis)
        .map(|t| t.date_naive().to_string())
        .unwrap_or_default()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn berlin_summer_evening_is_stored_as_utc_and_shown_back_locally() {
        let berlin = zone("Europe/Berlin").unwrap();
        let millis = local_to_utc("2026-07-04T15:00", berlin, "start").unwrap();
        assert_eq!(
            DateTime::from_timestamp_millis(millis)
                .unwrap()
                .to_rfc3339(),
            "2026-07-04T13:00:00+00:00"
        );
        assert_eq!(utc_to_local(millis, berlin), "2026-07-04T15:00");
    }

    #[test]
    fn times_in_the_dst_gap_and_nonsense_are_refused_with_a_fix() {
        let berlin = zone("Europe/Berlin").unwrap();
        let gap = local_to_utc("2026-03-29T02:30", berlin, "start")
            .unwrap_err()
            .to_string();
        assert!(
            gap.contains("does not exist") && gap.contains("hour later"),
            "{gap}"
        );
        assert!(
            local_to_utc("next friday", berlin, "start")
                .unwrap_err()
                .to_string()
                .contains("2026-07-04T15:00")
        );
        assert!(
            zone("Mars/Olympus")
                .unwrap_err()
                .to_string()
                .contains("Europe/Berlin")
        );
        assert!(date("2026-02-30", "due date").is_err());
    }
}
