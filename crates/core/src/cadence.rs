//! Keep in touch, driven by real meetings: a contact may carry a cadence ("meet in person every
//! 90 days", "any contact every 30 days"), and a tag may carry a default for everyone with it.
//! What is due is computed — the latest encounter that counts plus the cadence — so a meeting
//! logged afterwards or synced in from the phone counts at once, and "done" is simply meeting
//! them. A contact's own cadence beats their tags'; among several tags the shortest applies.

use handschlag_api::{Cadence, CadenceClear, CadenceKind, CadenceSet, KeepInTouch};
use rusqlite::types::Value;
use rusqlite::{Connection, Row, named_params};
use sha2::{Digest, Sha256};

use crate::table::{self, CADENCE};
use crate::write::{Write, text};
use crate::{Error, Id, Result};

const DAY_MS: i64 = 86_400_000;
const MAX_DAYS: i64 = 3650;

/// Whose cadence a request names.
enum Owner {
    Contact(Id),
    Tag(String),
}

impl Owner {
    fn of(conn: &Connection, contact_id: Option<&str>, tag: Option<&str>) -> Result<Owner> {
        match (contact_id, tag.map(str::trim)) {
            (Some(id), None) => {
                let id = Id::parse(id, "contact")?;
                crate::live::contact(conn, id)?;
                Ok(Owner::Contact(id))
            }
            (None, Some(tag)) if !tag.is_empty() => Ok(Owner::Tag(tag.to_lowercase())),
            _ => Err(Error::invalid(
                "a cadence belongs to one contact or one tag; name exactly one of them",
            )),
        }
    }

    /// The row's id: the contact's own, or one derived from the tag, the same on every device.
    fn id(&self) -> Id {
        match self {
            Owner::Contact(id) => *id,
            Owner::Tag(tag) => {
                let digest = Sha256::digest(format!("handschlag cadence tag\0{tag}"));
                let mut bytes = [0; 16];
                bytes.copy_from_slice(&digest[..16]);
                Id(*uuid::Builder::from_custom_bytes(bytes).as_uuid().as_bytes())
            }
        }
    }

    fn tag(&self) -> Value {
        match self {
            Owner::Contact(_) => Value::Null,
            Owner::Tag(tag) => text(tag.clone()),
        }
    }
}

fn checked_days(days: i64) -> Result<i64> {
    if !(1..=MAX_DAYS).contains(&days) {
        return Err(Error::invalid(
            "a cadence is 1 to 3650 days; give how many days may pass between meetings",
        ));
    }
    Ok(days)
}

/// Sets a contact's or a tag's cadence (again, if it was cleared).
pub(crate) fn set(write: &mut Write<'_>, request: &CadenceSet) -> Result<Id> {
    let days = checked_days(request.days)?;
    let owner = Owner::of(
        &write.tx,
        request.contact_id.as_deref(),
        request.tag.as_deref(),
    )?;
    let id = owner.id();
    let values = [
        (table::Cadence::Tag, owner.tag()),
        (table::Cadence::Kind, text(request.kind.as_str())),
        (table::Cadence::Days, Value::Integer(days)),
    ];
    if write.read_row(&CADENCE, id)?.is_some() {
        let undeleted = [
            values.as_slice(),
            &[(table::Cadence::Deleted, Value::Integer(0))],
        ]
        .concat();
        write.update_row(id, &undeleted)?;
    } else {
        write.insert_row(id, &values)?;
    }
    Ok(id)
}

/// Clears a contact's own cadence (their tags' apply again) or a tag's.
pub(crate) fn clear(write: &mut Write<'_>, request: &CadenceClear) -> Result<()> {
    let owner = Owner::of(
        &write.tx,
        request.contact_id.as_deref(),
        request.tag.as_deref(),
    )?;
    if get(&write.tx, owner.id())?.is_none() {
        return Err(Error::NotFound(
            "no cadence is set there; nothing to clear".into(),
        ));
    }
    write.update_row(owner.id(), &[(table::Cadence::Deleted, Value::Integer(1))])?;
    Ok(())
}

const COLUMNS: &str = "SELECT k.id, k.tag, k.kind, k.days, c.name
    FROM cadence k LEFT JOIN contact c ON c.id = k.id WHERE k.deleted = 0";

fn from_row(row: &Row<'_>) -> rusqlite::Result<Cadence> {
    let tag: Option<String> = row.get(1)?;
    Ok(Cadence {
        contact_id: tag
            .is_none()
            .then(|| row.get::<_, Id>(0))
            .transpose()?
            .map(|id| id.to_string()),
        contact_name: row.get(4)?,
        tag,
        kind: kind(&row.get::<_, String>(2)?),
        days: row.get(3)?,
    })
}

fn kind(text: &str) -> CadenceKind {
    text.parse().unwrap_or(CadenceKind::Any)
}

pub(crate) fn get(conn: &Connection, id: Id) -> Result<Option<Cadence>> {
    use rusqlite::OptionalExtension;
    Ok(conn
        .prepare_cached(&format!("{COLUMNS} AND k.id = ?1"))?
        .query_row([id], from_row)
        .optional()?)
}

/// Every cadence set: the tags' defaults by tag, then the contacts' own by id.
pub(crate) fn list(conn: &Connection) -> Result<Vec<Cadence>> {
    Ok(conn
        .prepare_cached(&format!("{COLUMNS} ORDER BY k.tag IS NULL, k.tag, k.id"))?
        .query_map([], from_row)?
        .collect::<rusqlite::Result<_>>()?)
}

/// Live contacts with the cadence that applies to them, their latest encounter that counts (the
/// latest in-person meeting is kept in `meeting`) and when they are due, due by `:until`: the
/// most overdue first, then who was added first; only `:contact` when given, at most `:limit`
/// (all when NULL). Only the contacts listed are read in full.
const APPLIED: &str = "
    WITH own AS (
        SELECT id AS contact, kind, days, NULL AS tag, created_at FROM cadence
        WHERE deleted = 0 AND tag IS NULL),
     by_tag AS (
        SELECT e.owner AS contact, c.kind, min(c.days) AS days, c.tag, c.created_at
        FROM cadence c CROSS JOIN live_element e ON e.kind = 'tag' AND e.value = c.tag
        WHERE c.deleted = 0 AND c.tag IS NOT NULL
        AND e.owner NOT IN (SELECT contact FROM own)
        GROUP BY e.owner),
     applied AS (SELECT * FROM own UNION ALL SELECT * FROM by_tag),
     timed AS MATERIALIZED (
        SELECT a.*, iif(a.kind = 'any',
            (SELECT max(k.at) FROM checkin k WHERE k.retracted = 0 AND k.contact = a.contact),
            (SELECT m.last_at FROM meeting m WHERE m.contact = a.contact)) AS last_at
        FROM applied a WHERE :contact IS NULL OR a.contact = :contact),
     due AS MATERIALIZED (
        SELECT d.*, coalesce(d.last_at + d.days * 86400000, d.created_at) AS due_at
        FROM timed d CROSS JOIN contact c INDEXED BY contact_attribution
            ON c.id = d.contact AND c.deleted = 0
        WHERE coalesce(d.last_at + d.days * 86400000, d.created_at) <= :until
        ORDER BY due_at, d.contact LIMIT coalesce(:limit, -1))
    SELECT p.id, p.name, p.town, d.kind, d.days, d.tag, d.last_at, d.due_at
    FROM due d CROSS JOIN contact p ON p.id = d.contact
    ORDER BY d.due_at, d.contact";

/// Contacts due within `soon_days` of `now` or overdue, most overdue first; at most `limit`.
pub(crate) fn due(
    conn: &Connection,
    now: i64,
    soon_days: i64,
    limit: Option<i64>,
) -> Result<Vec<KeepInTouch>> {
    applied(conn, now, None, now + soon_days * DAY_MS, limit)
}

/// One contact's cadence and when the next encounter is due, if a cadence applies.
pub(crate) fn for_contact(conn: &Connection, contact: Id, now: i64) -> Result<Option<KeepInTouch>> {
    Ok(applied(conn, now, Some(contact), i64::MAX, None)?.pop())
}

fn applied(
    conn: &Connection,
    now: i64,
    contact: Option<Id>,
    until: i64,
    limit: Option<i64>,
) -> Result<Vec<KeepInTouch>> {
    let mut statement = conn.prepare_cached(APPLIED)?;
    let rows = statement.query_map(
        named_params! {":contact": contact, ":until": until, ":limit": limit},
        |row| keep_in_touch(row, now),
    )?;
    Ok(rows.collect::<rusqlite::Result<_>>()?)
}

fn keep_in_touch(row: &Row<'_>, now: i64) -> rusqlite::Result<KeepInTouch> {
    let due_at: i64 = row.get(7)?;
    Ok(KeepInTouch {
        contact_id: row.get::<_, Id>(0)?.to_string(),
        name: row.get(1)?,
        town: row.get(2)?,
        kind: kind(&row.get::<_, String>(3)?),
        days: row.get(4)?,
        tag: row.get(5)?,
        last_at: row.get(6)?,
        due_at,
        overdue_days: (now - due_at).div_euclid(DAY_MS),
    })
}
