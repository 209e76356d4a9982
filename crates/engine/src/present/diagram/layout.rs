//! Geometry of the traffic diagram (pure: a [`Model`] and a width in, boxes out). One unit is
//! one CSS pixel at the measured width, so text stays the same size whatever the pane.
//!
//! Wide (≥ [`WIDE_MIN`]): columns left to right — client, load balancer / external IPs, then one
//! lane per node: its name and entry (nodePort listener), the Service box crossing every lane
//! (kube-proxy's rules exist on every node), and the node's pods.
//! Narrow: the same boxes stacked top to bottom, lanes full width.
//!
//! A lane's pods stand in one column, so every chip's left edge is open: an arrow into a pod
//! (from the Service box, an entry box or a traced request) ends on that chip, and crosses no
//! other chip or its share. Names too long for their box are cut in the middle ([`fit_name`]).

use super::model::{Focus, Mode, Model};
use crate::model::{FrontendKind, Verdict};

/// At least this wide: lanes run left to right (below: stacked, for phones).
pub const WIDE_MIN: f64 = 540.0;
/// At least this wide: the client and the load balancer get columns of their own (below: a row
/// on top, feeding the nodes through a bus on the left).
pub const COLUMNS_MIN: f64 = 860.0;
const PAD: f64 = 10.0;
const CHIP_H: f64 = 26.0;
const CHIP_GAP: f64 = 6.0;
const CHIP_MIN_W: f64 = 150.0;
const CHIP_MAX_W: f64 = 320.0;
/// In a pod chip: where the name starts (after the state dot), and the padding at the right.
pub const CHIP_NAME_X: f64 = 21.0;
const CHIP_PAD_R: f64 = 7.0;
/// Widths of a character of the diagram's texts, in CSS pixels (11 px monospace; the bold share;
/// a bold 12.5 px name, with room for the widest sans-serif faces).
pub const MONO_CHAR_PX: f64 = 6.7;
pub const STRONG_CHAR_PX: f64 = 8.6;
const SHARE_CHAR_PX: f64 = 7.6;
/// The ✕ (or a traced request's ⊗) at the right end of an entry box.
const MARK_W: f64 = 24.0;
const ENTRY_LABEL_X: f64 = 8.0;
const LANE_GAP: f64 = 10.0;

#[derive(Clone, Copy, Debug, Default, PartialEq)]
pub struct Rect {
    pub x: f64,
    pub y: f64,
    pub w: f64,
    pub h: f64,
}

impl Rect {
    pub fn new(x: f64, y: f64, w: f64, h: f64) -> Self {
        Rect { x, y, w, h }
    }
    pub fn cx(&self) -> f64 {
        self.x + self.w / 2.0
    }
    pub fn cy(&self) -> f64 {
        self.y + self.h / 2.0
    }
    pub fn right(&self) -> f64 {
        self.x + self.w
    }
    pub fn bottom(&self) -> f64 {
        self.y + self.h
    }
    pub fn left_mid(&self) -> (f64, f64) {
        (self.x, self.cy())
    }
    pub fn right_mid(&self) -> (f64, f64) {
        (self.right(), self.cy())
    }
    pub fn top_mid(&self) -> (f64, f64) {
        (self.cx(), self.y)
    }
    pub fn bottom_mid(&self) -> (f64, f64) {
        (self.cx(), self.bottom())
    }
}

#[derive(Clone, Debug, Default, PartialEq)]
pub struct LaneGeo {
    pub rect: Rect,
    /// The node's name and address.
    pub header: Rect,
    /// The entry box (nodePort listener / rules for the focused frontend), if drawn.
    pub entry: Option<Rect>,
    /// Where the pods are.
    pub region: Rect,
    /// One per drawn pod, parallel to `Lane::pods`.
    pub pods: Vec<Rect>,
    /// The "+N more" chip.
    pub more: Option<Rect>,
}

#[derive(Clone, Debug, Default, PartialEq)]
pub struct Layout {
    pub width: f64,
    pub height: f64,
    pub wide: bool,
    pub client: Rect,
    /// Load-balancer and external-IP boxes.
    pub fronts: Vec<(Focus, Rect)>,
    /// The Service box (kube-proxy) or the DNS box (headless, ExternalName).
    pub bar: Rect,
    /// ExternalName: the outside host.
    pub outside: Option<Rect>,
    pub lanes: Vec<LaneGeo>,
    pub aggregate: Option<Rect>,
    /// Column headings (x centre, y, text).
    pub headings: Vec<(f64, f64, &'static str)>,
    /// Whether the lanes have entry boxes.
    pub entries: bool,
    /// Compact wide layout: client and fronts in a row on top; the x of the bus that feeds the
    /// lanes' entry boxes, and the y where it turns.
    pub bus: Option<(f64, f64)>,
    /// The compact wide layout (client row on top).
    pub compact: bool,
}

/// Whether lanes get an entry box for the focus.
fn wants_entries(m: &Model) -> bool {
    match (&m.mode, &m.focus) {
        (Mode::Proxied, Some(f)) => {
            f.kind != FrontendKind::ClusterIP
                || m.lanes.iter().any(|l| l.entry.as_ref().is_some_and(|e| e.specific || e.verdict != Verdict::Forward))
        }
        _ => false,
    }
}

pub fn layout(m: &Model, width: f64) -> Layout {
    let width = width.clamp(300.0, 2400.0);
    if width >= WIDE_MIN {
        wide(m, width)
    } else {
        narrow(m, width)
    }
}

/// `n` chips in one column from (`x`, `y`), at most `w` wide; and the column's height.
fn chip_column(x: f64, y: f64, w: f64, n: usize) -> (Vec<Rect>, f64) {
    let w = w.min(CHIP_MAX_W);
    let rects = (0..n).map(|i| Rect::new(x, y + i as f64 * (CHIP_H + CHIP_GAP), w, CHIP_H)).collect();
    (rects, n.max(1) as f64 * (CHIP_H + CHIP_GAP) - CHIP_GAP)
}

/// Where an arrow into a pod chip ends: the middle of its left edge.
pub fn arrival(chip: &Rect) -> (f64, f64) {
    chip.left_mid()
}

/// How wide a pod chip's name may be drawn, with `share` (e.g. "33.3%") at its right end.
pub fn chip_name_width(chip: &Rect, share: Option<&str>) -> f64 {
    let share_w = share.map_or(0.0, |s| s.chars().count() as f64 * SHARE_CHAR_PX + 10.0);
    (chip.w - CHIP_NAME_X - CHIP_PAD_R - share_w).max(0.0)
}

/// The spot for an entry box's ✕ (and a request traced to a drop there): its right end.
pub fn entry_mark(entry: &Rect) -> Rect {
    Rect::new(entry.right() - MARK_W, entry.y, MARK_W - 2.0, entry.h)
}

/// How wide an entry box's label (":30007", "VIP rules") may be: up to its mark.
pub fn entry_label_width(entry: &Rect) -> f64 {
    (entry.w - ENTRY_LABEL_X - MARK_W - 2.0).max(0.0)
}

/// `name` in at most `max` characters: whole if it fits, else cut in the middle so that what
/// tells names apart stays — the last `-`/`.` part (a pod's generated suffix) and as much of the
/// start as fits: `myapp-7c9d8f5b6-x2kq` in 15 is `myapp-7c9…-x2kq`. The full name goes in the
/// element's `<title>` and accessible name.
pub fn fit_name(name: &str, max: usize) -> String {
    let chars: Vec<char> = name.chars().collect();
    let n = chars.len();
    if n <= max {
        return name.to_string();
    }
    let max = max.max(5);
    let last = chars.iter().rposition(|c| *c == '-' || *c == '.').filter(|&i| i > 0);
    let tail = match last {
        // The suffix whole, with at least 3 characters of the start before the ellipsis.
        Some(i) if n - i + 4 <= max => n - i,
        _ => (max - 1) / 2,
    };
    let head = max - 1 - tail;
    let mut out: String = chars[..head].iter().collect();
    out.push('…');
    out.extend(&chars[n - tail..]);
    out
}

/// [`fit_name`] for `px` pixels of text at `char_px` per character.
pub fn fit_name_px(name: &str, px: f64, char_px: f64) -> String {
    fit_name(name, (px / char_px).floor().max(0.0) as usize)
}

fn fronts_of(m: &Model) -> Vec<Focus> {
    m.frontends
        .iter()
        .filter(|f| matches!(f.kind, FrontendKind::LoadBalancer | FrontendKind::ExternalIP))
        .cloned()
        .collect()
}

fn wide(m: &Model, width: f64) -> Layout {
    let mut l = Layout { width, wide: true, entries: wants_entries(m), ..Default::default() };
    let fronts = fronts_of(m);
    let compact = width < COLUMNS_MIN;
    l.compact = compact;
    let top = 34.0;
    let client_w = if compact { 124.0 } else { 112.0 };
    let x_client = PAD;
    let front_w = if compact { 150.0 } else { 140.0 };
    if let Mode::ExternalName { .. } = m.mode {
        // client → DNS → outside host, on one row.
        let x = x_client + client_w + 26.0;
        let bw = ((width - x - PAD - 26.0) / 2.0).clamp(150.0, 320.0);
        l.client = Rect::new(x_client, top, client_w, 56.0);
        l.bar = Rect::new(x, top, bw, 86.0);
        l.outside = Some(Rect::new(x + bw + 26.0, top, (width - PAD - (x + bw + 26.0)).min(320.0), 56.0));
        l.headings = vec![
            (l.client.cx(), 18.0, "Client"),
            (l.bar.cx(), 18.0, "Cluster DNS"),
            (l.outside.unwrap().cx(), 18.0, "Outside the cluster"),
        ];
        l.height = top + 86.0 + PAD;
        return l;
    }
    let (lanes_x, first_lane_y, bar_top);
    if compact {
        // Row on top: client, then the ways in.
        let row_y = 8.0;
        l.client = Rect::new(x_client, row_y, client_w, 48.0);
        let mut x = l.client.right() + 28.0;
        for f in fronts.iter().cloned() {
            l.fronts.push((f, Rect::new(x, row_y, front_w, 48.0)));
            x += front_w + 16.0;
        }
        lanes_x = PAD + if l.entries { 18.0 } else { 0.0 };
        bar_top = row_y + 48.0 + 22.0;
        first_lane_y = bar_top + 66.0;
        l.bus = l.entries.then_some((PAD + 4.0, row_y + 48.0 + 11.0));
    } else {
        let mut x = x_client + client_w + 26.0;
        if !fronts.is_empty() {
            x += front_w + 26.0;
        }
        lanes_x = x;
        bar_top = top;
        first_lane_y = top + 62.0;
    }
    let lane_w = width - PAD - lanes_x;
    let entry_w = 136.0;
    let bar_w = if compact { 116.0 } else { 128.0 };
    let bar_x = lanes_x + entry_w + if compact { 14.0 } else { 18.0 };
    let region_x = bar_x + bar_w + if compact { 24.0 } else { 30.0 };
    let region_w = (lanes_x + lane_w - 10.0 - region_x).max(CHIP_MIN_W);
    let mut y = first_lane_y;
    let lanes_top = y - 8.0;
    for lane in &m.lanes {
        let n = lane.pods.len() + usize::from(lane.hidden.0 > 0);
        let (mut rects, grid_h) = chip_column(region_x, y + 12.0, region_w, n.max(1));
        let more = if lane.hidden.0 > 0 { rects.pop() } else { None };
        rects.truncate(lane.pods.len());
        let entry_h = if l.entries { 98.0 } else { 52.0 };
        let h = (grid_h + 24.0).max(entry_h);
        let rect = Rect::new(lanes_x, y, lane_w, h);
        let header = Rect::new(lanes_x + 10.0, y + 8.0, entry_w - 10.0, 34.0);
        let entry = l.entries.then(|| Rect::new(lanes_x + 10.0, y + 46.0, entry_w - 14.0, 28.0));
        let region = Rect::new(region_x - 6.0, y + 6.0, lanes_x + lane_w - region_x, h - 12.0);
        l.lanes.push(LaneGeo { rect, header, entry, region, pods: rects, more });
        y += h + LANE_GAP;
    }
    if m.lanes.is_empty() && m.aggregate.is_none() {
        y += 40.0;
    }
    let mut lanes_bottom = y - LANE_GAP + 8.0;
    l.bar = Rect::new(bar_x, bar_top, bar_w, (lanes_bottom - bar_top).max(120.0));
    if m.aggregate.is_some() {
        // Below the Service box, full width.
        let ay = l.bar.bottom() + 16.0;
        l.aggregate = Some(Rect::new(lanes_x, ay, lane_w, 48.0));
        lanes_bottom = ay + 48.0;
    }
    if compact {
        l.headings = vec![
            (lanes_x + entry_w / 2.0, first_lane_y - 14.0, "Nodes"),
            (region_x + region_w.min(CHIP_MAX_W) / 2.0, first_lane_y - 14.0, "Pods"),
        ];
    } else {
        // Client and front boxes: level with the Service box's head for a cluster-IP focus,
        // else centred on the lanes.
        let mid = if l.entries || !fronts.is_empty() {
            ((lanes_top + lanes_bottom) / 2.0).min(lanes_top + 160.0)
        } else {
            top + 28.0
        };
        l.client = Rect::new(x_client, mid - 28.0, client_w, 56.0);
        let fh = 46.0;
        let total = fronts.len() as f64 * (fh + 10.0) - 10.0;
        let x_front = x_client + client_w + 26.0;
        for (i, f) in fronts.into_iter().enumerate() {
            l.fronts.push((f, Rect::new(x_front, mid - total / 2.0 + i as f64 * (fh + 10.0), front_w, fh)));
        }
        l.headings = vec![(l.client.cx(), 18.0, "Client")];
        if !l.fronts.is_empty() {
            l.headings.push((x_front + front_w / 2.0, 18.0, "Way in"));
        }
        l.headings.push((lanes_x + entry_w / 2.0, 18.0, "Nodes"));
        l.headings.push((region_x + region_w.min(CHIP_MAX_W) / 2.0, 18.0, "Pods"));
    }
    l.height =
        l.bar.bottom().max(lanes_bottom).max(l.client.bottom()).max(l.fronts.last().map_or(0.0, |f| f.1.bottom()))
            + PAD;
    l
}

fn narrow(m: &Model, width: f64) -> Layout {
    let mut l = Layout { width, wide: false, entries: wants_entries(m), ..Default::default() };
    let inner = width - 2.0 * PAD;
    let mut y = PAD;
    let cw = inner.min(240.0);
    l.client = Rect::new((width - cw) / 2.0, y, cw, 44.0);
    y += 44.0 + 22.0;
    for f in fronts_of(m) {
        l.fronts.push((f, Rect::new((width - cw) / 2.0, y, cw, 42.0)));
        y += 42.0 + 22.0;
    }
    let bar_h = if let Mode::ExternalName { .. } = m.mode { 70.0 } else { 62.0 };
    l.bar = Rect::new(PAD + 14.0, y, inner - 14.0, bar_h);
    y += bar_h + 22.0;
    if let Mode::ExternalName { .. } = m.mode {
        l.outside = Some(Rect::new((width - cw) / 2.0, y, cw, 48.0));
        l.height = y + 48.0 + PAD;
        return l;
    }
    let lane_x = PAD + 14.0;
    let lane_w = width - PAD - lane_x;
    for lane in &m.lanes {
        let n = lane.pods.len() + usize::from(lane.hidden.0 > 0);
        let head_h = if l.entries { 76.0 } else { 40.0 };
        let (mut rects, grid_h) = chip_column(lane_x + 8.0, y + head_h, lane_w - 16.0, n.max(1));
        let more = if lane.hidden.0 > 0 { rects.pop() } else { None };
        rects.truncate(lane.pods.len());
        let h = head_h + grid_h + 10.0;
        let rect = Rect::new(lane_x, y, lane_w, h);
        let header = Rect::new(lane_x + 8.0, y + 6.0, lane_w - 16.0, 30.0);
        let entry =
            l.entries.then(|| Rect::new(lane_x + 8.0, y + 41.0, ((lane_w - 16.0) * 0.45).clamp(96.0, 150.0), 26.0));
        let region = Rect::new(lane_x + 4.0, y + head_h - 4.0, lane_w - 8.0, grid_h + 8.0);
        l.lanes.push(LaneGeo { rect, header, entry, region, pods: rects, more });
        y += h + LANE_GAP;
    }
    if m.aggregate.is_some() {
        l.aggregate = Some(Rect::new(lane_x, y, lane_w, 56.0));
        y += 56.0 + LANE_GAP;
    }
    l.height = y + PAD;
    l
}

#[cfg(test)]
mod tests {
    use super::super::model::{build, Options};
    use super::*;
    use crate::present::testing::{analysis, LOADBALANCER, MY_SERVICE};

    const NGINX: &str = include_str!("../../../../../examples/02-nginx-deployment.yaml");

    fn layouts(text: &str) -> Vec<(Model, Layout)> {
        let a = analysis(text);
        let mut out = Vec::new();
        for v in &a.services {
            let m = build(&a, v, &Options { port_idx: 0, focus: None, show_all_nodes: false });
            for w in [390.0, 640.0, 700.0, 1000.0, 1280.0, 2400.0] {
                out.push((m.clone(), layout(&m, w)));
            }
        }
        out
    }

    #[test]
    fn every_chip_has_an_open_left_edge_for_its_arrow() {
        // Nine replicas: three pods a node; and the LoadBalancer example's two Services.
        let nine = NGINX.replace("replicas: 3", "replicas: 9");
        for text in [MY_SERVICE, nine.as_str(), LOADBALANCER] {
            for (m, l) in layouts(text) {
                for (li, lane) in l.lanes.iter().enumerate() {
                    assert_eq!(lane.pods.len(), m.lanes[li].pods.len());
                    for (i, p) in lane.pods.iter().enumerate() {
                        let (x, y) = arrival(p);
                        assert_eq!((x, y), (p.x, p.cy()), "the arrow ends on the chip's left edge");
                        // From the lane's left to the chip, at the chip's middle, no other chip.
                        for (j, q) in lane.pods.iter().enumerate() {
                            if i != j {
                                let crosses = q.y <= y && y <= q.bottom() && q.x < x;
                                assert!(!crosses, "{} at {}: an arrow to chip {i} crosses chip {j}", m.name, l.width);
                                assert!(q.bottom() <= p.y || p.bottom() <= q.y, "chips {i} and {j} overlap");
                            }
                        }
                        assert!(p.right() <= lane.rect.right() + 0.5 && p.bottom() <= lane.rect.bottom() + 0.5);
                    }
                    if l.wide {
                        // Left of the chips and right of the Service box: room for the arrowhead.
                        for p in &lane.pods {
                            assert!(p.x - l.bar.right() >= 20.0, "{} at {}: arrow room", m.name, l.width);
                        }
                    }
                }
            }
        }
    }

    #[test]
    fn names_are_cut_in_the_middle_keeping_the_suffix() {
        assert_eq!(fit_name("myapp-7c9d8f5b6-x2kq", 15), "myapp-7c9…-x2kq");
        assert_eq!(fit_name("myapp-1", 15), "myapp-1");
        let pods = [
            "nginx-deployment-7dbdb6685-zbndx",
            "nginx-deployment-7dbdb6685-cnqvh",
            "nginx-deployment-7dbdb6685-vlls6",
        ];
        for max in [12, 16, 20, 25] {
            let cut: Vec<String> = pods.iter().map(|p| fit_name(p, max)).collect();
            for c in &cut {
                assert!(c.chars().count() <= max, "{c} fits in {max}");
                assert!(c.starts_with("nginx") && c.contains('…'), "{c}");
            }
            assert!(cut[0] != cut[1] && cut[1] != cut[2] && cut[0] != cut[2], "still tell apart at {max}: {cut:?}");
        }
        // No separator near the end: half and half.
        assert_eq!(fit_name("abcdefghijklmnopqrstuvwxyz", 9), "abcd…wxyz");
        // Tiny budgets stay a name, never an empty string or a panic.
        assert_eq!(fit_name("node-with-a-long-name", 0).chars().count(), 5);
        assert_eq!(fit_name("ünïcödé-näme-ßuffix", 12), "ünïc…-ßuffix");
        assert_eq!(fit_name_px("myapp-7c9d8f5b6-x2kq", 15.0 * 6.7, 6.7), "myapp-7c9…-x2kq");
    }

    #[test]
    fn a_chips_name_and_share_fit_side_by_side() {
        for (_, l) in layouts(MY_SERVICE) {
            for p in l.lanes.iter().flat_map(|lane| &lane.pods) {
                for share in [None, Some("50%"), Some("33.3%"), Some("100%")] {
                    let w = chip_name_width(p, share);
                    let share_w = share.map_or(0.0, |s| s.chars().count() as f64 * SHARE_CHAR_PX);
                    assert!(w > 60.0, "room for a name at {}", l.width);
                    assert!(CHIP_NAME_X + w + share_w + CHIP_PAD_R <= p.w, "name and share do not overlap");
                }
            }
        }
    }

    #[test]
    fn an_entrys_mark_is_right_of_its_label() {
        let a = analysis(LOADBALANCER);
        let v = &a.services[0];
        let focus = build(&a, v, &Options { port_idx: 0, focus: None, show_all_nodes: false }).frontends;
        for f in focus {
            let m = build(&a, v, &Options { port_idx: 0, focus: Some(f), show_all_nodes: false });
            for w in [390.0, 700.0, 1280.0] {
                for lane in layout(&m, w).lanes {
                    let Some(e) = lane.entry else { continue };
                    let mark = entry_mark(&e);
                    assert!(e.x + ENTRY_LABEL_X + entry_label_width(&e) <= mark.x, "the label ends before the mark");
                    assert!(mark.x >= e.x && mark.right() <= e.right(), "the mark is inside the entry box");
                    // "VIP rules" and "ext. IP rules" fit whole.
                    assert!(entry_label_width(&e) >= 13.0 * MONO_CHAR_PX, "{w}: {}", entry_label_width(&e));
                }
            }
        }
    }

    #[test]
    fn boxes_do_not_overlap_and_fit() {
        let a = analysis(MY_SERVICE);
        let m = build(&a, &a.services[0], &Options { port_idx: 0, focus: None, show_all_nodes: false });
        for w in [390.0, 640.0, 700.0, 1280.0] {
            let l = layout(&m, w);
            assert_eq!(l.lanes.len(), 3);
            for lane in &l.lanes {
                assert!(lane.rect.right() <= w + 0.5, "lane fits at {w}");
                for p in &lane.pods {
                    assert!(p.right() <= lane.rect.right() + 0.5, "pod fits in lane at {w}");
                }
            }
            for pair in l.lanes.windows(2) {
                assert!(pair[0].rect.bottom() <= pair[1].rect.y, "lanes do not overlap at {w}");
            }
        }
    }
}
