//! The `tahlil` command-line program: a thin layer over the library.

mod cli;

fn main() -> std::process::ExitCode {
    cli::main()
}
