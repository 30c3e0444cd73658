//! The `xla` command: a thin shell over the `xla` library.

mod cli;

fn main() {
    std::process::exit(cli::run());
}
