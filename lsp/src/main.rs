//! `xla-lsp`: the language server on stdio.

fn main() {
    let mut args = std::env::args().skip(1);
    match args.next().as_deref() {
        None | Some("--stdio") => std::process::exit(xla_lsp::run_stdio()),
        Some("--version" | "-V") => println!("xla-lsp {}", env!("CARGO_PKG_VERSION")),
        Some("--help" | "-h") => {
            println!(
                "xla-lsp {}\nThe language server for .xla contracts, on stdin and stdout.\n\nUsage: xla-lsp [--stdio]",
                env!("CARGO_PKG_VERSION")
            )
        }
        Some(other) => {
            eprintln!("error: unexpected argument `{other}`\n\nUsage: xla-lsp [--stdio]");
            std::process::exit(2);
        }
    }
}
