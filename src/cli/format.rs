//! The output format of the commands that report (`verify`, `diff`, `propose`).

/// How a report is printed on stdout.
#[derive(Clone, Copy, Debug, PartialEq, Eq, clap::ValueEnum)]
pub enum Format {
    /// In words, for people.
    Human,
    /// A JSON document, for tools.
    Json,
}
