//! The engine's SVG element tree (`engine::present::diagram::Element`) as Yew nodes: one generic
//! conversion, nothing about what the picture shows, and [`Picture`], the component that shows
//! it and renders again only when the picture differs.
//!
//! Siblings are keyed by what they are (their tag, first class and `data-key`, `data-act`,
//! `data-node` or `data-pod`), numbered in order among the same: when a keystroke changes the
//! picture (pods no longer selected, the nodes' entry boxes added), each element is patched in
//! place where it was, not replaced because another kind of element now stands at its index. A
//! new `data-key` is a new element: a new traced request is drawn (and animated) anew.

use engine::present::diagram::Element;
use std::collections::HashMap;
use std::rc::Rc;
use yew::prelude::*;
use yew::virtual_dom::{VNode, VTag};

#[derive(Properties)]
pub struct PictureProps {
    pub picture: Rc<Element>,
}

impl PartialEq for PictureProps {
    fn eq(&self, o: &Self) -> bool {
        Rc::ptr_eq(&self.picture, &o.picture) || self.picture == o.picture
    }
}

/// The picture; an equal one (most keystrokes leave the picture as it was) renders nothing again.
#[function_component(Picture)]
pub fn picture(props: &PictureProps) -> Html {
    to_html(&props.picture)
}

pub fn to_html(e: &Element) -> VNode {
    node(e, None)
}

fn node(e: &Element, key: Option<String>) -> VNode {
    let mut tag = VTag::new(e.name);
    tag.key = key.map(|k| k.as_str().into());
    for (k, v) in &e.attrs {
        tag.add_attribute(k, v.clone());
    }
    if e.text.is_some() {
        // Text after the children: an unkeyed node among them, so the list is matched by index.
        tag.add_children(e.children.iter().map(|c| node(c, None)));
    } else {
        let mut seen: HashMap<String, usize> = HashMap::new();
        tag.add_children(e.children.iter().map(|c| {
            let what = identity(c);
            let n = seen.entry(what.clone()).or_default();
            *n += 1;
            node(c, Some(format!("{what}#{n}")))
        }));
    }
    if let Some(t) = &e.text {
        tag.add_child(VNode::from(t.clone()));
    }
    tag.into()
}

/// What an element is, for matching it with the one drawn before: its tag, its first class and
/// the first of the attributes that name what it shows.
fn identity(e: &Element) -> String {
    let class = e.get("class").and_then(|c| c.split(' ').next()).unwrap_or("");
    let named = ["data-key", "data-act", "data-node", "data-pod"].into_iter().find_map(|k| e.get(k).map(|v| (k, v)));
    match named {
        Some((k, v)) => format!("{}.{class}[{k}={v}]", e.name),
        None => format!("{}.{class}", e.name),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn keys(v: &VNode) -> Vec<String> {
        let VNode::VTag(t) = v else { panic!("not a tag") };
        let Some(VNode::VList(l)) = t.children() else { return Vec::new() };
        l.iter().map(|c| c.key().map(|k| k.to_string()).unwrap_or_default()).collect()
    }

    #[test]
    fn siblings_are_keyed_by_what_they_are_in_order() {
        let e = Element::new("svg")
            .child(Element::new("g").class("lane").attr("data-node", "node-a"))
            .child(Element::new("g").class("edges"))
            .child(Element::new("g").class("edges"))
            .child(Element::new("path").class("edge live"))
            .child(Element::new("g").attr("data-key", "3"));
        assert_eq!(
            keys(&to_html(&e)),
            ["g.lane[data-node=node-a]#1", "g.edges#1", "g.edges#2", "path.edge#1", "g.[data-key=3]#1"]
        );
        // Children beside text are matched by index, as text nodes have no key.
        let t = Element::new("text").child(Element::new("tspan")).text("x");
        assert_eq!(keys(&to_html(&t)), ["", ""]);
    }
}
