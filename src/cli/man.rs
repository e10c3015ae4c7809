//! `skillmatch man`: the manual pages in roff, made from the command line's own definition:
//! `skillmatch(1)` and one page per subcommand (`skillmatch-match(1)`, …), which the top
//! page's SUBCOMMANDS section names.
//!
//! ```text
//! skillmatch man > skillmatch.1 && man ./skillmatch.1
//! skillmatch man match | man -l -
//! skillmatch man --dir ~/.local/share/man/man1      # every page, as skillmatch*.1 files
//! ```

use super::Cli;
use clap::CommandFactory;
use skillmatch::Error;
use std::io::Write;
use std::path::PathBuf;

/// Flags of `man`.
#[derive(Debug, clap::Args)]
pub struct Args {
    /// The subcommand whose page to print (default: the top page, skillmatch(1))
    #[arg(value_name = "COMMAND", conflicts_with = "dir")]
    pub command: Option<String>,
    /// Write every page into DIR (created if needed) as skillmatch.1, skillmatch-match.1, …
    #[arg(long, value_name = "DIR")]
    pub dir: Option<PathBuf>,
}

/// Run `man`: a page on `out`, or every page into `--dir`.
pub fn run(args: &Args, out: &mut dyn Write) -> Result<i32, Error> {
    let pages = pages();
    if let Some(dir) = &args.dir {
        std::fs::create_dir_all(dir)
            .map_err(|e| Error::Usage(format!("{}: cannot create: {e}", dir.display())))?;
        for (name, page) in &pages {
            let path = dir.join(format!("{name}.1"));
            std::fs::write(&path, page)
                .map_err(|e| Error::Usage(format!("{}: cannot write: {e}", path.display())))?;
            writeln!(out, "{}", path.display()).map_err(Error::Output)?;
        }
        return Ok(0);
    }
    let wanted =
        args.command.as_deref().map_or_else(|| "skillmatch".to_string(), |c| format!("skillmatch-{c}"));
    let Some((_, page)) = pages.iter().find(|(name, _)| *name == wanted) else {
        let names: Vec<&str> =
            pages.iter().skip(1).map(|(n, _)| n.trim_start_matches("skillmatch-")).collect();
        return Err(Error::Usage(format!(
            "no manual page for '{}'; the commands are: {}",
            args.command.as_deref().unwrap_or_default(),
            names.join(", ")
        )));
    };
    out.write_all(page).map_err(Error::Output)?;
    Ok(0)
}

/// Every page, the top one first: (name, roff).
pub fn pages() -> Vec<(String, Vec<u8>)> {
    let mut top = Cli::command();
    top.build();
    let mut pages = vec![("skillmatch".to_string(), render(top.clone()))];
    // clap's own `help` subcommand is not a page.
    for sub in top.get_subcommands().filter(|s| s.get_name() != "help") {
        let name = format!("skillmatch-{}", sub.get_name());
        // clap names commands with `&'static str` (without its `string` feature): a dozen
        // short names, made once per `man` run.
        let title: &'static str = Box::leak(name.clone().into_boxed_str());
        // The page's title is skillmatch-match; its synopsis the command as it is typed.
        let sub = sub.clone().name(title).bin_name(format!("skillmatch {}", sub.get_name()));
        pages.push((name, render(sub)));
    }
    pages
}

/// One page, with `.TH` first: clap_mangen writes the definitions of its quote strings
/// before it, and `man`, `mandb` and `lexgrog` expect the title line at the top.
fn render(command: clap::Command) -> Vec<u8> {
    let mut roff = Vec::new();
    // Writing to memory does not fail.
    let _ = clap_mangen::Man::new(command).render(&mut roff);
    let text = String::from_utf8_lossy(&roff);
    let mut preamble = Vec::new();
    let mut rest = Vec::new();
    let mut seen_title = false;
    for line in text.lines() {
        if !seen_title && line.starts_with(".TH ") {
            seen_title = true;
            rest.insert(0, line);
        } else if seen_title {
            rest.push(line);
        } else {
            preamble.push(line);
        }
    }
    // The title, then the string definitions, then the page.
    let mut lines: Vec<&str> = Vec::with_capacity(preamble.len() + rest.len());
    lines.extend(rest.first().copied());
    lines.extend(preamble.iter().copied().filter(|l| !l.starts_with(".\\\"")));
    lines.extend(rest.iter().skip(1).copied());
    let mut page = lines.join("\n").into_bytes();
    page.push(b'\n');
    page
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn one_page_per_subcommand_each_titled_first() {
        let pages = pages();
        let names: Vec<&str> = pages.iter().map(|(n, _)| n.as_str()).collect();
        assert!(names.contains(&"skillmatch") && names.contains(&"skillmatch-match"), "{names:?}");
        assert_eq!(names.len(), 1 + Cli::command().get_subcommands().count());
        for (name, page) in &pages {
            let text = String::from_utf8_lossy(page);
            let first = text.lines().next().unwrap_or_default();
            assert!(first.starts_with(&format!(".TH {name} 1")), "{name}: {first}");
        }
        let top = String::from_utf8_lossy(&pages[0].1);
        assert!(top.contains("skillmatch\\-match(1)"), "the top page names the subcommand pages");
    }
}
