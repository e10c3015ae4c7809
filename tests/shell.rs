//! Shell completions and the man page, made from the command-line definition.

use assert_cmd::Command;

const SUBCOMMANDS: [&str; 11] =
    ["index", "match", "query", "bulk", "show", "list", "eval", "compare", "rank", "completions", "man"];

fn stdout(args: &[&str]) -> String {
    let out = Command::cargo_bin("skillmatch").expect("binary").args(args).assert().success();
    String::from_utf8(out.get_output().stdout.clone()).expect("UTF-8")
}

#[test]
fn completion_scripts_know_the_subcommands() {
    let bash = stdout(&["completions", "bash"]);
    assert!(bash.contains("complete -F"), "a bash completion script");
    for sub in SUBCOMMANDS {
        assert!(bash.contains(sub), "bash completion lacks {sub}");
    }
    assert!(stdout(&["completions", "zsh"]).starts_with("#compdef skillmatch"));
    assert!(stdout(&["completions", "fish"]).contains("complete -c skillmatch"));
}

#[test]
fn the_man_page_is_roff_and_names_every_subcommand() {
    let man = stdout(&["man"]);
    // The page opens with .TH: the roff preamble that defines the apostrophe follows it.
    assert!(man.starts_with(".TH skillmatch 1"), "{}", &man[..man.len().min(200)]);
    assert!(man.lines().nth(1).is_some_and(|l| l.starts_with(".ie")), "the preamble after the title");
    for sub in SUBCOMMANDS {
        assert!(man.contains(&format!("skillmatch\\-{sub}")), "man page lacks {sub}");
    }
}
