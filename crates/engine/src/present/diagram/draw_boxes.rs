//! The diagram's boxes as SVG elements: the client and the ways in, the Service (or DNS) box,
//! each node's lane with its pods, each lane's entry box with kube-proxy's verdict for the focus.
//! A box one can click is a `g` with only its shape and name (`data-act`, see [`Act`]); the words
//! drawn on it are a separate layer, hidden from assistive technology.

use super::element::Element;
use super::layout::{
    chip_name_width, entry_label_width, entry_mark, fit_name_px, CHIP_NAME_X, MONO_CHAR_PX, STRONG_CHAR_PX,
};
use super::model::{percent, Entry, Lane, Mode, Model, PodItem};
use super::shapes::{button, cross, f, label, rect, trunc, Act, Extras};
use super::{Layout, Rect};
use crate::model::{DropReason, FrontendKind, Verdict};

fn text_layer(class: &str) -> Element {
    Element::new("g").class(class).attr("aria-hidden", "true")
}

/// A short reason for a drop, for visible text (the full one goes in the title).
fn short_reason(e: &Entry) -> String {
    match (e.verdict, &e.drop) {
        (Verdict::Reject, _) => "REJECT: no endpoints".into(),
        (Verdict::Drop, Some(DropReason::NoLocalEndpoint { .. })) => "DROP: no local pod".into(),
        (Verdict::Drop, Some(DropReason::SourceRange { .. })) => "DROP: source range".into(),
        (Verdict::Drop, _) => "DROP".into(),
        (Verdict::Forward, _) => String::new(),
    }
}

/// The client box.
pub fn client(m: &Model, g: &Layout, x: &Extras) -> [Element; 2] {
    let (title, sub) = crate::present::trace::client_box(m, x.trace.map(|t| t.source));
    let r = g.client;
    let name = if sub.is_empty() { title.to_string() } else { format!("{title}, {sub}") };
    [
        button("box client", &Act::Client, name, x).child(rect(&r, "10")),
        text_layer("box-text").child(label(r.cx(), r.y + 23.0, title.to_string(), "t-strong", "middle")).child(label(
            r.cx(),
            r.y + 40.0,
            sub.to_string(),
            "t-muted",
            "middle",
        )),
    ]
}

/// The load balancers and external IPs: a click shows the traffic to that one.
pub fn fronts(m: &Model, g: &Layout, x: &Extras) -> Vec<Element> {
    let mut out = Vec::new();
    for (fr, r) in &g.fronts {
        let on = m.focus.as_ref() == Some(fr);
        let Some(i) = m.frontends.iter().position(|x| x == fr) else { continue };
        let kind = if fr.kind == FrontendKind::LoadBalancer { "Load balancer" } else { "External IP" };
        let name = format!("{kind} {}:{}{}", fr.ip, fr.port, if on { ", shown" } else { ", show its traffic" });
        out.push(
            button(if on { "box front focused" } else { "box front" }, &Act::Focus(i), name, x).child(rect(r, "8")),
        );
        out.push(text_layer("box-text").child(label(r.cx(), r.y + 18.0, kind.to_string(), "t-muted", "middle")).child(
            label(r.cx(), r.y + 35.0, trunc(&format!("{}:{}", fr.ip, fr.port), r.w - 10.0, 6.6), "t-mono", "middle"),
        ));
    }
    out
}

/// Lanes collapsed into one.
pub fn aggregate(m: &Model, g: &Layout) -> Option<Element> {
    let (r, ag) = (g.aggregate?, m.aggregate.as_ref()?);
    let text = format!("+{} more nodes · {} pods", ag.nodes, ag.pods);
    let mut sub = vec![format!("{} selected & Ready", ag.ready)];
    if ag.share > 0.0005 {
        sub.push(format!("{} of new connections", percent(ag.share)));
    }
    if ag.dropped_nodes > 0 {
        sub.push(format!("{} node{} drop it", ag.dropped_nodes, if ag.dropped_nodes == 1 { "" } else { "s" }));
    }
    let sub = sub.join(" · ");
    Some(
        Element::new("g")
            .class("lane aggregate")
            .attr("tabindex", "0")
            .attr("aria-label", format!("{text}: {sub}"))
            .child(Element::new("title").text(format!("{text}: {sub} — use \"Show all nodes\" to draw them")))
            .child(rect(&r, "10"))
            .child(label(r.x + 12.0, r.y + 20.0, trunc(&text, r.w - 20.0, 7.0), "t-strong", "start"))
            .child(label(r.x + 12.0, r.y + 37.0, trunc(&sub, r.w - 20.0, 6.0), "t-muted", "start")),
    )
}

/// ExternalName: the host outside the cluster.
pub fn outside(m: &Model, g: &Layout) -> Option<Element> {
    let r = g.outside?;
    let target = match &m.mode {
        Mode::ExternalName { target, .. } => target.clone(),
        _ => String::new(),
    };
    Some(
        Element::new("g")
            .class("box outside")
            .attr("tabindex", "0")
            .attr("aria-label", format!("{target}, outside the cluster"))
            .child(
                Element::new("title")
                    .text(format!("{target}: resolved and reached outside the cluster, no kube-proxy involved")),
            )
            .child(rect(&r, "10"))
            .child(label(r.cx(), r.y + 23.0, trunc(&target, r.w - 12.0, 6.6), "t-mono", "middle"))
            .child(label(r.cx(), r.y + 41.0, "outside the cluster · no proxy".to_string(), "t-muted", "middle")),
    )
}

/// The Service box (kube-proxy's rules) or the DNS box (headless, ExternalName).
pub fn bar(m: &Model, g: &Layout, x: &Extras) -> [Element; 2] {
    let r = g.bar;
    let cw = 6.6;
    // The lines drawn, each cut to the room it has: a name in the middle, keeping its suffix.
    let lines: Vec<(String, &'static str)> = match &m.mode {
        Mode::Proxied | Mode::Unproxied(_) => {
            let mut l = vec![
                ("Service".to_string(), "t-muted"),
                (m.name.clone(), "t-strong"),
                (m.cluster_ip.clone().unwrap_or_else(|| "no cluster IP".into()), "t-mono"),
                (format!(":{} → {}", m.port, m.target), "t-mono"),
            ];
            if let Mode::Unproxied(_) = m.mode {
                l.push(("no kube-proxy rules".into(), "t-drop"));
            }
            l
        }
        Mode::Headless { fqdn } => vec![
            ("Cluster DNS".to_string(), "t-muted"),
            (m.name.clone(), "t-strong"),
            (fqdn.clone(), "t-mono"),
            ("A → pod IPs".into(), "t-mono"),
            ("headless: no proxy".into(), "t-muted"),
        ],
        Mode::ExternalName { fqdn, target } => vec![
            ("Cluster DNS".to_string(), "t-muted"),
            (fqdn.clone(), "t-mono"),
            (format!("CNAME {target}"), "t-mono"),
            ("no proxy".into(), "t-drop"),
        ],
    };
    let fit = |t: &str, class: &str, px: f64| {
        if class == "t-strong" {
            fit_name_px(t, px, STRONG_CHAR_PX)
        } else {
            trunc(t, px, cw)
        }
    };
    // The box's name says everything in full; the lines drawn may be cut to fit.
    let aria = lines.iter().map(|(t, _)| t.as_str()).collect::<Vec<_>>().join(", ");
    // Left out when Local-policy edges cross the box (they would run over the words).
    let crossed = m.lanes.iter().any(|l| l.entry.as_ref().is_some_and(|e| e.specific && e.verdict == Verdict::Forward));
    let vertical_note = g.wide && r.h - 84.0 > 200.0 && matches!(m.mode, Mode::Proxied) && !crossed;
    let mut text = text_layer("box-text");
    if g.wide {
        for (i, (t, c)) in lines.iter().enumerate() {
            text.children.push(label(r.cx(), r.y + 20.0 + i as f64 * 17.0, fit(t, c, r.w - 12.0), c, "middle"));
        }
    } else {
        // Narrow: two columns of text.
        let half = lines.len().div_ceil(2);
        let col2 = r.x + r.w / 2.0 + 4.0;
        for (i, (t, c)) in lines.iter().enumerate() {
            let (lx, row) = if i < half { (r.x + 20.0, i) } else { (col2, i - half) };
            let max = if i < half { r.w / 2.0 - 24.0 } else { r.w / 2.0 - 12.0 };
            text.children.push(label(lx, r.y + 20.0 + row as f64 * 17.0, fit(t, c, max), c, "start"));
        }
    }
    if vertical_note {
        text.children.push(
            Element::new("text")
                .class("t-muted t-vertical")
                .attr(
                    "transform",
                    format!("translate({} {}) rotate(-90)", f(r.cx() + 4.0), f(r.y + 84.0 + (r.h - 84.0) / 2.0)),
                )
                .attr("text-anchor", "middle")
                .text("kube-proxy rules on every node"),
        );
    }
    let class = match &m.mode {
        Mode::Headless { .. } | Mode::ExternalName { .. } => "box svc-bar dns",
        Mode::Unproxied(_) => "box svc-bar unproxied",
        Mode::Proxied => "box svc-bar",
    };
    [button(class, &Act::Service, aria, x).attr("data-testid", "diagram-service").child(rect(&r, "10")), text]
}

/// One node's lane: its name and address, its pods, and the "+N more" chip.
pub fn lane(m: &Model, g: &Layout, li: usize, lane: &Lane, x: &Extras) -> Element {
    let lg = &g.lanes[li];
    let r = lg.rect;
    let dropped = lane.entry.as_ref().is_some_and(|e| e.verdict != Verdict::Forward) && g.entries;
    let sub = [Some(lane.address.clone()).filter(|s| !s.is_empty()), lane.zone.clone()]
        .into_iter()
        .flatten()
        .collect::<Vec<_>>()
        .join(" · ");
    let node_label = if lane.node.is_some() {
        format!(
            "Node {}{}{}",
            lane.name,
            if sub.is_empty() { String::new() } else { format!(", {sub}") },
            if lane.ready { "" } else { ", NotReady" }
        )
    } else {
        "Pods and endpoints on no known node".to_string()
    };
    let hr = lg.header;
    let mut out = Element::new("g")
        .class("lane")
        .class(if dropped { "dropped" } else { "" })
        .class(if !lane.ready && lane.node.is_some() { "node-not-ready" } else { "" })
        .class(if lane.node.is_none() { "elsewhere" } else { "" })
        .attr("data-node", lane.name.clone())
        .attr("data-testid", "diagram-node")
        .child(rect(&r, "10").class("lane-bg"))
        .child(
            button("node-head", &Act::Node(lane.name.clone()), node_label, x)
                .child(rect(&Rect::new(hr.x - 4.0, hr.y - 2.0, hr.w + 4.0, hr.h + 2.0), "6").class("hit")),
        );
    let mut name = Element::new("text")
        .attr("x", f(hr.x + 2.0))
        .attr("y", f(hr.y + 13.0))
        .child(Element::new("tspan").class("t-strong").text(fit_name_px(&lane.name, hr.w - 8.0, 7.4)));
    if let Some(z) = lane.zone.as_ref().filter(|z| (lane.name.len() + z.len() + 1) as f64 * 7.0 < hr.w - 8.0) {
        name.children.push(Element::new("tspan").class("t-muted t-small").text(format!(" {z}")));
    }
    let address =
        if lane.ready || lane.node.is_none() { lane.address.clone() } else { format!("NotReady · {}", lane.address) };
    out.children.push(text_layer("node-text").child(name).child(label(
        hr.x + 2.0,
        hr.y + 29.0,
        trunc(&address, hr.w - 6.0, 6.0),
        "t-muted t-small",
        "start",
    )));
    for (pi, p) in lane.pods.iter().enumerate() {
        out.children.extend(pod(p, &lg.pods[pi], x, m));
    }
    if let Some(mr) = lg.more {
        let (n, ready, share) = lane.hidden;
        let text = format!("+{n} more ({ready} ready)");
        let tip = if share > 0.0005 { format!("{text}: {} of new connections", percent(share)) } else { text.clone() };
        let mut more = Element::new("g")
            .class("pod more")
            .attr("tabindex", "0")
            .attr("aria-label", tip.clone())
            .child(Element::new("title").text(tip))
            .child(rect(&mr, "6"))
            .child(label(mr.x + 10.0, mr.y + 17.0, trunc(&text, mr.w - 50.0, 6.4), "t-muted", "start"));
        if share > 0.0005 {
            more.children.push(label(mr.right() - 8.0, mr.y + 17.0, percent(share), "t-share", "end"));
        }
        out.children.push(more);
    }
    out
}

/// The entry box of a lane (nodePort listener / kube-proxy rules for the focus) and its verdict.
pub fn entry(g: &Layout, li: usize, lane: &Lane, fkind: Option<FrontendKind>, m: &Model) -> Option<Element> {
    let (Some(e), Some(r)) = (&lane.entry, g.lanes[li].entry) else { return None };
    let text = match fkind {
        Some(FrontendKind::NodePort) => format!(":{}", m.node_port.unwrap_or(0)),
        Some(FrontendKind::LoadBalancer) => "VIP rules".into(),
        Some(FrontendKind::ExternalIP) => "ext. IP rules".into(),
        _ => "pods here".into(),
    };
    let ok = e.verdict == Verdict::Forward;
    let why = short_reason(e);
    let mut tip = format!("{}: {}", lane.name, e.rule);
    if let Some(rsn) = &e.reason {
        tip.push_str(&format!(" — {rsn}"));
    }
    if !e.lb_sends && fkind == Some(FrontendKind::LoadBalancer) {
        tip.push_str(" — the load balancer's health check fails here (503), so it sends nothing to this node");
    }
    let verdict = if ok {
        let n = e.endpoints.len();
        if e.local {
            format!("→ {n} local pod{}", if n == 1 { "" } else { "s" })
        } else if e.specific {
            format!("→ {n} pod{}", if n == 1 { "" } else { "s" })
        } else {
            "→ Service".into()
        }
    } else {
        why.clone()
    };
    let snat = ok && e.snat;
    let aria = format!(
        "{} entry {text}: {}{}",
        lane.name,
        if ok { verdict.clone() } else { e.reason.clone().unwrap_or(why.clone()) },
        if snat { ", source NATed" } else { "" }
    );
    let mut out = Element::new("g")
        .class("entry")
        .class(if ok { "ok" } else { "drop" })
        .class(if e.lb_sends { "" } else { "skipped" })
        .attr("tabindex", "0")
        .attr("aria-label", aria)
        .attr("data-testid", if ok { "entry-ok" } else { "entry-dropped" })
        .child(Element::new("title").text(tip))
        .child(rect(&r, "6"))
        .child(label(r.x + 8.0, r.y + 18.0, trunc(&text, entry_label_width(&r), MONO_CHAR_PX), "t-mono", "start"));
    if !ok {
        out.children.push(cross(&entry_mark(&r)));
    }
    if snat {
        out.children.push(label(r.right() - 6.0, r.y + 18.0, "SNAT".to_string(), "t-tag", "end"));
    }
    let vclass = if ok { "t-muted t-small" } else { "t-drop t-small" };
    out.children.push(if g.wide {
        label(r.x + 2.0, r.bottom() + 14.0, trunc(&verdict, r.w + 8.0, 6.0), vclass, "start")
    } else {
        let room = g.lanes[li].rect.right() - r.right() - 16.0;
        label(r.right() + 8.0, r.y + 17.0, trunc(&verdict, room, 6.0), vclass, "start")
    });
    Some(out)
}

/// One pod (or bare endpoint) chip, with its share of new connections.
fn pod(p: &PodItem, r: &Rect, x: &Extras, m: &Model) -> [Element; 2] {
    let act = match p.object {
        Some(i) => Act::Pod(i.index()),
        None => Act::Endpoint(p.ip.clone()),
    };
    let share = p.share.filter(|s| *s > 0.0);
    let port = p.port.map(|pt| format!(":{pt}")).unwrap_or_default();
    let aria = format!(
        "Pod {}, {}{port}, {}{}",
        p.name,
        if p.ip.is_empty() { "no IP" } else { &p.ip },
        p.state.words(),
        share
            .map(|s| format!(
                ", {} of new connections to {}",
                percent(s),
                m.focus.as_ref().map(|f| f.label()).unwrap_or_else(|| "the Service".into())
            ))
            .unwrap_or_default()
    );
    let share_text = share.map(percent);
    let name_w = chip_name_width(r, share_text.as_deref());
    let class = format!("pod {}{}", p.state.class(), if share.is_some() { " gets" } else { "" });
    let chip = button(&class, &act, aria, x)
        .attr("data-pod", p.name.clone())
        .attr("data-share", share_text.clone().unwrap_or_default())
        .child(rect(r, "6"))
        .child(Element::new("circle").class("dot").attr("cx", f(r.x + 11.0)).attr("cy", f(r.cy())).attr("r", "4"));
    let mut text = text_layer("pod-text").class(p.state.class()).child(label(
        r.x + CHIP_NAME_X,
        r.y + 17.0,
        fit_name_px(&p.name, name_w, MONO_CHAR_PX),
        "t-pod",
        "start",
    ));
    if let Some(s) = share_text {
        text.children.push(label(r.right() - 7.0, r.y + 17.0, s, "t-share", "end"));
    }
    [chip, text]
}
