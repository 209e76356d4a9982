//! A plain SVG element tree: what [`super::draw`] makes of a layout. The page turns it into its
//! own nodes; [`Element::to_svg_string`] writes it as text (the CLI, the page's Export).

/// One element: its name, its attributes in order, and either children or text.
#[derive(Clone, Debug, Default, PartialEq)]
pub struct Element {
    pub name: &'static str,
    pub attrs: Vec<(&'static str, String)>,
    pub children: Vec<Element>,
    /// Text content (for `text`, `tspan`, `title`, `style`); written after the children.
    pub text: Option<String>,
}

impl Element {
    pub fn new(name: &'static str) -> Self {
        Element { name, ..Default::default() }
    }

    /// With attribute `k` set to `v` (replacing an earlier value).
    pub fn attr(mut self, k: &'static str, v: impl Into<String>) -> Self {
        self.set(k, v);
        self
    }

    /// With `v` appended to the `class` attribute.
    pub fn class(mut self, v: &str) -> Self {
        self.add_class(v);
        self
    }

    pub fn add_class(&mut self, v: &str) {
        if v.is_empty() {
            return;
        }
        match self.attrs.iter_mut().find(|(n, _)| *n == "class") {
            Some((_, c)) if !c.is_empty() => {
                c.push(' ');
                c.push_str(v);
            }
            Some((_, c)) => c.push_str(v),
            None => self.attrs.push(("class", v.to_string())),
        }
    }

    pub fn has_class(&self, c: &str) -> bool {
        self.get("class").is_some_and(|cs| cs.split(' ').any(|x| x == c))
    }

    pub fn text(mut self, t: impl Into<String>) -> Self {
        self.text = Some(t.into());
        self
    }

    pub fn child(mut self, c: Element) -> Self {
        self.children.push(c);
        self
    }

    pub fn children(mut self, cs: impl IntoIterator<Item = Element>) -> Self {
        self.children.extend(cs);
        self
    }

    pub fn get(&self, k: &str) -> Option<&str> {
        self.attrs.iter().find(|(n, _)| *n == k).map(|(_, v)| v.as_str())
    }

    pub fn set(&mut self, k: &'static str, v: impl Into<String>) {
        let v = v.into();
        match self.attrs.iter_mut().find(|(n, _)| *n == k) {
            Some(slot) => slot.1 = v,
            None => self.attrs.push((k, v)),
        }
    }

    pub fn remove(&mut self, k: &str) {
        self.attrs.retain(|(n, _)| *n != k);
    }

    /// This element and every one below it, depth first.
    pub fn walk(&self, f: &mut impl FnMut(&Element)) {
        f(self);
        for c in &self.children {
            c.walk(f);
        }
    }

    /// The element as SVG text: attributes and text escaped, no whitespace added.
    pub fn to_svg_string(&self) -> String {
        let mut out = String::new();
        self.write(&mut out);
        out
    }

    fn write(&self, out: &mut String) {
        out.push('<');
        out.push_str(self.name);
        for (k, v) in &self.attrs {
            out.push(' ');
            out.push_str(k);
            out.push_str("=\"");
            escape(v, true, out);
            out.push('"');
        }
        if self.children.is_empty() && self.text.is_none() {
            out.push_str("/>");
            return;
        }
        out.push('>');
        for c in &self.children {
            c.write(out);
        }
        if let Some(t) = &self.text {
            escape(t, false, out);
        }
        out.push_str("</");
        out.push_str(self.name);
        out.push('>');
    }
}

fn escape(s: &str, attr: bool, out: &mut String) {
    for c in s.chars() {
        match c {
            '&' => out.push_str("&amp;"),
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            '"' if attr => out.push_str("&quot;"),
            // XML 1.0 has no place for other control characters.
            c if (c as u32) < 0x20 && !matches!(c, '\t' | '\n' | '\r') => out.push('\u{fffd}'),
            c => out.push(c),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn writes_escaped_svg() {
        let e = Element::new("g")
            .class("a")
            .class("b")
            .attr("aria-label", "x \"<y>\" & z")
            .child(Element::new("rect").attr("x", "1"))
            .child(Element::new("text").text("a < b & c"));
        assert_eq!(
            e.to_svg_string(),
            "<g class=\"a b\" aria-label=\"x &quot;&lt;y&gt;&quot; &amp; z\"><rect x=\"1\"/><text>a &lt; b &amp; c</text></g>"
        );
        assert!(e.has_class("b") && !e.has_class("c"));
    }
}
