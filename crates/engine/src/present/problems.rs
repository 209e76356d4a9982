//! The Problems summary: how many findings need the user's attention. Errors (the API server
//! rejects) and warnings (accepted, but traffic fails or is at risk) are problems; info notes
//! (a default the playground assumed, a setting it inferred) are not, so every example does not
//! open with "Problems 1".

use crate::{Analysis, Severity};

/// Counts of an analysis' diagnostics by severity.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub struct ProblemCounts {
    pub errors: usize,
    pub warnings: usize,
    pub notes: usize,
}

impl ProblemCounts {
    /// The number the Problems tab shows: errors and warnings, never info notes.
    pub fn problems(&self) -> usize {
        self.errors + self.warnings
    }

    /// The Problems panel's heading line, e.g. "1 error, 2 warnings · 1 note".
    pub fn summary(&self) -> String {
        let plural = |n: usize, word: &str| format!("{n} {word}{}", if n == 1 { "" } else { "s" });
        let mut parts = Vec::new();
        if self.errors > 0 {
            parts.push(plural(self.errors, "error"));
        }
        if self.warnings > 0 {
            parts.push(plural(self.warnings, "warning"));
        }
        let head = if parts.is_empty() { "No problems".to_string() } else { parts.join(", ") };
        if self.notes > 0 {
            format!("{head} · {}", plural(self.notes, "note"))
        } else {
            head
        }
    }
}

pub fn counts(a: &Analysis) -> ProblemCounts {
    let mut c = ProblemCounts::default();
    for d in &a.diagnostics {
        match d.severity {
            Severity::Error => c.errors += 1,
            Severity::Warning => c.warnings += 1,
            Severity::Info => c.notes += 1,
        }
    }
    c
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::present::testing::{analysis, MY_SERVICE};

    #[test]
    fn an_info_note_is_not_a_problem() {
        let text = format!("apiVersion: v1\nkind: ConfigMap\nmetadata: {{name: c}}\n---\n{MY_SERVICE}");
        let c = counts(&analysis(&text));
        assert_eq!(c.notes, 1, "the ConfigMap is noted as not modelled: {c:?}");
        assert_eq!(c.problems(), 0, "{c:?}");
        assert_eq!(c.summary(), "No problems · 1 note");
    }

    #[test]
    fn errors_and_warnings_are_counted() {
        let bad = MY_SERVICE.replace("targetPort: 9376", "targetPort: 70000");
        let c = counts(&analysis(&bad));
        assert_eq!(c.errors, 1, "{c:?}");
        assert_eq!(c.problems(), c.errors + c.warnings);
        assert!(c.summary().starts_with("1 error"), "{}", c.summary());
    }
}
