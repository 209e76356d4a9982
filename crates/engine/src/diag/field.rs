//! [`FieldError`]: a finding about one field, in the API server's words.

use super::Severity;
use crate::diag::Code;
use crate::util::json;

/// One finding about a field, in the API server's words (`<path>: <type>: <detail>`).
#[derive(Clone, Debug)]
pub struct FieldError {
    pub path: String,
    /// Where to point when `path` itself is not written in the document (e.g. `spec.clusterIP`
    /// for an error on `spec.clusterIPs`, which the user did not write).
    pub near: Option<String>,
    /// True when `near` is more precise than `path` and should be used whenever it is written
    /// (e.g. `spec.selector[app]` for an error the API server reports on `spec.selector`).
    pub prefer_near: bool,
    pub code: Code,
    pub message: String,
    pub help: String,
    pub severity: Severity,
}

impl FieldError {
    pub fn raw(code: Code, path: &str, body: String) -> Self {
        let message = if path.is_empty() { body } else { format!("{path}: {body}") };
        FieldError {
            path: path.to_string(),
            near: None,
            prefer_near: false,
            code,
            message,
            help: String::new(),
            severity: Severity::Error,
        }
    }
    /// `Required value[: detail]`
    pub fn required(code: Code, path: &str, detail: &str) -> Self {
        let body = if detail.is_empty() { "Required value".to_string() } else { format!("Required value: {detail}") };
        Self::raw(code, path, body)
    }
    /// `Invalid value: <json>: detail`
    pub fn invalid(code: Code, path: &str, value_json: &str, detail: &str) -> Self {
        Self::raw(code, path, format!("Invalid value: {value_json}: {detail}"))
    }
    /// `Unsupported value: <json>: supported values: "A", "B"`
    pub fn unsupported(code: Code, path: &str, value: &str, supported: &[&str]) -> Self {
        let list: Vec<String> = supported.iter().map(|s| json::quote(s)).collect();
        Self::raw(
            code,
            path,
            format!("Unsupported value: {}: supported values: {}", json::quote(value), list.join(", ")),
        )
    }
    /// `Duplicate value: <json>`
    pub fn duplicate(code: Code, path: &str, value_json: &str) -> Self {
        Self::raw(code, path, format!("Duplicate value: {value_json}"))
    }
    /// `Forbidden: detail`
    pub fn forbidden(code: Code, path: &str, detail: &str) -> Self {
        Self::raw(code, path, format!("Forbidden: {detail}"))
    }
    /// `Too many: <n>: must have at most <max> items`
    pub fn too_many(code: Code, path: &str, n: usize, max: usize) -> Self {
        Self::raw(code, path, format!("Too many: {n}: must have at most {max} items"))
    }
    /// An HTTP 500 from the API server (not a field error); `path` is only used to point at it.
    pub fn internal(code: Code, path: &str, detail: &str) -> Self {
        let mut e = Self::raw(code, "", format!("Internal error occurred: {detail}"));
        e.path = path.to_string();
        e
    }
    pub fn help(mut self, help: impl Into<String>) -> Self {
        self.help = help.into();
        self
    }
    pub fn near(mut self, path: impl Into<String>) -> Self {
        self.near = Some(path.into());
        self
    }
    /// Points at `path` (when written) although the message names the coarser API path.
    pub fn point(mut self, path: impl Into<String>) -> Self {
        self.near = Some(path.into());
        self.prefer_near = true;
        self
    }
    pub fn severity(mut self, s: Severity) -> Self {
        self.severity = s;
        self
    }
    pub fn is_error(&self) -> bool {
        self.severity == Severity::Error
    }
    /// Sets the path used to locate the finding without changing the message.
    pub fn at(mut self, path: String) -> Self {
        self.path = path;
        self
    }
}
