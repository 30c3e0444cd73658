//! Printing that survives a closed pipe.
//!
//! Rust ignores `SIGPIPE`, so writing to a pipe whose reader has gone
//! (`xla check 2>&1 | head -c1`) is an error, and `println!`/`eprintln!`
//! panic on it (exit 101). These macros write the same text and drop the
//! error: once the reader has gone nobody can read more output anyway, and
//! the command finishes with its own exit code.

/// Like `println!`, ignoring a closed stdout.
macro_rules! outln {
    ($($arg:tt)*) => {{
        use std::io::Write as _;
        let _ = writeln!(std::io::stdout(), $($arg)*);
    }};
}

/// Like `eprint!`, ignoring a closed stderr.
macro_rules! err {
    ($($arg:tt)*) => {{
        use std::io::Write as _;
        let _ = write!(std::io::stderr(), $($arg)*);
    }};
}

/// Like `eprintln!`, ignoring a closed stderr.
macro_rules! errln {
    ($($arg:tt)*) => {{
        use std::io::Write as _;
        let _ = writeln!(std::io::stderr(), $($arg)*);
    }};
}
