//! Loading datasets from CSV and JSON Lines files (LANGUAGE.md §5).
