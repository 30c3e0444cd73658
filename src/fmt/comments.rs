//! The comments of a file, handed back to the writer in source order.
//!
//! A comment is *trailing* when code precedes it on its source line, and
//! *own-line* otherwise; the writer keeps each kind as it is.

use crate::syntax::ast::Comment;

/// The comments not yet printed.
pub struct Comments<'a> {
    src: &'a str,
    all: &'a [Comment],
    next: usize,
}

impl<'a> Comments<'a> {
    /// All of `comments`, found in `src`, not yet printed.
    pub fn new(src: &'a str, all: &'a [Comment]) -> Self {
        Comments { src, all, next: 0 }
    }

    /// Takes the next comment if it starts before byte `pos`.
    pub fn take_before(&mut self, pos: usize) -> Option<&'a Comment> {
        let comment = self.all.get(self.next)?;
        if (comment.span.start as usize) < pos {
            self.next += 1;
            Some(comment)
        } else {
            None
        }
    }

    /// Takes the next comment if it is on the same source line as byte
    /// `after`, with only blanks between them.
    pub fn take_right_after(&mut self, after: usize) -> Option<&'a Comment> {
        let comment = self.all.get(self.next)?;
        let gap = self.src.get(after..comment.span.start as usize)?;
        if gap.chars().all(|c| c == ' ' || c == '\t') {
            self.next += 1;
            Some(comment)
        } else {
            None
        }
    }

    /// Whether code precedes `comment` on its source line.
    pub fn is_trailing(&self, comment: &Comment) -> bool {
        let start = comment.span.start as usize;
        let line_start = self.src[..start].rfind('\n').map_or(0, |n| n + 1);
        !self.src[line_start..start].trim().is_empty()
    }

    /// Whether the source has a blank line between bytes `from` and `to`.
    pub fn blank_between(&self, from: usize, to: usize) -> bool {
        self.src.get(from..to).is_some_and(|gap| gap.matches('\n').count() >= 2)
    }
}
