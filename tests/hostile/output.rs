//! Output to a closed pipe (issue 11, item 13): `explain … | true` is not a crash.

use std::process::{Command, Stdio};

use crate::{tiny, HARMLESS};

#[test]
fn issue_11_a_closed_stdout_is_a_quiet_exit() {
    let case = tiny(HARMLESS);
    for args in [
        &["explain", "--organization", "northwind-health"][..],
        &[
            "explain",
            "--organization",
            "northwind-health",
            "--format",
            "json",
        ],
        &["schema", "config"],
        &["check", "--format", "github"],
    ] {
        let mut child = Command::new(env!("CARGO_BIN_EXE_pmo-advisor"))
            .current_dir(case.path())
            .args(args)
            .env("NO_COLOR", "1")
            .stdout(Stdio::piped())
            .stderr(Stdio::piped())
            .spawn()
            .unwrap();
        // Close the reading end before the binary writes its results.
        drop(child.stdout.take());
        let output = child.wait_with_output().unwrap();
        let stderr = String::from_utf8_lossy(&output.stderr);
        assert!(!stderr.contains("panicked"), "{args:?}: {stderr}");
        assert_eq!(output.status.code(), Some(0), "{args:?}: {stderr}");
    }
}
