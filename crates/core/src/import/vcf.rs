//! Contacts from vCards — 2.1 (quoted-printable, `CHARSET=ISO-8859-1`: older phones, XING),
//! 3.0 (Apple's `itemN.` groups, base64 photos), 4.0 (`tel:` URIs) — read by calcard. One
//! contact per card: its formatted name (else the parts of `N`), the first organization, title,
//! town, note, the preferred (else first) phone and email, and its categories as tags.

use calcard::vcard::{VCard, VCardEntry, VCardParameterName, VCardParameterValue, VCardProperty};
use calcard::{Entry, Parser};
use handschlag_api::{Channel, ImportProblem};

use super::Incoming;
use crate::{Error, Result};

/// The contacts of a vCard file, the version it mostly holds, and the cards that could not
/// be read.
pub(crate) fn read(text: &str) -> Result<(Vec<Incoming>, String, Vec<ImportProblem>)> {
    let mut parser = Parser::new(text);
    let mut contacts = Vec::new();
    let mut problems = Vec::new();
    let mut version = None;
    let mut number = 0;
    loop {
        match parser.entry() {
            Entry::VCard(card) => {
                number += 1;
                version = version.or_else(|| card.version().map(|v| format!("{v:?}")));
                contacts.push(contact(&card, format!("card {number}")));
            }
            Entry::Eof => break,
            Entry::InvalidLine(line) if line.trim().is_empty() => {}
            Entry::InvalidLine(line) => problems.push(ImportProblem {
                at: format!("after card {number}"),
                reason: format!("not part of a vCard: {}", shorten(&line)),
            }),
            Entry::UnterminatedComponent(_) => {
                number += 1;
                problems.push(ImportProblem {
                    at: format!("card {number}"),
                    reason: "the card has no END:VCARD; the file may be cut off".into(),
                });
            }
            other => problems.push(ImportProblem {
                at: format!("after card {number}"),
                reason: format!("not a vCard: {other:?}"),
            }),
        }
    }
    if contacts.is_empty() {
        return Err(Error::invalid(
            "the file holds no vCard (BEGIN:VCARD … END:VCARD); export the contacts again as vCard (.vcf)",
        ));
    }
    let source = match version.as_deref() {
        Some("V2_1") => "vCard 2.1",
        Some("V4_0") => "vCard 4.0",
        _ => "vCard 3.0",
    };
    Ok((contacts, source.to_owned(), problems))
}

fn contact(card: &VCard, at: String) -> Incoming {
    let text = |property: VCardProperty| first_text(card, &property);
    let mut name = text(VCardProperty::Fn);
    if name.is_empty() {
        name = card
            .property(&VCardProperty::N)
            .map(|n| {
                // N: family; given; additional; prefixes; suffixes.
                let part = |i: usize| n.values.get(i).and_then(|v| v.as_text()).unwrap_or("");
                [part(3), part(1), part(2), part(0), part(4)]
                    .into_iter()
                    .filter(|p| !p.trim().is_empty())
                    .collect::<Vec<_>>()
                    .join(" ")
            })
            .unwrap_or_default();
    }
    let town = card
        .property(&VCardProperty::Adr)
        .and_then(|adr| adr.values.get(3))
        .and_then(|v| v.as_text())
        .unwrap_or("")
        .trim()
        .to_owned();
    let xing = text(VCardProperty::Prodid).contains("XING");
    let mut tags: Vec<String> = card
        .properties(&VCardProperty::Categories)
        .flat_map(|entry| entry.values.iter().filter_map(|v| v.as_text()))
        .map(|tag| tag.trim().to_owned())
        .filter(|tag| !tag.is_empty())
        .collect();
    if xing {
        tags.push("XING".into());
    }
    let uid = [VCardProperty::Uid, VCardProperty::Other("X-ABUID".into())]
        .iter()
        .map(|p| first_text(card, p))
        .find(|uid| !uid.is_empty())
        .map(|uid| uid.trim_start_matches("urn:uuid:").to_owned());
    Incoming {
        at,
        uid,
        name,
        organization: text(VCardProperty::Org),
        role: text(VCardProperty::Title),
        phone: preferred(card, VCardProperty::Tel)
            .trim_start_matches("tel:")
            .to_owned(),
        email: preferred(card, VCardProperty::Email)
            .trim_start_matches("mailto:")
            .to_owned(),
        town,
        notes: text(VCardProperty::Note),
        tags,
        how_met: xing.then_some(Channel::Online),
    }
}

/// The first value of a property, as text.
fn first_text(card: &VCard, property: &VCardProperty) -> String {
    card.property(property)
        .and_then(|entry| entry.values.first())
        .and_then(|v| v.as_text())
        .unwrap_or("")
        .trim()
        .to_owned()
}

/// The value of the preferred entry of a property (`TYPE=pref`, `PREF=1`), else of the first.
fn preferred(card: &VCard, property: VCardProperty) -> String {
    let entries: Vec<&VCardEntry> = card.properties(&property).collect();
    let pick = entries
        .iter()
        .find(|entry| is_preferred(entry))
        .or(entries.first());
    pick.and_then(|entry| entry.values.first())
        .and_then(|v| v.as_text())
        .unwrap_or("")
        .trim()
        .to_owned()
}

fn is_preferred(entry: &VCardEntry) -> bool {
    entry.params.iter().any(|param| {
        param.name == VCardParameterName::Pref
            || matches!(&param.value, VCardParameterValue::Text(t) if t.eq_ignore_ascii_case("pref"))
    })
}

fn shorten(line: &str) -> String {
    let line = line.trim();
    match line.char_indices().nth(60) {
        Some((cut, _)) => format!("{}…", &line[..cut]),
        None => line.to_owned(),
    }
}
