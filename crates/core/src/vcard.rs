//! Contacts as a vCard 3.0 file (RFC 2426), UTF-8, for any address book: one card per live
//! contact, with the contact's id as its `UID`, so importing a newer export updates a card
//! instead of adding a second one. Text is escaped and lines folded as `content_line` does.

use handschlag_api::Contact;

use crate::content_line::{escape_text, push_line};

/// Every contact in `contacts` as one vCard file.
pub(crate) fn cards(contacts: &[Contact]) -> String {
    let mut out = String::new();
    for contact in contacts {
        card(&mut out, contact);
    }
    out
}

/// A contact as the card I hand out: without its notes and tags, which stay private.
pub(crate) fn shared(contact: &Contact) -> String {
    cards(&[Contact {
        notes: String::new(),
        tags: Vec::new(),
        ..contact.clone()
    }])
}

fn card(out: &mut String, contact: &Contact) {
    let (family, given) = split_name(&contact.name);
    push_line(out, "BEGIN:VCARD");
    push_line(out, "VERSION:3.0");
    push_line(out, "PRODID:-//Handschlag//Contacts//EN");
    push_line(out, &format!("UID:{}", contact.id));
    push_line(out, &format!("FN:{}", escape_text(&contact.name)));
    push_line(
        out,
        &format!("N:{};{};;;", escape_text(family), escape_text(given)),
    );
    let fields = [
        ("ORG", &contact.organization),
        ("TITLE", &contact.role),
        ("TEL;TYPE=VOICE", &contact.phone),
        ("EMAIL;TYPE=INTERNET", &contact.email),
        ("NOTE", &contact.notes),
    ];
    for (name, value) in fields {
        if !value.is_empty() {
            push_line(out, &format!("{name}:{}", escape_text(value)));
        }
    }
    if !contact.town.is_empty() {
        // The town is the address's locality, its fourth component.
        push_line(out, &format!("ADR:;;;{};;;", escape_text(&contact.town)));
    }
    if !contact.tags.is_empty() {
        let tags: Vec<String> = contact.tags.iter().map(|t| escape_text(t)).collect();
        push_line(out, &format!("CATEGORIES:{}", tags.join(",")));
    }
    push_line(out, "END:VCARD");
}

/// The family and given name of a full name: the last word is the family name ("Anna Bauer"
/// → Bauer, Anna); a single word is a family name alone. `FN` keeps the name as written.
fn split_name(name: &str) -> (&str, &str) {
    let name = name.trim();
    match name.rsplit_once(' ') {
        Some((given, family)) => (family, given.trim_end()),
        None => (name, ""),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn contact(name: &str) -> Contact {
        Contact {
            id: "019f0000-0000-7000-8000-000000000001".into(),
            name: name.into(),
            organization: String::new(),
            role: String::new(),
            phone: String::new(),
            email: String::new(),
            town: String::new(),
            how_met: handschlag_api::Channel::InPerson,
            met_at_event_id: None,
            referred_by: String::new(),
            notes: String::new(),
            tags: Vec::new(),
            met_in_person: true,
            last_met_at: None,
            created_at: 0,
        }
    }

    #[test]
    fn a_card_holds_every_field_escaped_and_folded() {
        let mut anna = contact("Anna Müller-Lüdenscheidt");
        anna.organization = "Bäckerei Müller; Söhne, KG".into();
        anna.phone = "0171 1234567".into();
        anna.email = "anna@example.org".into();
        anna.town = "Großheim".into();
        anna.notes = "wants an offer\nfor the shop".into();
        anna.tags = vec!["kunde".into(), "bäcker,innen".into()];
        let vcf = cards(&[anna]);
        let lines: Vec<&str> = vcf.split("\r\n").collect();
        assert_eq!(lines[0], "BEGIN:VCARD");
        assert!(lines.contains(&"VERSION:3.0"));
        assert!(lines.contains(&"UID:019f0000-0000-7000-8000-000000000001"));
        assert!(lines.contains(&"FN:Anna Müller-Lüdenscheidt"));
        assert!(lines.contains(&"N:Müller-Lüdenscheidt;Anna;;;"));
        assert!(lines.contains(&"ORG:Bäckerei Müller\\; Söhne\\, KG"));
        assert!(lines.contains(&"TEL;TYPE=VOICE:0171 1234567"));
        assert!(lines.contains(&"ADR:;;;Großheim;;;"));
        assert!(lines.contains(&"NOTE:wants an offer\\nfor the shop"));
        assert!(lines.contains(&"CATEGORIES:kunde,bäcker\\,innen"));
        assert_eq!(lines[lines.len() - 2], "END:VCARD");
        assert_eq!(lines.last(), Some(&""), "the file ends in CRLF");
    }

    #[test]
    fn a_long_note_is_folded_without_splitting_a_character() {
        let mut anna = contact("Anna");
        anna.notes = "ü".repeat(100);
        let vcf = cards(&[anna]);
        for line in vcf.split("\r\n") {
            assert!(line.len() <= 75, "{line:?} is longer than 75 octets");
        }
        let unfolded = vcf.replace("\r\n ", "");
        assert!(unfolded.contains(&format!("NOTE:{}", "ü".repeat(100))));
        assert!(
            unfolded.contains("N:Anna;;;;"),
            "a single name is a family name"
        );
    }
}
