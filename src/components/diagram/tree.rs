//! The engine's SVG element tree (`engine::present::diagram::Element`) as Yew nodes: one generic
//! conversion, nothing about what the picture shows. `data-key` becomes the node's key, so a new
//! traced request is drawn (and animated) anew.

use engine::present::diagram::Element;
use yew::virtual_dom::{VNode, VTag};

pub fn to_html(e: &Element) -> VNode {
    let mut tag = VTag::new(e.name);
    for (k, v) in &e.attrs {
        if *k == "data-key" {
            tag.key = Some(v.as_str().into());
        }
        tag.add_attribute(k, v.clone());
    }
    tag.add_children(e.children.iter().map(to_html));
    if let Some(t) = &e.text {
        tag.add_child(VNode::from(t.clone()));
    }
    tag.into()
}
