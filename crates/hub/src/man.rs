//! The man page handschlag(1), made from the same clap definitions as `--help`. clap_mangen
//! renders the head of the page and each command's synopsis, description and options; this
//! puts them on one page, a section per command, followed by every command's examples and the
//! exit statuses.

use std::io::Write;

use clap::Command;
use clap_mangen::Man;
use clap_mangen::roff::{Roff, bold, roman};

/// An exit status, the name of the kind of failure it stands for, and what it means.
pub type ExitStatus = (u8, String, &'static str);

/// The whole page in roff, for the command line `command` (as declared, not yet built).
pub fn page(command: Command, exit_statuses: &[ExitStatus]) -> String {
    let name = command.get_name().to_owned();
    let commands = commands(&command, &name);
    let man = Man::new(command.clone());
    let mut page = Roff::new().render();
    for render in [
        Man::render_title,
        Man::render_name_section,
        Man::render_synopsis_section,
        Man::render_description_section,
        Man::render_options_section,
    ] {
        page.push_str(&fragment(|out| render(&man, out)));
    }
    page.push_str(".SH COMMANDS\n");
    for (path, command) in &commands {
        page.push_str(&command_section(path, command));
    }
    page.push_str(&examples_section(&commands));
    page.push_str(&exit_status_section(exit_statuses));
    page.push_str(&fragment(|out| man.render_version_section(out)));
    page
}

/// Every command a user runs under `command` (named `path`), depth first, with its full name:
/// those without subcommands, and those with arguments of their own (`checkin`).
fn commands<'a>(command: &'a Command, path: &str) -> Vec<(String, &'a Command)> {
    command
        .get_subcommands()
        .filter(|sub| !sub.is_hide_set())
        .flat_map(|sub| {
            let path = format!("{path} {}", sub.get_name());
            let runs = !sub.has_subcommands() || sub.get_arguments().any(|a| !a.is_hide_set());
            let this = runs.then(|| (path.clone(), sub));
            this.into_iter().chain(commands(sub, &path))
        })
        .collect()
}

/// One command's subsection: its synopsis, what it does, and its arguments.
fn command_section(path: &str, command: &Command) -> String {
    let man = Man::new(command.clone().bin_name(path).disable_help_flag(true));
    let mut heading = Roff::new();
    heading.control("SS", [path]);
    let mut section = fragment(|out| heading.to_writer(out));
    section.push_str(&without_headings(fragment(|out| {
        man.render_synopsis_section(out)
    })));
    section.push_str(".PP\n");
    section.push_str(&without_headings(fragment(|out| {
        man.render_description_section(out)
    })));
    section.push_str(&without_headings(fragment(|out| {
        man.render_options_section(out)
    })));
    section
}

/// The examples at the end of each command's `--help`, without their "Examples:" header.
fn examples_section(commands: &[(String, &Command)]) -> String {
    let mut roff = Roff::new();
    roff.control("SH", ["EXAMPLES"]);
    for (_, command) in commands {
        let Some(examples) = command.get_after_help() else {
            continue;
        };
        roff.control("PP", [])
            .control("nf", [])
            .control("RS", ["4"]);
        for line in examples.to_string().lines().skip(1) {
            roff.text([roman(line.trim())]);
        }
        roff.control("RE", []).control("fi", []);
    }
    fragment(|out| roff.to_writer(out))
}

/// Success, a mistyped command line, and each kind of failure, by exit status.
fn exit_status_section(exit_statuses: &[ExitStatus]) -> String {
    let mut statuses: Vec<(u8, &str, &str)> = vec![
        (0, "", "it worked"),
        (
            2,
            "",
            "the command line was mistyped; the message says how to write it",
        ),
    ];
    statuses.extend(
        exit_statuses
            .iter()
            .map(|(status, name, meaning)| (*status, name.as_str(), *meaning)),
    );
    statuses.sort();
    let mut roff = Roff::new();
    roff.control("SH", ["EXIT STATUS"]);
    roff.text([roman(
        "The kind of a failure is also the code that --json prints on stderr.",
    )]);
    for (status, name, meaning) in statuses {
        roff.control("TP", []);
        roff.text([bold(status.to_string()), roman(format!(" {name}"))]);
        roff.text([roman(meaning)]);
    }
    fragment(|out| roff.to_writer(out))
}

/// What one rendering wrote, without the preamble every rendering starts with (the page has
/// it once, at the top).
fn fragment(render: impl FnOnce(&mut dyn Write) -> std::io::Result<()>) -> String {
    let mut out = Vec::new();
    render(&mut out).expect("writing to memory works");
    let text = String::from_utf8(out).expect("roff made of UTF-8 text is UTF-8");
    let preamble = Roff::new().render();
    text.strip_prefix(&preamble).unwrap_or(&text).to_owned()
}

/// A rendered section's body, for a command's subsection: its `.SH` headings dropped.
fn without_headings(roff: String) -> String {
    roff.lines()
        .filter(|line| !line.starts_with(".SH"))
        .map(|line| format!("{line}\n"))
        .collect()
}
