//! Calendars: working hours and holidays.

use super::files::io_reason;
use super::Checker;
use crate::calendar::{parse_holidays_toml, Calendar};
use crate::diagnostic::{Code, Diagnostic};
use crate::syntax::ast::{CalendarEntryKind, LitKind};
use crate::trust;
use chrono::{NaiveDate, Weekday};

impl Checker<'_> {
    /// Builds every calendar, reading holiday files next to the file that
    /// declares them.
    pub(super) fn check_calendars(&mut self) {
        let entries = self.scope.calendars.clone();
        for entry in entries {
            let node = entry.node;
            let mut hours: Vec<(Vec<Weekday>, u32, u32)> = Vec::new();
            let mut holidays: Vec<(NaiveDate, String)> = Vec::new();
            let mut ok = true;
            for line in &node.entries {
                match &line.kind {
                    CalendarEntryKind::Hours { days, from, to } => {
                        if from.minutes >= to.minutes {
                            self.report(
                                Diagnostic::new(Code::BadCalendar, from.span.to(to.span), "working hours must end after they start")
                                    .with_label("empty or backwards")
                                    .with_help("write hours as `HH:MM-HH:MM` with the end later in the day, such as `08:00-18:00`; use `24:00` for midnight at the end of the day"),
                            );
                            ok = false;
                            continue;
                        }
                        let mut list = Vec::new();
                        for spec in days {
                            let mut day = spec.from;
                            loop {
                                if !list.contains(&day) {
                                    list.push(day);
                                }
                                if day == spec.to {
                                    break;
                                }
                                day = day.succ();
                            }
                        }
                        hours.push((list, from.minutes, to.minutes));
                    }
                    CalendarEntryKind::Holiday { date, name } => match date.kind {
                        LitKind::Date(d) => {
                            holidays.push((d, name.as_ref().map_or_else(|| "holiday".to_string(), |n| n.value.clone())))
                        }
                        _ => ok = false,
                    },
                    CalendarEntryKind::HolidaysFile(path) => {
                        let dir = self
                            .files
                            .sources
                            .get(path.span.file)
                            .path
                            .parent()
                            .map(std::path::Path::to_path_buf)
                            .unwrap_or_default();
                        let full = dir.join(&path.value);
                        let read = match trust::check_source_path(&path.value, "toml") {
                            Ok(()) => self.fs.read_to_string(&full).map_err(|e| match trust::refusal(&e) {
                                Some(refused) => Problem::Refused(format!("cannot be read: {refused}")),
                                None => Problem::Unusable(io_reason(&e)),
                            }),
                            Err(reason) => Err(Problem::Refused(reason)),
                        };
                        let parsed = read
                            .and_then(|text| parse_holidays_toml(&text).map_err(|e| Problem::Unusable(e.to_string())));
                        match parsed {
                            Ok(days) => holidays.extend(days),
                            Err(Problem::Refused(refused)) => {
                                self.report(
                                    Diagnostic::new(Code::PathRefused, path.span, format!("the holidays path `{}` {refused}", path.value))
                                        .with_label("this file")
                                        .with_help("a holidays file is a regular `.toml` file of at most 16 MiB, named by a path relative to the file that names it"),
                                );
                                ok = false;
                            }
                            Err(Problem::Unusable(reason)) => {
                                self.report(
                                    Diagnostic::new(Code::HolidaysFile, path.span, format!("cannot use holidays file `{}`: {reason}", path.value))
                                        .with_label("this file")
                                        .with_help(format!(
                                            "the path is relative to the file that names it (here `{}`); the file holds entries such as\n[[holiday]]\ndate = 2026-12-25\nname = \"Christmas Day\"",
                                            full.display()
                                        )),
                                );
                                ok = false;
                            }
                        }
                    }
                }
            }
            if !ok {
                continue;
            }
            match Calendar::from_parts(&node.name.name, &hours, holidays) {
                Ok(calendar) => self.calendars.push(calendar),
                Err(e) => self.report(
                    Diagnostic::new(
                        Code::BadCalendar,
                        node.name.span,
                        format!("calendar `{}` cannot be used: {e}", node.name.name),
                    )
                    .with_label("this calendar"),
                ),
            }
        }
    }

    /// The id of the calendar with this name (0 is `always`).
    pub(super) fn calendar_id(&self, name: &str) -> Option<usize> {
        self.calendars.iter().position(|c| c.name == name)
    }
}

/// Why a holidays file cannot be used.
enum Problem {
    /// The trust rules refuse the path or the file (LANGUAGE.md §4).
    Refused(String),
    /// It cannot be read or is not a valid holidays file.
    Unusable(String),
}
