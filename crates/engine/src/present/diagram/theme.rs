//! The diagram's colours and type, as data: the one palette of the light and the dark theme
//! ([`VARS`]; the page's stylesheet defines the same CSS variables, `tests/diagram_svg.rs` holds
//! them equal), and the style rules of the picture's classes ([`RULES`]). The page gets the rules
//! as CSS over its variables ([`page_css`], a section of `static/views.css` the same test holds
//! equal and `BLESS=1` rewrites); a file gets them resolved for one theme and written
//! into each element ([`standalone`]), so it opens the same in a browser, a document or a slide.

use super::element::Element;

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Theme {
    Light,
    Dark,
}

impl Theme {
    pub fn parse(s: &str) -> Option<Theme> {
        match s {
            "light" => Some(Theme::Light),
            "dark" => Some(Theme::Dark),
            _ => None,
        }
    }
}

/// A colour of the palette: the index of its CSS variable in [`VARS`].
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum C {
    Text,
    Muted,
    Border,
    Panel,
    Accent,
    AccentSoft,
    Ok,
    OkSoft,
    Warn,
    WarnSoft,
    Err,
    ErrSoft,
    CodeBg,
    Trace,
    PodTerm,
    /// A lane's background: code-bg 70% over panel.
    Lane,
    /// A plain edge: muted at 55%.
    Line,
    White,
    Transparent,
}

/// Each CSS variable of the palette, its light and its dark value.
pub const VARS: [(&str, &str, &str); 15] = [
    ("--text", "#1d2330", "#e6e9ef"),
    ("--muted", "#5d6679", "#98a2b3"),
    ("--border", "#dde1e8", "#2a303c"),
    ("--panel", "#ffffff", "#171b23"),
    ("--accent", "#2b5fd0", "#7aa2ff"),
    ("--accent-soft", "#e8efff", "#1e2a44"),
    ("--ok", "#137a3a", "#5fd38d"),
    ("--ok-soft", "#e3f5e9", "#15301f"),
    ("--warn", "#9a6200", "#f2c46d"),
    ("--warn-soft", "#fff4db", "#332812"),
    ("--err", "#b42318", "#ff8a80"),
    ("--err-soft", "#fde8e7", "#3a1816"),
    ("--code-bg", "#f1f3f7", "#1f2430"),
    ("--dg-trace", "#d9480f", "#ff9f5a"),
    ("--dg-pod-term", "#8b5cf6", "#b69cff"),
];

pub const SANS: &str = "system-ui, -apple-system, \"Segoe UI\", Roboto, \"Helvetica Neue\", Arial, sans-serif";
pub const MONO: &str = "ui-monospace, SFMono-Regular, \"SF Mono\", Menlo, Consolas, \"Liberation Mono\", monospace";

/// A property's value.
#[derive(Clone, Copy, Debug)]
pub enum V {
    P(C),
    /// `color-mix(in srgb, A p%, B)`.
    Mix(C, u8, C),
    Lit(&'static str),
    Sans,
    Mono,
}

/// Elements with all of `classes` (and named `tag`, unless empty) inside an element with all of
/// `within` (unless empty) get `props`. Later rules win, as the more specific ones come later.
pub struct Rule {
    pub within: &'static [&'static str],
    pub tag: &'static str,
    pub classes: &'static [&'static str],
    pub props: &'static [(&'static str, V)],
}

const fn r(
    within: &'static [&'static str],
    tag: &'static str,
    classes: &'static [&'static str],
    props: &'static [(&'static str, V)],
) -> Rule {
    Rule { within, tag, classes, props }
}

use C::*;
use V::{Lit, Mix, P};

pub const RULES: &[Rule] = &[
    r(&[], "svg", &["dg-svg"], &[("font-family", V::Sans), ("font-size", Lit("12px"))]),
    r(&[], "text", &[], &[("fill", P(Text))]),
    r(&[], "", &["t-strong"], &[("font-weight", Lit("650")), ("font-size", Lit("12.5px"))]),
    r(&[], "", &["t-muted"], &[("fill", P(Muted)), ("font-size", Lit("11px"))]),
    r(&[], "", &["t-small"], &[("font-size", Lit("10.5px"))]),
    r(&[], "", &["t-mono"], &[("font-family", V::Mono), ("font-size", Lit("11px"))]),
    r(&[], "", &["t-pod"], &[("font-family", V::Mono), ("font-size", Lit("11px")), ("font-weight", Lit("600"))]),
    r(&[], "", &["t-share"], &[("font-weight", Lit("700")), ("font-size", Lit("11.5px")), ("fill", P(Accent))]),
    r(
        &[],
        "",
        &["t-heading"],
        &[
            ("fill", P(Muted)),
            ("font-size", Lit("10.5px")),
            ("font-weight", Lit("600")),
            ("letter-spacing", Lit(".08em")),
        ],
    ),
    r(&[], "", &["t-drop"], &[("fill", P(Err)), ("font-weight", Lit("600")), ("font-size", Lit("11px"))]),
    r(
        &[],
        "",
        &["t-tag"],
        &[
            ("fill", P(Warn)),
            ("font-size", Lit("9.5px")),
            ("font-weight", Lit("700")),
            ("letter-spacing", Lit(".04em")),
        ],
    ),
    r(&["box"], "rect", &[], &[("fill", P(Panel)), ("stroke", P(Border)), ("stroke-width", Lit("1.2"))]),
    r(&["client"], "rect", &[], &[("stroke", P(Muted)), ("stroke-dasharray", Lit("4 3"))]),
    r(&["front"], "rect", &[], &[("stroke", P(Muted))]),
    r(
        &["front", "focused"],
        "rect",
        &[],
        &[("stroke", P(Accent)), ("stroke-width", Lit("2")), ("fill", P(AccentSoft))],
    ),
    r(
        &["svc-bar"],
        "rect",
        &[],
        &[("fill", Mix(AccentSoft, 88, Transparent)), ("stroke", P(Accent)), ("stroke-width", Lit("1.6"))],
    ),
    r(&["svc-bar", "dns"], "rect", &[], &[("fill", Mix(OkSoft, 90, Transparent)), ("stroke", P(Ok))]),
    r(
        &["svc-bar", "unproxied"],
        "rect",
        &[],
        &[("stroke", P(Muted)), ("stroke-dasharray", Lit("5 4")), ("fill", Mix(CodeBg, 80, Transparent))],
    ),
    r(&["outside"], "rect", &[], &[("stroke", P(Muted)), ("stroke-dasharray", Lit("6 3"))]),
    r(&[], "", &["lane-bg"], &[("fill", P(Lane)), ("stroke", P(Border))]),
    r(&["lane", "dropped"], "", &["lane-bg"], &[("stroke", Mix(Err, 55, Border)), ("fill", Mix(ErrSoft, 55, Lane))]),
    r(&["lane", "node-not-ready"], "", &["lane-bg"], &[("stroke-dasharray", Lit("6 4"))]),
    r(&["lane", "elsewhere"], "", &["lane-bg"], &[("stroke-dasharray", Lit("3 3")), ("fill", Lit("none"))]),
    r(
        &["lane", "aggregate"],
        "rect",
        &[],
        &[("fill", Lit("none")), ("stroke", P(Border)), ("stroke-dasharray", Lit("6 4"))],
    ),
    r(&["node-head"], "", &["hit"], &[("fill", P(Transparent)), ("stroke", Lit("none"))]),
    r(&["node-head", "selected"], "", &["hit"], &[("fill", Mix(AccentSoft, 70, Transparent))]),
    r(&["entry"], "rect", &[], &[("fill", P(Panel)), ("stroke", P(Accent)), ("stroke-width", Lit("1.3"))]),
    r(&["entry", "drop"], "rect", &[], &[("stroke", P(Err)), ("fill", P(ErrSoft))]),
    r(&["entry", "skipped"], "rect", &[], &[("stroke-dasharray", Lit("4 3"))]),
    r(&["cross"], "line", &[], &[("stroke", P(Err)), ("stroke-width", Lit("2.4")), ("stroke-linecap", Lit("round"))]),
    r(&["pod"], "rect", &[], &[("fill", P(Panel)), ("stroke", P(Border)), ("stroke-width", Lit("1.2"))]),
    r(&["pod"], "", &["dot"], &[("fill", P(Muted))]),
    r(&["pod", "ready"], "rect", &[], &[("stroke", Mix(Ok, 60, Border))]),
    r(&["pod", "ready", "gets"], "rect", &[], &[("fill", P(OkSoft))]),
    r(&["pod", "ready"], "", &["dot"], &[("fill", P(Ok))]),
    r(
        &["pod", "not-ready"],
        "rect",
        &[],
        &[("stroke", P(Warn)), ("stroke-dasharray", Lit("5 3")), ("fill", P(WarnSoft))],
    ),
    r(&["pod", "not-ready"], "", &["dot"], &[("fill", P(Warn))]),
    r(&["pod", "terminating"], "rect", &[], &[("stroke", P(PodTerm)), ("stroke-dasharray", Lit("2 3"))]),
    r(&["pod", "terminating"], "", &["dot"], &[("fill", P(PodTerm))]),
    r(&["pod-text", "terminating"], "", &["t-pod"], &[("text-decoration", Lit("line-through"))]),
    r(&["pod", "unselected"], "rect", &[], &[("fill", P(Transparent)), ("stroke-dasharray", Lit("2 3"))]),
    r(&["pod-text", "unselected"], "text", &[], &[("fill", P(Muted)), ("font-weight", Lit("500"))]),
    r(&["pod", "unselected"], "", &["dot"], &[("fill", Lit("none")), ("stroke", P(Muted))]),
    r(&["pod", "more"], "rect", &[], &[("fill", P(Transparent)), ("stroke-dasharray", Lit("3 3"))]),
    r(&["pod", "selected"], "rect", &[], &[("stroke", P(Accent)), ("stroke-width", Lit("2.2"))]),
    r(&[], "", &["edge"], &[("fill", Lit("none")), ("stroke", P(Line)), ("stroke-width", Lit("1.5"))]),
    r(&[], "", &["edge", "live"], &[("stroke", Mix(Accent, 65, Transparent)), ("stroke-width", Lit("1.8"))]),
    r(&[], "", &["edge", "local"], &[("stroke-dasharray", Lit("6 3"))]),
    r(&[], "", &["edge", "direct"], &[("stroke", Mix(Ok, 70, Transparent))]),
    r(&[], "", &["edge", "dropped"], &[("stroke", Mix(Err, 60, Transparent)), ("stroke-dasharray", Lit("4 4"))]),
    r(&[], "", &["edge", "skipped"], &[("stroke", P(Line)), ("stroke-dasharray", Lit("2 4"))]),
    r(
        &[],
        "",
        &["spine"],
        &[("fill", Lit("none")), ("stroke", Mix(Accent, 45, Transparent)), ("stroke-width", Lit("2"))],
    ),
    r(&[], "", &["arrowhead"], &[("fill", Mix(Accent, 75, Transparent))]),
    r(&[], "", &["arrowhead", "drop"], &[("fill", Mix(Err, 70, Transparent))]),
    r(&[], "", &["arrowhead", "trace"], &[("fill", P(Trace))]),
    r(
        &[],
        "",
        &["trace-seg"],
        &[("fill", Lit("none")), ("stroke", P(Trace)), ("stroke-width", Lit("3.2")), ("stroke-linecap", Lit("round"))],
    ),
    r(&["trace-drop"], "circle", &[], &[("fill", P(Err))]),
    r(
        &["trace-drop"],
        "line",
        &[],
        &[("stroke", P(White)), ("stroke-width", Lit("2.4")), ("stroke-linecap", Lit("round"))],
    ),
];

fn var_name(c: C) -> Option<&'static str> {
    let i = c as usize;
    (i < VARS.len()).then(|| VARS[i].0)
}

fn css_colour(c: C) -> String {
    match c {
        Lane => "color-mix(in srgb, var(--code-bg) 70%, var(--panel))".into(),
        Line => "color-mix(in srgb, var(--muted) 55%, transparent)".into(),
        White => "#fff".into(),
        Transparent => "transparent".into(),
        c => format!("var({})", var_name(c).unwrap_or("--text")),
    }
}

fn css_value(v: V) -> String {
    match v {
        P(c) => css_colour(c),
        Mix(a, p, b) => format!("color-mix(in srgb, {} {p}%, {})", css_colour(a), css_colour(b)),
        Lit(s) => s.into(),
        V::Sans => "var(--sans)".into(),
        V::Mono => "var(--mono)".into(),
    }
}

/// The rules as CSS for the page, over its CSS variables (both themes follow the page's).
pub fn page_css() -> String {
    let mut out = String::new();
    for rule in RULES {
        let own = format!("{}{}", rule.tag, rule.classes.iter().map(|c| format!(".{c}")).collect::<String>());
        if rule.classes.contains(&"dg-svg") {
            out.push_str(&own);
        } else {
            out.push_str(".dg-svg ");
            if !rule.within.is_empty() {
                out.extend(rule.within.iter().map(|c| format!(".{c}")));
                out.push(' ');
            }
            out.push_str(&own);
        }
        out.push('{');
        for (k, v) in rule.props {
            out.push_str(&format!("{k}:{};", css_value(*v)));
        }
        out.push_str("}\n");
    }
    out
}

/// A colour of the palette in `theme`, as red, green, blue (0-255) and alpha (0-1).
pub fn rgba(c: C, theme: Theme) -> (f64, f64, f64, f64) {
    match c {
        Lane => mix(rgba(CodeBg, theme), 70, rgba(Panel, theme)),
        Line => mix(rgba(Muted, theme), 55, rgba(Transparent, theme)),
        White => (255.0, 255.0, 255.0, 1.0),
        Transparent => (0.0, 0.0, 0.0, 0.0),
        c => {
            let (_, light, dark) = VARS[c as usize];
            let hex = if theme == Theme::Light { light } else { dark };
            let n = u32::from_str_radix(hex.trim_start_matches('#'), 16).unwrap_or(0);
            (f64::from((n >> 16) & 255), f64::from((n >> 8) & 255), f64::from(n & 255), 1.0)
        }
    }
}

/// `color-mix(in srgb, a p%, b)`: premultiplied by alpha, as CSS mixes.
fn mix(a: (f64, f64, f64, f64), p: u8, b: (f64, f64, f64, f64)) -> (f64, f64, f64, f64) {
    let (pa, pb) = (f64::from(p) / 100.0, 1.0 - f64::from(p) / 100.0);
    let alpha = a.3 * pa + b.3 * pb;
    if alpha <= 0.0 {
        return (0.0, 0.0, 0.0, 0.0);
    }
    let ch = |x: f64, y: f64| (x * a.3 * pa + y * b.3 * pb) / alpha;
    (ch(a.0, b.0), ch(a.1, b.1), ch(a.2, b.2), alpha)
}

fn hex(c: (f64, f64, f64, f64)) -> String {
    let b = |x: f64| x.round().clamp(0.0, 255.0) as u8;
    format!("#{:02x}{:02x}{:02x}", b(c.0), b(c.1), b(c.2))
}

/// Writes `prop: v` into `e` as presentation attributes, for `theme`.
fn write_prop(e: &mut Element, prop: &'static str, v: V, theme: Theme) {
    let colour = match v {
        P(c) => rgba(c, theme),
        Mix(a, p, b) => mix(rgba(a, theme), p, rgba(b, theme)),
        Lit(s) => return e.set(prop, s),
        V::Sans => return e.set(prop, SANS),
        V::Mono => return e.set(prop, MONO),
    };
    let opacity = match prop {
        "fill" => "fill-opacity",
        "stroke" => "stroke-opacity",
        _ => "opacity",
    };
    if colour.3 <= 0.0 {
        e.set(prop, "none");
        e.remove(opacity);
        return;
    }
    e.set(prop, hex(colour));
    if colour.3 < 1.0 {
        e.set(opacity, format!("{:.2}", colour.3));
    } else {
        e.remove(opacity);
    }
}

fn matches(rule: &Rule, e: &Element, ancestors: &[&Element]) -> bool {
    (rule.tag.is_empty() || rule.tag == e.name)
        && rule.classes.iter().all(|c| e.has_class(c))
        && (rule.within.is_empty() || ancestors.iter().any(|a| rule.within.iter().all(|c| a.has_class(c))))
}

fn resolve<'a>(e: &'a Element, ancestors: &mut Vec<&'a Element>, theme: Theme) -> Element {
    let mut out = Element::new(e.name);
    out.attrs = e.attrs.clone();
    out.text = e.text.clone();
    for rule in RULES.iter().filter(|r| matches(r, e, ancestors)) {
        for (k, v) in rule.props {
            write_prop(&mut out, k, *v, theme);
        }
    }
    ancestors.push(e);
    out.children = e.children.iter().map(|c| resolve(c, ancestors, theme)).collect();
    ancestors.pop();
    // What only the page uses: classes (now written out), its buttons, its test hooks, the
    // animation of a traced path.
    for k in ["class", "tabindex", "role", "data-act", "data-key", "style"] {
        out.remove(k);
    }
    out
}

/// The picture `svg` (from [`super::draw::draw`], `width` × `height` pixels) as a file on its own
/// in `theme`: the XML
/// declaration, the SVG namespace, its size in pixels, the theme's colours written into each
/// element and the card's background behind it.
pub fn standalone(svg: &Element, theme: Theme, width: f64, height: f64) -> String {
    let mut out = resolve(svg, &mut Vec::new(), theme);
    // Whole pixels without a decimal point (layout widths and heights are whole or tenths).
    let px = |x: f64| if x.fract() == 0.0 { format!("{x:.0}") } else { format!("{x:.1}") };
    let (w, h) = (px(width), px(height));
    out.remove("preserveAspectRatio");
    out.remove("data-testid");
    let mut attrs =
        vec![("xmlns", "http://www.w3.org/2000/svg".to_string()), ("width", w.clone()), ("height", h.clone())];
    attrs.append(&mut out.attrs);
    out.attrs = attrs;
    let mut bg = Element::new("rect").attr("width", w).attr("height", h);
    write_prop(&mut bg, "fill", P(Panel), theme);
    // After the markers' definitions, before the picture.
    out.children.insert(1.min(out.children.len()), bg);
    format!("<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n{}\n", out.to_svg_string())
}
