//! The string grammar of selectors (`labels.Parse`, used by `kubectl get -l` and
//! `?labelSelector=`): a lexer and a recursive-descent parser with positioned errors.

use super::Target;
use crate::labels::{requirement_problems, Operator, Requirement};
use crate::names::is_qualified_name;
use crate::util::json;
use std::fmt;
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

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(super) enum TokenKind {
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
pub(super) struct Token {
    kind: TokenKind,
    start: usize,
    end: usize,
}

pub(super) fn is_whitespace(b: u8) -> bool {
    matches!(b, b' ' | b'\t' | b'\r' | b'\n')
}

pub(super) fn is_special(b: u8) -> bool {
    matches!(b, b'=' | b'!' | b'(' | b')' | b',' | b'>' | b'<')
}

/// Splits the input into tokens, ending with one `End` token at `input.len()`. Token
/// boundaries fall only next to ASCII bytes, so every token is a valid `&str` slice.
pub(super) fn lex(input: &str) -> Vec<Token> {
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

/// Whether `in` / `notin` are keywords (operator position) or plain identifiers (elsewhere).
#[derive(Clone, Copy, PartialEq, Eq)]
pub(super) enum Context {
    Operator,
    Value,
}

pub(super) struct Parser<'a> {
    input: &'a str,
    tokens: Vec<Token>,
    pos: usize,
    /// Up to Kubernetes 1.34 (`k8s.io/apimachinery` v0.34 `parseIdentifiersList`) the second
    /// comma of `,,` is consumed with the first, so `(a,,)` is an error there.
    legacy_double_comma: bool,
}

impl<'a> Parser<'a> {
    pub(super) fn new(input: &'a str) -> Self {
        Parser { input, tokens: lex(input), pos: 0, legacy_double_comma: false }
    }

    /// The parser of Kubernetes 1.`minor`'s API server.
    pub(super) fn for_minor(input: &'a str, minor: u32) -> Self {
        Parser { legacy_double_comma: minor <= 34, ..Parser::new(input) }
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

    pub(super) fn parse(&mut self) -> Result<Vec<Requirement>, SelectorError> {
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
        if self.legacy_double_comma && self.peek(Context::Value).kind != TokenKind::ClosePar {
            return self.value_list_v034();
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

    /// The value list after `(` as apimachinery v0.34 reads it (`parseValues` then
    /// `parseIdentifiersList`): a comma followed by a comma eats both, so what follows must
    /// start a value (an identifier or a comma) and `(a,,)` fails at `)`.
    fn value_list_v034(&mut self) -> Result<Vec<(&'a str, usize)>, SelectorError> {
        let first = self.peek(Context::Value);
        if !matches!(first.kind, TokenKind::Identifier | TokenKind::Comma) {
            return Err(self.unexpected(first, "',', ')' or identifier"));
        }
        let mut values = Vec::new();
        loop {
            let t = self.next(Context::Value);
            match t.kind {
                TokenKind::Identifier => {
                    values.push((self.text(t), t.start));
                    let t2 = self.peek(Context::Value);
                    match t2.kind {
                        TokenKind::Comma => continue,
                        TokenKind::ClosePar => {
                            self.next(Context::Value);
                            return Ok(values);
                        }
                        _ => return Err(self.unexpected(t2, "',' or ')'")),
                    }
                }
                TokenKind::Comma => {
                    if values.is_empty() {
                        values.push(("", t.start));
                    }
                    let t2 = self.peek(Context::Value);
                    if t2.kind == TokenKind::ClosePar {
                        self.next(Context::Value);
                        values.push(("", t2.start));
                        return Ok(values);
                    }
                    if t2.kind == TokenKind::Comma {
                        self.next(Context::Value);
                        values.push(("", t2.start));
                    }
                }
                _ => return Err(self.unexpected(t, "',', or identifier")),
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

#[cfg(test)]
mod tests {
    use super::*;
    use crate::labels::Selector;

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
    fn double_comma_up_to_1_34() {
        // apimachinery v0.34 parseIdentifiersList eats `,,` whole; v0.35 keeps the second comma.
        for (sel, ok_34) in [
            ("a in (web,,)", false),
            ("a in (,,)", false),
            ("a in (web,,b)", true),
            ("a in (,,,)", true),
            ("a in (,)", true),
            ("a in ()", true),
            ("a in (x)", true),
        ] {
            assert!(Selector::parse(sel).is_ok(), "{sel} on 1.37");
            assert_eq!(Selector::parse_for_minor(sel, 34).is_ok(), ok_34, "{sel} on 1.34");
            assert!(Selector::parse_for_minor(sel, 35).is_ok(), "{sel} on 1.35");
        }
        let e = Selector::parse_for_minor("a in (web,,)", 34).unwrap_err();
        assert_eq!((e.position, e.message.as_str()), (11, "found ')', expected: ',', or identifier"));
        let s = Selector::parse_for_minor("a in (web,,b)", 33).unwrap();
        assert_eq!(s.requirements()[0].values(), ["", "b", "web"]);
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
