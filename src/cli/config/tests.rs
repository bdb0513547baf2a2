//! Unit tests of `config.rs`: paths relative to the config, flags over the file, named errors.

use super::*;

fn args_with_config(text: &str) -> (tempfile::TempDir, InputArgs) {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("cfg.toml");
    std::fs::write(&path, text).unwrap();
    let args = InputArgs {
        config: Some(path),
        ..InputArgs::default()
    };
    (dir, args)
}

#[test]
fn paths_are_relative_to_the_config_and_flags_override() {
    let (dir, mut args) = args_with_config(
        "period = \"2026-Q3\"\n[inputs]\ncustomers = \"c.csv\"\n[groups.aliases]\nPM = \"project_manager\"\n",
    );
    let s = resolve(&args).unwrap();
    assert_eq!(s.customers, dir.path().join("c.csv"));
    assert_eq!(s.rules, dir.path().join("rules"));
    assert_eq!(
        s.group_aliases.get("pm"),
        Some(&CustomerGroup::ProjectManager)
    );
    args.period = Some("2026-Q4".into());
    assert_eq!(resolve(&args).unwrap().period.to_string(), "2026-Q4");
}

#[test]
fn unknown_keys_and_bad_values_are_named() {
    let (_dir, args) = args_with_config("period = \"2026-Q3\"\n[limits]\nmax_operatons = 5\n");
    let err = resolve(&args).unwrap_err().to_string();
    assert!(err.contains("line 3, column 1"), "{err}");
    assert!(err.contains("max_operatons"), "{err}");
    let (_dir, args) = args_with_config("period = \"2026-Q9\"\n[inputs]\ncustomers = \"c.csv\"\n");
    assert!(resolve(&args).unwrap_err().to_string().contains("2026-Q9"));
}

#[test]
fn fallback_fonts_are_read_relative_to_the_config_and_bad_ones_are_named() {
    let (dir, args) = args_with_config(
        "period = \"2026-Q3\"\n[inputs]\ncustomers = \"c.csv\"\n[report]\nfallback_fonts = [\"fonts/extra.ttf\"]\n",
    );
    let err = resolve(&args).unwrap_err().to_string();
    assert!(err.starts_with("fallback font "), "{err}");
    assert!(err.contains("extra.ttf: cannot read the file"), "{err}");
    std::fs::create_dir(dir.path().join("fonts")).unwrap();
    std::fs::write(dir.path().join("fonts/extra.ttf"), b"not a font").unwrap();
    let err = resolve(&args).unwrap_err().to_string();
    assert!(
        err.contains("extra.ttf: not a TrueType or OpenType font"),
        "{err}"
    );
    std::fs::write(dir.path().join("fonts/extra.ttf"), dejavu::serif::regular()).unwrap();
    let settings = resolve(&args).unwrap();
    assert_eq!(settings.fallback_fonts.len(), 1);
    assert_eq!(settings.font_files, [dir.path().join("fonts/extra.ttf")]);
}
