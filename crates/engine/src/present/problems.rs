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

/// The error a view names when it cannot show a Service: the first one in the text, where it is,
/// and how many more there are.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct ErrorNote {
    pub line: u32,
    pub column: u32,
    /// "unknown field `selectr` in `spec`" (the diagnostic's message).
    pub message: String,
    pub help: Option<String>,
    /// Errors after this one.
    pub more: usize,
}

impl ErrorNote {
    /// "line 8:3" — the label of the link that moves the editor's cursor there.
    pub fn at(&self) -> String {
        format!("line {}:{}", self.line, self.column)
    }

    /// " (and 3 more errors under Problems)" or "".
    pub fn more_text(&self) -> String {
        match self.more {
            0 => String::new(),
            1 => " (and 1 more error under Problems)".into(),
            n => format!(" (and {n} more errors under Problems)"),
        }
    }
}

/// The first error of the analysis by position, if any.
pub fn first_error(a: &Analysis) -> Option<ErrorNote> {
    let mut errors: Vec<_> = a.diagnostics.iter().filter(|d| d.severity == Severity::Error).collect();
    crate::util::sort::sort_by_key(&mut errors, |d| (d.source, d.span.start.line, d.span.start.column));
    let first = errors.first()?;
    Some(ErrorNote {
        line: first.span.start.line,
        column: first.span.start.column,
        message: first.message.clone(),
        help: first.help.clone(),
        more: errors.len() - 1,
    })
}

/// Why a view has no Service to show: an error in the text (name it, with where), or no
/// Service written yet (then `fallback`, the view's own advice, is right). An error is named
/// even when it is not in a Service: a broken YAML document may be the Service the user meant.
pub enum NoService {
    Error(ErrorNote),
    NoneWritten,
}

pub fn no_service(a: &Analysis) -> NoService {
    match first_error(a) {
        Some(e) => NoService::Error(e),
        None => NoService::NoneWritten,
    }
}

/// Whether `next` (the analysis of an edited text) lost the Service `shown` to an error, so the
/// page should keep the last analysis on screen (dimmed, under a banner naming the error)
/// instead of blanking every view.
pub fn lost_to_error(next: &Analysis, shown: Option<(&str, &str)>) -> bool {
    let Some((ns, name)) = shown else { return false };
    let gone = !next.services.iter().any(|v| v.namespace == ns && v.name == name);
    gone && next.diagnostics.iter().any(|d| d.severity == Severity::Error)
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
    fn a_typo_in_the_service_is_named_with_its_line() {
        let typo = MY_SERVICE.replace("  selector:", "  selectr:");
        let a = analysis(&typo);
        let NoService::Error(e) = no_service(&a) else { panic!("the typo is an error") };
        let line = typo.lines().position(|l| l.contains("selectr:")).unwrap() as u32 + 1;
        assert_eq!((e.line, e.column), (line, 3), "{e:?}");
        assert!(e.message.contains("selectr"), "{e:?}");
        assert_eq!(e.at(), format!("line {line}:3"));
        assert!(lost_to_error(&a, Some(("default", "my-service"))));
        assert!(!lost_to_error(&analysis(MY_SERVICE), Some(("default", "my-service"))));
        assert!(matches!(no_service(&analysis("")), NoService::NoneWritten));
    }

    #[test]
    fn a_yaml_error_costs_only_its_document() {
        // The Service's document breaks; the pods after it are still analysed.
        let broken = MY_SERVICE.replacen("    - protocol: TCP", "   - protocol: TCP", 1);
        let a = analysis(&broken);
        assert!(a.services.is_empty());
        assert!(a.objects.pods().count() >= 2, "the pods are kept");
        let e = first_error(&a).expect("a syntax error");
        assert_eq!(e.more, 0);
        assert!(e.message.contains("YAML"), "{e:?}");
        assert!(lost_to_error(&a, Some(("default", "my-service"))));
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
