//! Content lines as iCalendar (RFC 5545) and vCard (RFC 2426, 6350) share them: TEXT values
//! escaped (`\\`, `;`, `,` and line breaks), lines ending in CRLF and folded at 75 octets without
//! splitting a UTF-8 character.

/// The longest content line the RFCs allow, in octets, without the CRLF.
const MAX_LINE: usize = 75;

/// Escapes a TEXT value (RFC 5545 §3.3.11, RFC 2426 §4): backslash, semicolon and comma get a backslash,
/// every line break (CRLF, LF or CR) becomes `\n`, and other control characters, which TEXT
/// cannot hold, are dropped.
pub(crate) fn escape_text(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    let mut chars = text.chars().peekable();
    while let Some(c) = chars.next() {
        match c {
            '\\' => out.push_str("\\\\"),
            ';' => out.push_str("\\;"),
            ',' => out.push_str("\\,"),
            '\r' => {
                chars.next_if_eq(&'\n');
                out.push_str("\\n");
            }
            '\n' => out.push_str("\\n"),
            '\t' => out.push(c),
            c if c.is_control() => {}
            c => out.push(c),
        }
    }
    out
}

/// Appends one content line, folded (RFC 5545 §3.1, RFC 2426 §2.6): at most 75 octets per physical line, each
/// continuation starting with a space, never inside a UTF-8 character; every line ends in CRLF.
pub(crate) fn push_line(out: &mut String, line: &str) {
    let mut rest = line;
    let mut room = MAX_LINE;
    while rest.len() > room {
        let mut cut = room;
        while !rest.is_char_boundary(cut) {
            cut -= 1;
        }
        out.push_str(&rest[..cut]);
        out.push_str("\r\n ");
        rest = &rest[cut..];
        // The leading space of a continuation line counts.
        room = MAX_LINE - 1;
    }
    out.push_str(rest);
    out.push_str("\r\n");
}

#[cfg(test)]
pub(crate) mod tests {
    use super::*;

    /// Undoes the folding: physical lines back into content lines.
    pub(crate) fn unfold(ics: &str) -> Vec<String> {
        assert!(ics.ends_with("\r\n"), "the last line ends in CRLF");
        let mut lines: Vec<String> = Vec::new();
        for physical in ics.strip_suffix("\r\n").unwrap().split("\r\n") {
            assert!(
                !physical.contains('\n') && !physical.contains('\r'),
                "a bare line break in {physical:?}"
            );
            assert!(
                physical.len() <= MAX_LINE,
                "{} octets: {physical:?}",
                physical.len()
            );
            match physical.strip_prefix(' ') {
                Some(continued) => lines
                    .last_mut()
                    .expect("a line to continue")
                    .push_str(continued),
                None => lines.push(physical.to_string()),
            }
        }
        lines
    }

    #[test]
    fn text_escapes_backslash_semicolon_comma_and_line_breaks() {
        assert_eq!(
            escape_text("Bauer, Anna; C:\\temp\nzwei\r\ndrei\rvier\ttab\u{7}"),
            "Bauer\\, Anna\\; C:\\\\temp\\nzwei\\ndrei\\nvier\ttab"
        );
        assert_eq!(escape_text("Müller Bau"), "Müller Bau");
    }

    #[test]
    fn long_lines_fold_at_75_octets_and_never_inside_a_character() {
        for text in [
            "x".repeat(75),
            "x".repeat(76),
            "y".repeat(400),
            "ä".repeat(120),
            format!("a{}", "€".repeat(90)),
            "🤝 Handschlag ".repeat(20),
        ] {
            let line = format!("DESCRIPTION:{text}");
            let mut out = String::new();
            push_line(&mut out, &line);
            assert_eq!(
                unfold(&out),
                std::slice::from_ref(&line),
                "unfolding gives back the line"
            );
            let physical: Vec<&str> = out.trim_end_matches("\r\n").split("\r\n").collect();
            if line.len() <= MAX_LINE {
                assert_eq!(physical.len(), 1, "short lines are not folded");
            } else {
                assert!(physical.len() > 1);
                // Every line but the last is full, short only by a split character.
                for full in &physical[..physical.len() - 1] {
                    assert!(full.len() > MAX_LINE - 4, "{} octets", full.len());
                }
            }
        }
        let mut exact = String::new();
        push_line(&mut exact, &"z".repeat(MAX_LINE));
        assert_eq!(exact, format!("{}\r\n", "z".repeat(MAX_LINE)));
        let mut over = String::new();
        push_line(&mut over, &"z".repeat(MAX_LINE + 1));
        assert_eq!(over, format!("{}\r\n z\r\n", "z".repeat(MAX_LINE)));
    }
}
