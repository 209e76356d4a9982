//! Label selectors, in Kubernetes vocabulary (restated from apimachinery `pkg/labels` and
//! `pkg/apis/meta/v1`).
//!
//! A [`Selector`] is the AND of its [`Requirement`]s. It comes from one of three places:
//!
//! * a Service's `spec.selector` map ([`Selector::from_map`]; equality only),
//! * a workload's `metav1.LabelSelector` ([`LabelSelector::to_selector`]),
//! * the string form used by `kubectl get -l` and `?labelSelector=` ([`Selector::parse`]).
//!
//! # String grammar (`labels.Parse`, Kubernetes 1.35)
//!
//! ```text
//! selector     := "" | requirement ( "," requirement )*
//! requirement  := "!" KEY                                   (DoesNotExist)
//!               | KEY                                       (Exists)
//!               | KEY ( "=" | "==" | "!=" ) VALUE?          (missing VALUE = "")
//!               | KEY ( "in" | "notin" ) "(" value-list ")"
//!               | KEY ( ">" | "<" ) INTEGER
//! value-list   := VALUE? ( "," VALUE? )*                    (empty items are "")
//! ```
//!
//! Lexing: space, tab, CR and LF separate tokens and are otherwise ignored. The special
//! characters are `= ! ( ) , > <`; `!=` and `==` are read as one token. Any other run of bytes
//! is an identifier (so `~`, `a||y` or `日本` are identifiers, and are then rejected by key or
//! value validation). `in` and `notin` are keywords only where an operator is expected:
//! `notin=in` and `a in (in,notin)` are valid.
//!
//! Keys must be qualified names ([`crate::names::is_qualified_name`]), values label values
//! ([`crate::names::is_valid_label_value`]); the value of `>` / `<` must be a base-10 `i64`.
//! `x in ()` means `x in ("")`; `(a,,)` means `{a, ""}`; duplicate values collapse.
//! Requirements are kept sorted by key (stable, so equal keys keep their input order) and
//! [`Display`](std::fmt::Display) renders the canonical form, e.g. `x in (abc,def),y!=a,!z`.
//!
//! # Matching (`Requirement.Matches`)
//!
//! | Operator | label present with value `v` | label absent |
//! |---|---|---|
//! | `=`, `==`, `in` | `v` ∈ values | false |
//! | `!=`, `notin` | `v` ∉ values | **true** |
//! | exists (`key`) | true | false |
//! | `!key` | false | true |
//! | `>` n, `<` n | `v` parses as `i64` and compares; otherwise false | false |
//!
//! The empty selector matches everything; [`Selector::nothing`] matches nothing.

mod index;
mod label_selector;
mod parse;

pub use index::LabelIndex;
pub use label_selector::{LabelSelector, LabelSelectorRequirement};
pub use parse::SelectorError;

use std::collections::BTreeMap;
use std::fmt;

use crate::diag::{Code, FieldError};
use crate::labels::parse::Parser;
use crate::names::{is_qualified_name, is_valid_label_value};
use crate::util::json;

/// A set of labels (key → value), as on a Pod.
pub type Labels = BTreeMap<String, String>;

/// A selector operator (`selection.Operator`).
#[derive(Clone, Copy, Debug, PartialEq, Eq, serde::Serialize)]
pub enum Operator {
    /// `key=value`
    Equals,
    /// `key==value`
    DoubleEquals,
    /// `key!=value`
    NotEquals,
    /// `key in (a,b)`
    In,
    /// `key notin (a,b)`
    NotIn,
    /// `key`
    Exists,
    /// `!key`
    DoesNotExist,
    /// `key>n`
    GreaterThan,
    /// `key<n`
    LessThan,
}

impl Operator {
    /// The operator's spelling in `k8s.io/apimachinery/pkg/selection` (`"="`, `"in"`,
    /// `"exists"`, `"!"`, `"gt"`, …).
    pub fn as_str(self) -> &'static str {
        match self {
            Operator::Equals => "=",
            Operator::DoubleEquals => "==",
            Operator::NotEquals => "!=",
            Operator::In => "in",
            Operator::NotIn => "notin",
            Operator::Exists => "exists",
            Operator::DoesNotExist => "!",
            Operator::GreaterThan => "gt",
            Operator::LessThan => "lt",
        }
    }
}

/// One `key op values` term of a selector. Construct with [`Requirement::new`], which applies
/// the `NewRequirement` rules; values are kept sorted and deduplicated.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Requirement {
    key: String,
    operator: Operator,
    values: Vec<String>,
}

/// Which part of a requirement a problem is about (used to place parse errors).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(crate) enum Target {
    Key,
    Values,
    Value(usize),
}

/// One violated `NewRequirement` rule.
#[derive(Clone, Debug)]
pub(crate) struct Problem {
    pub(crate) target: Target,
    pub(crate) message: String,
}

/// The `NewRequirement` rules, in upstream order: key, value count for the operator, integer
/// values for `>`/`<`, then each value's label-value syntax.
pub(crate) fn requirement_problems(key: &str, op: Operator, values: &[&str]) -> Vec<Problem> {
    let mut problems = Vec::new();
    let mut push = |target, message: String| problems.push(Problem { target, message });
    let key_errs = is_qualified_name(key);
    if !key_errs.is_empty() {
        push(Target::Key, key_errs.join("; "));
    }
    match op {
        Operator::In | Operator::NotIn => {
            if values.is_empty() {
                push(Target::Values, "for 'in', 'notin' operators, values set can't be empty".into());
            }
        }
        Operator::Equals | Operator::DoubleEquals | Operator::NotEquals => {
            if values.len() != 1 {
                push(Target::Values, "exact-match compatibility requires one single value".into());
            }
        }
        Operator::Exists | Operator::DoesNotExist => {
            if !values.is_empty() {
                push(Target::Values, "values set must be empty for exists and does not exist".into());
            }
        }
        Operator::GreaterThan | Operator::LessThan => {
            if values.len() != 1 {
                push(Target::Values, "for 'Gt', 'Lt' operators, exactly one value is required".into());
            }
            for (i, v) in values.iter().enumerate() {
                if v.parse::<i64>().is_err() {
                    push(Target::Value(i), "for 'Gt', 'Lt' operators, the value must be an integer".into());
                }
            }
        }
    }
    for (i, v) in values.iter().enumerate() {
        let errs = is_valid_label_value(v);
        if !errs.is_empty() {
            push(Target::Value(i), errs.join("; "));
        }
    }
    problems
}

impl Requirement {
    /// Builds a requirement under the `NewRequirement` rules: the key must be a qualified
    /// name; `In`/`NotIn` need at least one value; `=`/`==`/`!=` exactly one; `Exists`/
    /// `DoesNotExist` none; `>`/`<` exactly one base-10 integer; every value a label value
    /// (the empty string is a valid value).
    ///
    /// The error lists every broken rule in API-server form, joined by `"; "`, e.g.
    /// `values: Invalid value: []: for 'in', 'notin' operators, values set can't be empty`.
    pub fn new<K, I, V>(key: K, operator: Operator, values: I) -> Result<Self, String>
    where
        K: Into<String>,
        I: IntoIterator<Item = V>,
        V: Into<String>,
    {
        let key = key.into();
        let values: Vec<String> = values.into_iter().map(Into::into).collect();
        let refs: Vec<&str> = values.iter().map(String::as_str).collect();
        let problems = requirement_problems(&key, operator, &refs);
        if !problems.is_empty() {
            let rendered: Vec<String> = problems
                .iter()
                .map(|p| match p.target {
                    Target::Key => {
                        format!("key: Invalid value: {}: {}", json::quote_plain(&key), p.message)
                    }
                    Target::Values => format!("values: Invalid value: {}: {}", json::list_plain(&values), p.message),
                    Target::Value(i) => {
                        format!("values[{i}]: Invalid value: {}: {}", json::quote_plain(&values[i]), p.message)
                    }
                })
                .collect();
            return Err(rendered.join("; "));
        }
        Ok(Self::new_unchecked(key, operator, values))
    }

    /// Builds a requirement without validation (values still sorted and deduplicated).
    fn new_unchecked(key: String, operator: Operator, mut values: Vec<String>) -> Self {
        crate::util::sort::sort(&mut values);
        values.dedup();
        Requirement { key, operator, values }
    }

    /// The label key.
    pub fn key(&self) -> &str {
        &self.key
    }

    /// The operator.
    pub fn operator(&self) -> Operator {
        self.operator
    }

    /// The values, sorted and without duplicates (empty for `Exists` / `DoesNotExist`).
    pub fn values(&self) -> &[String] {
        &self.values
    }

    fn has_value(&self, value: &str) -> bool {
        self.values.binary_search_by(|v| v.as_str().cmp(value)).is_ok()
    }

    /// Whether `labels` satisfy this requirement (see the module-level table).
    pub fn matches(&self, labels: &Labels) -> bool {
        let value = labels.get(&self.key);
        match self.operator {
            Operator::Equals | Operator::DoubleEquals | Operator::In => value.is_some_and(|v| self.has_value(v)),
            Operator::NotEquals | Operator::NotIn => value.is_none_or(|v| !self.has_value(v)),
            Operator::Exists => value.is_some(),
            Operator::DoesNotExist => value.is_none(),
            Operator::GreaterThan | Operator::LessThan => {
                let (Some(v), [bound]) = (value, self.values.as_slice()) else {
                    return false;
                };
                match (v.parse::<i64>(), bound.parse::<i64>()) {
                    (Ok(v), Ok(bound)) if self.operator == Operator::GreaterThan => v > bound,
                    (Ok(v), Ok(bound)) => v < bound,
                    _ => false,
                }
            }
        }
    }
}

impl fmt::Display for Requirement {
    /// Canonical `String()` form: `!x`, `x`, `x=a`, `x==a`, `x!=a`, `x in (a,b)`,
    /// `x notin (a)`, `x>1`, `x<1`.
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let joined = || self.values.join(",");
        match self.operator {
            Operator::Exists => write!(f, "{}", self.key),
            Operator::DoesNotExist => write!(f, "!{}", self.key),
            Operator::Equals => write!(f, "{}={}", self.key, joined()),
            Operator::DoubleEquals => write!(f, "{}=={}", self.key, joined()),
            Operator::NotEquals => write!(f, "{}!={}", self.key, joined()),
            Operator::In => write!(f, "{} in ({})", self.key, joined()),
            Operator::NotIn => write!(f, "{} notin ({})", self.key, joined()),
            Operator::GreaterThan => write!(f, "{}>{}", self.key, joined()),
            Operator::LessThan => write!(f, "{}<{}", self.key, joined()),
        }
    }
}

/// A label selector: the AND of its requirements (kept sorted by key), or "Nothing".
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Selector {
    requirements: Vec<Requirement>,
    nothing: bool,
}

impl Selector {
    /// The selector that matches every label set (no requirements).
    pub fn everything() -> Self {
        Selector { requirements: Vec::new(), nothing: false }
    }

    /// The selector that matches nothing (what a nil `*LabelSelector` converts to).
    pub fn nothing() -> Self {
        Selector { requirements: Vec::new(), nothing: true }
    }

    /// A selector from already-built requirements (sorted by key, stably).
    pub fn from_requirements(mut requirements: Vec<Requirement>) -> Self {
        crate::util::sort::sort_by(&mut requirements, |a, b| a.key.cmp(&b.key));
        Selector { requirements, nothing: false }
    }

    /// The equality selector of a Service's `spec.selector` or a `matchLabels` map
    /// (`SelectorFromSet`): every key must be present with exactly that value. Like upstream,
    /// the map is not validated; an empty map gives [`Selector::everything`].
    pub fn from_map(map: &Labels) -> Selector {
        let requirements =
            map.iter().map(|(k, v)| Requirement::new_unchecked(k.clone(), Operator::Equals, vec![v.clone()])).collect();
        Selector { requirements, nothing: false }
    }

    /// Parses the string form (`labels.Parse`; see the module documentation for the grammar).
    /// The empty string (or only whitespace) is [`Selector::everything`].
    pub fn parse(s: &str) -> Result<Selector, SelectorError> {
        let requirements = Parser::new(s).parse()?;
        Ok(Selector::from_requirements(requirements))
    }

    /// [`Selector::parse`] as the API server of Kubernetes 1.`minor` does it (a `?labelSelector=`
    /// query): up to 1.34, `x in (a,,)` is an error (docs/versions.md).
    pub fn parse_for_minor(s: &str, minor: u32) -> Result<Selector, SelectorError> {
        let requirements = Parser::for_minor(s, minor).parse()?;
        Ok(Selector::from_requirements(requirements))
    }

    /// The requirements, sorted by key (empty for everything and for nothing).
    pub fn requirements(&self) -> &[Requirement] {
        &self.requirements
    }

    /// Whether `labels` satisfy every requirement (always false for [`Selector::nothing`]).
    pub fn matches(&self, labels: &Labels) -> bool {
        !self.nothing && self.requirements.iter().all(|r| r.matches(labels))
    }

    /// `true` when the selector does not restrict anything (upstream `Empty()`); `false` for
    /// [`Selector::nothing`].
    pub fn is_empty(&self) -> bool {
        !self.nothing && self.requirements.is_empty()
    }

    /// `true` for [`Selector::nothing`].
    pub fn is_nothing(&self) -> bool {
        self.nothing
    }
}

impl fmt::Display for Selector {
    /// The canonical `String()` form, requirements joined by `,` (empty for everything);
    /// [`Selector::nothing`] renders as `<none>`.
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        if self.nothing {
            return f.write_str("<none>");
        }
        for (i, r) in self.requirements.iter().enumerate() {
            if i > 0 {
                f.write_str(",")?;
            }
            write!(f, "{r}")?;
        }
        Ok(())
    }
}

// ---------------------------------------------------------------------------------------------
// Lexer

// ---------------------------------------------------------------------------------------------
// Parser

// ---------------------------------------------------------------------------------------------
// metav1.LabelSelector

/// Whether a selector written as a map (a Service's `spec.selector`) matches `labels`: every
/// key present with an equal value; other labels do not matter (`SelectorFromValidatedSet`).
pub fn set_matches(set: &Labels, labels: &Labels) -> bool {
    set.iter().all(|(k, v)| labels.get(k) == Some(v))
}

/// A label map as `json.Marshal` prints it (`null` when empty, as a nil Go map).
pub fn labels_json(labels: &Labels) -> String {
    if labels.is_empty() {
        return "null".into();
    }
    let items: Vec<String> = labels.iter().map(|(k, v)| format!("{}:{}", json::quote(k), json::quote(v))).collect();
    format!("{{{}}}", items.join(","))
}
