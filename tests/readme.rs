//! The README's console examples, run: every `$ command` in a ```console block
//! is run with bash (in one working directory for the whole README, so a
//! later example can read what an earlier one wrote), and what it prints on
//! the terminal (standard output and standard error, as they come) must be
//! the lines the README shows under it, to the byte. Only run times
//! (`0.009 s`) may differ.

use std::path::Path;
use std::process::Command;

/// Each example: its line in the README, the command, the lines shown.
fn examples(readme: &str) -> Vec<(usize, String, Vec<String>)> {
    let mut out: Vec<(usize, String, Vec<String>)> = Vec::new();
    let mut in_block = false;
    for (i, line) in readme.lines().enumerate() {
        if line.starts_with("```") {
            in_block = line == "```console";
            continue;
        }
        if !in_block {
            continue;
        }
        match line.strip_prefix("$ ") {
            Some(command) => out.push((i + 1, command.to_owned(), Vec::new())),
            None => match out.last_mut() {
                Some(example) => example.2.push(line.to_owned()),
                None => panic!("README.md:{}: output before any command", i + 1),
            },
        }
    }
    out
}

/// `text` with each run time (`<number> s ->`) written `T s ->`.
fn without_times(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    let mut rest = text;
    while let Some(at) = rest.find(" s -> ") {
        let number = rest[..at]
            .rfind(|c: char| !(c.is_ascii_digit() || c == '.'))
            .map_or(0, |i| i + 1);
        out.push_str(&rest[..number]);
        out.push('T');
        out.push_str(" s -> ");
        rest = &rest[at + " s -> ".len()..];
    }
    out.push_str(rest);
    out
}

#[test]
fn times_are_masked_and_nothing_else() {
    assert_eq!(
        without_times("tahlil vectorize: 5 documents, 0.009 s -> vectors"),
        "tahlil vectorize: 5 documents, T s -> vectors"
    );
    assert_eq!(without_times("no time here"), "no time here");
}

#[test]
fn console_examples_print_what_the_readme_shows() {
    let root = Path::new(env!("CARGO_MANIFEST_DIR"));
    let readme = std::fs::read_to_string(root.join("README.md")).unwrap();
    let examples = examples(&readme);
    assert!(examples.len() >= 20, "{} examples found", examples.len());
    let dir = tempfile::tempdir().unwrap();
    let bin = dir.path().join("bin");
    std::fs::create_dir(&bin).unwrap();
    std::os::unix::fs::symlink(env!("CARGO_BIN_EXE_tahlil"), bin.join("tahlil")).unwrap();
    let work = dir.path().join("work");
    std::fs::create_dir(&work).unwrap();
    let path = format!(
        "{}:{}",
        bin.display(),
        std::env::var("PATH").unwrap_or_default()
    );
    let mut failures = Vec::new();
    for (line, command, shown) in &examples {
        // A newline before the brace: the command may end in a comment.
        let out = Command::new("bash")
            .arg("-c")
            .arg(format!("{{ {command}\n}} 2>&1"))
            .current_dir(&work)
            .env("PATH", &path)
            .output()
            .unwrap();
        let printed = String::from_utf8_lossy(&out.stdout);
        let printed: Vec<String> = without_times(&printed).lines().map(str::to_owned).collect();
        let shown: Vec<String> = shown.iter().map(|l| without_times(l)).collect();
        if printed != shown {
            failures.push(format!(
                "README.md:{line}: $ {command}\n--- the README shows\n{}\n--- the program prints\n{}",
                shown.join("\n"),
                printed.join("\n")
            ));
        }
    }
    assert!(failures.is_empty(), "{}", failures.join("\n\n"));
}
