//! The command line's own documentation, as a user reaches it: examples in `--help`, shell
//! completions that complete, and a man page that `man` renders. None of it needs a database.

use std::io::Write;
use std::process::{Command, Stdio};

use handschlag_tests::Device;

#[test]
fn the_main_commands_show_examples_in_their_help() {
    let device = Device::default();
    for command in [
        "contact add",
        "contact list",
        "checkin",
        "event add",
        "followup add",
        "followup list",
        "deal add",
        "stats",
        "serve",
        "pair invite",
        "pair join",
        "sync",
        "import",
        "export",
        "completions",
    ] {
        let mut args: Vec<&str> = command.split(' ').collect();
        args.push("--help");
        let help = device.ok(&args);
        assert!(
            help.contains(&format!("\nExamples:\n  handschlag {command}")),
            "`{command} --help` shows no examples:\n{help}"
        );
    }
    let contact_add = device.ok(&["contact", "add", "--help"]);
    assert!(
        contact_add.contains(r#"handschlag contact add --name "Jürgen Müller" --org "Müller Bau""#),
        "{contact_add}"
    );
    assert!(!device.db.exists(), "--help opened the database");
}

#[test]
fn shell_completions_complete_commands_and_words_without_a_database() {
    let device = Device::default();
    let bash = device.ok(&["completions", "bash"]);
    let script = device.beside("handschlag.bash");
    std::fs::write(&script, &bash).expect("the script is written");
    let syntax = Command::new("bash")
        .args(["-n", &script])
        .output()
        .expect("bash runs");
    assert!(
        syntax.status.success(),
        "bash -n refuses the script: {}",
        String::from_utf8_lossy(&syntax.stderr)
    );
    // What bash offers after `handschlag che<TAB>` and `handschlag event add --kind <TAB>`: it
    // calls the function with the command, the word to complete and the word before it.
    let offered = Command::new("bash")
        .arg("-c")
        .arg(format!(
            r#"source '{script}'
            COMP_WORDS=(handschlag che); COMP_CWORD=1
            _handschlag handschlag che handschlag; echo "${{COMPREPLY[*]}}"
            COMP_WORDS=(handschlag event add --kind ''); COMP_CWORD=4
            _handschlag handschlag '' --kind; echo "${{COMPREPLY[*]}}""#
        ))
        .output()
        .expect("bash runs");
    let offered = String::from_utf8_lossy(&offered.stdout);
    let mut lines = offered.lines();
    assert_eq!(lines.next(), Some("checkin"), "{offered}");
    assert!(
        lines
            .next()
            .is_some_and(|kinds| kinds.contains("club-festival")),
        "{offered}"
    );

    for shell in ["zsh", "fish"] {
        let script = device.ok(&["completions", shell]);
        for command in ["checkin", "followup", "completions"] {
            assert!(script.contains(command), "{shell} completes no {command}");
        }
    }
    let unknown = device.run(&["completions", "tcsh"]);
    assert_eq!(unknown.status, Some(2), "{}", unknown.stderr);
    assert!(
        unknown.stderr.contains("invalid value 'tcsh'") && unknown.stderr.contains("bash"),
        "{}",
        unknown.stderr
    );
    assert!(!device.db.exists(), "completions opened the database");
}

#[test]
fn the_man_page_renders_with_every_command_its_examples_and_exit_statuses() {
    let device = Device::default();
    let page = device.ok(&["man"]);
    let rendered = man(&page);
    for heading in ["NAME", "SYNOPSIS", "COMMANDS", "EXAMPLES", "EXIT STATUS"] {
        assert!(
            rendered.contains(&format!("\n{heading}\n")),
            "no {heading} section:\n{rendered}"
        );
    }
    let help = device.ok(&["--help"]);
    let commands = help
        .split("Commands:\n")
        .nth(1)
        .and_then(|rest| rest.split("\n\n").next())
        .expect("--help lists the commands");
    for command in commands.lines().filter_map(|l| l.split_whitespace().next()) {
        if command != "help" {
            assert!(
                rendered.contains(&format!("handschlag {command}")),
                "the man page lacks {command}"
            );
        }
    }
    for text in [
        "handschlag checkin list",
        "--met-now",
        r#"handschlag deal add "Anna Bauer" --title Workshop --amount 3800.00"#,
        "certificateMismatch",
    ] {
        assert!(rendered.contains(text), "the man page lacks {text}");
    }
    assert!(!help.contains("\n  man "), "`man` is listed in --help");
    assert!(!device.db.exists(), "man opened the database");
}

/// The page as `man` shows it, which must render it without a warning.
fn man(page: &str) -> String {
    let mut man = Command::new("man")
        .args(["--warnings", "-l", "-"])
        .env("MANWIDTH", "100")
        .env("MANPAGER", "cat")
        .env_remove("MAN_KEEP_FORMATTING")
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .expect("man runs (Debian package man-db)");
    man.stdin
        .take()
        .expect("piped stdin")
        .write_all(page.as_bytes())
        .expect("the page is piped to man");
    let rendered = man.wait_with_output().expect("man renders");
    let warnings = String::from_utf8_lossy(&rendered.stderr);
    assert!(
        rendered.status.success() && warnings.is_empty(),
        "man warns: {warnings}"
    );
    String::from_utf8(rendered.stdout).expect("UTF-8")
}
