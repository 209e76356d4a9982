//! Diagnostics: what is wrong (or worth knowing), where, and what to do about it.

mod codes;
mod field;

pub use codes::{Area, Code};
pub use field::FieldError;

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
    pub code: Code,
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
    pub fn new(severity: Severity, code: Code, message: impl Into<String>) -> Self {
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
