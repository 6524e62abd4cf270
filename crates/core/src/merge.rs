//! Merging two contacts who are one person, and undoing it. A merge is ordinary writes, so it
//! syncs like any edit: the kept contact takes the chosen fields (and fills its empty ones), every
//! follow-up, deal, tag, import `UID` and event's "people to meet" entry of the other moves to it,
//! each check-in is recorded again for it (check-ins are insert-only) and the original retracted,
//! and the other contact is deleted. What moved is logged on this device (`contact_merge_step`), so
//! undo moves back exactly that — leaving alone what was changed since.

use handschlag_api::{
    CadenceClear, CadenceKind, CadenceSet, ContactField, ContactMerge, ContactMerged,
};
use rusqlite::types::Value;
use rusqlite::{Connection, OptionalExtension};

use crate::table::{self, CONTACT, Field};
use crate::write::{Write, id_or_null};
use crate::{Error, Id, Result, cadence, checkin, contact};

/// One logged step: what it was (`field`, `tag`, `uid`, `follow-up`, `deal`, `checkin`, `meet`,
/// `cadence`), its key (the field, the tag, the record moved) and the values before and after.
struct Step {
    kind: &'static str,
    key: Value,
    before: Value,
    after: Value,
}

impl Step {
    fn moved(kind: &'static str, id: Id) -> Step {
        Step {
            kind,
            key: id_or_null(Some(id)),
            before: Value::Null,
            after: Value::Null,
        }
    }
}

fn blank(value: &Value) -> bool {
    match value {
        Value::Null => true,
        Value::Text(text) => text.trim().is_empty(),
        _ => false,
    }
}

/// The contact's stored field a field of the request is.
fn stored(field: ContactField) -> table::Contact {
    match field {
        ContactField::Name => table::Contact::Name,
        ContactField::Organization => table::Contact::Organization,
        ContactField::Role => table::Contact::Role,
        ContactField::Phone => table::Contact::Phone,
        ContactField::Email => table::Contact::Email,
        ContactField::Town => table::Contact::Town,
        ContactField::HowMet => table::Contact::HowMet,
        ContactField::MetAtEvent => table::Contact::MetAtEvent,
        ContactField::ReferredBy => table::Contact::ReferredBy,
        ContactField::Notes => table::Contact::Notes,
    }
}

fn contact_fields(write: &Write<'_>, id: Id) -> Result<Vec<Value>> {
    write
        .read_row(&CONTACT, id)?
        .map(|(values, _)| values)
        .ok_or_else(|| Error::NotFound(format!("no contact with id {id}")))
}

/// Merges `request.drop_id` into `request.keep_id` (see the module's description).
pub(crate) fn merge(write: &mut Write<'_>, request: &ContactMerge) -> Result<ContactMerged> {
    let keep = Id::parse(&request.keep_id, "contact")?;
    let drop = Id::parse(&request.drop_id, "contact")?;
    if keep == drop {
        return Err(Error::invalid(
            "a contact cannot be merged with itself; choose two different contacts",
        ));
    }
    crate::live::contact(&write.tx, keep)?;
    crate::live::contact(&write.tx, drop)?;
    let mut steps = take_fields(write, keep, drop, &request.take)?;
    steps.extend(move_elements(write, keep, drop)?);
    steps.extend(move_references(write, keep, drop)?);
    steps.extend(move_checkins(write, keep, drop)?);
    steps.extend(move_cadence(write, keep, drop)?);
    contact::delete(write, drop)?;
    let merge = write.new_id();
    write
        .tx
        .prepare_cached(
            "INSERT INTO contact_merge (id, kept, dropped, at) VALUES (?1, ?2, ?3, ?4)",
        )?
        .execute((merge, keep, drop, write.now_ms))?;
    let count = |kind| steps.iter().filter(|s| s.kind == kind).count() as u32;
    let merged = ContactMerged {
        contact: contact::get(write.settled()?, keep)?,
        merge_id: merge.to_string(),
        checkins: count("checkin"),
        follow_ups: count("follow-up"),
        deals: count("deal"),
        tags: count("tag"),
    };
    let mut log = write.tx.prepare_cached(
        "INSERT INTO contact_merge_step (merge, kind, key, before, after) VALUES (?1, ?2, ?3, ?4, ?5)",
    )?;
    for step in steps {
        log.execute((merge, step.kind, step.key, step.before, step.after))?;
    }
    Ok(merged)
}

/// The kept contact takes the fields asked for, and every field it has empty.
fn take_fields(
    write: &mut Write<'_>,
    keep: Id,
    drop: Id,
    take: &[ContactField],
) -> Result<Vec<Step>> {
    let (kept, dropped) = (contact_fields(write, keep)?, contact_fields(write, drop)?);
    let mut steps = Vec::new();
    for field in ContactField::ALL {
        let at = stored(*field).position();
        let (mine, theirs) = (&kept[at], &dropped[at]);
        let wanted = take.contains(field) || (blank(mine) && !blank(theirs));
        if wanted && mine != theirs {
            steps.push(Step {
                kind: "field",
                key: Value::Text(stored(*field).column().into()),
                before: mine.clone(),
                after: theirs.clone(),
            });
        }
    }
    let changes: Vec<(table::Contact, Value)> = steps
        .iter()
        .map(|s| (logged_field(&s.key), s.after.clone()))
        .collect();
    write.update_row(keep, &changes)?;
    Ok(steps)
}

/// The field a logged step names by its column.
fn logged_field(key: &Value) -> table::Contact {
    ContactField::ALL
        .iter()
        .map(|field| stored(*field))
        .find(|field| matches!(key, Value::Text(column) if column == field.column()))
        .expect("a field step's key is the column of a field a merge takes")
}

/// The other's tags and import `UID`s join the kept contact's; its place among events' people
/// to meet goes to the kept contact.
fn move_elements(write: &mut Write<'_>, keep: Id, drop: Id) -> Result<Vec<Step>> {
    let own = "owner = ?1 AND kind IN ('tag', 'uid')";
    let theirs = elements(&write.tx, own, id_or_null(Some(drop)))?;
    let mine = elements(&write.tx, own, id_or_null(Some(keep)))?;
    let mut steps = Vec::new();
    for (_, kind, value) in theirs
        .into_iter()
        .filter(|e| !mine.iter().any(|m| m.1 == e.1 && m.2 == e.2))
    {
        write.add_element(keep, &kind, &value)?;
        steps.push(Step {
            kind: if kind == "tag" { "tag" } else { "uid" },
            key: Value::Text(value),
            before: Value::Null,
            after: Value::Null,
        });
    }
    let to_meet = "kind = 'meet' AND value = ?1";
    let listed = elements(&write.tx, to_meet, Value::Text(keep.to_string()))?;
    for (event, _, _) in elements(&write.tx, to_meet, Value::Text(drop.to_string()))? {
        let already = listed.iter().any(|(e, _, _)| *e == event);
        write.add_element(event, "meet", &keep.to_string())?;
        write.remove_element(event, "meet", &drop.to_string())?;
        steps.push(Step {
            before: Value::Integer(already.into()),
            ..Step::moved("meet", event)
        });
    }
    Ok(steps)
}

/// Live elements (owner, kind, value) matching `condition`, with `?1` bound to `bound`.
fn elements(conn: &Connection, condition: &str, bound: Value) -> Result<Vec<(Id, String, String)>> {
    Ok(conn
        .prepare_cached(&format!(
            "SELECT DISTINCT owner, kind, value FROM live_element WHERE {condition}"
        ))?
        .query_map([bound], |row| Ok((row.get(0)?, row.get(1)?, row.get(2)?)))?
        .collect::<rusqlite::Result<_>>()?)
}

/// The other's live follow-ups and deals become the kept contact's.
fn move_references(write: &mut Write<'_>, keep: Id, drop: Id) -> Result<Vec<Step>> {
    let mut steps = repoint(write, table::FollowUp::Contact, "follow-up", drop, keep)?;
    steps.extend(repoint(write, table::Deal::Contact, "deal", drop, keep)?);
    Ok(steps)
}

/// Points the live rows whose `contact` names `from` at `to`: a step of `kind` each.
fn repoint<F: Field>(
    write: &mut Write<'_>,
    contact: F,
    kind: &'static str,
    from: Id,
    to: Id,
) -> Result<Vec<Step>> {
    let ids: Vec<Id> = write
        .tx
        .prepare_cached(&format!(
            "SELECT id FROM {} WHERE {} = ?1 AND deleted = 0",
            F::TABLE.name,
            contact.column()
        ))?
        .query_map([from], |row| row.get(0))?
        .collect::<rusqlite::Result<_>>()?;
    let mut steps = Vec::new();
    for id in ids {
        write.update_row(id, &[(contact, id_or_null(Some(to)))])?;
        steps.push(Step::moved(kind, id));
    }
    Ok(steps)
}

/// Points a follow-up or deal the merge moved back at `drop`, unless it was moved on since.
fn give_back<F: Field>(
    write: &mut Write<'_>,
    contact: F,
    id: Option<Id>,
    keep: Id,
    drop: Id,
) -> Result<()> {
    let still_kept = write
        .tx
        .prepare_cached(&format!(
            "SELECT {} = ?2 FROM {} WHERE id = ?1",
            contact.column(),
            F::TABLE.name
        ))?
        .query_row((id, keep), |row| row.get::<_, bool>(0))
        .optional()?
        .unwrap_or(false);
    if let (true, Some(id)) = (still_kept, id) {
        write.update_row(id, &[(contact, id_or_null(Some(drop)))])?;
    }
    Ok(())
}

/// Records each live check-in of `from` again for `to` (as corrected: its current event and
/// note) and retracts the original; returns the pairs (original, copy).
fn recheck(write: &mut Write<'_>, from: Id, to: Id, only: Option<Id>) -> Result<Vec<(Id, Id)>> {
    let mut moved = Vec::new();
    for found in checkin::list_for_contact(&write.tx, from)? {
        let original = Id::parse(&found.id, "check-in")?;
        if found.retracted || only.is_some_and(|only| only != original) {
            continue;
        }
        let event = found
            .event_id
            .as_deref()
            .map(|e| Id::parse(e, "event"))
            .transpose()?;
        let copy = checkin::insert(
            write,
            to,
            event,
            found.kind,
            found.at,
            &found.place,
            &found.note,
        )?;
        write.tombstone(original)?;
        moved.push((original, copy));
    }
    Ok(moved)
}

fn move_checkins(write: &mut Write<'_>, keep: Id, drop: Id) -> Result<Vec<Step>> {
    Ok(recheck(write, drop, keep, None)?
        .into_iter()
        .map(|(_, copy)| Step::moved("checkin", copy))
        .collect())
}

/// The other's own keep-in-touch cadence, when the kept contact has none.
fn move_cadence(write: &mut Write<'_>, keep: Id, drop: Id) -> Result<Vec<Step>> {
    let own = |conn: &Connection, id: Id| -> Result<Option<(String, i64)>> {
        Ok(conn
            .prepare_cached(
                "SELECT kind, days FROM cadence WHERE id = ?1 AND tag IS NULL AND deleted = 0",
            )?
            .query_row([id], |row| Ok((row.get(0)?, row.get(1)?)))
            .optional()?)
    };
    let (Some((kind, days)), None) = (own(&write.tx, drop)?, own(&write.tx, keep)?) else {
        return Ok(Vec::new());
    };
    let kind: CadenceKind = kind.parse().unwrap_or(CadenceKind::InPerson);
    cadence::set(
        write,
        &CadenceSet {
            contact_id: Some(keep.to_string()),
            tag: None,
            kind,
            days,
        },
    )?;
    Ok(vec![Step::moved("cadence", keep)])
}

/// Undoes a merge made on this device (the latest one not undone when `merge` is `None`): the
/// other contact is back with what moved, and the kept contact's fields that still hold what the
/// merge gave them are as they were. Returns (kept, restored).
pub(crate) fn undo(write: &mut Write<'_>, merge: Option<Id>) -> Result<(Id, Id)> {
    let (merge, keep, drop) = logged(&write.tx, merge)?;
    crate::live::contact(&write.tx, keep).map_err(|_| {
        Error::invalid(
            "the merged contact was deleted since; restore it first, then undo the merge",
        )
    })?;
    write.update_row(drop, &[(table::Contact::Deleted, Value::Integer(0))])?;
    let steps: Vec<(String, Value, Value, Value)> = write
        .tx
        .prepare_cached("SELECT kind, key, before, after FROM contact_merge_step WHERE merge = ?1")?
        .query_map([merge], |row| {
            Ok((row.get(0)?, row.get(1)?, row.get(2)?, row.get(3)?))
        })?
        .collect::<rusqlite::Result<_>>()?;
    for (kind, key, before, after) in steps {
        undo_step(write, keep, drop, &kind, key, before, after)?;
    }
    write
        .tx
        .prepare_cached("UPDATE contact_merge SET undone = 1 WHERE id = ?1")?
        .execute([merge])?;
    Ok((keep, drop))
}

/// The merge to undo: (merge, kept, dropped).
fn logged(conn: &Connection, merge: Option<Id>) -> Result<(Id, Id, Id)> {
    let found: Option<(Id, Id, Id, bool)> = conn
        .prepare_cached(
            "SELECT id, kept, dropped, undone FROM contact_merge
             WHERE ?1 IS NULL AND undone = 0 OR id = ?1 ORDER BY at DESC, id DESC LIMIT 1",
        )?
        .query_row([merge], |row| {
            Ok((row.get(0)?, row.get(1)?, row.get(2)?, row.get(3)?))
        })
        .optional()?;
    match found {
        Some((_, _, _, true)) => Err(Error::invalid("this merge was already undone")),
        Some((merge, keep, drop, false)) => Ok((merge, keep, drop)),
        None if merge.is_some() => Err(Error::NotFound(
            "no such merge on this device; a merge is undone on the device that made it".into(),
        )),
        None => Err(Error::NotFound(
            "there is no merge to undo on this device".into(),
        )),
    }
}

fn undo_step(
    write: &mut Write<'_>,
    keep: Id,
    drop: Id,
    kind: &str,
    key: Value,
    before: Value,
    after: Value,
) -> Result<()> {
    let id = || match &key {
        Value::Blob(bytes) => Id::try_from(bytes.as_slice()).ok(),
        _ => None,
    };
    let text = || match &key {
        Value::Text(text) => text.clone(),
        _ => String::new(),
    };
    match kind {
        "field" => {
            let field = logged_field(&key);
            if contact_fields(write, keep)?[field.position()] == after {
                write.update_row(keep, &[(field, before)])?;
            }
        }
        "tag" | "uid" => {
            write.remove_element(keep, kind, &text())?;
        }
        "follow-up" => give_back(write, table::FollowUp::Contact, id(), keep, drop)?,
        "deal" => give_back(write, table::Deal::Contact, id(), keep, drop)?,
        "checkin" => {
            recheck(write, keep, drop, id())?;
        }
        "meet" => {
            // `before` is 1 when the kept contact was already to be met there: it stays.
            if let Some(event) = id() {
                if before != Value::Integer(1) {
                    write.remove_element(event, "meet", &keep.to_string())?;
                }
                write.add_element(event, "meet", &drop.to_string())?;
            }
        }
        "cadence" => {
            let request = CadenceClear {
                contact_id: Some(keep.to_string()),
                tag: None,
            };
            match cadence::clear(write, &request) {
                Err(Error::NotFound(_)) => {}
                other => other?,
            }
        }
        _ => unreachable!("merge steps are written by `merge`: {kind}"),
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use handschlag_api::{CheckinCreate, ContactCreate, ContactMerge, Handler, MergeUndo};

    use crate::contact::tests::names;
    use crate::db::tests::notebook;

    /// Derived state follows a merge and its undo, in their answers too: whoever holds the
    /// in-person check-in is met in person, and search finds the tag on whoever has it.
    #[test]
    fn a_merge_and_its_undo_answer_with_derived_state_in_step() {
        let mut notebook = notebook();
        let mut create = |name: &str, tags: &[&str]| {
            notebook
                .contact_create(ContactCreate {
                    name: name.into(),
                    tags: tags.iter().map(|t| t.to_string()).collect(),
                    ..Default::default()
                })
                .unwrap()
        };
        let (anna, again) = (create("Anna Bauer", &[]), create("Anna B.", &["kunde"]));
        notebook
            .checkin_create(CheckinCreate {
                contact_id: again.id.clone(),
                ..Default::default()
            })
            .unwrap();
        assert_eq!(names(&mut notebook, "kunde"), ["Anna B."]);

        let merged = notebook
            .contact_merge(ContactMerge {
                keep_id: anna.id,
                drop_id: again.id,
                take: Vec::new(),
            })
            .unwrap();
        assert!(merged.contact.met_in_person, "the check-in moved to her");
        assert_eq!(names(&mut notebook, "kunde"), ["Anna Bauer"]);

        let undone = notebook
            .contact_merge_undo(MergeUndo { merge_id: None })
            .unwrap();
        assert!(!undone.kept.met_in_person, "the check-in moved back");
        assert!(undone.restored.met_in_person);
        assert_eq!(names(&mut notebook, "kunde"), ["Anna B."]);
    }
}
