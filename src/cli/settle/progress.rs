//! A spinner on stderr showing the bytes read per dataset, only when stderr
//! is a terminal (never in pipes, logs or CI output).

use indicatif::{ProgressBar, ProgressStyle};
use std::io::IsTerminal;
use std::time::Duration;

/// Progress of a load: a spinner on a terminal, nothing otherwise.
pub struct Progress {
    bar: Option<ProgressBar>,
    dataset: String,
}

impl Progress {
    /// A spinner if stderr is a terminal.
    pub fn on_terminal() -> Progress {
        let bar = std::io::stderr().is_terminal().then(|| {
            let bar = ProgressBar::new_spinner();
            if let Ok(style) = ProgressStyle::with_template("{spinner} reading {msg}: {bytes} ({bytes_per_sec})") {
                bar.set_style(style);
            }
            bar.enable_steady_tick(Duration::from_millis(120));
            bar
        });
        Progress { bar, dataset: String::new() }
    }

    /// `bytes` of `dataset` read so far.
    pub fn bytes(&mut self, dataset: &str, bytes: u64) {
        let Some(bar) = &self.bar else { return };
        if self.dataset != dataset {
            self.dataset = dataset.to_string();
            bar.set_message(format!("dataset `{dataset}`"));
            bar.reset();
        }
        bar.set_position(bytes);
    }

    /// Removes the spinner.
    pub fn finish(&self) {
        if let Some(bar) = &self.bar {
            bar.finish_and_clear();
        }
    }
}
