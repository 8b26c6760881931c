//! Replays the fuzz targets' checked-in corpus through the same checks, so
//! `cargo test` covers every input that ever found a bug (add a crash input to
//! `crate/fuzz/corpus/<target>/` and it stays covered).

use std::fs;
use std::path::PathBuf;

#[path = "../fuzz/checks.rs"]
mod checks;

fn replay(target: &str, check: fn(&[u8])) {
    let dir = PathBuf::from(env!("CARGO_MANIFEST_DIR"))
        .join("fuzz/corpus")
        .join(target);
    let mut count = 0;
    for entry in fs::read_dir(&dir).unwrap_or_else(|e| panic!("{}: {e}", dir.display())) {
        let path = entry.expect("a readable corpus entry").path();
        let data = fs::read(&path).unwrap_or_else(|e| panic!("{}: {e}", path.display()));
        // A panic names the file, so a failure can be replayed alone.
        let result = std::panic::catch_unwind(|| check(&data));
        assert!(result.is_ok(), "corpus input {} failed", path.display());
        count += 1;
    }
    assert!(count >= 10, "{target}: only {count} corpus inputs");
}

#[test]
fn profile_import_corpus() {
    replay("profile_import", checks::profile_import);
}

#[test]
fn uri_parse_corpus() {
    replay("uri_parse", checks::uri_parse);
}

#[test]
fn text_rules_corpus() {
    replay("text_rules", checks::text_rules);
}
