//! The digest line that closes every Markdown report: the SHA-256 of the
//! month's settlement JSON, as the line both parties sign. `xla verify`
//! prints the same line for the file it received, so the client can see
//! that what it verified is what it signs.

use super::contract::sha256_hex;
use std::fmt::Write as _;

/// `Digest: settlement-2026-03.json SHA-256 <hex>`, for the JSON `bytes`
/// of the file `name`.
pub fn digest_line(name: &str, bytes: &[u8]) -> String {
    format!("Digest: {name} SHA-256 {}", sha256_hex(bytes))
}

/// The section that closes a report: the digest line, and what signing it means.
pub fn digest_section(name: &str, bytes: &[u8]) -> String {
    let mut out = String::new();
    let _ = writeln!(out, "## Digest");
    let _ = writeln!(out);
    let _ = writeln!(
        out,
        "The figures above are those of `{name}`. The client recomputes it with `xla verify`; \
         both parties sign this line:"
    );
    let _ = writeln!(out);
    let _ = writeln!(out, "    {}", digest_line(name, bytes));
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_line_names_the_file_and_its_sha256() {
        // echo -n '{}' | sha256sum
        assert_eq!(
            digest_line("settlement-2026-03.json", b"{}"),
            "Digest: settlement-2026-03.json SHA-256 44136fa355b3678a1146ad16f7e8649e94fb4fc21fe77e8310c060f61caaff8a"
        );
    }
}
