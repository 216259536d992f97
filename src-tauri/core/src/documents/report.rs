//! Placeholder: filled in by issue 19's work on this part.
