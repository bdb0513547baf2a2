//! The exit-code contract, in one place; the README's table mirrors it.

/// How the process ends. The numbers are a public contract for CI jobs: never renumber.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
pub enum ExitCode {
    /// Success.
    Ok = 0,
    /// A policy failure: alerts at or above `--fail-on`.
    Policy = 1,
    /// Usage or configuration error (bad flags, config, catalog).
    Usage = 2,
    /// Rule error: a script does not compile, fails, or hits a sandbox limit.
    Rules = 3,
    /// Input data error: an unreadable or unusable input, or any finding under `--strict`.
    Data = 4,
    /// Output error: a report or manifest could not be written.
    Output = 5,
}

impl ExitCode {
    /// The process exit status.
    pub fn code(self) -> i32 {
        self as i32
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn numbers_are_the_documented_contract() {
        let all = [
            (ExitCode::Ok, 0),
            (ExitCode::Policy, 1),
            (ExitCode::Usage, 2),
            (ExitCode::Rules, 3),
            (ExitCode::Data, 4),
            (ExitCode::Output, 5),
        ];
        for (code, number) in all {
            assert_eq!(code.code(), number);
        }
    }
}
