//! What-ifs as text edits: each takes the manifest text and returns the edited text, so the
//! editor stays the single source of truth (to be written).
