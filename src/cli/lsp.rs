//! `xla lsp`: the language server on stdio.

/// Arguments of `xla lsp`.
#[derive(clap::Args)]
pub struct Args {
    /// Talk over stdin and stdout (the only transport; accepted because
    /// editor clients pass it).
    #[arg(long)]
    stdio: bool,
}

/// Runs the language server until the editor says `exit`.
pub fn run(args: &Args) -> i32 {
    let _ = args.stdio;
    xla::lsp::run_stdio()
}
