//! The presentation layer (`engine::present`): it sits on top of the engine, and it gives an
//! answer for every Service of every gallery example and fixture.

mod common;

use engine::model::Kind;
use engine::present::diagram::{build, layout, Options};
use engine::present::stored::Mark;
use engine::present::{chooser, cluster, dns, endpoints, routes, service, stored, teach, trace};
use engine::{analyze, Source};
use std::path::Path;

/// No engine module outside `present/` refers to it (the module graph stays a layering).
#[test]
fn nothing_else_in_the_engine_uses_present() {
    let src = Path::new(env!("CARGO_MANIFEST_DIR")).join("src");
    let present = src.join("present");
    let files = common::files(&src, "rs");
    assert!(files.iter().any(|f| f.starts_with(&present)), "no present/ module found");
    for f in files.iter().filter(|f| !f.starts_with(&present)) {
        let text = std::fs::read_to_string(f).unwrap();
        let code = text.split("#[cfg(test)]").next().unwrap_or_default();
        assert!(!code.contains("present::"), "{} uses the presentation layer", f.display());
    }
}

/// Every Service of every input: details, DNS, endpoints text, stored YAML, routes, the diagram
/// at a phone's and a desktop's width, and the request form all have an answer that holds
/// together.
#[test]
fn every_service_of_every_input() {
    let mut services = 0;
    for path in common::yaml_inputs() {
        let text = std::fs::read_to_string(&path).unwrap();
        let a = analyze(&[Source::new(path.display().to_string(), text)]);
        let cv = cluster::cluster_view(&a);
        assert_eq!(cv.rows.len(), cluster::ClusterField::ALL.len(), "{}", path.display());
        for r in &cv.rows {
            let at = format!("{} {:?}", path.display(), r.field);
            assert!(!r.values.is_empty() && r.values.iter().all(|v| !v.text.is_empty()), "{at}");
            // A stated setting points at its line; the others say how to state them.
            assert_eq!(r.at.is_some(), r.kind == "stated", "{at}: {r:?}");
            assert_eq!(r.note.is_some(), r.kind != "stated", "{at}: {r:?}");
        }
        assert_eq!(cv.nodes.len(), a.nodes.len(), "{}", path.display());
        let ns: usize = chooser::namespaces(&a).iter().map(|(_, c)| c).sum();
        assert_eq!(ns, a.services.len(), "{}", path.display());
        for v in &a.services {
            services += 1;
            let at = format!("{} {}/{}", path.display(), v.namespace, v.name);
            let s = service::summary(&a, v).unwrap_or_else(|| panic!("{at}: no summary"));
            assert_eq!(s.pods.len(), v.selected.len(), "{at}");

            // The teaching aids: one type highlighted, one port chain per port (none for
            // ExternalName), every selected pod among the labelled ones and every one a target.
            let l = teach::ladder(&a, v).unwrap_or_else(|| panic!("{at}: no ladder"));
            let current = l.steps.iter().chain([&l.external_name]).filter(|s| s.rung == teach::Rung::Current);
            assert_eq!(current.map(|s| s.type_).collect::<Vec<_>>(), [s.type_], "{at}");
            let chains = teach::port_chains(&a, v);
            if s.type_ != engine::model::ServiceType::ExternalName {
                assert_eq!(chains.len(), s.ports.len(), "{at}");
            }
            for c in &chains {
                assert_eq!(c.targets.iter().map(|t| t.pods.len()).sum::<usize>(), v.selected.len(), "{at}");
            }
            let labelled = teach::pod_labels(&a, v);
            if s.selector.is_some() {
                let selected = labelled.iter().filter(|p| v.selected.contains(&p.object)).count();
                assert_eq!(selected, v.selected.len(), "{at}");
                for p in &labelled {
                    let ok =
                        p.missing.is_empty() && p.badges.iter().all(|b| !matches!(b.mark, teach::Mark::Differs { .. }));
                    assert_eq!(ok, v.selected.contains(&p.object), "{at}: {}", p.name);
                }
            }

            let d = dns::service_dns(&a, v);
            assert!(d.fqdn.ends_with(&format!(".svc.{}.", a.cluster.domain())), "{at}: {}", d.fqdn);
            assert!(d.records.iter().all(|r| r.name.ends_with(&d.fqdn)), "{at}");

            let k = endpoints::kubectl_text(v);
            assert!(!k.is_empty() && !k.ends_with('\n'), "{at}");
            assert_eq!(k.contains("endpoints/"), v.endpoints.endpoints.is_some(), "{at}: {k}");

            let st = stored::stored(&a, v).unwrap_or_else(|| panic!("{at}: nothing stored"));
            assert_eq!(st.service.lines[1].text, "kind: Service", "{at}");
            assert!(st.service.lines.iter().any(|l| l.mark == Mark::Added), "{at}: the API server adds nothing?");
            for (_, y) in &st.slices {
                assert_eq!(y.lines[0].text, "apiVersion: discovery.k8s.io/v1", "{at}");
                assert_eq!(y.lines[1].text, "kind: EndpointSlice", "{at}");
            }

            for pr in &v.routes.ports {
                let folded = routes::fold(pr, None, None);
                let n: usize = folded.iter().map(|r| r.nodes.len()).sum();
                assert_eq!(n, pr.frontends.iter().map(|f| f.routes.len()).sum::<usize>(), "{at}: every route once");
            }

            let m = build(&a, v, &Options { port_idx: 0, focus: None, show_all_nodes: false });
            for w in [390.0, 1280.0] {
                let g = layout(&m, w);
                assert_eq!(g.lanes.len(), m.lanes.len(), "{at}");
                assert!(g.lanes.iter().all(|l| l.rect.right() <= w + 0.5), "{at}: a lane sticks out at {w}");
            }
            let c = trace::choices(&a, v, &m);
            assert!(c.sources.iter().any(|s| s.value == c.default_source), "{at}");
            assert!(
                c.destinations.is_empty() || c.destinations.iter().any(|d| d.value == c.default_destination),
                "{at}"
            );
        }
        // The objects that are no Service render too (a user's Endpoints or EndpointSlice).
        for o in a.objects.iter().filter(|o| o.valid && matches!(o.kind, Kind::Endpoints | Kind::EndpointSlice)) {
            let lines = stored::object_lines(o);
            assert_eq!(lines[1].text, format!("kind: {}", o.kind), "{}", path.display());
        }
    }
    assert!(services > 100, "only {services} Services in the inputs");
}

/// The Traffic callout of every Service of every gallery example and explaining-check fixture,
/// compared with `tests/data/callouts.expected` (`BLESS=1` rewrites it: read the diff). Every
/// cause points at a line of the input, and one that says traffic fails comes from a finding or
/// from a fact the callout states (no pods, no EndpointSlice).
#[test]
fn callouts_of_examples_and_check_fixtures() {
    use engine::present::callout::{callout, Tone};
    let mut inputs = common::files(&common::root().join("../../examples"), "yaml");
    inputs.extend(common::files(&common::root().join("tests/fixtures/checks"), "yaml"));
    let mut out = String::new();
    for path in inputs {
        let text = common::read(&path);
        let a = analyze(&[Source::new("x.yaml", text.clone())]);
        let file = path.file_name().unwrap().to_string_lossy().to_string();
        for v in &a.services {
            for (i, _) in
                v.routes.ports.iter().enumerate().chain(v.routes.ports.is_empty().then_some((0, &Default::default())))
            {
                for c in callout(&a, v, i) {
                    let at = format!("{file} {}/{} port {i}", v.namespace, v.name);
                    assert!(c.line >= 1 && (c.line as usize) <= text.lines().count(), "{at}: line {} outside", c.line);
                    assert!(!c.text.is_empty() && !c.title.is_empty(), "{at}");
                    let code = c.code.map_or("-", |k| k.as_str());
                    out.push_str(&format!("{at}: {} {} ({code}) → line {}\n", c.tone.as_str(), c.title, c.line));
                    if c.tone == Tone::Fails && c.code.is_some() {
                        assert!(a.diagnostics.iter().any(|d| Some(d.code) == c.code), "{at}");
                    }
                }
            }
        }
    }
    let expected = common::root().join("tests/data/callouts.expected");
    if let Some(failure) = common::compare_or_bless(&expected, &out, &expected) {
        panic!("{failure}");
    }
}
