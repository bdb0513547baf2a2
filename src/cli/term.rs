//! Terminal output: colour choice per stream, diagnostics with code frames, progress on a TTY.

use std::io::{IsTerminal, Write};

use crate::diag::{render_human, Diagnostic, Location, Severity};

/// Writes results to stdout: every command's stdout goes through here. A closed pipe
/// (`explain … | head`, `| true`) means the reader has all it wants, so the process exits 0
/// quietly; `println!` panicked there (exit 101, issue 11). Other write errors are ignored as
/// before: results also go to files, and a diagnostic on stderr could fail the same way.
pub fn write_stdout(text: &str) {
    let mut out = std::io::stdout().lock();
    if let Err(e) = out.write_all(text.as_bytes()).and_then(|()| out.flush()) {
        if e.kind() == std::io::ErrorKind::BrokenPipe {
            std::process::exit(0);
        }
    }
}

/// `--color` values.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default, clap::ValueEnum)]
pub enum ColorChoice {
    /// Colour when the stream is a terminal, `NO_COLOR` is unset and `TERM` is not `dumb`.
    #[default]
    Auto,
    /// Always colour.
    Always,
    /// Never colour.
    Never,
}

/// How much to say on stderr.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
pub enum Verbosity {
    /// Errors only.
    Quiet,
    /// Errors, a findings summary and the run summary.
    Normal,
    /// Everything, every finding included.
    Verbose,
}

/// The stderr writer for diagnostics and progress.
pub struct Term {
    color: bool,
    tty: bool,
    /// How much to print.
    pub verbosity: Verbosity,
}

impl Term {
    /// Decides colour and TTY-ness of stderr once.
    pub fn new(choice: ColorChoice, verbosity: Verbosity) -> Self {
        let tty = std::io::stderr().is_terminal();
        let env_allows = std::env::var_os("NO_COLOR").is_none_or(|v| v.is_empty())
            && std::env::var("TERM").map_or(true, |t| t != "dumb");
        let color = match choice {
            ColorChoice::Always => true,
            ColorChoice::Never => false,
            ColorChoice::Auto => tty && env_allows,
        };
        Term {
            color,
            tty,
            verbosity,
        }
    }

    /// Whether a progress bar may be shown (stderr is a terminal, not quiet, not in CI).
    pub fn progress_allowed(&self) -> bool {
        self.tty && self.verbosity != Verbosity::Quiet && std::env::var_os("CI").is_none()
    }

    /// Prints one diagnostic, with a code frame for script locations.
    pub fn diagnostic(&self, d: &Diagnostic) {
        let mut text = render_human(d);
        if let Location::Script { file, line, column } = &d.location {
            if let Some(frame) = code_frame(file, *line, *column) {
                // The frame goes between the headline and the hints.
                let (head, hints) = text
                    .split_once('\n')
                    .map_or((text.as_str(), ""), |(h, r)| (h, r));
                text = if hints.is_empty() {
                    format!("{head}\n{frame}")
                } else {
                    format!("{head}\n{frame}\n{hints}")
                };
            }
        }
        if self.color {
            let (start, len) = match d.severity {
                Severity::Error => ("\x1b[1;31m", "error".len()),
                Severity::Warning => ("\x1b[1;33m", "warning".len()),
                Severity::Info => ("\x1b[1;36m", "info".len()),
            };
            text = format!("{start}{}\x1b[0m{}", &text[..len], &text[len..]);
        }
        self.line(&text);
    }

    /// Prints a line on stderr; a closed stderr is ignored.
    pub fn line(&self, text: &str) {
        let _ = writeln!(std::io::stderr().lock(), "{text}");
    }

    /// Prints a line on stderr unless quiet.
    pub fn note(&self, text: &str) {
        if self.verbosity >= Verbosity::Normal {
            self.line(text);
        }
    }
}

/// Characters of a source line shown in a code frame; longer lines show a window around the
/// column (a 100k-character line was printed whole).
const FRAME_CHARS: usize = 120;

/// `  12 | let x = foo(` + a caret line, read from the script on disk. A symbolic link gets no
/// frame: it may point out of the rules folder, and its content must not reach a CI log.
fn code_frame(file: &str, line: u32, column: u32) -> Option<String> {
    if std::fs::symlink_metadata(file)
        .ok()?
        .file_type()
        .is_symlink()
    {
        return None;
    }
    let source = std::fs::read_to_string(file).ok()?;
    let text = source
        .lines()
        .nth(usize::try_from(line).ok()?.checked_sub(1)?)?;
    let number = line.to_string();
    let pad = " ".repeat(number.len());
    let column = usize::try_from(column.saturating_sub(1)).unwrap_or(0);
    let length = text.chars().count();
    let (skip, before, after) = if length <= FRAME_CHARS {
        (0, "", "")
    } else {
        let skip = column
            .saturating_sub(FRAME_CHARS / 2)
            .min(length - FRAME_CHARS);
        let before = if skip > 0 { "…" } else { "" };
        let after = if skip + FRAME_CHARS < length {
            "…"
        } else {
            ""
        };
        (skip, before, after)
    };
    let shown: String = text.chars().skip(skip).take(FRAME_CHARS).collect();
    let caret_pad: String = before
        .chars()
        .map(|_| ' ')
        .chain(
            text.chars()
                .skip(skip)
                .take(column.saturating_sub(skip))
                .map(|c| if c == '\t' { '\t' } else { ' ' }),
        )
        .collect();
    Some(format!(
        "{pad} |\n{number} | {before}{shown}{after}\n{pad} | {caret_pad}^"
    ))
}
