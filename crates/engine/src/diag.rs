//! Diagnostics: what is wrong (or worth knowing), where, and what to do about it.

use crate::yaml::Span;
use serde::Serialize;

#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize)]
#[serde(rename_all = "lowercase")]
pub enum Severity {
    Error,
    Warning,
    Info,
}

impl Severity {
    pub fn as_str(self) -> &'static str {
        match self {
            Severity::Error => "error",
            Severity::Warning => "warning",
            Severity::Info => "info",
        }
    }
}

/// One finding. `code` names the check (each documented in `docs/checks.md`); `message` says
/// what is wrong in the API server's words where there are some; `help` says how to fix it.
#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct Diagnostic {
    pub severity: Severity,
    pub code: &'static str,
    pub message: String,
    pub help: Option<String>,
    /// `Kind/namespace/name` of the object the finding is about, if any.
    pub object: Option<String>,
    /// The field path in API-server form, e.g. `spec.ports[0].targetPort`.
    pub field: Option<String>,
    /// Index of the source in the slice given to [`crate::analyze`].
    pub source: usize,
    pub span: Span,
}

impl Diagnostic {
    pub fn new(severity: Severity, code: &'static str, message: impl Into<String>) -> Self {
        Diagnostic {
            severity,
            code,
            message: message.into(),
            help: None,
            object: None,
            field: None,
            source: 0,
            span: Span::default(),
        }
    }
    pub fn help(mut self, help: impl Into<String>) -> Self {
        self.help = Some(help.into());
        self
    }
    /// The message and the help as one line, for terminals and tooltips.
    pub fn text(&self) -> String {
        match &self.help {
            Some(h) => format!("{} — {}", self.message, h),
            None => self.message.clone(),
        }
    }
}

/// Levenshtein distance, for "did you mean" suggestions.
pub fn edit_distance(a: &str, b: &str) -> usize {
    let a: Vec<char> = a.chars().collect();
    let b: Vec<char> = b.chars().collect();
    let mut prev: Vec<usize> = (0..=b.len()).collect();
    let mut cur = vec![0; b.len() + 1];
    for i in 1..=a.len() {
        cur[0] = i;
        for j in 1..=b.len() {
            let cost = usize::from(a[i - 1].to_ascii_lowercase() != b[j - 1].to_ascii_lowercase());
            cur[j] = (prev[j] + 1).min(cur[j - 1] + 1).min(prev[j - 1] + cost);
        }
        std::mem::swap(&mut prev, &mut cur);
    }
    prev[b.len()]
}

/// The closest candidate to `word`, if it is close enough to be a likely typo.
pub fn did_you_mean<'a>(word: &str, candidates: impl IntoIterator<Item = &'a str>) -> Option<&'a str> {
    let limit = (word.chars().count() / 3).max(1);
    candidates
        .into_iter()
        .map(|c| (edit_distance(word, c), c))
        .filter(|(d, _)| *d <= limit)
        .min_by_key(|(d, _)| *d)
        .map(|(_, c)| c)
}

#[cfg(test)]
mod tests {
    use super::*;
    #[test]
    fn suggestions() {
        assert_eq!(did_you_mean("selecter", ["selector", "ports", "type"]), Some("selector"));
        assert_eq!(did_you_mean("targetport", ["targetPort", "port"]), Some("targetPort"));
        assert_eq!(did_you_mean("banana", ["selector", "ports"]), None);
    }
}
