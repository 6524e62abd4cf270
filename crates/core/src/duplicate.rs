//! Likely duplicates: two live contacts with the same name (folded as search folds it: Müller =
//! Mueller = muller, Łukasz = lukasz), the same email (case-folded) or the same phone number
//! (as E.164: `0171 1234567` = `+49 (0)171 1234567`). A pair the user said are two people is
//! remembered as a synced element and not listed again. Merging a pair is [`crate::merge`].

use std::collections::BTreeMap;

use handschlag_api::{Contact, DuplicatePair, DuplicateReason};
use rusqlite::Connection;

use crate::search::fold_words;
use crate::write::Write;
use crate::{Error, Id, Result};

/// The element kind that says two contacts are different people: owned by the lower id, its
/// value the higher one.
const DISTINCT: &str = "distinct";

/// A group of more contacts than this sharing one key is a shared office number or a common
/// name, not one person entered many times: it is not listed.
const LARGEST_GROUP: usize = 8;

/// At most this many pairs are listed, the likeliest first.
const LISTED: usize = 200;

/// The country a number without one is taken to be in (the app's users are German-speaking).
const HOME_COUNTRY_CODE: &str = "49";

/// A phone number in E.164 (`+491711234567`), or `None` when it has too few digits to tell.
/// Spaces, dashes, slashes, brackets and a `(0)` after the country code are dropped; `00` is an
/// international prefix; a leading `0` is a number in the home country.
pub(crate) fn phone_key(phone: &str) -> Option<String> {
    let phone = phone.replace("(0)", "");
    let international = phone.trim_start().starts_with('+');
    let digits: String = phone.chars().filter(char::is_ascii_digit).collect();
    let number = if international {
        digits
    } else if let Some(rest) = digits.strip_prefix("00") {
        rest.to_string()
    } else if let Some(rest) = digits.strip_prefix('0') {
        format!("{HOME_COUNTRY_CODE}{rest}")
    } else {
        digits
    };
    (number.len() >= 7).then(|| format!("+{number}"))
}

/// What a contact is recognized by: its folded name, email and phone.
pub(crate) type Keys = Vec<(DuplicateReason, String)>;

pub(crate) fn keys(name: &str, email: &str, phone: &str) -> Keys {
    let mut keys = Vec::with_capacity(3);
    let name = fold_words(name);
    if !name.is_empty() {
        keys.push((DuplicateReason::Name, name));
    }
    let email = email.trim().to_lowercase();
    if email.contains('@') {
        keys.push((DuplicateReason::Email, email));
    }
    if let Some(phone) = phone_key(phone) {
        keys.push((DuplicateReason::Phone, phone));
    }
    keys
}

/// Rewrites the keys of `contacts` (part of the search catch-up), each with whether it has keys
/// to remove first and its new ones (none when deleted), inserted in key order.
pub(crate) fn index(conn: &Connection, contacts: &[(Id, bool, &Keys)]) -> Result<()> {
    let mut remove = conn.prepare_cached("DELETE FROM duplicate_key WHERE contact = ?1")?;
    for (id, ..) in contacts.iter().filter(|(_, indexed, _)| *indexed) {
        remove.execute([id])?;
    }
    let mut keys: Vec<(&str, &str, &Id)> = contacts
        .iter()
        .flat_map(|(id, _, keys)| {
            keys.iter()
                .map(move |(reason, key)| (reason.as_str(), key.as_str(), id))
        })
        .collect();
    keys.sort_unstable();
    let mut insert = conn
        .prepare_cached("INSERT INTO duplicate_key (reason, key, contact) VALUES (?1, ?2, ?3)")?;
    for key in keys {
        insert.execute(key)?;
    }
    Ok(())
}

/// A contact as the Duplicates list orders them: by when it was created, then by id.
type Aged = (i64, Id);

/// The keys shared by two to [`LARGEST_GROUP`] live contacts: each with its contacts, oldest
/// first.
fn shared_keys(conn: &Connection) -> Result<Vec<(DuplicateReason, Vec<Aged>)>> {
    let rows: Vec<(String, String, Aged)> = conn
        .prepare_cached(
            "SELECT k.reason, k.key, c.created_at, k.contact FROM duplicate_key k
             JOIN (SELECT reason, key FROM duplicate_key GROUP BY reason, key
                   HAVING count(*) BETWEEN 2 AND ?1) g ON g.reason = k.reason AND g.key = k.key
             JOIN contact c ON c.id = k.contact
             ORDER BY k.reason, k.key, c.created_at, c.id",
        )?
        .query_map([LARGEST_GROUP as i64], |row| {
            Ok((row.get(0)?, row.get(1)?, (row.get(2)?, row.get(3)?)))
        })?
        .collect::<rusqlite::Result<_>>()?;
    let mut groups: Vec<(DuplicateReason, Vec<Aged>)> = Vec::new();
    let mut last: Option<(&str, &str)> = None;
    for (reason, key, contact) in &rows {
        if last != Some((reason.as_str(), key.as_str())) {
            groups.push((reason.parse().map_err(Error::invalid)?, Vec::new()));
            last = Some((reason, key));
        }
        groups
            .last_mut()
            .expect("a group was just pushed")
            .1
            .push(*contact);
    }
    Ok(groups)
}

/// The pairs the user said are different people, each as (lower id, higher id).
fn distinct_pairs(conn: &Connection) -> Result<Vec<(Id, Id)>> {
    let rows: Vec<(Id, String)> = conn
        .prepare_cached("SELECT owner, value FROM live_element WHERE kind = ?1")?
        .query_map([DISTINCT], |row| Ok((row.get(0)?, row.get(1)?)))?
        .collect::<rusqlite::Result<_>>()?;
    Ok(rows
        .into_iter()
        .filter_map(|(owner, value)| Some((owner, Id::parse(&value, "contact").ok()?)))
        .collect())
}

fn ordered(a: Id, b: Id) -> (Id, Id) {
    if a <= b { (a, b) } else { (b, a) }
}

/// The likely duplicates among the live contacts: the pairs sharing most first (then by the
/// older contact's age), at most 200. Reads keys made by the search catch-up.
pub(crate) fn list(conn: &Connection) -> Result<Vec<DuplicatePair>> {
    let distinct = distinct_pairs(conn)?;
    let mut pairs: BTreeMap<(Aged, Aged), Vec<DuplicateReason>> = BTreeMap::new();
    for (reason, members) in shared_keys(conn)? {
        for (n, &first) in members.iter().enumerate() {
            for &second in &members[n + 1..] {
                if !distinct.contains(&ordered(first.1, second.1)) {
                    pairs.entry((first, second)).or_default().push(reason);
                }
            }
        }
    }
    let mut likeliest: Vec<((Aged, Aged), Vec<DuplicateReason>)> = pairs.into_iter().collect();
    likeliest.sort_by_key(|(pair, reasons)| (std::cmp::Reverse(reasons.len()), *pair));
    likeliest.truncate(LISTED);
    likeliest
        .into_iter()
        .map(|(((_, first), (_, second)), mut reasons)| {
            reasons.sort();
            Ok(DuplicatePair {
                first: crate::contact::get(conn, first)?,
                second: crate::contact::get(conn, second)?,
                reasons,
            })
        })
        .collect()
}

/// The live contacts that may be the same person as `id` (shown on their page after a save),
/// along the keys made by the search catch-up. As in [`list`], a key shared by more than
/// [`LARGEST_GROUP`] contacts tells nothing.
pub(crate) fn of_contact(conn: &Connection, id: Id) -> Result<Vec<Contact>> {
    let others: Vec<Id> = conn
        .prepare_cached(
            "SELECT DISTINCT other.contact FROM duplicate_key own
             JOIN duplicate_key other ON other.reason = own.reason AND other.key = own.key
             WHERE own.contact = ?1 AND other.contact != ?1
               AND (SELECT count(*) FROM (SELECT 1 FROM duplicate_key g
                    WHERE g.reason = own.reason AND g.key = own.key LIMIT ?2 + 1)) <= ?2
             ORDER BY other.contact",
        )?
        .query_map((id, LARGEST_GROUP as i64), |row| row.get(0))?
        .collect::<rusqlite::Result<_>>()?;
    let distinct = distinct_pairs(conn)?;
    others
        .into_iter()
        .filter(|other| !distinct.contains(&ordered(id, *other)))
        .map(|other| crate::contact::get(conn, other))
        .collect()
}

/// Remembers that two contacts are different people: they are no longer listed as a pair, on
/// any device.
pub(crate) fn dismiss(write: &mut Write<'_>, first: Id, second: Id) -> Result<()> {
    if first == second {
        return Err(Error::invalid(
            "that is one contact twice; name two different contacts",
        ));
    }
    crate::live::contact(&write.tx, first)?;
    crate::live::contact(&write.tx, second)?;
    let (owner, other) = ordered(first, second);
    write.add_element(owner, DISTINCT, &other.to_string())
}

#[cfg(test)]
mod tests {
    use handschlag_api::{ContactCreate, ContactUpdate, Handler, IdRequest};

    use super::phone_key;
    use crate::db::tests::notebook;

    #[test]
    fn a_contacts_page_follows_edits_and_deletions_of_the_others() {
        let mut notebook = notebook();
        let mut add = |name: &str, email: &str| {
            notebook
                .contact_create(ContactCreate {
                    name: name.into(),
                    email: email.into(),
                    ..Default::default()
                })
                .unwrap()
                .id
        };
        let anna = add("Anna Bauer", "anna@example.org");
        let other = add("A. Bauer", "a.bauer@example.org");
        let page = |notebook: &mut crate::Notebook| -> Vec<String> {
            let detail = notebook
                .contact_get(IdRequest { id: anna.clone() })
                .unwrap();
            detail.likely_duplicates.into_iter().map(|c| c.id).collect()
        };
        assert!(page(&mut notebook).is_empty());

        notebook
            .contact_update(ContactUpdate {
                id: other.clone(),
                email: Some("ANNA@example.org".into()),
                ..Default::default()
            })
            .unwrap();
        assert_eq!(
            page(&mut notebook),
            std::slice::from_ref(&other),
            "same email, case-folded"
        );

        notebook.contact_delete(IdRequest { id: other }).unwrap();
        assert!(
            page(&mut notebook).is_empty(),
            "a deleted contact is no duplicate"
        );
    }

    #[test]
    fn phone_numbers_are_compared_as_e164() {
        let mobile = Some("+491711234567".to_string());
        for written in [
            "0171 1234567",
            "+49 (0)171 1234567",
            "+49 171 123 45 67",
            "0049 171-1234567",
            "(0171) 12 34 567",
        ] {
            assert_eq!(phone_key(written), mobile, "{written}");
        }
        assert_eq!(
            phone_key("+41 44 123 45 67").as_deref(),
            Some("+41441234567")
        );
        assert_eq!(phone_key("112"), None);
        assert_eq!(phone_key(""), None);
    }
}
