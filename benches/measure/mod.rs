//! Measuring for the pipeline benchmark: medians, peak memory, and the result table.
//!
//! Kept apart from `pipeline.rs` so that file reads as the list of what is measured. Nothing
//! here knows about the pipeline's stages, and nothing here asserts a speed.

use std::panic::{self, AssertUnwindSafe};
use std::time::Duration;

/// One line of the result table.
struct Line {
    what: String,
    measured: String,
    target: &'static str,
}

/// Collects the table and runs each phase with `todo!()` and other panics contained.
#[derive(Default)]
pub struct Bench {
    lines: Vec<Line>,
}

impl Bench {
    /// Prints one measurement and keeps it for the final table.
    pub fn record(
        &mut self,
        what: impl Into<String>,
        measured: impl Into<String>,
        target: &'static str,
    ) {
        let line = Line {
            what: what.into(),
            measured: measured.into(),
            target,
        };
        println!(
            "  {:<44} {:>24}   target {}",
            line.what, line.measured, line.target
        );
        self.lines.push(line);
    }

    /// Runs `f`; a panic (an unfinished stage) becomes a "not ready" line instead of an abort.
    pub fn phase<T>(
        &mut self,
        what: &str,
        target: &'static str,
        f: impl FnOnce() -> T,
    ) -> Option<T> {
        match panic::catch_unwind(AssertUnwindSafe(f)) {
            Ok(value) => Some(value),
            Err(payload) => {
                let message = payload
                    .downcast_ref::<String>()
                    .cloned()
                    .or_else(|| payload.downcast_ref::<&str>().map(|s| s.to_string()))
                    .unwrap_or_default();
                self.record(what, format!("not ready ({})", short(&message)), target);
                None
            }
        }
    }

    /// Prints the table in Markdown, ready for `docs/performance.md`.
    pub fn print_table(&self) {
        println!("\n| measurement | measured | target |\n|---|---:|---|");
        for line in &self.lines {
            println!("| {} | {} | {} |", line.what, line.measured, line.target);
        }
    }
}

fn short(message: &str) -> String {
    let first = message.lines().next().unwrap_or("");
    first.chars().take(40).collect()
}

/// The median of some timings (zero for none).
pub fn median(mut samples: Vec<Duration>) -> Duration {
    samples.sort();
    samples.get(samples.len() / 2).copied().unwrap_or_default()
}

/// A duration in milliseconds with two decimals.
pub fn ms(d: Duration) -> String {
    format!("{:.2} ms", d.as_secs_f64() * 1e3)
}

/// Peak resident memory of this process (kB), from the kernel's high-water mark.
pub fn peak_rss_kb() -> Option<u64> {
    read_vm_hwm("/proc/self/status")
}

/// Peak resident memory of another process (kB), while it runs.
pub fn peak_rss_kb_of(pid: u32) -> Option<u64> {
    read_vm_hwm(&format!("/proc/{pid}/status"))
}

fn read_vm_hwm(path: &str) -> Option<u64> {
    let status = std::fs::read_to_string(path).ok()?;
    let line = status.lines().find(|l| l.starts_with("VmHWM:"))?;
    line.split_whitespace().nth(1)?.parse().ok()
}

/// CPU time (user, system) of this process's children that have been waited for, from
/// `/proc/self/stat` (`cutime`, `cstime`, in the kernel's fixed `USER_HZ` of 100 a second):
/// read before and after a child, the difference is the child's own.
pub fn children_cpu() -> Option<(Duration, Duration)> {
    let stat = std::fs::read_to_string("/proc/self/stat").ok()?;
    // Fields after the command name, which is in parentheses and may hold spaces: the third
    // (state) is field 3, so `cutime` (16) and `cstime` (17) are the 14th and 15th here.
    let after = &stat[stat.rfind(')')? + 1..];
    let mut fields = after.split_whitespace().skip(13);
    let ticks = |field: Option<&str>| -> Option<Duration> {
        Some(Duration::from_millis(field?.parse::<u64>().ok()? * 10))
    };
    Some((ticks(fields.next())?, ticks(fields.next())?))
}

/// Resets the high-water mark to the current RSS (Linux ≥ 4.0), so a phase's peak is its own.
pub fn reset_peak_rss() -> bool {
    std::fs::write("/proc/self/clear_refs", "5").is_ok()
}

/// A size in kB as megabytes, or "unknown".
pub fn mb(kb: Option<u64>) -> String {
    kb.map_or_else(
        || "unknown".to_string(),
        |kb| format!("{:.1} MB", kb as f64 / 1024.0),
    )
}
