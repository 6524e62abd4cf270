//! The command line's own documentation, as a user reaches it: examples in `--help`, which
//! needs no database.

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
