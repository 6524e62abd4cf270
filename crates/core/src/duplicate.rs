//! Likely duplicates: two live contacts with the same name (folded as search folds it: Müller =
//! Mueller = muller, Łukasz = lukasz), the same email (case-folded) or the same phone number
//! (as E.164: `0171 1234567` = `+49 (0)171 1234567`). A pair the user said are two people is
//! remembered as a synced element and not listed again. Merging a pair is [`crate::merge`].

use std::collections::{BTreeMap, HashMap};

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
type Keys = Vec<(DuplicateReason, String)>;

fn keys(name: &str, email: &str, phone: &str) -> Keys {
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

/// Every live contact's id with its keys, oldest first.
fn live_keys(conn: &Connection) -> Result<Vec<(Id, Keys)>> {
    Ok(conn
        .prepare_cached(
            "SELECT id, name, email, phone FROM contact WHERE deleted = 0 ORDER BY created_at, id",
        )?
        .query_map([], |row| {
            let (name, email, phone): (String, String, String) =
                (row.get(1)?, row.get(2)?, row.get(3)?);
            Ok((row.get(0)?, keys(&name, &email, &phone)))
        })?
        .collect::<rusqlite::Result<_>>()?)
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
/// older contact's name), at most 200.
pub(crate) fn list(conn: &Connection) -> Result<Vec<DuplicatePair>> {
    let contacts = live_keys(conn)?;
    let mut groups: HashMap<(DuplicateReason, &str), Vec<usize>> = HashMap::new();
    for (i, (_, keys)) in contacts.iter().enumerate() {
        for (reason, key) in keys {
            groups.entry((*reason, key.as_str())).or_default().push(i);
        }
    }
    let distinct = distinct_pairs(conn)?;
    let mut pairs: BTreeMap<(usize, usize), Vec<DuplicateReason>> = BTreeMap::new();
    for ((reason, _), members) in &groups {
        if members.len() > LARGEST_GROUP {
            continue;
        }
        for (n, &first) in members.iter().enumerate() {
            for &second in &members[n + 1..] {
                if !distinct.contains(&ordered(contacts[first].0, contacts[second].0)) {
                    pairs.entry((first, second)).or_default().push(*reason);
                }
            }
        }
    }
    let mut likeliest: Vec<((usize, usize), Vec<DuplicateReason>)> = pairs.into_iter().collect();
    likeliest.sort_by_key(|(pair, reasons)| (std::cmp::Reverse(reasons.len()), *pair));
    likeliest.truncate(LISTED);
    likeliest
        .into_iter()
        .map(|((first, second), mut reasons)| {
            reasons.sort();
            Ok(DuplicatePair {
                first: crate::contact::get(conn, contacts[first].0)?,
                second: crate::contact::get(conn, contacts[second].0)?,
                reasons,
            })
        })
        .collect()
}

/// The live contacts that may be the same person as `id` (shown on their page after a save).
/// As in [`list`], a key shared by more than [`LARGEST_GROUP`] contacts tells nothing.
pub(crate) fn of_contact(conn: &Connection, id: Id) -> Result<Vec<Contact>> {
    let contacts = live_keys(conn)?;
    let Some((_, own)) = contacts.iter().find(|(other, _)| *other == id) else {
        return Ok(Vec::new());
    };
    let sharing: Vec<&(Id, Keys)> = contacts
        .iter()
        .filter(|(other, keys)| *other != id && keys.iter().any(|key| own.contains(key)))
        .collect();
    let telling: Keys = own
        .iter()
        .filter(|key| {
            sharing
                .iter()
                .filter(|(_, keys)| keys.contains(key))
                .count()
                < LARGEST_GROUP
        })
        .cloned()
        .collect();
    let distinct = distinct_pairs(conn)?;
    sharing
        .into_iter()
        .filter(|(other, keys)| {
            !distinct.contains(&ordered(id, *other)) && keys.iter().any(|key| telling.contains(key))
        })
        .map(|(other, _)| crate::contact::get(conn, *other))
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
    use super::phone_key;

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
