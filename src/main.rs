//! The `xla` command.

fn main() {
    std::process::exit(0);
}
