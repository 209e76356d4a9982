//! The diagram's boxes: the Service (or DNS) box, each node's lane with its pods, and each
//! lane's entry box with kube-proxy's verdict for the focus.

use super::activate;
use super::svg::{cross, f, label, trunc};
use super::Detail;
use engine::model::{DropReason, FrontendKind, Verdict};
use engine::present::diagram::layout::{
    chip_name_width, entry_label_width, entry_mark, fit_name_px, CHIP_NAME_X, MONO_CHAR_PX,
};
use engine::present::diagram::{percent, Entry, Lane, Layout, Mode, Model, PodItem, Rect};
use yew::prelude::*;

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

/// The Service box (kube-proxy's rules) or the DNS box (headless, ExternalName).
pub(super) fn bar(m: &Model, g: &Layout, on_detail: &Callback<Detail>) -> Html {
    let r = g.bar;
    let (onclick, onkeydown) = activate({
        let d = on_detail.clone();
        Callback::from(move |_| d.emit(Detail::Service))
    });
    let cw = 6.6;
    // The box's name says everything in full; the lines drawn may be cut to fit.
    let full: Vec<String> = match &m.mode {
        Mode::Proxied | Mode::Unproxied(_) => vec![
            "Service".into(),
            m.name.clone(),
            m.cluster_ip.clone().unwrap_or_else(|| "no cluster IP".into()),
            format!(":{} → {}", m.port, m.target),
        ],
        Mode::Headless { fqdn } => vec!["Cluster DNS".into(), m.name.clone(), fqdn.clone()],
        Mode::ExternalName { fqdn, target } => vec!["Cluster DNS".into(), fqdn.clone(), format!("CNAME {target}")],
    };
    let lines: Vec<(String, &'static str)> = match &m.mode {
        Mode::Proxied | Mode::Unproxied(_) => {
            let mut l = vec![
                ("Service".to_string(), "t-muted"),
                (fit_name_px(&m.name, r.w - 12.0, 7.2), "t-strong"),
                (trunc(m.cluster_ip.as_deref().unwrap_or("no cluster IP"), r.w - 12.0, cw), "t-mono"),
                (trunc(&format!(":{} → {}", m.port, m.target), r.w - 12.0, cw), "t-mono"),
            ];
            if let Mode::Unproxied(_) = m.mode {
                l.push(("no kube-proxy rules".into(), "t-drop"));
            }
            l
        }
        Mode::Headless { fqdn } => vec![
            ("Cluster DNS".to_string(), "t-muted"),
            (fit_name_px(&m.name, r.w - 12.0, 7.2), "t-strong"),
            (trunc(fqdn, r.w - 12.0, cw), "t-mono"),
            ("A → pod IPs".into(), "t-mono"),
            ("headless: no proxy".into(), "t-muted"),
        ],
        Mode::ExternalName { fqdn, target } => vec![
            ("Cluster DNS".to_string(), "t-muted"),
            (trunc(fqdn, r.w - 12.0, cw), "t-mono"),
            (trunc(&format!("CNAME {target}"), r.w - 12.0, cw), "t-mono"),
            ("no proxy".into(), "t-drop"),
        ],
    };
    let full_len = full.len();
    let aria =
        full.into_iter().chain(lines.iter().skip(full_len).map(|(t, _)| t.clone())).collect::<Vec<_>>().join(", ");
    // Left out when Local-policy edges cross the box (they would run over the words).
    let crossed = m.lanes.iter().any(|l| l.entry.as_ref().is_some_and(|e| e.specific && e.verdict == Verdict::Forward));
    let vertical_note = g.wide && r.h - 84.0 > 200.0 && matches!(m.mode, Mode::Proxied) && !crossed;
    let text_x = if g.wide { r.cx() } else { r.x + 20.0 };
    let anchor = if g.wide { "middle" } else { "start" };
    let (lines_html, h0): (Vec<Html>, f64) = if g.wide {
        (
            lines
                .iter()
                .enumerate()
                .map(|(i, (t, c))| label(text_x, r.y + 20.0 + i as f64 * 17.0, t.clone(), c, anchor))
                .collect(),
            0.0,
        )
    } else {
        // Narrow: two columns of text.
        let half = lines.len().div_ceil(2);
        let col2 = r.x + r.w / 2.0 + 4.0;
        (
            lines
                .iter()
                .enumerate()
                .map(|(i, (t, c))| {
                    let (x, row) = if i < half { (text_x, i) } else { (col2, i - half) };
                    let max = if i < half { r.w / 2.0 - 24.0 } else { r.w / 2.0 - 12.0 };
                    label(x, r.y + 20.0 + row as f64 * 17.0, trunc(t, max, 6.6), c, "start")
                })
                .collect(),
            0.0,
        )
    };
    let _ = h0;
    html! {
        <>
        <g class={classes!("box", "svc-bar", matches!(m.mode, Mode::Headless { .. } | Mode::ExternalName { .. }).then_some("dns"), matches!(m.mode, Mode::Unproxied(_)).then_some("unproxied"))}
            tabindex="0" role="button" aria-label={aria.clone()} {onclick} {onkeydown} data-testid="diagram-service">
            <title>{ aria }</title>
            <rect x={f(r.x)} y={f(r.y)} width={f(r.w)} height={f(r.h)} rx="10" />
        </g>
        <g class="box-text" aria-hidden="true">
            { for lines_html }
            if vertical_note {
                <text class="t-muted t-vertical" transform={format!("translate({} {}) rotate(-90)", f(r.cx() + 4.0), f(r.y + 84.0 + (r.h - 84.0) / 2.0))} text-anchor="middle">
                    { "kube-proxy rules on every node" }
                </text>
            }
        </g>
        </>
    }
}

/// One node's lane: its name and address, its pods, and the "+N more" chip.
pub(super) fn lane(
    m: &Model,
    g: &Layout,
    li: usize,
    lane: &Lane,
    on_detail: &Callback<Detail>,
    detail: Option<&Detail>,
) -> Html {
    let lg = &g.lanes[li];
    let r = lg.rect;
    let dropped = lane.entry.as_ref().is_some_and(|e| e.verdict != Verdict::Forward) && g.entries;
    let (onclick, onkeydown) = activate({
        let d = on_detail.clone();
        let name = lane.name.clone();
        Callback::from(move |_| d.emit(Detail::Node(name.clone())))
    });
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
    let selected_node = detail == Some(&Detail::Node(lane.name.clone()));
    let pods = lane.pods.iter().enumerate().map(|(pi, p)| pod(p, &lg.pods[pi], on_detail, detail, m));
    let more = lg.more.map(|mr| {
        let (n, ready, share) = lane.hidden;
        let text = format!("+{n} more ({ready} ready)");
        let tip = if share > 0.0005 { format!("{text}: {} of new connections", percent(share)) } else { text.clone() };
        html! {
            <g class="pod more" tabindex="0" aria-label={tip.clone()}>
                <title>{ tip }</title>
                <rect x={f(mr.x)} y={f(mr.y)} width={f(mr.w)} height={f(mr.h)} rx="6" />
                { label(mr.x + 10.0, mr.y + 17.0, trunc(&text, mr.w - 50.0, 6.4), "t-muted", "start") }
                if share > 0.0005 { { label(mr.right() - 8.0, mr.y + 17.0, percent(share), "t-share", "end") } }
            </g>
        }
    });
    html! {
        <g class={classes!("lane", dropped.then_some("dropped"), (!lane.ready && lane.node.is_some()).then_some("node-not-ready"), lane.node.is_none().then_some("elsewhere"))}
            data-node={lane.name.clone()} data-testid="diagram-node">
            <rect class="lane-bg" x={f(r.x)} y={f(r.y)} width={f(r.w)} height={f(r.h)} rx="10" />
            <g class={classes!("node-head", selected_node.then_some("selected"))} tabindex="0" role="button" aria-label={node_label.clone()} {onclick} {onkeydown}>
                <title>{ node_label }</title>
                <rect class="hit" x={f(hr.x - 4.0)} y={f(hr.y - 2.0)} width={f(hr.w + 4.0)} height={f(hr.h + 2.0)} rx="6" />
            </g>
            <g class="node-text" aria-hidden="true">
                <text x={f(hr.x + 2.0)} y={f(hr.y + 13.0)}>
                    <tspan class="t-strong">{ fit_name_px(&lane.name, hr.w - 8.0, 7.4) }</tspan>
                    if let Some(z) = lane.zone.as_ref().filter(|z| (lane.name.len() + z.len() + 1) as f64 * 7.0 < hr.w - 8.0) {
                        <tspan class="t-muted t-small">{ format!(" {z}") }</tspan>
                    }
                </text>
                { label(hr.x + 2.0, hr.y + 29.0, trunc(&if lane.ready || lane.node.is_none() { lane.address.clone() } else { format!("NotReady · {}", lane.address) }, hr.w - 6.0, 6.0), "t-muted t-small", "start") }
            </g>
            { for pods }
            { more.unwrap_or_default() }
        </g>
    }
}

/// The entry box of a lane (nodePort listener / kube-proxy rules for the focus) and its verdict.
pub(super) fn entry(g: &Layout, li: usize, lane: &Lane, fkind: Option<FrontendKind>, m: &Model) -> Html {
    let (Some(e), Some(r)) = (&lane.entry, g.lanes[li].entry) else { return html! {} };
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
    html! {
        <g class={classes!("entry", if ok { "ok" } else { "drop" }, (!e.lb_sends).then_some("skipped"))} tabindex="0" aria-label={aria} data-testid={if ok { "entry-ok" } else { "entry-dropped" }}>
            <title>{ tip }</title>
            <rect x={f(r.x)} y={f(r.y)} width={f(r.w)} height={f(r.h)} rx="6" />
            { label(r.x + 8.0, r.y + 18.0, trunc(&text, entry_label_width(&r), MONO_CHAR_PX), "t-mono", "start") }
            if !ok { { cross(&entry_mark(&r)) } }
            if ok && snat { { label(r.right() - 6.0, r.y + 18.0, "SNAT".to_string(), "t-tag", "end") } }
            if g.wide {
                { label(r.x + 2.0, r.bottom() + 14.0, trunc(&verdict, r.w + 8.0, 6.0), if ok { "t-muted t-small" } else { "t-drop t-small" }, "start") }
            } else {
                { label(r.right() + 8.0, r.y + 17.0, trunc(&verdict, g.lanes[li].rect.right() - r.right() - 16.0, 6.0), if ok { "t-muted t-small" } else { "t-drop t-small" }, "start") }
            }
        </g>
    }
}

/// One pod (or bare endpoint) chip, with its share of new connections.
fn pod(p: &PodItem, r: &Rect, on_detail: &Callback<Detail>, detail: Option<&Detail>, m: &Model) -> Html {
    let d = match p.object {
        Some(i) => Detail::Pod(i),
        None => Detail::Endpoint(p.ip.clone()),
    };
    let selected = detail == Some(&d);
    let (onclick, onkeydown) = activate({
        let cb = on_detail.clone();
        Callback::from(move |_| cb.emit(d.clone()))
    });
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
    html! {
        <>
            <g class={classes!("pod", p.state.class(), share.is_some().then_some("gets"), selected.then_some("selected"))} tabindex="0" role="button"
                aria-label={aria.clone()} {onclick} {onkeydown} data-pod={p.name.clone()} data-share={share.map(percent).unwrap_or_default()}>
                <title>{ aria }</title>
                <rect x={f(r.x)} y={f(r.y)} width={f(r.w)} height={f(r.h)} rx="6" />
                <circle class="dot" cx={f(r.x + 11.0)} cy={f(r.cy())} r="4" />
            </g>
            <g class={classes!("pod-text", p.state.class())} aria-hidden="true">
                { label(r.x + CHIP_NAME_X, r.y + 17.0, fit_name_px(&p.name, name_w, MONO_CHAR_PX), "t-pod", "start") }
                if let Some(s) = share_text { { label(r.right() - 7.0, r.y + 17.0, s, "t-share", "end") } }
            </g>
        </>
    }
}
