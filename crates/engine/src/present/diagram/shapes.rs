//! The pieces the diagram's picture is drawn with ([`super::draw`], [`super::draw_boxes`],
//! [`super::draw_trace`]): numbers, shapes, labels, curves, buttons and what a click on one asks
//! for ([`Act`]), and where a pod or a node is in the layout.

use super::element::Element;
use super::model::{Model, PodItem};
use super::{Layout, Rect};
use crate::model::Trace;

/// A traced request to draw over the picture.
#[derive(Clone, Copy, Debug)]
pub struct TraceShown<'a> {
    pub trace: &'a Trace,
    /// The source and destination as the request form wrote them.
    pub source: &'a str,
    pub destination: &'a str,
    /// Changes with each request, so the page draws (and animates) the path anew.
    pub seq: u32,
}

/// What the page adds to the picture: a traced request and the selected box (its `data-act`).
#[derive(Clone, Copy, Debug, Default)]
pub struct Extras<'a> {
    pub trace: Option<TraceShown<'a>>,
    pub selected: Option<&'a str>,
}

/// What a click on a box of the picture asks for: the element's `data-act` attribute.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Act {
    Client,
    Service,
    Node(String),
    /// A pod, by its index in `Analysis::objects`.
    Pod(usize),
    /// An endpoint that is no known pod, by its address.
    Endpoint(String),
    /// Show the traffic to `Model::frontends[i]`.
    Focus(usize),
}

impl Act {
    pub fn id(&self) -> String {
        match self {
            Act::Client => "client".into(),
            Act::Service => "service".into(),
            Act::Node(n) => format!("node:{n}"),
            Act::Pod(i) => format!("pod:{i}"),
            Act::Endpoint(ip) => format!("endpoint:{ip}"),
            Act::Focus(i) => format!("focus:{i}"),
        }
    }

    pub fn parse(s: &str) -> Option<Act> {
        Some(match s.split_once(':') {
            None if s == "client" => Act::Client,
            None if s == "service" => Act::Service,
            Some(("node", n)) => Act::Node(n.to_string()),
            Some(("pod", i)) => Act::Pod(i.parse().ok()?),
            Some(("endpoint", ip)) => Act::Endpoint(ip.to_string()),
            Some(("focus", i)) => Act::Focus(i.parse().ok()?),
            _ => return None,
        })
    }
}

/// A number as the picture writes it.
pub fn f(x: f64) -> String {
    format!("{x:.1}")
}

/// `s` cut to fit `px` at `char_px` per character, with an ellipsis.
pub fn trunc(s: &str, px: f64, char_px: f64) -> String {
    let max = ((px / char_px).floor().max(0.0) as usize).max(3);
    if s.chars().count() <= max {
        s.to_string()
    } else {
        let mut t: String = s.chars().take(max - 1).collect();
        t.push('…');
        t
    }
}

/// A horizontal (wide) or vertical (narrow) S-curve.
pub fn curve(a: (f64, f64), b: (f64, f64), horizontal: bool) -> String {
    if horizontal {
        let dx = ((b.0 - a.0) / 2.0).abs().max(12.0);
        format!("M{} {} C{} {},{} {},{} {}", f(a.0), f(a.1), f(a.0 + dx), f(a.1), f(b.0 - dx), f(b.1), f(b.0), f(b.1))
    } else {
        let dy = ((b.1 - a.1) / 2.0).abs().max(12.0);
        format!("M{} {} C{} {},{} {},{} {}", f(a.0), f(a.1), f(a.0), f(a.1 + dy), f(b.0), f(b.1 - dy), f(b.0), f(b.1))
    }
}

pub fn path(d: String, class: &str) -> Element {
    Element::new("path").class(class).attr("d", d)
}

pub fn edge(d: String, class: &str, title: Option<String>) -> Element {
    let marker =
        if class.contains("dropped") || class.contains("skipped") { "url(#dg-arrow-drop)" } else { "url(#dg-arrow)" };
    let e = path(d, class).attr("marker-end", marker);
    match title {
        Some(t) => e.child(Element::new("title").text(t)),
        None => e,
    }
}

pub fn label(x: f64, y: f64, text: String, class: &str, anchor: &'static str) -> Element {
    Element::new("text").attr("x", f(x)).attr("y", f(y)).class(class).attr("text-anchor", anchor).text(text)
}

pub fn rect(r: &Rect, rx: &'static str) -> Element {
    Element::new("rect").attr("x", f(r.x)).attr("y", f(r.y)).attr("width", f(r.w)).attr("height", f(r.h)).attr("rx", rx)
}

pub fn line(x1: f64, y1: f64, x2: f64, y2: f64) -> Element {
    Element::new("line").attr("x1", f(x1)).attr("y1", f(y1)).attr("x2", f(x2)).attr("y2", f(y2))
}

pub fn cross(r: &Rect) -> Element {
    let (cx, cy) = (r.cx(), r.cy());
    let s = (r.h / 2.0 - 3.0).min(10.0);
    Element::new("g")
        .class("cross")
        .attr("aria-hidden", "true")
        .child(line(cx - s, cy - s, cx + s, cy + s))
        .child(line(cx - s, cy + s, cx + s, cy - s))
}

/// A box one can click or focus: its shape goes in it; its name is `aria` (also its title).
pub fn button(class: &str, act: &Act, aria: String, x: &Extras) -> Element {
    let id = act.id();
    let selected = x.selected == Some(id.as_str());
    Element::new("g")
        .class(class)
        .class(if selected { "selected" } else { "" })
        .attr("tabindex", "0")
        .attr("role", "button")
        .attr("aria-label", aria.clone())
        .attr("data-act", id)
        .child(Element::new("title").text(aria))
}

/// Where a pod or endpoint is drawn.
pub fn find_pod<'a>(m: &Model, g: &'a Layout, pred: impl Fn(&PodItem) -> bool) -> Option<&'a Rect> {
    for (li, lane) in m.lanes.iter().enumerate() {
        for (pi, p) in lane.pods.iter().enumerate() {
            if pred(p) {
                return g.lanes.get(li).and_then(|lg| lg.pods.get(pi));
            }
        }
    }
    None
}

pub fn lane_index(m: &Model, node: &str) -> Option<usize> {
    m.lanes.iter().position(|l| l.node.is_some() && l.name == node)
}

/// The x of the narrow layout's spine, left of the lanes.
pub fn spine_x(g: &Layout) -> f64 {
    g.lanes.first().map_or(g.bar.x, |l| l.rect.x) - 9.0
}
