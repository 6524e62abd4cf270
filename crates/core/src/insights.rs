//! Insights: did personal contact earn money? Every figure is one SQL query over the synced
//! tables and what the schema's triggers derive from them in the same transaction — each
//! check-in's liveness and current event, each person's first and latest meeting (`meeting`),
//! the follow-ups that count for each event (`event_follow_up`) — so two replicas that hold the same data show the same figures, and no figure is stored.
//! Money is never summed across currencies.
//!
//! The period is a range of calendar days in a time zone: won deals count by their date,
//! meetings and events by the instant they happened. Deals of deleted contacts still count —
//! the money was earned — but the lists that drive action name only live contacts.

use std::collections::HashMap;

use chrono::Days;
use handschlag_api::{
    ChannelRevenue, ContactMention, EventFigures, Funnel, Insights, InsightsQuery, MissedPerson,
    Money, MonthRevenue,
};
use rusqlite::{Connection, OptionalExtension, Row, named_params};

use crate::deal::{ATTRIBUTED, channel};
use crate::event::checked_currency;
use crate::time::{date, local_to_utc, zone};
use crate::{Error, Id, Result};

const DAY_MS: i64 = 86_400_000;
/// How soon after meeting someone a follow-up or a further encounter counts as following up.
const FOLLOW_UP_DAYS: i64 = 7;
/// Each list that drives action names at most this many people, the most urgent first: a
/// screen is for acting on, and 50,000 names would take a browser seconds to draw.
const LIST_LIMIT: i64 = 50;
/// How far ahead the keep-in-touch list looks: due within a week, or overdue.
pub(crate) const KEEP_IN_TOUCH_SOON_DAYS: i64 = 7;

/// The period and currency, checked, as the queries bind them.
struct Period {
    from: String,
    to: String,
    /// UTC milliseconds: the start of `from` and the end of `to` in the query's zone.
    lo: i64,
    hi: i64,
    currency: Option<String>,
    now: i64,
}

impl Period {
    fn new(query: &InsightsQuery, now: i64) -> Result<Period> {
        let zone = zone(query.time_zone.as_deref().unwrap_or("UTC"))?;
        let from = query
            .from
            .as_deref()
            .map(|d| date(d, "--from"))
            .transpose()?;
        let to = query.to.as_deref().map(|d| date(d, "--to")).transpose()?;
        if let (Some(from), Some(to)) = (from, to)
            && to < from
        {
            return Err(Error::invalid(
                "the period ends before it starts; give a --from on or before --to",
            ));
        }
        let start =
            |day: chrono::NaiveDate| local_to_utc(&format!("{day}T00:00"), zone, "the period");
        let lo = from.map(start).transpose()?.unwrap_or(i64::MIN);
        let hi = to
            .and_then(|day| day.checked_add_days(Days::new(1)))
            .map(start)
            .transpose()?
            .unwrap_or(i64::MAX);
        let currency = query
            .currency
            .as_deref()
            .map(|c| checked_currency(Some(c)))
            .transpose()?;
        Ok(Period {
            from: from.map_or("0000-01-01".into(), |d| d.to_string()),
            to: to.map_or("9999-12-31".into(), |d| d.to_string()),
            lo,
            hi,
            currency,
            now,
        })
    }
}

impl Period {
    /// All time, in every currency: what an event's own page counts (its `now` is never read,
    /// as no figure of an event depends on it).
    fn everything() -> Period {
        Period {
            from: "0000-01-01".into(),
            to: "9999-12-31".into(),
            lo: i64::MIN,
            hi: i64::MAX,
            currency: None,
            now: 0,
        }
    }
}

/// Every figure of the insights for the period in `query` (its days in UTC unless it names a
/// zone); `now` is the current instant, for "at least 7 days ago" and "events that are over".
pub(crate) fn insights(conn: &Connection, query: &InsightsQuery, now: i64) -> Result<Insights> {
    let period = Period::new(query, now)?;
    // One read snapshot: a sync committing meanwhile never makes two figures disagree.
    let snapshot = conn.unchecked_transaction()?;
    let conn = &*snapshot;
    let Revenue {
        won,
        channels,
        months,
        by_event,
    } = revenue(conn, &period)?;
    Ok(Insights {
        from: query.from.clone(),
        to: query.to.clone(),
        currencies: won.iter().map(|m| m.currency.clone()).collect(),
        won,
        channels,
        months,
        events: figures(conn, period.lo, period.hi, None, &by_event)?,
        funnel: funnel(conn, &period)?,
        no_follow_up: no_follow_up(conn, &period)?,
        invite_next: invite_next(conn)?,
        missed: missed(conn, &period)?,
        keep_in_touch: crate::cadence::due(conn, now, KEEP_IN_TOUCH_SOON_DAYS, Some(LIST_LIMIT))?,
    })
}

/// The deals won in the period: in total, by channel and by month, per currency; and the deals
/// won through each event, whenever they were won.
#[derive(Default)]
struct Revenue {
    won: Vec<Money>,
    channels: Vec<ChannelRevenue>,
    months: Vec<MonthRevenue>,
    by_event: HashMap<Id, Earned>,
}

/// What the deals attributed to one event brought.
#[derive(Clone, Default)]
struct Earned {
    deals: u32,
    revenue: Vec<Money>,
}

/// One statement for every grouping, so each won deal's attribution is derived once.
fn revenue(conn: &Connection, period: &Period) -> Result<Revenue> {
    let sql = format!(
        "WITH won AS MATERIALIZED (
            SELECT channel, currency, amount_cents, contact, date, event
            FROM ({ATTRIBUTED}) WHERE status = 'won'),
         period AS (
            SELECT channel, currency, amount_cents, contact, substr(date, 1, 7) AS month
            FROM won WHERE date BETWEEN :from AND :to
            AND (:currency IS NULL OR currency = :currency))
         SELECT 'total', NULL, NULL AS month, currency, sum(amount_cents), count(*), 0
         FROM period GROUP BY currency
         UNION ALL
         SELECT 'channel', channel, NULL, currency, sum(amount_cents), count(*),
            count(DISTINCT contact)
         FROM period GROUP BY currency, channel
         UNION ALL
         SELECT 'month', channel, month, currency, sum(amount_cents), count(*), 0
         FROM period GROUP BY month, currency, channel
         UNION ALL
         SELECT 'event', event, NULL, currency, sum(amount_cents), count(*), 0
         FROM won WHERE event IS NOT NULL GROUP BY event, currency
         ORDER BY 1, 3, 4, 2"
    );
    let mut statement = conn.prepare_cached(&sql)?;
    let mut rows = statement.query(
        named_params! {":from": period.from, ":to": period.to, ":currency": period.currency},
    )?;
    let mut revenue = Revenue::default();
    while let Some(row) = rows.next()? {
        let currency: String = row.get(3)?;
        let cents: i64 = row.get(4)?;
        match row.get::<_, String>(0)?.as_str() {
            "total" => revenue.won.push(Money { currency, cents }),
            "channel" => {
                let deals: u32 = row.get(5)?;
                revenue.channels.push(ChannelRevenue {
                    channel: channel(&row.get::<_, String>(1)?),
                    currency,
                    revenue_cents: cents,
                    deals,
                    contacts: row.get(6)?,
                    average_cents: (cents as f64 / f64::from(deals.max(1))).round() as i64,
                });
            }
            "month" => revenue.months.push(MonthRevenue {
                month: row.get(2)?,
                channel: channel(&row.get::<_, String>(1)?),
                currency,
                revenue_cents: cents,
            }),
            _ => {
                let earned = revenue.by_event.entry(row.get(1)?).or_default();
                earned.deals += row.get::<_, u32>(5)?;
                earned.revenue.push(Money { currency, cents });
            }
        }
    }
    Ok(revenue)
}

/// What one event brought, as the Dashboard counts it, for the event's own page.
pub(crate) fn for_event(conn: &Connection, event: Id) -> Result<EventFigures> {
    let earned = revenue(conn, &Period::everything())?.by_event;
    figures(conn, i64::MIN, i64::MAX, Some(event), &earned)?
        .pop()
        .ok_or_else(|| Error::NotFound(format!("no event with id {event}")))
}

/// What the relationship with a contact earned (deals won, per currency), and when they were
/// last met in person — for the contact's page.
pub(crate) fn for_contact(conn: &Connection, contact: Id) -> Result<(Vec<Money>, Option<i64>)> {
    let revenue = conn
        .prepare_cached(
            "SELECT currency, sum(amount_cents) FROM deal
             WHERE contact = ?1 AND deleted = 0 AND status = 'won'
             GROUP BY currency ORDER BY currency",
        )?
        .query_map([contact], |row| {
            Ok(Money {
                currency: row.get(0)?,
                cents: row.get(1)?,
            })
        })?
        .collect::<rusqlite::Result<_>>()?;
    let last_met = conn
        .prepare_cached("SELECT last_at FROM meeting WHERE contact = ?1")?
        .query_row([contact], |row| row.get(0))
        .optional()?;
    Ok((revenue, last_met))
}

/// The figures of the events that started in `[lo, hi)` (or of the one `event`), newest first,
/// with what the deals attributed to each brought (`earned`, from [`revenue`]).
fn figures(
    conn: &Connection,
    lo: i64,
    hi: i64,
    event: Option<Id>,
    earned: &HashMap<Id, Earned>,
) -> Result<Vec<EventFigures>> {
    let mut statement = conn.prepare_cached(
        "SELECT e.id, e.title, e.starts_at, e.cost_cents, e.currency,
            (SELECT count(DISTINCT k.contact) FROM checkin k
                WHERE k.current_event = e.id AND k.retracted = 0 AND k.kind = 'in-person'),
            (SELECT count(*) FROM meeting WHERE first_event = e.id),
            (SELECT count(*) FROM event_follow_up WHERE event = e.id),
            (SELECT coalesce(sum(done), 0) FROM event_follow_up WHERE event = e.id)
         FROM event e
         WHERE e.deleted = 0 AND e.starts_at >= :lo AND e.starts_at < :hi
         AND (:event IS NULL OR e.id = :event)
         ORDER BY e.starts_at DESC, e.id",
    )?;
    let rows = statement.query_map(
        named_params! {":lo": lo, ":hi": hi, ":event": event},
        |row| event_figures(row, earned),
    )?;
    Ok(rows.collect::<rusqlite::Result<_>>()?)
}

fn event_figures(row: &Row<'_>, earned: &HashMap<Id, Earned>) -> rusqlite::Result<EventFigures> {
    let id: Id = row.get(0)?;
    let Earned { deals, revenue } = earned.get(&id).cloned().unwrap_or_default();
    let cost_cents: i64 = row.get(3)?;
    let cost = (cost_cents > 0).then(|| Money {
        cents: cost_cents,
        currency: row.get(4).unwrap_or_default(),
    });
    let net = cost.as_ref().map(|cost| Money {
        cents: revenue
            .iter()
            .filter(|r| r.currency == cost.currency)
            .map(|r| r.cents)
            .sum::<i64>()
            - cost.cents,
        currency: cost.currency.clone(),
    });
    Ok(EventFigures {
        event_id: id.to_string(),
        title: row.get(1)?,
        starts_at: row.get(2)?,
        met: row.get(5)?,
        new_contacts: row.get(6)?,
        follow_ups: row.get(7)?,
        follow_ups_done: row.get(8)?,
        deals_won: deals,
        revenue,
        cost,
        net,
    })
}

/// People first met in person in the period (deleted ones too: the meeting happened): how many
/// were followed up within 7 days (a follow-up created, or a further encounter that is not at the
/// first meeting's event), how many brought a deal won on or after the day of that meeting (its
/// UTC day), and the median days from the meeting to their first such deal.
fn funnel(conn: &Connection, period: &Period) -> Result<Funnel> {
    let (met, followed_up) = conn
        .prepare_cached(
            "SELECT count(*), count(*) FILTER (
                WHERE m.followed_at <= m.first_at + :window OR EXISTS (SELECT 1 FROM follow_up f
                    WHERE f.contact = m.contact AND f.deleted = 0
                    AND f.created_at BETWEEN m.first_at AND m.first_at + :window))
             FROM meeting m WHERE m.first_at >= :lo AND m.first_at < :hi",
        )?
        .query_row(
            named_params! {":lo": period.lo, ":hi": period.hi, ":window": FOLLOW_UP_DAYS * DAY_MS},
            |row| Ok((row.get(0)?, row.get(1)?)),
        )?;
    let mut days = conn
        .prepare_cached(
            "SELECT julianday(min(d.date)) - julianday(date(m.first_at / 1000, 'unixepoch'))
             FROM deal d JOIN meeting m ON m.contact = d.contact
             WHERE d.deleted = 0 AND d.status = 'won' AND m.first_at >= :lo AND m.first_at < :hi
             AND d.date >= date(m.first_at / 1000, 'unixepoch')
             GROUP BY d.contact",
        )?
        .query_map(named_params! {":lo": period.lo, ":hi": period.hi}, |row| {
            row.get(0)
        })?
        .collect::<rusqlite::Result<Vec<f64>>>()?;
    Ok(Funnel {
        met,
        followed_up,
        won: days.len() as u32,
        median_days_to_win: median(&mut days),
    })
}

fn median(values: &mut [f64]) -> Option<f64> {
    values.sort_by(f64::total_cmp);
    let middle = values.len() / 2;
    match values.len() {
        0 => None,
        n if n % 2 == 1 => Some(values[middle]),
        _ => Some((values[middle - 1] + values[middle]) / 2.0),
    }
}

/// Live contacts whose latest in-person meeting falls in the period and is 7 days old or more,
/// with no follow-up created and no further encounter within 7 days of it; longest waiting
/// first, then the longest known. (Someone met again after the period is not waiting for a
/// follow-up from it.)
fn no_follow_up(conn: &Connection, period: &Period) -> Result<Vec<ContactMention>> {
    // Most of the longest waiting are waiting indeed: a few hundred candidates are sorted instead
    // of every person met, and more only when too many of them were followed up after all.
    let mut candidates = 8 * LIST_LIMIT;
    loop {
        let listed = waiting(conn, period, candidates)?;
        if listed.len() as i64 == LIST_LIMIT || candidates >= people_met(conn)? {
            return Ok(listed);
        }
        candidates *= 8;
    }
}

/// [`no_follow_up`] among the first `candidates` people by their latest meeting.
fn waiting(conn: &Connection, period: &Period, candidates: i64) -> Result<Vec<ContactMention>> {
    let mut statement = conn.prepare_cached(
        "WITH waiting AS MATERIALIZED (
            SELECT contact, last_at FROM meeting
            WHERE last_at >= :lo AND last_at < :hi AND last_at <= :now - :window
            ORDER BY last_at, contact LIMIT :candidates)
         SELECT c.id, c.name, c.town, date(m.last_at / 1000, 'unixepoch')
         FROM waiting m CROSS JOIN contact c ON c.id = m.contact AND c.deleted = 0
         WHERE NOT EXISTS (SELECT 1 FROM follow_up f WHERE f.contact = m.contact
             AND f.deleted = 0 AND f.created_at BETWEEN m.last_at AND m.last_at + :window)
         AND NOT EXISTS (SELECT 1 FROM checkin k WHERE k.retracted = 0 AND k.contact = m.contact
             AND k.at > m.last_at AND k.at <= m.last_at + :window)
         ORDER BY m.last_at, m.contact LIMIT :limit",
    )?;
    let rows = statement.query_map(
        named_params! {
            ":lo": period.lo, ":hi": period.hi, ":now": period.now, ":window": FOLLOW_UP_DAYS * DAY_MS,
            ":candidates": candidates, ":limit": LIST_LIMIT,
        },
        mention,
    )?;
    Ok(rows.collect::<rusqlite::Result<_>>()?)
}

fn people_met(conn: &Connection) -> Result<i64> {
    Ok(conn
        .prepare_cached("SELECT count(*) FROM meeting")?
        .query_row([], |row| row.get(0))?)
}

/// Live contacts met only online, never in person, in a town where the user has met someone in
/// person: the people to invite to the next event there.
fn invite_next(conn: &Connection) -> Result<Vec<ContactMention>> {
    let mut statement = conn.prepare_cached(
        "SELECT c.id, c.name, c.town, NULL FROM contact c
         WHERE c.deleted = 0 AND c.met_in_person = 0 AND c.how_met = 'online' AND c.town <> ''
         AND lower(c.town) IN (SELECT lower(town) FROM contact
             WHERE deleted = 0 AND met_in_person = 1 AND town <> '')
         ORDER BY c.town COLLATE NOCASE, c.name COLLATE NOCASE LIMIT ?1",
    )?;
    let rows = statement.query_map([LIST_LIMIT], mention)?;
    Ok(rows.collect::<rusqlite::Result<_>>()?)
}

fn mention(row: &Row<'_>) -> rusqlite::Result<ContactMention> {
    Ok(ContactMention {
        contact_id: row.get::<_, Id>(0)?.to_string(),
        name: row.get(1)?,
        town: row.get(2)?,
        date: row.get(3)?,
    })
}

/// The people to meet at events of the period that are over, whom no live check-in there
/// recorded; most recent event first.
fn missed(conn: &Connection, period: &Period) -> Result<Vec<MissedPerson>> {
    let mut statement = conn.prepare_cached(
        "SELECT c.id, c.name, e.id, e.title
         FROM event e JOIN live_element m ON m.owner = e.id AND m.kind = 'meet'
         JOIN contact c ON c.id = unhex(replace(m.value, '-', '')) AND c.deleted = 0
         WHERE e.deleted = 0 AND e.starts_at >= :lo AND e.starts_at < :hi
         AND coalesce(e.ends_at, e.starts_at) < :now
         AND NOT EXISTS (SELECT 1 FROM live_checkin k WHERE k.event = e.id AND k.contact = c.id)
         GROUP BY e.id, c.id
         ORDER BY e.starts_at DESC, c.name COLLATE NOCASE LIMIT :limit",
    )?;
    let rows = statement.query_map(
        named_params! {":lo": period.lo, ":hi": period.hi, ":now": period.now, ":limit": LIST_LIMIT},
        |row| {
            Ok(MissedPerson {
                contact_id: row.get::<_, Id>(0)?.to_string(),
                name: row.get(1)?,
                event_id: row.get::<_, Id>(2)?.to_string(),
                event_title: row.get(3)?,
            })
        },
    )?;
    Ok(rows.collect::<rusqlite::Result<_>>()?)
}

#[cfg(test)]
mod tests {
    use handschlag_api::{CheckinCreate, CheckinKind, ContactCreate, Handler, InsightsQuery};

    use super::*;
    use crate::Notebook;
    use crate::db::tests::notebook;

    const MET: i64 = 1_782_000_000_000;

    fn encounter(notebook: &mut Notebook, contact: &str, days: i64, kind: CheckinKind) {
        notebook
            .checkin_create(CheckinCreate {
                contact_id: contact.into(),
                at: Some(MET + days * DAY_MS),
                kind: Some(kind),
                ..Default::default()
            })
            .unwrap();
    }

    fn followed_up(notebook: &mut Notebook) -> u32 {
        let insights = notebook.insights_get(InsightsQuery::default()).unwrap();
        insights.funnel.followed_up
    }

    /// "Not followed up" looks past the first few hundred people met when nearly all of them
    /// were followed up: those waiting longest are listed however many came before them.
    #[test]
    fn the_people_still_waiting_are_found_behind_hundreds_who_were_followed_up() {
        // Real randomness: the counting test entropy repeats its ids after a few dozen writes.
        let mut notebook = Notebook::open_in_memory(
            Box::new(crate::db::tests::FixedClock(MET + 14 * DAY_MS)),
            Box::new(crate::system::OsEntropy),
        )
        .unwrap();
        let minute = 60_000;
        let mut waiting = Vec::new();
        for i in 0..450 {
            let contact = notebook
                .contact_create(ContactCreate {
                    name: format!("Kontakt {i}"),
                    ..Default::default()
                })
                .unwrap();
            let met = MET + i * minute;
            for (at, kind) in [
                (met, CheckinKind::InPerson),
                (met + DAY_MS, CheckinKind::Call),
            ] {
                if kind == CheckinKind::Call && i >= 410 {
                    continue;
                }
                notebook
                    .checkin_create(CheckinCreate {
                        contact_id: contact.id.clone(),
                        at: Some(at),
                        kind: Some(kind),
                        ..Default::default()
                    })
                    .unwrap();
            }
            if i >= 410 {
                waiting.push(contact.name);
            }
        }
        let insights = notebook.insights_get(InsightsQuery::default()).unwrap();
        let listed: Vec<String> = insights.no_follow_up.into_iter().map(|c| c.name).collect();
        assert_eq!(
            listed, waiting,
            "the 40 never called back, longest waiting first"
        );
    }

    /// A follow-up call recorded late, back-dated between the first meeting and a later call,
    /// counts: the funnel reads the earliest encounter after the first meeting, whatever order
    /// the encounters were recorded in.
    #[test]
    fn a_back_dated_call_counts_as_following_up() {
        let mut notebook = notebook();
        let anna = notebook
            .contact_create(ContactCreate {
                name: "Anna".into(),
                ..Default::default()
            })
            .unwrap();
        encounter(&mut notebook, &anna.id, 0, CheckinKind::InPerson);
        encounter(&mut notebook, &anna.id, 10, CheckinKind::Call);
        assert_eq!(
            followed_up(&mut notebook),
            0,
            "a call 10 days later is too late"
        );
        encounter(&mut notebook, &anna.id, 5, CheckinKind::Call);
        assert_eq!(
            followed_up(&mut notebook),
            1,
            "the call on day 5 followed up"
        );
    }
}
