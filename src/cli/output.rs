//! Where and how a command writes its result: one [`Output`] per run, built with the
//! [`super::Config`] before the command starts, so an impossible format fails before any
//! document is read or any index built.
//!
//! The format comes from `--format`, else from the extension of `--out`
//! ([`Format::from_extension`]), else the command's own default; a command declares the
//! formats it writes (its `FORMATS`), and a format it does not write is a usage error.
//! Everything goes through one writer ([`skillmatch::report::writer`], the [`Render`] seam)
//! and, with `--out`, through one temporary-then-rename path ([`OutFile`]).

use skillmatch::bulk::output::OutFile;
use skillmatch::report::color::Paint;
use skillmatch::report::csv::CellGuard;
use skillmatch::report::{writer, Format, Render, Style};
use skillmatch::Error;
use std::io::{BufWriter, Write};
use std::path::{Path, PathBuf};

/// What a command is, as far as output goes: its name and the formats it writes, its
/// default first.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Writes {
    /// The subcommand's name.
    pub command: &'static str,
    /// The formats it writes; the first is used when neither `--format` nor `--out` says.
    pub formats: &'static [Format],
}

/// The resolved output of a run: format, destination and style.
#[derive(Debug, Clone)]
pub struct Output {
    format: Format,
    path: Option<PathBuf>,
    style: Style,
}

impl Output {
    /// Resolve the output of `writes`: `format` is `--format` (`None`: not said), `path`
    /// is `--out`. `every` is every command, for naming the commands
    /// that do write a refused format.
    ///
    /// Errors ([`Error::Usage`]): a format the command does not write, asked for by
    /// `--format` or by the extension of `--out`.
    pub fn new(
        writes: Writes,
        every: &[Writes],
        format: Option<Format>,
        path: Option<&Path>,
        paint: Paint,
        csv: CellGuard,
    ) -> Result<Output, Error> {
        let from_flag = format.is_some();
        let asked = format.or_else(|| path.and_then(Format::from_extension));
        let format = asked.unwrap_or(writes.formats[0]);
        if !writes.formats.contains(&format) {
            let names =
                |formats: &[Format]| join(&formats.iter().map(|f| f.name()).collect::<Vec<_>>(), "or");
            let message = match path.filter(|_| !from_flag) {
                Some(path) => format!(
                    "{} cannot write {} (asked for by --out {}): it writes {}; choose the format with \
                     --format or another extension",
                    writes.command,
                    format.name(),
                    path.display(),
                    names(writes.formats)
                ),
                None => {
                    let commands: Vec<&str> =
                        every.iter().filter(|w| w.formats.contains(&format)).map(|w| w.command).collect();
                    format!(
                        "--format {} works with {}; use {} here",
                        format.name(),
                        join(&commands, "and"),
                        names(writes.formats)
                    )
                }
            };
            return Err(Error::Usage(message));
        }
        // A file gets no colour: escapes belong on a terminal.
        let paint = if path.is_some() { Paint::default() } else { paint };
        Ok(Output { format, path: path.map(Path::to_path_buf), style: Style { paint, csv } })
    }

    /// The format to write.
    pub fn format(&self) -> Format {
        self.format
    }

    /// `--out`, when given.
    pub fn path(&self) -> Option<&Path> {
        self.path.as_deref()
    }

    /// How writers style the output.
    pub fn style(&self) -> Style {
        self.style
    }

    /// Render with the writer of the format, to `--out` or to `stdout`.
    pub fn render(
        &self,
        stdout: &mut dyn Write,
        render: impl FnOnce(&dyn Render, &mut dyn Write) -> std::io::Result<()>,
    ) -> Result<(), Error> {
        let writer = writer(self.format, self.style);
        write_to(self.path.as_deref(), stdout, |w| render(&*writer, w).map_err(Error::Output))
    }
}

/// "a, b and c" (or "a, b or c").
fn join(items: &[&str], last: &str) -> String {
    match items {
        [] => String::new(),
        [only] => (*only).to_string(),
        [init @ .., tail] => format!("{} {last} {tail}", init.join(", ")),
    }
}

/// Write to `path` (created, or replaced when the output is complete, see [`OutFile`]) or,
/// without one, to `out`.
fn write_to(
    path: Option<&Path>,
    out: &mut dyn Write,
    write: impl FnOnce(&mut dyn Write) -> Result<(), Error>,
) -> Result<(), Error> {
    let Some(path) = path else { return write(out) };
    let (target, file) = OutFile::open(path)?;
    target.truncate(&file)?;
    let mut writer = BufWriter::new(file);
    write(&mut writer).map_err(|e| match e {
        // The writers do not know the file's name: add it.
        Error::Output(e) => target.write_error(e),
        other => other,
    })?;
    writer.flush().map_err(|e| target.write_error(e))?;
    let file = writer.into_inner().map_err(|e| target.write_error(e.into_error()))?;
    target.finish(file)
}

#[cfg(test)]
mod tests {
    use super::*;

    const ALL: &[Format] = &Format::ALL;
    const RECORDS: &[Format] = &[Format::Json, Format::Csv];
    const EVERY: &[Writes] = &[
        Writes { command: "match", formats: ALL },
        Writes { command: "bulk", formats: RECORDS },
        Writes { command: "rank", formats: ALL },
    ];

    fn resolve(command: usize, format: Format, out: Option<&str>) -> Result<Format, String> {
        // A table stands for "not said" in these cases, as the flag's absence.
        let format = Some(format).filter(|f| *f != Format::Table);
        Output::new(EVERY[command], EVERY, format, out.map(Path::new), Paint::default(), CellGuard::default())
            .map(|o| o.format())
            .map_err(|e| e.to_string())
    }

    #[test]
    fn flag_then_extension_then_default() {
        assert_eq!(resolve(2, Format::Csv, Some("r.html")), Ok(Format::Csv));
        assert_eq!(resolve(2, Format::Table, Some("r.HTML")), Ok(Format::Html));
        assert_eq!(resolve(2, Format::Table, Some("r.jsonl")), Ok(Format::Json));
        assert_eq!(resolve(2, Format::Table, Some("r.txt")), Ok(Format::Table));
        assert_eq!(resolve(1, Format::Table, Some("r.txt")), Ok(Format::Json));
        assert_eq!(resolve(1, Format::Table, Some("r.csv")), Ok(Format::Csv));
        assert_eq!(resolve(1, Format::Table, None), Ok(Format::Json));
        // Asked for in so many words, a table is refused where the command writes none.
        let bulk =
            Output::new(EVERY[1], EVERY, Some(Format::Table), None, Paint::default(), CellGuard::default());
        assert!(bulk.unwrap_err().to_string().contains("--format table works with match and rank"));
    }

    #[test]
    fn refusals_name_what_works() {
        let e = resolve(1, Format::Html, None).unwrap_err();
        assert!(e.contains("--format html works with match and rank; use json or csv here"), "{e}");
        let e = resolve(1, Format::Table, Some("r.html")).unwrap_err();
        assert!(
            e.contains("bulk cannot write html (asked for by --out r.html): it writes json or csv"),
            "{e}"
        );
    }

    #[test]
    fn files_get_no_colour() {
        let o =
            Output::new(EVERY[0], EVERY, None, Some(Path::new("r.txt")), Paint::new(true), CellGuard::Raw)
                .unwrap();
        assert_eq!(o.style(), Style { paint: Paint::default(), csv: CellGuard::Raw });
    }
}
