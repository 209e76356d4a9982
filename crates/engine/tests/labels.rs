//! Data-driven tests for `engine::labels` and `engine::names`.
//!
//! Most cases live in `tests/fixtures/labels/*.txt`, one per line; see the header of each file
//! for its format. [`check`] runs every line of a fixture and reports all failures at once.

use engine::labels::{LabelSelector, LabelSelectorRequirement, Labels, Operator, Requirement, Selector};
use engine::names;

// ---------------------------------------------------------------------------------------------
// Fixture plumbing

/// Runs `case(left, right)` for every case line (`<left> => <right>`) of a fixture, skipping
/// blank lines and `#` comments, and fails with the list of every line whose case returned
/// an error.
fn check(fixture: &str, mut case: impl FnMut(&str, &str) -> Result<(), String>) {
    let path = format!("{}/tests/fixtures/labels/{fixture}", env!("CARGO_MANIFEST_DIR"));
    let text = std::fs::read_to_string(&path).unwrap_or_else(|e| panic!("{path}: {e}"));
    let mut failures = Vec::new();
    let mut cases = 0;
    for (n, line) in text.lines().enumerate() {
        if line.trim().is_empty() || line.trim_start().starts_with('#') {
            continue;
        }
        cases += 1;
        let outcome = match line.rsplit_once(" => ") {
            Some((left, right)) => case(left.trim(), right.trim()),
            None => Err("no ` => ` in line".to_string()),
        };
        if let Err(why) = outcome {
            failures.push(format!("{fixture}:{}: `{line}`: {why}", n + 1));
        }
    }
    assert!(cases > 0, "{fixture} has no cases");
    assert!(failures.is_empty(), "{} of {cases} cases failed:\n{}", failures.len(), failures.join("\n"));
}

/// Decodes a fixture string: `"…"` is unquoted (with `\t \n \r \\ \"` escapes), then every
/// `{{s*N}}` is replaced by `s` repeated `N` times.
fn decode(raw: &str) -> String {
    let unquoted = if raw.len() >= 2 && raw.starts_with('"') && raw.ends_with('"') {
        let mut out = String::new();
        let mut chars = raw[1..raw.len() - 1].chars();
        while let Some(c) = chars.next() {
            if c != '\\' {
                out.push(c);
                continue;
            }
            match chars.next() {
                Some('t') => out.push('\t'),
                Some('n') => out.push('\n'),
                Some('r') => out.push('\r'),
                Some(other) => out.push(other),
                None => out.push('\\'),
            }
        }
        out
    } else {
        raw.to_string()
    };
    let mut out = String::new();
    let mut rest = unquoted.as_str();
    while let Some(start) = rest.find("{{") {
        let Some(len) = rest[start..].find("}}") else {
            break;
        };
        let inner = &rest[start + 2..start + len];
        let (s, count) = inner.rsplit_once('*').expect("{{s*N}} needs a '*'");
        out.push_str(&rest[..start]);
        out.push_str(&s.repeat(count.parse().expect("{{s*N}} needs a number")));
        rest = &rest[start + len + 2..];
    }
    out.push_str(rest);
    out
}

/// `k=v,k=v` (or nothing) as a label set.
fn labels(spec: &str) -> Labels {
    spec.split(',')
        .filter(|item| !item.is_empty())
        .map(|item| {
            let (k, v) = item.split_once('=').unwrap_or((item, ""));
            (k.to_string(), v.to_string())
        })
        .collect()
}

fn labels_of(pairs: &[(&str, &str)]) -> Labels {
    pairs.iter().map(|(k, v)| (k.to_string(), v.to_string())).collect()
}

// ---------------------------------------------------------------------------------------------
// Fixture-driven tests

#[test]
fn parse_fixture() {
    check("parse.txt", |input, expected| {
        let input = decode(input);
        match (Selector::parse(&input), expected) {
            (Ok(sel), e) if e.starts_with("ERROR") => Err(format!("parsed as `{sel}`")),
            (Ok(sel), e) => {
                let want = decode(e);
                if sel.to_string() != want {
                    return Err(format!("rendered `{sel}`, want `{want}`"));
                }
                match Selector::parse(&want) {
                    Ok(again) if again == sel => Ok(()),
                    other => Err(format!("canonical form does not round-trip: {other:?}")),
                }
            }
            (Err(err), e) if e.starts_with("ERROR") => {
                if err.position > input.len() || !input.is_char_boundary(err.position) {
                    return Err(format!("bad error position {err:?}"));
                }
                match e.strip_prefix("ERROR@") {
                    Some(pos) if pos.parse() != Ok(err.position) => {
                        Err(format!("error at {} ({}), want at {pos}", err.position, err))
                    }
                    _ => Ok(()),
                }
            }
            (Err(err), _) => Err(format!("unexpected error: {err}")),
        }
    });
}

#[test]
fn match_fixture() {
    check("match.txt", |left, expected| {
        let (selector, label_spec) = left.rsplit_once('|').ok_or("no `|` in case")?;
        let selector = decode(selector.trim());
        let sel = Selector::parse(&selector).map_err(|e| format!("parse error: {e}"))?;
        let want: bool = expected.parse().map_err(|_| "want true or false")?;
        let got = sel.matches(&labels(label_spec.trim()));
        if got == want {
            Ok(())
        } else {
            Err(format!("matches returned {got}"))
        }
    });
}

#[test]
fn names_fixture() {
    check("names.txt", |left, expected| {
        let (function, input) = left.split_once(' ').unwrap_or((left, ""));
        let input = decode(input.trim());
        let errors: Vec<String> = match function {
            "is_dns1123_label" => names::is_dns1123_label(&input),
            "is_dns1123_subdomain" => names::is_dns1123_subdomain(&input),
            "is_dns1035_label" => names::is_dns1035_label(&input),
            "is_qualified_name" => names::is_qualified_name(&input),
            "is_valid_label_value" => names::is_valid_label_value(&input),
            "is_valid_port_name" => names::is_valid_port_name(&input),
            "is_valid_ip" => names::is_valid_ip(&input),
            "validate_non_special_ip" => names::validate_non_special_ip(&input),
            "is_valid_cidr" => names::is_valid_cidr(&input),
            "is_ipv4" | "is_ipv6" => {
                let yes = if function == "is_ipv4" { names::is_ipv4(&input) } else { names::is_ipv6(&input) };
                if yes {
                    Vec::new()
                } else {
                    vec!["false".to_string()]
                }
            }
            other => return Err(format!("unknown function {other}")),
        };
        match expected {
            "ok" if errors.is_empty() => Ok(()),
            "ok" => Err(format!("unexpected errors {errors:?}")),
            "error" if !errors.is_empty() => Ok(()),
            _ => match expected.strip_prefix("error: ") {
                Some(text) if errors.iter().any(|e| e.contains(text)) => Ok(()),
                Some(_) => Err(format!("messages were {errors:?}")),
                None => Err(format!("got {errors:?}")),
            },
        }
    });
}

// ---------------------------------------------------------------------------------------------
// Selector constructors

#[test]
fn everything_nothing_and_service_selectors() {
    let pod = labels_of(&[("app", "web"), ("tier", "frontend")]);

    let everything = Selector::everything();
    assert!(everything.is_empty() && everything.matches(&pod));
    assert!(everything.matches(&Labels::new()));
    assert_eq!(everything.to_string(), "");
    assert_eq!(Selector::parse("").unwrap(), everything);

    let nothing = Selector::nothing();
    assert!(!nothing.is_empty() && !nothing.matches(&pod));
    assert!(!nothing.matches(&Labels::new()));
    assert_eq!(nothing.to_string(), "<none>");

    let service = Selector::from_map(&labels_of(&[("app", "web")]));
    assert!(service.matches(&pod), "extra pod labels are irrelevant");
    assert!(!service.matches(&labels_of(&[("app", "web2")])));
    assert!(!service.matches(&labels_of(&[("tier", "frontend")])));
    assert_eq!(service.to_string(), "app=web");
    assert_eq!(service, Selector::parse("app=web").unwrap());
    assert!(Selector::from_map(&Labels::new()).is_empty());

    let parsed = Selector::parse("x in (b,a)").unwrap();
    let r = &parsed.requirements()[0];
    assert_eq!((r.key(), r.operator(), r.values()), ("x", Operator::In, &["a".to_string(), "b".to_string()][..]));
}

#[test]
fn selector_errors_read_well() {
    let err = Selector::parse("x,,y").unwrap_err();
    assert_eq!(err.position, 2);
    assert_eq!(err.message, "found ',', expected: identifier after ','");
    assert_eq!(err.to_string(), "found ',', expected: identifier after ',' (at position 2)");

    let err = Selector::parse("x<a").unwrap_err();
    assert!(err.message.contains("must be an integer"), "{err}");

    let err = Selector::parse("app=we b").unwrap_err();
    assert_eq!((err.position, err.message.as_str()), (7, "found 'b', expected: ',' or end of string"));

    let err = Selector::parse("!app=web").unwrap_err();
    assert!(err.message.contains("'!' only negates a bare key"), "{err}");

    let err = Selector::parse("app_=web").unwrap_err();
    assert!(err.message.starts_with("invalid label key \"app_\": name part"), "{err}");
}

#[test]
fn requirement_constructor() {
    let none: [&str; 0] = [];
    assert!(Requirement::new("x", Operator::In, none).is_err());
    assert!(Requirement::new("x", Operator::NotIn, none).is_err());
    assert!(Requirement::new("x", Operator::In, ["foo"]).is_ok());
    assert!(Requirement::new("x", Operator::Exists, none).is_ok());
    assert!(Requirement::new("x", Operator::DoesNotExist, none).is_ok());
    assert!(Requirement::new("x", Operator::Exists, ["a"]).is_err());
    assert!(Requirement::new("x", Operator::Equals, ["a", "b"]).is_err());
    assert!(Requirement::new("x", Operator::Equals, [""]).is_ok());
    assert!(Requirement::new("1foo", Operator::In, ["bar"]).is_ok());
    assert!(Requirement::new("y", Operator::GreaterThan, ["1"]).is_ok());
    assert!(Requirement::new("foo", Operator::GreaterThan, ["bar"]).is_err());
    assert!(Requirement::new("barz", Operator::LessThan, ["blah"]).is_err());
    assert!(Requirement::new("z", Operator::LessThan, ["1", "2"]).is_err());
    assert!(Requirement::new("a".repeat(254), Operator::Exists, none).is_err());
    assert!(Requirement::new("x", Operator::In, ["a b"]).is_err());
}

// ---------------------------------------------------------------------------------------------
// metav1.LabelSelector

fn expr(key: &str, operator: &str, values: &[&str]) -> LabelSelectorRequirement {
    LabelSelectorRequirement {
        key: key.to_string(),
        operator: operator.to_string(),
        values: values.iter().map(|v| v.to_string()).collect(),
    }
}

fn with_exprs(exprs: Vec<LabelSelectorRequirement>) -> LabelSelector {
    LabelSelector { match_labels: Labels::new(), match_expressions: exprs }
}

fn field_error(path: &str, message: &str) -> (String, String) {
    (path.to_string(), message.to_string())
}

/// Validation errors as (relative path, message).
fn validate(s: LabelSelector) -> Vec<(String, String)> {
    s.validate().into_iter().map(|e| (e.path, e.message)).collect()
}

#[test]
fn label_selector_validate() {
    assert_eq!(
        validate(with_exprs(vec![expr("tier", "In", &[])])),
        vec![field_error(
            "matchExpressions[0].values",
            "Required value: must be specified when `operator` is 'In' or 'NotIn'"
        )]
    );
    assert_eq!(
        validate(with_exprs(vec![expr("tier", "NotIn", &["a"]), expr("x", "Exists", &["a"])])),
        vec![field_error(
            "matchExpressions[1].values",
            "Forbidden: may not be specified when `operator` is 'Exists' or 'DoesNotExist'"
        )]
    );
    assert_eq!(
        validate(with_exprs(vec![expr("tier", "in", &["a"])])),
        vec![field_error("matchExpressions[0].operator", "Invalid value: \"in\": not a valid selector operator")]
    );

    let errs = with_exprs(vec![expr("-tier", "DoesNotExist", &[])]).validate();
    assert_eq!(errs.len(), 1, "{errs:?}");
    assert_eq!(errs[0].path, "matchExpressions[0].key");
    assert!(errs[0].message.starts_with("Invalid value: \"-tier\": name part must consist of"), "{errs:?}");

    let errs = with_exprs(vec![expr("tier", "In", &["ok", "not ok"])]).validate();
    assert_eq!(errs.len(), 1, "{errs:?}");
    assert_eq!(errs[0].path, "matchExpressions[0].values[1]");
    assert!(errs[0].message.starts_with("Invalid value: \"not ok\": a valid label"));

    let bad_labels =
        LabelSelector { match_labels: labels_of(&[("app_", "web"), ("tier", "-x")]), match_expressions: Vec::new() };
    let paths: Vec<String> = bad_labels.validate().into_iter().map(|e| e.path).collect();
    assert_eq!(paths, ["matchLabels", "matchLabels"]);

    let good = LabelSelector {
        match_labels: labels_of(&[("app", "web")]),
        match_expressions: vec![expr("tier", "In", &["frontend"]), expr("canary", "DoesNotExist", &[])],
    };
    assert_eq!(validate(good), Vec::new());
    assert_eq!(validate(LabelSelector::default()), Vec::new());
}

#[test]
fn label_selector_to_selector() {
    let ls = LabelSelector {
        match_labels: labels_of(&[("app", "web")]),
        match_expressions: vec![
            expr("tier", "In", &["frontend", "backend", "frontend"]),
            expr("env", "NotIn", &["dev"]),
            expr("canary", "DoesNotExist", &[]),
            expr("team", "Exists", &[]),
        ],
    };
    let sel = ls.to_selector().unwrap();
    let canonical = "app=web,!canary,env notin (dev),team,tier in (backend,frontend)";
    assert_eq!(sel.to_string(), canonical);
    assert_eq!(Selector::parse(canonical).unwrap(), sel);
    assert!(sel.matches(&labels_of(&[("app", "web"), ("tier", "backend"), ("team", "a")])));
    assert!(!sel.matches(&labels_of(&[("app", "web"), ("tier", "backend"), ("team", "a"), ("canary", "true")])));

    let empty = LabelSelector::default().to_selector().unwrap();
    assert!(empty.is_empty() && empty.matches(&labels_of(&[("any", "thing")])));

    let err = with_exprs(vec![expr("tier", "In", &[])]).to_selector().unwrap_err();
    assert!(err.contains("values set can't be empty"), "{err}");
    let err = with_exprs(vec![expr("tier", "in", &["a"])]).to_selector().unwrap_err();
    assert_eq!(err, "\"in\" is not a valid label selector operator");
    let err = with_exprs(vec![expr("x", "Exists", &["a"])]).to_selector().unwrap_err();
    assert!(err.contains("values set must be empty"), "{err}");
    let bad_key = LabelSelector { match_labels: labels_of(&[("bad key", "v")]), match_expressions: Vec::new() };
    assert!(bad_key.to_selector().unwrap_err().starts_with("key: Invalid value"));
}

// ---------------------------------------------------------------------------------------------
// Robustness

/// A small deterministic generator (xorshift64*).
struct Rng(u64);

impl Rng {
    fn next(&mut self) -> u64 {
        self.0 ^= self.0 >> 12;
        self.0 ^= self.0 << 25;
        self.0 ^= self.0 >> 27;
        self.0.wrapping_mul(0x2545_F491_4F6C_DD1D)
    }

    fn below(&mut self, n: usize) -> usize {
        (self.next() % n as u64) as usize
    }
}

const PIECES: &[&str] = &[
    "a", "b", "x", "A", "0", "1", "9", "-", "_", ".", "/", "=", "==", "!", "!=", "(", ")", ",", "<", ">", " ", "\t",
    "\n", "\r", " in ", "in", " notin ", "notin", ":", "%", "~", "|", "é", "日本", "🙂", "\u{0}", "\u{200b}", "\"",
    "\\", "::", "ff02", "127", "255", "256",
];

fn random_string(rng: &mut Rng, max_pieces: usize) -> String {
    let n = rng.below(max_pieces + 1);
    (0..n).map(|_| PIECES[rng.below(PIECES.len())]).collect()
}

#[test]
fn nothing_panics_on_arbitrary_input() {
    let mut rng = Rng(0x9E37_79B9_7F4A_7C15);
    for i in 0..5_000 {
        let max_pieces = if i % 500 == 0 { 5_000 } else { 24 };
        let s = random_string(&mut rng, max_pieces);

        match Selector::parse(&s) {
            Ok(sel) => {
                let again = Selector::parse(&sel.to_string());
                assert_eq!(again.as_ref(), Ok(&sel), "round trip of {s:?} via {sel}");
                let _ = sel.matches(&labels(&s));
            }
            Err(err) => {
                assert!(err.position <= s.len() && s.is_char_boundary(err.position), "bad position {err:?} for {s:?}");
                assert!(!err.message.is_empty());
            }
        }

        let _ = names::is_dns1123_label(&s);
        let _ = names::is_dns1123_subdomain(&s);
        let _ = names::is_dns1035_label(&s);
        let _ = names::is_qualified_name(&s);
        let _ = names::is_valid_label_value(&s);
        let _ = names::is_valid_port_name(&s);
        let _ = names::is_valid_ip(&s);
        let _ = names::is_ipv4(&s);
        let _ = names::is_ipv6(&s);
        let _ = names::validate_non_special_ip(&s);
        let _ = names::is_valid_cidr(&s);

        let other = random_string(&mut rng, 6);
        let ls = with_exprs(vec![expr(&s, &other, &[&other, &s])]);
        let _ = ls.validate();
        let _ = ls.to_selector();
    }
}
