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

use std::collections::BTreeMap;
use std::fmt;

use crate::diag::{Code, FieldError};
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
enum Target {
    Key,
    Values,
    Value(usize),
}

/// One violated `NewRequirement` rule.
#[derive(Clone, Debug)]
struct Problem {
    target: Target,
    message: String,
}

/// The `NewRequirement` rules, in upstream order: key, value count for the operator, integer
/// values for `>`/`<`, then each value's label-value syntax.
fn requirement_problems(key: &str, op: Operator, values: &[&str]) -> Vec<Problem> {
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
        values.sort();
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
        requirements.sort_by(|a, b| a.key.cmp(&b.key));
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

/// Why a selector string does not parse.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct SelectorError {
    /// 0-based byte offset in the input where the problem is (the input length for "end of
    /// string"). Always on a `char` boundary.
    pub position: usize,
    /// What is wrong, e.g. `found ',', expected: identifier after ','`.
    pub message: String,
}

impl fmt::Display for SelectorError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{} (at position {})", self.message, self.position)
    }
}

impl std::error::Error for SelectorError {}

// ---------------------------------------------------------------------------------------------
// Lexer

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
enum TokenKind {
    Identifier,
    In,
    NotIn,
    /// `!`
    Not,
    /// `=`
    Equals,
    /// `==`
    DoubleEquals,
    /// `!=`
    NotEquals,
    /// `>`
    Greater,
    /// `<`
    Less,
    OpenPar,
    ClosePar,
    Comma,
    End,
}

#[derive(Clone, Copy, Debug)]
struct Token {
    kind: TokenKind,
    start: usize,
    end: usize,
}

fn is_whitespace(b: u8) -> bool {
    matches!(b, b' ' | b'\t' | b'\r' | b'\n')
}

fn is_special(b: u8) -> bool {
    matches!(b, b'=' | b'!' | b'(' | b')' | b',' | b'>' | b'<')
}

/// Splits the input into tokens, ending with one `End` token at `input.len()`. Token
/// boundaries fall only next to ASCII bytes, so every token is a valid `&str` slice.
fn lex(input: &str) -> Vec<Token> {
    let bytes = input.as_bytes();
    let mut tokens = Vec::new();
    let mut i = 0;
    loop {
        while i < bytes.len() && is_whitespace(bytes[i]) {
            i += 1;
        }
        let start = i;
        let Some(&b) = bytes.get(i) else {
            tokens.push(Token { kind: TokenKind::End, start, end: start });
            return tokens;
        };
        let next = bytes.get(i + 1).copied();
        let (kind, len) = match (b, next) {
            (b'!', Some(b'=')) => (TokenKind::NotEquals, 2),
            (b'=', Some(b'=')) => (TokenKind::DoubleEquals, 2),
            (b'!', _) => (TokenKind::Not, 1),
            (b'=', _) => (TokenKind::Equals, 1),
            (b'>', _) => (TokenKind::Greater, 1),
            (b'<', _) => (TokenKind::Less, 1),
            (b'(', _) => (TokenKind::OpenPar, 1),
            (b')', _) => (TokenKind::ClosePar, 1),
            (b',', _) => (TokenKind::Comma, 1),
            _ => {
                let len = bytes[i..].iter().position(|&c| is_special(c) || is_whitespace(c)).unwrap_or(bytes.len() - i);
                let kind = match &input[i..i + len] {
                    "in" => TokenKind::In,
                    "notin" => TokenKind::NotIn,
                    _ => TokenKind::Identifier,
                };
                (kind, len)
            }
        };
        i += len;
        tokens.push(Token { kind, start, end: i });
    }
}

// ---------------------------------------------------------------------------------------------
// Parser

/// Whether `in` / `notin` are keywords (operator position) or plain identifiers (elsewhere).
#[derive(Clone, Copy, PartialEq, Eq)]
enum Context {
    Operator,
    Value,
}

struct Parser<'a> {
    input: &'a str,
    tokens: Vec<Token>,
    pos: usize,
}

impl<'a> Parser<'a> {
    fn new(input: &'a str) -> Self {
        Parser { input, tokens: lex(input), pos: 0 }
    }

    fn text(&self, t: Token) -> &'a str {
        &self.input[t.start..t.end]
    }

    fn peek(&self, ctx: Context) -> Token {
        // `lex` always ends with `End`, and `next` never moves past it.
        let mut t = self.tokens[self.pos.min(self.tokens.len() - 1)];
        if ctx == Context::Value && matches!(t.kind, TokenKind::In | TokenKind::NotIn) {
            t.kind = TokenKind::Identifier;
        }
        t
    }

    fn next(&mut self, ctx: Context) -> Token {
        let t = self.peek(ctx);
        if t.kind != TokenKind::End {
            self.pos += 1;
        }
        t
    }

    /// `found '<token>', expected: <what>` at the token.
    fn unexpected(&self, t: Token, expected: &str) -> SelectorError {
        let found = if t.kind == TokenKind::End { "end of string".to_string() } else { format!("'{}'", self.text(t)) };
        SelectorError { position: t.start, message: format!("found {found}, expected: {expected}") }
    }

    fn parse(&mut self) -> Result<Vec<Requirement>, SelectorError> {
        let mut requirements = Vec::new();
        loop {
            let t = self.peek(Context::Value);
            match t.kind {
                TokenKind::Identifier | TokenKind::Not => {
                    let requirement = self.requirement()?;
                    let negated = requirement.operator == Operator::DoesNotExist;
                    requirements.push(requirement);
                    let t = self.next(Context::Value);
                    match t.kind {
                        TokenKind::End => return Ok(requirements),
                        TokenKind::Comma => {
                            let t2 = self.peek(Context::Value);
                            if !matches!(t2.kind, TokenKind::Identifier | TokenKind::Not) {
                                return Err(self.unexpected(t2, "identifier after ','"));
                            }
                        }
                        _ if negated => {
                            return Err(self.unexpected(
                                t,
                                "',' or end of string ('!' only negates a bare key; use '!=' \
                                 or 'notin' to exclude values)",
                            ))
                        }
                        _ => return Err(self.unexpected(t, "',' or end of string")),
                    }
                }
                TokenKind::End => return Ok(requirements),
                _ => return Err(self.unexpected(t, "!, identifier, or end of string")),
            }
        }
    }

    fn requirement(&mut self) -> Result<Requirement, SelectorError> {
        let mut t = self.next(Context::Value);
        let negated = t.kind == TokenKind::Not;
        if negated {
            t = self.next(Context::Value);
        }
        if t.kind != TokenKind::Identifier {
            return Err(self.unexpected(t, "identifier"));
        }
        let key = self.text(t);
        let key_errs = is_qualified_name(key);
        if !key_errs.is_empty() {
            return Err(SelectorError {
                position: t.start,
                message: format!("invalid label key {}: {}", json::quote_plain(key), key_errs.join("; ")),
            });
        }
        let key_pos = t.start;
        if negated {
            return Ok(Requirement::new_unchecked(key.to_string(), Operator::DoesNotExist, Vec::new()));
        }
        if matches!(self.peek(Context::Value).kind, TokenKind::End | TokenKind::Comma) {
            return Ok(Requirement::new_unchecked(key.to_string(), Operator::Exists, Vec::new()));
        }

        let op_token = self.next(Context::Operator);
        let operator = match op_token.kind {
            TokenKind::In => Operator::In,
            TokenKind::NotIn => Operator::NotIn,
            TokenKind::Equals => Operator::Equals,
            TokenKind::DoubleEquals => Operator::DoubleEquals,
            TokenKind::NotEquals => Operator::NotEquals,
            TokenKind::Greater => Operator::GreaterThan,
            TokenKind::Less => Operator::LessThan,
            _ => {
                return Err(self.unexpected(op_token, "an operator (=, ==, !=, in, notin, >, <), ',' or end of string"))
            }
        };
        let values = match operator {
            Operator::In | Operator::NotIn => self.value_list()?,
            _ => vec![self.exact_value()?],
        };

        let value_strs: Vec<&str> = values.iter().map(|(v, _)| *v).collect();
        if let Some(problem) = requirement_problems(key, operator, &value_strs).first() {
            let (position, message) = match problem.target {
                Target::Key => (key_pos, format!("invalid label key {}", json::quote_plain(key))),
                Target::Values => (op_token.start, format!("invalid values for key {key}")),
                Target::Value(i) => (
                    values[i].1,
                    format!(
                        "invalid value {} for label key {}",
                        json::quote_plain(values[i].0),
                        json::quote_plain(key)
                    ),
                ),
            };
            let detail = if matches!(operator, Operator::GreaterThan | Operator::LessThan)
                && problem.message.contains("must be an integer")
            {
                "for '>' and '<' operators, the value must be an integer".to_string()
            } else {
                problem.message.clone()
            };
            return Err(SelectorError { position, message: format!("{message}: {detail}") });
        }
        let values = values.into_iter().map(|(v, _)| v.to_string()).collect();
        Ok(Requirement::new_unchecked(key.to_string(), operator, values))
    }

    /// `"(" value-list ")"`: comma-separated values, each possibly empty; `()` is `{""}`.
    /// Returns each value with its byte position (an empty value sits where it would be).
    fn value_list(&mut self) -> Result<Vec<(&'a str, usize)>, SelectorError> {
        let open = self.next(Context::Value);
        if open.kind != TokenKind::OpenPar {
            return Err(self.unexpected(open, "'('"));
        }
        let mut values = Vec::new();
        loop {
            let t = self.peek(Context::Value);
            let had_value = t.kind == TokenKind::Identifier;
            if had_value {
                self.next(Context::Value);
                values.push((self.text(t), t.start));
            } else {
                values.push(("", t.start));
            }
            let sep = self.next(Context::Value);
            match sep.kind {
                TokenKind::Comma => continue,
                TokenKind::ClosePar => return Ok(values),
                _ if had_value => return Err(self.unexpected(sep, "',' or ')'")),
                _ => return Err(self.unexpected(sep, "',', ')' or value")),
            }
        }
    }

    /// The single value after `=`, `==`, `!=`, `>` or `<`; absent means `""`.
    fn exact_value(&mut self) -> Result<(&'a str, usize), SelectorError> {
        let t = self.peek(Context::Value);
        match t.kind {
            TokenKind::End | TokenKind::Comma => Ok(("", t.start)),
            TokenKind::Identifier => {
                self.next(Context::Value);
                Ok((self.text(t), t.start))
            }
            _ => Err(self.unexpected(t, "value")),
        }
    }
}

// ---------------------------------------------------------------------------------------------
// metav1.LabelSelector

/// `metav1.LabelSelector` as found in workloads (`spec.selector` of a Deployment, …): the AND
/// of `matchLabels` (equality) and `matchExpressions`.
#[derive(Clone, Debug, Default, PartialEq, Eq, serde::Serialize)]
pub struct LabelSelector {
    /// `matchLabels`: each entry is `key = value`.
    pub match_labels: Labels,
    /// `matchExpressions`.
    pub match_expressions: Vec<LabelSelectorRequirement>,
}

impl LabelSelector {
    /// The selector as the API server prints it in messages (`json.Marshal`: empty fields omitted).
    pub fn to_json(&self) -> String {
        let mut parts = Vec::new();
        if !self.match_labels.is_empty() {
            parts.push(format!("\"matchLabels\":{}", labels_json(&self.match_labels)));
        }
        if !self.match_expressions.is_empty() {
            let exprs: Vec<String> = self
                .match_expressions
                .iter()
                .map(|e| {
                    let values = if e.values.is_empty() {
                        String::new()
                    } else {
                        format!(",\"values\":{}", json::list(&e.values))
                    };
                    format!("{{\"key\":{},\"operator\":{}{values}}}", json::quote(&e.key), json::quote(&e.operator))
                })
                .collect();
            parts.push(format!("\"matchExpressions\":[{}]", exprs.join(",")));
        }
        format!("{{{}}}", parts.join(","))
    }
}

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

/// One `matchExpressions` entry; `operator` is kept as written so that bad spellings can be
/// reported (`In`, `NotIn`, `Exists`, `DoesNotExist` are the valid ones).
#[derive(Clone, Debug, PartialEq, Eq, serde::Serialize)]
pub struct LabelSelectorRequirement {
    /// `key`
    pub key: String,
    /// `operator`
    pub operator: String,
    /// `values`
    pub values: Vec<String>,
}

/// A field error at `path`, relative to the selector (callers set the code and prefix the path).
fn relative(path: String, message: String) -> FieldError {
    FieldError::raw(Code::InvalidSelector, "", message).at(path)
}

fn invalid(path: String, value: &str, detail: &str) -> FieldError {
    relative(path, format!("Invalid value: {}: {detail}", json::quote_plain(value)))
}

impl LabelSelector {
    /// `ValidateLabelSelector`: `matchLabels` keys and values (errors on the plain path
    /// `matchLabels`), then for each expression the operator and the values it needs
    /// (`Required` / `Forbidden` / `Invalid "not a valid selector operator"`), the key, and
    /// each value's syntax (`matchExpressions[i].values[j]`).
    pub fn validate(&self) -> Vec<FieldError> {
        let mut errs = Vec::new();
        for (k, v) in &self.match_labels {
            for msg in is_qualified_name(k) {
                errs.push(invalid("matchLabels".into(), k, &msg));
            }
            for msg in is_valid_label_value(v) {
                errs.push(invalid("matchLabels".into(), v, &msg));
            }
        }
        for (i, expr) in self.match_expressions.iter().enumerate() {
            let base = format!("matchExpressions[{i}]");
            match expr.operator.as_str() {
                "In" | "NotIn" => {
                    if expr.values.is_empty() {
                        errs.push(relative(
                            format!("{base}.values"),
                            "Required value: must be specified when `operator` is 'In' or 'NotIn'".into(),
                        ));
                    }
                }
                "Exists" | "DoesNotExist" => {
                    if !expr.values.is_empty() {
                        errs.push(relative(
                            format!("{base}.values"),
                            "Forbidden: may not be specified when `operator` is 'Exists' or 'DoesNotExist'".into(),
                        ));
                    }
                }
                other => errs.push(invalid(format!("{base}.operator"), other, "not a valid selector operator")),
            }
            for msg in is_qualified_name(&expr.key) {
                errs.push(invalid(format!("{base}.key"), &expr.key, &msg));
            }
            for (j, value) in expr.values.iter().enumerate() {
                for msg in is_valid_label_value(value) {
                    errs.push(invalid(format!("{base}.values[{j}]"), value, &msg));
                }
            }
        }
        errs
    }

    /// `LabelSelectorAsSelector`: an empty selector (no `matchLabels`, no `matchExpressions`)
    /// is [`Selector::everything`]; otherwise every entry becomes a [`Requirement`] (which
    /// applies the `NewRequirement` rules). The first failure is returned.
    pub fn to_selector(&self) -> Result<Selector, String> {
        if self.match_labels.is_empty() && self.match_expressions.is_empty() {
            return Ok(Selector::everything());
        }
        let mut requirements = Vec::new();
        for (k, v) in &self.match_labels {
            requirements.push(Requirement::new(k.as_str(), Operator::Equals, [v.as_str()])?);
        }
        for expr in &self.match_expressions {
            let operator = match expr.operator.as_str() {
                "In" => Operator::In,
                "NotIn" => Operator::NotIn,
                "Exists" => Operator::Exists,
                "DoesNotExist" => Operator::DoesNotExist,
                other => return Err(format!("{} is not a valid label selector operator", json::quote_plain(other))),
            };
            requirements.push(Requirement::new(expr.key.as_str(), operator, expr.values.iter().map(String::as_str))?);
        }
        Ok(Selector::from_requirements(requirements))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn kinds(s: &str) -> Vec<TokenKind> {
        lex(s).into_iter().map(|t| t.kind).collect()
    }

    #[test]
    fn lexer_takes_longest_operator() {
        use TokenKind::*;
        assert_eq!(kinds("!"), vec![Not, End]);
        assert_eq!(kinds("!="), vec![NotEquals, End]);
        assert_eq!(kinds("!=="), vec![NotEquals, Equals, End]);
        assert_eq!(
            kinds("== != (), = notin"),
            vec![DoubleEquals, NotEquals, OpenPar, ClosePar, Comma, Equals, NotIn, End]
        );
        assert_eq!(kinds("~ ||"), vec![Identifier, Identifier, End]);
        assert_eq!(kinds("key<1"), vec![Identifier, Less, Identifier, End]);
    }

    #[test]
    fn in_is_an_identifier_outside_operator_position() {
        let s = Selector::parse("notin=in").unwrap();
        assert_eq!(s.requirements()[0].key(), "notin");
        assert_eq!(s.requirements()[0].values(), ["in"]);
    }

    #[test]
    fn error_positions() {
        let e = Selector::parse("x,,y").unwrap_err();
        assert_eq!((e.position, e.message.as_str()), (2, "found ',', expected: identifier after ','"));
        let e = Selector::parse("a notin(").unwrap_err();
        assert_eq!(e.position, 8);
        assert!(e.message.contains("end of string"));
    }

    #[test]
    fn requirement_new_rules() {
        assert!(Requirement::new("x", Operator::In, Vec::<String>::new()).is_err());
        assert!(Requirement::new("x", Operator::Exists, ["a"]).is_err());
        assert!(Requirement::new("x", Operator::GreaterThan, ["a"]).is_err());
        assert!(Requirement::new("a".repeat(254), Operator::Exists, Vec::<String>::new()).is_err());
        let r = Requirement::new("x", Operator::In, ["b", "a", "b"]).unwrap();
        assert_eq!(r.values(), ["a", "b"]);
        assert_eq!(
            Requirement::new("x", Operator::In, Vec::<String>::new()).unwrap_err(),
            "values: Invalid value: []: for 'in', 'notin' operators, values set can't be empty"
        );
    }

    #[test]
    fn json_rendering() {
        assert_eq!(json::quote_plain("a\"b\\\n"), r#""a\"b\\\n""#);
        assert_eq!(json::list_plain(&["a", ""]), r#"["a",""]"#);
    }
}
