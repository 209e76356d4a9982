//! The diagram's picture (`engine::present::diagram::{draw, theme, file}`): one palette, shared
//! with the page's stylesheet; every Service of every example and fixture drawn as a file that
//! stands on its own; every class the picture uses styled or known to be the page's.

mod common;

use engine::present::diagram::theme::{page_css, Theme, RULES, VARS};
use engine::present::diagram::{build, draw, file, layout, Act, Element, Extras, Options};
use engine::{analyze, Source};

/// The `--name: value;` pairs of the first CSS block that starts with `head` in `css`.
fn block_vars(css: &str, head: &str) -> Vec<(String, String)> {
    let at = css.find(head).unwrap_or_else(|| panic!("no `{head}` block"));
    let body = &css[at + head.len()..];
    let body = &body[..body.find('}').unwrap()];
    body.split(';')
        .filter_map(|d| {
            let d = d.trim();
            let d = d.rsplit("*/").next().unwrap().trim();
            let (k, v) = d.split_once(':')?;
            k.trim().starts_with("--").then(|| (k.trim().to_string(), v.trim().to_string()))
        })
        .collect()
}

/// The page's colours are the engine's palette: every variable it defines, in both themes.
#[test]
fn the_pages_stylesheet_has_the_engines_palette() {
    let read = |f: &str| std::fs::read_to_string(common::root().join("../../static").join(f)).unwrap();
    let css = read("style.css") + &read("views.css");
    let light: Vec<_> =
        block_vars(&css, ":root {").into_iter().chain(block_vars(&read("views.css"), ":root {")).collect();
    let dark: Vec<_> = block_vars(&css, ":root[data-theme=\"dark\"] {")
        .into_iter()
        .chain(block_vars(&read("views.css"), ":root[data-theme=\"dark\"] {"))
        .collect();
    // The system-dark block says the same as the explicit one.
    let system: Vec<_> = block_vars(&css, ":root:not([data-theme=\"light\"]) {");
    for (k, v) in &system {
        assert!(dark.contains(&(k.clone(), v.clone())), "{k}: the system's dark block says {v}");
    }
    for (name, l, d) in VARS {
        let find = |set: &[(String, String)]| set.iter().find(|(k, _)| k == name).map(|(_, v)| v.clone());
        assert_eq!(find(&light).as_deref(), Some(l), "{name} in the light theme");
        assert_eq!(find(&dark).as_deref(), Some(d), "{name} in the dark theme");
    }
    // And the page's rules for the picture are the engine's, over those variables: a section of
    // views.css written by the engine (BLESS=1 rewrites it), and no other rule for its shapes.
    let path = common::root().join("../../static/views.css");
    let views = read("views.css");
    let (begin, end) = (DIAGRAM_RULES_BEGIN, DIAGRAM_RULES_END);
    let (at, to) = (views.find(begin).expect("the begin marker"), views.find(end).expect("the end marker"));
    let section = &views[at + begin.len()..to];
    let want = format!("\n{}", page_css());
    if std::env::var_os("BLESS").is_some() {
        std::fs::write(&path, format!("{}{want}{}", &views[..at + begin.len()], &views[to..])).unwrap();
    } else {
        assert!(
            section == want,
            "static/views.css: the diagram's rules differ from the engine's (BLESS=1 rewrites them)"
        );
    }
    let outside = format!("{}{}", &views[..at], &views[to..]);
    assert!(
        !outside.contains(".dg-svg .pod rect") && !outside.contains(".dg-svg .edge"),
        "views.css styles the picture twice"
    );
}

const DIAGRAM_RULES_BEGIN: &str = "/* BEGIN the diagram's rules: written by the engine (present/diagram/theme.rs), BLESS=1 cargo test -p svcplay-engine --test diagram_svg */";
const DIAGRAM_RULES_END: &str = "/* END the diagram's rules */";

fn classes(e: &Element, out: &mut std::collections::BTreeSet<String>) {
    e.walk(&mut |x| out.extend(x.get("class").unwrap_or("").split(' ').filter(|c| !c.is_empty()).map(String::from)));
}

/// Every Service of every input, at a phone's and a desktop's width, in both themes.
#[test]
fn every_diagram_is_a_file_that_stands_on_its_own() {
    // Classes only the page uses (layers the pointer passes through, hooks for its CSS).
    let page_only =
        ["pod-text", "node-text", "box-text", "edges", "trace", "wide", "narrow", "gets", "t-vertical", "ok"];
    let mut used = std::collections::BTreeSet::new();
    let mut drawn = 0;
    for path in common::yaml_inputs() {
        let text = std::fs::read_to_string(&path).unwrap();
        let a = analyze(&[Source::new(path.display().to_string(), text)]);
        for v in &a.services {
            let m = build(&a, v, &Options::default());
            for width in [390.0, 1000.0] {
                let at = format!("{} {}/{} at {width}", path.display(), v.namespace, v.name);
                let tree = draw(&m, &layout(&m, width), &Extras::default());
                classes(&tree, &mut used);
                let mut texts = Vec::new();
                tree.walk(&mut |e| {
                    if let Some(act) = e.get("data-act") {
                        assert_eq!(Act::parse(act).map(|a| a.id()).as_deref(), Some(act), "{at}");
                        assert!(e.get("aria-label").is_some_and(|l| !l.is_empty()), "{at}: {act} has a name");
                    }
                    if let (Some(t), "text" | "tspan") = (&e.text, e.name) {
                        texts.push(t.clone());
                    }
                });
                for theme in [Theme::Light, Theme::Dark] {
                    let f = file(&a, v, &Options::default(), width, theme);
                    let s = &f.text;
                    assert!(
                        s.starts_with(
                            "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n<svg xmlns=\"http://www.w3.org/2000/svg\" "
                        ),
                        "{at}"
                    );
                    assert!(s.contains(&format!(" width=\"{}\" height=\"{}\" ", f.width, f.height)), "{at}");
                    assert!(s.contains(&format!("viewBox=\"0 0 {:.1} {:.1}\"", f.width, f.height)), "{at}");
                    for bad in ["class=", "var(", "color-mix", "data-act", "tabindex"] {
                        assert!(!s.contains(bad), "{at}: {bad} in the file");
                    }
                    for t in &texts {
                        let esc = t.replace('&', "&amp;").replace('<', "&lt;").replace('>', "&gt;");
                        assert!(s.contains(&format!(">{esc}<")), "{at}: the text {t} is in the file");
                    }
                    // Every fill and stroke is a plain colour, none, or a marker.
                    for attr in ["fill=\"", "stroke=\""] {
                        for v in s.split(attr).skip(1).map(|x| &x[..x.find('"').unwrap()]) {
                            assert!(v == "none" || (v.len() == 7 && v.starts_with('#')), "{at}: {attr}{v}");
                        }
                    }
                    // The background is the card's: light or dark.
                    let bg = s.split("<rect width=").nth(1).and_then(|x| x.split("fill=\"#").nth(1)).unwrap();
                    let lum = u32::from_str_radix(&bg[..6], 16).unwrap() as f64 / 0xffffff as f64;
                    assert!(
                        if theme == Theme::Light { lum > 0.9 } else { lum < 0.2 },
                        "{at}: background #{}",
                        &bg[..6]
                    );
                    drawn += 1;
                }
            }
        }
    }
    assert!(drawn > 100, "{drawn} files drawn");
    let styled: Vec<&str> = RULES.iter().flat_map(|r| r.classes.iter().chain(r.within)).copied().collect();
    for c in &used {
        assert!(styled.contains(&c.as_str()) || page_only.contains(&c.as_str()), "the class {c} has no style rule");
    }
}

/// The picture marks the selected box, and only it.
#[test]
fn the_selected_box_is_marked() {
    let text = std::fs::read_to_string(common::root().join("../../examples/01-my-service.yaml")).unwrap();
    let a = analyze(&[Source::new("x.yaml", text)]);
    let m = build(&a, &a.services[0], &Options::default());
    let g = layout(&m, 1000.0);
    let pod = m.lanes.iter().flat_map(|l| &l.pods).find_map(|p| p.object).unwrap();
    let id = Act::Pod(pod.index()).id();
    let tree = draw(&m, &g, &Extras { trace: None, selected: Some(&id) });
    let mut selected = Vec::new();
    tree.walk(&mut |e| {
        if e.has_class("selected") {
            selected.push(e.get("data-act").unwrap_or("").to_string());
        }
    });
    assert_eq!(selected, [id]);
}
