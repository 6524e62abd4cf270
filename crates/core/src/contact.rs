//! Contacts: create, edit, delete (a tombstone), tags, lookup by id or name, and the list with
//! search and filters. "Met in person" is derived: how we met was in person, or there is a live
//! in-person check-in.
//!
//! Creating a contact with `met_now` ("Met someone" at an event) also records the in-person
//! check-in — at the event met at, with the notes as its one-line note — in the same write, so
//! the person is never saved without the encounter or the other way round.

use handschlag_api::{
    Channel, CheckinKind, Contact, ContactCreate, ContactFacets, ContactPage, ContactQuery,
    ContactUpdate,
};
use rusqlite::types::Value;
use rusqlite::{Connection, OptionalExtension, Row, params_from_iter};

use crate::search::{Query, Tier, fold};
use crate::table;
use crate::write::{Write, id_or_null, text};
use crate::{Error, Id, Result};

/// Columns of [`Contact`], for `FROM contact c`.
const COLUMNS: &str = "c.id, c.name, c.organization, c.role, c.phone, c.email, c.town, c.how_met,
    c.met_at_event, c.referred_by, c.notes, c.created_at,
    (SELECT group_concat(value, char(31)) FROM
        (SELECT DISTINCT value FROM live_element e WHERE e.owner = c.id AND +e.kind = 'tag' ORDER BY value)),
    (SELECT max(at) FROM live_checkin k WHERE k.contact = c.id)";

/// SQL: the contact `c` was met in person.
const MET_IN_PERSON: &str = "(c.how_met = 'in-person' OR c.met_in_person = 1)";

const TAG_SEPARATOR: char = '\u{1f}';

fn from_row(row: &Row<'_>) -> rusqlite::Result<Contact> {
    let how_met: String = row.get(7)?;
    let how_met: Channel = how_met.parse().unwrap_or(Channel::Online);
    let tags: Option<String> = row.get(12)?;
    Ok(Contact {
        id: row.get::<_, Id>(0)?.to_string(),
        name: row.get(1)?,
        organization: row.get(2)?,
        role: row.get(3)?,
        phone: row.get(4)?,
        email: row.get(5)?,
        town: row.get(6)?,
        how_met,
        met_at_event_id: row.get::<_, Option<Id>>(8)?.map(|id| id.to_string()),
        referred_by: row.get(9)?,
        notes: row.get(10)?,
        created_at: row.get(11)?,
        tags: tags
            .map(|t| t.split(TAG_SEPARATOR).map(String::from).collect())
            .unwrap_or_default(),
        met_in_person: row.get(14)?,
        last_met_at: row.get(13)?,
    })
}

fn select(condition: &str) -> String {
    format!("SELECT {COLUMNS}, {MET_IN_PERSON} FROM contact c WHERE c.deleted = 0 AND {condition}")
}

/// A live contact by id.
pub(crate) fn get(conn: &Connection, id: Id) -> Result<Contact> {
    conn.prepare_cached(&select("c.id = ?1"))?
        .query_row([id], from_row)
        .optional()?
        .ok_or_else(|| {
            Error::NotFound(format!("no contact with id {id}; it may have been deleted"))
        })
}

fn required_name(name: &str) -> Result<String> {
    let name = name.trim();
    if name.is_empty() {
        return Err(Error::invalid(
            "a contact needs a name; give at least a first name",
        ));
    }
    Ok(name.to_string())
}

pub(crate) fn checked_email(email: &str) -> Result<String> {
    let email = email.trim();
    let valid = email.is_empty()
        || email.split_once('@').is_some_and(|(local, domain)| {
            !local.is_empty()
                && domain.contains('.')
                && !domain.starts_with('.')
                && !domain.ends_with('.')
        });
    if !valid {
        return Err(Error::invalid(format!(
            "'{email}' is not an email address; leave it empty or write it as name@example.org"
        )));
    }
    Ok(email.to_string())
}

pub(crate) fn checked_tag(tag: &str) -> Result<String> {
    let tag = tag.trim().to_lowercase();
    if tag.is_empty() || tag.contains(TAG_SEPARATOR) {
        return Err(Error::invalid("a tag needs at least one letter"));
    }
    Ok(tag)
}

/// Creates a contact with its tags, and with `met_now` an in-person check-in, in one write.
pub(crate) fn create(write: &mut Write<'_>, new: ContactCreate) -> Result<Id> {
    let name = required_name(&new.name)?;
    let email = checked_email(&new.email)?;
    let tags = new
        .tags
        .iter()
        .map(|t| checked_tag(t))
        .collect::<Result<Vec<_>>>()?;
    let met_at_event = new
        .met_at_event_id
        .as_deref()
        .map(|id| Id::parse(id, "event"))
        .transpose()?;
    if let Some(event) = met_at_event {
        crate::live::event(&write.tx, event)?;
    }
    let how_met = new
        .how_met
        .unwrap_or(if met_at_event.is_some() || new.met_now {
            Channel::InPerson
        } else {
            Channel::Online
        });
    let id = write.new_id();
    write.insert_row(
        id,
        &[
            (table::Contact::Name, text(name)),
            (table::Contact::Organization, text(new.organization.trim())),
            (table::Contact::Role, text(new.role.trim())),
            (table::Contact::Phone, text(new.phone.trim())),
            (table::Contact::Email, text(email)),
            (table::Contact::Town, text(new.town.trim())),
            (table::Contact::HowMet, text(how_met.as_str())),
            (table::Contact::MetAtEvent, id_or_null(met_at_event)),
            (table::Contact::ReferredBy, text(new.referred_by.trim())),
            (table::Contact::Notes, text(new.notes.trim())),
        ],
    )?;
    for tag in tags {
        write.add_element(id, "tag", &tag)?;
    }
    if new.met_now {
        let now = write.now_ms;
        crate::checkin::insert(
            write,
            id,
            met_at_event,
            CheckinKind::InPerson,
            now,
            "",
            &new.notes,
        )?;
    }
    Ok(id)
}

/// Applies the given changes to a live contact.
pub(crate) fn update(write: &mut Write<'_>, change: ContactUpdate) -> Result<Id> {
    let id = Id::parse(&change.id, "contact")?;
    crate::live::contact(&write.tx, id)?;
    let mut changes = Vec::new();
    if let Some(name) = &change.name {
        changes.push((table::Contact::Name, text(required_name(name)?)));
    }
    if let Some(email) = &change.email {
        changes.push((table::Contact::Email, text(checked_email(email)?)));
    }
    for (field, value) in [
        (table::Contact::Organization, &change.organization),
        (table::Contact::Role, &change.role),
        (table::Contact::Phone, &change.phone),
        (table::Contact::Town, &change.town),
        (table::Contact::ReferredBy, &change.referred_by),
        (table::Contact::Notes, &change.notes),
    ] {
        if let Some(value) = value {
            changes.push((field, text(value.trim())));
        }
    }
    if let Some(how_met) = change.how_met {
        changes.push((table::Contact::HowMet, text(how_met.as_str())));
    }
    write.update_row(id, &changes)?;
    Ok(id)
}

/// Marks a contact deleted; the tombstone syncs, the row stays.
pub(crate) fn delete(write: &mut Write<'_>, id: Id) -> Result<()> {
    crate::live::contact(&write.tx, id)?;
    write.update_row(id, &[(table::Contact::Deleted, Value::Integer(1))])?;
    Ok(())
}

/// Brings back a deleted contact, named by id or by its name (among deleted contacts); returns
/// its id. Its check-ins, follow-ups and deals were kept and are its own again.
pub(crate) fn restore(write: &mut Write<'_>, reference: &str) -> Result<Id> {
    let reference = reference.trim();
    let deleted: Vec<(Id, String)> = write
        .tx
        .prepare_cached("SELECT id, name FROM contact WHERE deleted = 1")?
        .query_map([], |row| Ok((row.get(0)?, row.get(1)?)))?
        .collect::<rusqlite::Result<_>>()?;
    let wanted = fold(reference).0;
    let matches: Vec<&(Id, String)> = deleted
        .iter()
        .filter(|(id, name)| id.to_string() == reference || fold(name).0 == wanted)
        .collect();
    let id = match matches.as_slice() {
        [(id, _)] => *id,
        [] => {
            return Err(Error::NotFound(format!(
                "no deleted contact '{reference}'; only a deleted contact can be restored"
            )));
        }
        several => {
            let ids: Vec<String> = several.iter().map(|(id, _)| id.to_string()).collect();
            return Err(Error::Ambiguous(format!(
                "several deleted contacts are called '{reference}'; restore one by id: {}",
                ids.join(", ")
            )));
        }
    };
    write.update_row(id, &[(table::Contact::Deleted, Value::Integer(0))])?;
    Ok(id)
}

pub(crate) fn tag_add(write: &mut Write<'_>, id: Id, tag: &str) -> Result<()> {
    let tag = checked_tag(tag)?;
    crate::live::contact(&write.tx, id)?;
    write.add_element(id, "tag", &tag)
}

pub(crate) fn tag_remove(write: &mut Write<'_>, id: Id, tag: &str) -> Result<()> {
    let tag = checked_tag(tag)?;
    crate::live::contact(&write.tx, id)?;
    if write.remove_element(id, "tag", &tag)? == 0 {
        return Err(Error::NotFound(format!(
            "the contact has no tag '{tag}'; nothing to remove"
        )));
    }
    Ok(())
}

/// Contacts matching the query and filters. Listing is alphabetical; a search lists contacts
/// whose name matches first, then the others, each newest first.
pub(crate) fn list(conn: &Connection, query: &ContactQuery) -> Result<ContactPage> {
    let mut filters = Vec::new();
    let mut params: Vec<Value> = Vec::new();
    match query.met_in_person {
        Some(true) => filters.push(MET_IN_PERSON.to_string()),
        Some(false) => filters.push(format!("NOT {MET_IN_PERSON}")),
        None => {}
    }
    // Both filters match a beginning: "Muster" finds Musterstadt, "hand" the tag handwerk.
    if let Some(tag) = query.tag.as_deref().filter(|t| !t.trim().is_empty()) {
        params.push(text(like_prefix(&checked_tag(tag)?)));
        filters.push(format!(
            "EXISTS (SELECT 1 FROM live_element e WHERE e.owner = c.id AND e.kind = 'tag' AND e.value LIKE ?{} ESCAPE '\\')",
            params.len()
        ));
    }
    if let Some(town) = query.town.as_deref().filter(|t| !t.trim().is_empty()) {
        params.push(text(like_prefix(town.trim())));
        filters.push(format!("c.town LIKE ?{} ESCAPE '\\'", params.len()));
    }
    let limit = query.limit.unwrap_or(100).clamp(1, 1000) as usize;
    let offset = query.offset.unwrap_or(0) as usize;

    let Some(search) = Query::parse(&query.query) else {
        filters.push("c.deleted = 0".into());
        let filter = filters.join(" AND ");
        let total = count(
            conn,
            &format!("SELECT count(*) FROM contact c WHERE {filter}"),
            &params,
        )?;
        let seqs = page(
            conn,
            &format!("SELECT c.seq FROM contact c WHERE {filter}"),
            &params,
            BY_NAME,
            limit,
            offset,
        )?;
        return read_page(conn, seqs, total);
    };

    // Deleted contacts are not in the search indexes, so without other filters an index alone
    // counts the matches.
    let unfiltered = filters.is_empty();
    filters.push("c.deleted = 0".into());
    let filter = filters.join(" AND ");
    let selecting = |tier: Tier| format!("{} AND {filter}", search.tier(tier));
    let count_tier = |tier: Tier| match search
        .count_all()
        .filter(|_| unfiltered && matches!(tier, Tier::All))
    {
        Some(sql) => count(conn, &sql, &[]),
        None => count(
            conn,
            &format!("SELECT count(*) {}", selecting(tier)),
            &params,
        ),
    };
    let total = count_tier(Tier::All)?;
    let name_matches = format!("SELECT c.seq {}", selecting(Tier::NameMatches));
    let mut seqs = page(conn, &name_matches, &params, RECENT_FIRST, limit, offset)?;
    if seqs.len() < limit {
        // Where the second tier starts depends on the size of the first only past page one.
        let named = if offset == 0 {
            0
        } else {
            count_tier(Tier::NameMatches)? as usize
        };
        let other_matches = format!("SELECT c.seq {}", selecting(Tier::OtherMatches));
        let rest = offset.saturating_sub(named);
        seqs.extend(page(
            conn,
            &other_matches,
            &params,
            RECENT_FIRST,
            limit - seqs.len(),
            rest,
        )?);
    }
    read_page(conn, seqs, total)
}

fn count(conn: &Connection, sql: &str, params: &[Value]) -> Result<u32> {
    Ok(conn
        .prepare_cached(sql)?
        .query_row(params_from_iter(params), |row| row.get(0))?)
}

/// Listing order: alphabetical, along the `contact_by_name` index.
const BY_NAME: &str = "c.name COLLATE NOCASE, c.id";
/// Search order within a tier: newest contacts first — the index's own rowid order, so a page
/// stops after `limit` matches instead of sorting thousands.
const RECENT_FIRST: &str = "x.rowid DESC";

/// One page of contact row numbers from `select` (which selects `c.seq`).
fn page(
    conn: &Connection,
    select: &str,
    params: &[Value],
    order: &str,
    limit: usize,
    offset: usize,
) -> Result<Vec<i64>> {
    let sql = format!("{select} ORDER BY {order} LIMIT {limit} OFFSET {offset}");
    Ok(conn
        .prepare_cached(&sql)?
        .query_map(params_from_iter(params), |row| row.get(0))?
        .collect::<rusqlite::Result<_>>()?)
}

/// Reads the page's contacts. The per-contact columns (tags, last met) cost a few lookups each,
/// so they are computed for one page only, after ranking and cutting.
fn read_page(conn: &Connection, seqs: Vec<i64>, total: u32) -> Result<ContactPage> {
    let mut by_seq = conn.prepare_cached(&select("c.seq = ?1"))?;
    let contacts = seqs
        .into_iter()
        .map(|seq| by_seq.query_row([seq], from_row))
        .collect::<rusqlite::Result<_>>()?;
    Ok(ContactPage {
        contacts,
        total,
        indexing: 0,
    })
}

/// A LIKE pattern for values beginning with `prefix` (its `%`, `_` and `\` taken literally).
fn like_prefix(prefix: &str) -> String {
    let mut pattern = String::with_capacity(prefix.len() + 1);
    for c in prefix.chars() {
        if matches!(c, '%' | '_' | '\\') {
            pattern.push('\\');
        }
        pattern.push(c);
    }
    pattern.push('%');
    pattern
}

/// The towns and tags the live contacts have, each sorted, for suggestions in filters. Each
/// distinct tag is found by a jump through the index of values, then kept if a live contact
/// carries it: a handful of lookups instead of a pass over every tag of 50,000 contacts.
pub(crate) fn facets(conn: &Connection) -> Result<ContactFacets> {
    let values = |sql: &str| -> Result<Vec<String>> {
        Ok(conn
            .prepare_cached(sql)?
            .query_map([], |row| row.get(0))?
            .collect::<rusqlite::Result<_>>()?)
    };
    Ok(ContactFacets {
        towns: values(
            "SELECT DISTINCT town FROM contact WHERE deleted = 0 AND town != '' ORDER BY town COLLATE NOCASE",
        )?,
        tags: values(
            "WITH RECURSIVE tag(value) AS (
                SELECT min(value) FROM element WHERE kind = 'tag'
                UNION ALL
                SELECT (SELECT min(value) FROM element WHERE kind = 'tag' AND value > tag.value)
                FROM tag WHERE value IS NOT NULL)
             SELECT value FROM tag WHERE value IS NOT NULL AND EXISTS (
                SELECT 1 FROM live_element e JOIN contact c ON c.id = e.owner
                WHERE e.kind = 'tag' AND e.value = tag.value AND c.deleted = 0)
             ORDER BY value",
        )?,
    })
}

/// The one contact `reference` (an id, or a name as typed) refers to.
pub(crate) fn resolve(conn: &Connection, reference: &str) -> Result<Contact> {
    let reference = reference.trim();
    if reference.is_empty() {
        return Err(Error::invalid("name a contact by its name or id"));
    }
    if Id::looks_like_id(reference) {
        return get(conn, Id::parse(reference, "contact")?);
    }
    // The name exactly as stored wins, however many others the search also finds ("Kontakt 1-1"
    // among "Kontakt 1-10" … "Kontakt 1-19").
    let same_name: Vec<Contact> = conn
        .prepare_cached(&select("c.name = ?1 COLLATE NOCASE"))?
        .query_map([reference], from_row)?
        .collect::<rusqlite::Result<_>>()?;
    if let [one] = same_name.as_slice() {
        return Ok(one.clone());
    }
    let page = list(
        conn,
        &ContactQuery {
            query: reference.into(),
            limit: Some(20),
            ..Default::default()
        },
    )?;
    let wanted = fold(reference).0;
    let exact: Vec<&Contact> = page
        .contacts
        .iter()
        .filter(|c| fold(&c.name).0 == wanted)
        .collect();
    match (exact.as_slice(), page.contacts.as_slice()) {
        ([one], _) => Ok((*one).clone()),
        ([], [one]) => Ok(one.clone()),
        ([], []) => Err(Error::NotFound(format!(
            "no contact matches '{reference}'; check the spelling, or add the contact first"
        ))),
        ([], many) => Err(ambiguous(
            reference,
            &many.iter().collect::<Vec<_>>(),
            page.total,
        )),
        (many, _) => Err(ambiguous(reference, many, many.len() as u32)),
    }
}

fn ambiguous(reference: &str, candidates: &[&Contact], total: u32) -> Error {
    let mut message = format!("'{reference}' matches {total} contacts; name one by its id:");
    for contact in candidates.iter().take(10) {
        let context: Vec<&str> = [contact.organization.as_str(), contact.town.as_str()]
            .into_iter()
            .filter(|s| !s.is_empty())
            .collect();
        message.push_str(&format!("\n  {}  {}", contact.id, contact.name));
        if !context.is_empty() {
            message.push_str(&format!(" ({})", context.join(", ")));
        }
    }
    Error::Ambiguous(message)
}

#[cfg(test)]
pub(crate) mod tests {
    use super::*;
    use crate::db::tests::notebook;
    use handschlag_api::{Handler, Reference};

    fn add(
        notebook: &mut crate::Notebook,
        name: &str,
        organization: &str,
        town: &str,
        tags: &[&str],
    ) -> Contact {
        notebook
            .contact_create(ContactCreate {
                name: name.into(),
                organization: organization.into(),
                town: town.into(),
                tags: tags.iter().map(|t| t.to_string()).collect(),
                ..Default::default()
            })
            .unwrap()
    }

    /// The names of the contacts a search finds, in its order.
    pub(crate) fn names(notebook: &mut crate::Notebook, query: &str) -> Vec<String> {
        let page = notebook
            .contact_list(ContactQuery {
                query: query.into(),
                ..Default::default()
            })
            .unwrap();
        page.contacts.into_iter().map(|c| c.name).collect()
    }

    #[test]
    fn town_and_tag_filters_match_a_beginning_and_suggest_what_exists() {
        let mut notebook = notebook();
        add(&mut notebook, "Anna", "", "Musterstadt", &["handwerk"]);
        add(&mut notebook, "Jürgen", "", "Musterdorf", &["handel"]);
        add(&mut notebook, "Eva", "", "Beispielheim", &["kunde"]);
        add(&mut notebook, "Percent", "", "100% Stadt", &[]);
        let filtered = |notebook: &mut crate::Notebook, town: &str, tag: &str| {
            let page = notebook
                .contact_list(ContactQuery {
                    town: Some(town.into()),
                    tag: Some(tag.into()),
                    ..Default::default()
                })
                .unwrap();
            page.contacts
                .into_iter()
                .map(|c| c.name)
                .collect::<Vec<_>>()
        };
        assert_eq!(filtered(&mut notebook, "muster", ""), ["Anna", "Jürgen"]);
        assert_eq!(filtered(&mut notebook, "", "hand"), ["Anna", "Jürgen"]);
        assert_eq!(filtered(&mut notebook, "Muster", "handw"), ["Anna"]);
        assert_eq!(filtered(&mut notebook, "100%", ""), ["Percent"]);
        assert!(filtered(&mut notebook, "1%", "").is_empty(), "% is literal");
        let facets = notebook
            .contact_facet_list(handschlag_api::Empty {})
            .unwrap();
        assert_eq!(
            facets.towns,
            ["100% Stadt", "Beispielheim", "Musterdorf", "Musterstadt"]
        );
        assert_eq!(facets.tags, ["handel", "handwerk", "kunde"]);
    }

    #[test]
    fn suggestions_leave_out_what_no_live_contact_carries() {
        let mut notebook = notebook();
        let anna = add(&mut notebook, "Anna", "", "Musterstadt", &["alt", "kunde"]);
        let eva = add(&mut notebook, "Eva", "", "Beispielheim", &["bank", "kunde"]);
        add(&mut notebook, "Jürgen", "", "", &["zeitung"]);
        notebook
            .contact_tag_remove(handschlag_api::TagChange {
                contact_id: anna.id,
                tag: "alt".into(),
            })
            .unwrap();
        notebook
            .contact_delete(handschlag_api::IdRequest { id: eva.id })
            .unwrap();
        let facets = notebook
            .contact_facet_list(handschlag_api::Empty {})
            .unwrap();
        assert_eq!(facets.towns, ["Musterstadt"]);
        assert_eq!(
            facets.tags,
            ["kunde", "zeitung"],
            "a removed tag and one only a deleted contact had are gone; the tags after them stay"
        );
    }

    #[test]
    fn german_search_finds_what_a_german_user_types() {
        let mut notebook = notebook();
        add(
            &mut notebook,
            "Jürgen Müller",
            "Müller Bau",
            "Musterstadt",
            &["handwerk"],
        );
        add(
            &mut notebook,
            "Anna Bauer",
            "Bauer Logistik",
            "Nachbarort",
            &[],
        );
        add(&mut notebook, "Eva Weiß", "", "Musterstadt", &[]);
        add(&mut notebook, "Karl Mueller", "", "", &[]);
        for query in ["mueller", "muller", "Müll", "MÜLLER", "jürgen", "juergen"] {
            assert!(
                names(&mut notebook, query).contains(&"Jürgen Müller".to_string()),
                "{query}"
            );
        }
        assert_eq!(names(&mut notebook, "baue"), ["Anna Bauer"]);
        assert_eq!(names(&mut notebook, "weiss"), ["Eva Weiß"]);
        assert_eq!(
            names(&mut notebook, "handwerk"),
            ["Jürgen Müller"],
            "tags are searched"
        );
        assert_eq!(names(&mut notebook, "ogist"), ["Anna Bauer"], "substring");
        let short = names(&mut notebook, "mu");
        assert_eq!(
            short.len(),
            3,
            "two letters scan names and towns: {short:?}"
        );
        assert_eq!(
            short[2], "Eva Weiß",
            "name matches rank before the town match"
        );
    }

    #[test]
    fn name_matches_rank_before_organization_and_notes() {
        let mut notebook = notebook();
        add(&mut notebook, "Zacharias Zeller", "Bauer Logistik", "", &[]);
        add(&mut notebook, "Anna Bauer", "", "", &[]);
        assert_eq!(
            names(&mut notebook, "bauer"),
            ["Anna Bauer", "Zacharias Zeller"]
        );
    }

    #[test]
    fn references_resolve_by_name_or_report_the_candidates() {
        let mut notebook = notebook();
        let jurgen = add(&mut notebook, "Jürgen Müller", "Müller Bau", "", &[]);
        add(&mut notebook, "Petra Müller", "", "", &[]);
        notebook.catch_up_search().unwrap(); // as contact_resolve does first
        assert_eq!(
            resolve(&notebook.conn, "jürgen müller").unwrap().id,
            jurgen.id
        );
        assert_eq!(resolve(&notebook.conn, &jurgen.id).unwrap().id, jurgen.id);
        let error = resolve(&notebook.conn, "müller").unwrap_err();
        assert!(matches!(error, Error::Ambiguous(_)));
        assert!(
            error.to_string().contains("Petra Müller") && error.to_string().contains(&jurgen.id)
        );
        assert!(matches!(
            resolve(&notebook.conn, "nobody").unwrap_err(),
            Error::NotFound(_)
        ));
    }

    #[test]
    fn bad_input_is_refused_and_writes_nothing() {
        let mut notebook = notebook();
        let blank = notebook.contact_create(ContactCreate {
            name: "  ".into(),
            ..Default::default()
        });
        assert!(blank.unwrap_err().message.contains("needs a name"));
        let email = notebook.contact_create(ContactCreate {
            name: "X".into(),
            email: "x@y".into(),
            ..Default::default()
        });
        assert!(email.unwrap_err().message.contains("name@example.org"));
        assert_eq!(notebook.lseq().unwrap(), 0);
    }

    fn count(notebook: &crate::Notebook, table: &str) -> i64 {
        notebook
            .conn
            .query_row(&format!("SELECT count(*) FROM {table}"), [], |r| r.get(0))
            .unwrap()
    }

    fn stammtisch(notebook: &mut crate::Notebook) -> handschlag_api::Event {
        notebook
            .event_create(handschlag_api::EventCreate {
                title: "Stammtisch".into(),
                starts: "2026-07-04T19:00".into(),
                time_zone: "Europe/Berlin".into(),
                ..Default::default()
            })
            .unwrap()
    }

    #[test]
    fn met_now_saves_the_contact_with_an_in_person_checkin_at_the_event() {
        let mut notebook = notebook();
        let event = stammtisch(&mut notebook);
        let anna = notebook
            .contact_create(ContactCreate {
                name: "Anna Bauer".into(),
                organization: "Bauer Logistik".into(),
                notes: " restructuring — call next week ".into(),
                met_at_event_id: Some(event.id.clone()),
                met_now: true,
                ..Default::default()
            })
            .unwrap();
        assert!(anna.met_in_person);
        assert_eq!(anna.how_met, Channel::InPerson);
        assert_eq!(anna.last_met_at, Some(1_783_166_400_000), "met now");
        let detail = notebook
            .contact_get(handschlag_api::IdRequest {
                id: anna.id.clone(),
            })
            .unwrap();
        let [checkin] = detail.checkins.as_slice() else {
            panic!("one check-in: {:?}", detail.checkins);
        };
        assert_eq!(checkin.kind, CheckinKind::InPerson);
        assert_eq!(checkin.event_id.as_deref(), Some(event.id.as_str()));
        assert_eq!(checkin.note, "restructuring — call next week");
        assert_eq!(checkin.contact_name, "Anna Bauer");

        // Without an event: a check-in anywhere, and how we met defaults to in person.
        let eva = notebook
            .contact_create(ContactCreate {
                name: "Eva Weiß".into(),
                met_now: true,
                ..Default::default()
            })
            .unwrap();
        assert_eq!(eva.how_met, Channel::InPerson);
        assert!(eva.met_in_person);
        // Without met_now nothing is checked in, even with an event.
        let olaf = notebook
            .contact_create(ContactCreate {
                name: "Olaf".into(),
                met_at_event_id: Some(event.id),
                ..Default::default()
            })
            .unwrap();
        assert_eq!(olaf.last_met_at, None);
        assert_eq!(count(&notebook, "checkin"), 2);
    }

    #[test]
    fn met_now_failing_at_the_checkin_leaves_no_contact_half_written() {
        let mut notebook = notebook();
        let event = stammtisch(&mut notebook);
        let lseq = notebook.lseq().unwrap();
        // The check-in insert fails after the contact row, its tags and its search mark are
        // written in the same transaction.
        notebook
            .conn
            .execute_batch(
                "CREATE TEMP TRIGGER refuse_checkins BEFORE INSERT ON checkin
                 BEGIN SELECT RAISE(ABORT, 'disk full'); END;",
            )
            .unwrap();
        let request = ContactCreate {
            name: "Anna Bauer".into(),
            tags: vec!["kunde".into()],
            notes: "call next week".into(),
            met_at_event_id: Some(event.id.clone()),
            met_now: true,
            ..Default::default()
        };
        let error = notebook.contact_create(request.clone()).unwrap_err();
        assert!(error.message.contains("disk full"), "{}", error.message);
        assert_eq!(
            count(&notebook, "contact"),
            0,
            "no contact without its check-in"
        );
        assert_eq!(
            count(&notebook, "element"),
            0,
            "no tags of a contact not saved"
        );
        assert_eq!(count(&notebook, "checkin"), 0);
        assert_eq!(
            notebook.lseq().unwrap(),
            lseq,
            "no change counter handed out"
        );
        assert!(names(&mut notebook, "").is_empty());

        // Refused before anything is written: an event that does not exist.
        notebook
            .conn
            .execute_batch("DROP TRIGGER refuse_checkins")
            .unwrap();
        let unknown = notebook
            .contact_create(ContactCreate {
                met_at_event_id: Some("01900000-0000-7000-8000-000000000000".into()),
                ..request.clone()
            })
            .unwrap_err();
        assert!(unknown.message.contains("no event"), "{}", unknown.message);
        assert_eq!(notebook.lseq().unwrap(), lseq);

        // Once the store accepts check-ins, the same request saves both.
        let anna = notebook.contact_create(request).unwrap();
        assert!(anna.met_in_person);
        assert_eq!(count(&notebook, "checkin"), 1);
    }

    #[test]
    fn a_name_typed_exactly_finds_its_contact_among_many_similar_ones() {
        let mut notebook = notebook();
        for i in 0..25 {
            add(&mut notebook, &format!("Kontakt 1-{i}"), "", "", &[]);
        }
        let found = notebook
            .contact_resolve(Reference {
                reference: "kontakt 1-1".into(),
            })
            .unwrap();
        assert_eq!(found.name, "Kontakt 1-1");
    }

    #[test]
    fn deleted_contacts_leave_lists_and_search_but_keep_their_row() {
        let mut notebook = notebook();
        let anna = add(&mut notebook, "Anna Bauer", "", "", &[]);
        notebook
            .contact_delete(handschlag_api::IdRequest {
                id: anna.id.clone(),
            })
            .unwrap();
        assert!(names(&mut notebook, "").is_empty());
        assert!(names(&mut notebook, "bauer").is_empty());
        let rows: i64 = notebook
            .conn
            .query_row("SELECT count(*) FROM contact", [], |r| r.get(0))
            .unwrap();
        assert_eq!(rows, 1, "a tombstone, not a removal");
    }
}
