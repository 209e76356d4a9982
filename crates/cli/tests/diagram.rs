//! `svcplay diagram`, run as a user would. The cases are data: each `tests/data/diagram/*.args`
//! holds the arguments (one a line, paths relative to that folder) and the `.svg` beside it the
//! expected output, byte for byte (`BLESS=1 cargo test -p svcplay --test diagram` rewrites them).

mod common;

use common::{svcplay, Out};
use std::path::Path;

fn run_in(dir: &Path, args: &[String]) -> Out {
    let rel: Vec<String> =
        args.iter().map(|a| if a.ends_with(".yaml") { dir.join(a).display().to_string() } else { a.clone() }).collect();
    let mut argv = vec!["diagram"];
    argv.extend(rel.iter().map(String::as_str));
    svcplay(&argv, None)
}

#[test]
fn each_case_prints_its_expected_svg() {
    let dir = Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/data/diagram");
    let mut cases: Vec<_> = std::fs::read_dir(&dir)
        .unwrap()
        .map(|e| e.unwrap().path())
        .filter(|p| p.extension().is_some_and(|x| x == "args"))
        .collect();
    cases.sort();
    assert!(cases.len() >= 4, "{} cases", cases.len());
    for case in cases {
        let args: Vec<String> = std::fs::read_to_string(&case).unwrap().lines().map(String::from).collect();
        let o = run_in(&dir, &args);
        assert_eq!(o.code, 0, "{}: {}", case.display(), o.stderr);
        assert!(o.stderr.is_empty(), "{}: {}", case.display(), o.stderr);
        let expected = case.with_extension("svg");
        if std::env::var_os("BLESS").is_some() {
            std::fs::write(&expected, &o.stdout).unwrap();
            continue;
        }
        let want = std::fs::read_to_string(&expected).unwrap_or_else(|e| panic!("{}: {e}", expected.display()));
        assert!(
            o.stdout == want,
            "{}: the output differs from {} (BLESS=1 rewrites it)",
            case.display(),
            expected.display()
        );
    }
}

#[test]
fn the_theme_changes_the_colours_not_the_picture() {
    let example = Path::new(env!("CARGO_MANIFEST_DIR")).join("../../examples/06-loadbalancer.yaml");
    let ex = example.display().to_string();
    let light = svcplay(&["diagram", &ex], None);
    let dark = svcplay(&["diagram", "--theme", "dark", &ex], None);
    assert_eq!((light.code, dark.code), (0, 0), "{}{}", light.stderr, dark.stderr);
    assert_ne!(light.stdout, dark.stdout);
    // Without the colours, the same elements, texts and geometry.
    let strip = |s: &str| -> String {
        let mut out = String::new();
        for part in s.split('"').collect::<Vec<_>>().chunks(2) {
            out.push_str(part[0]);
            if let Some(v) = part.get(1) {
                out.push('"');
                if !v.starts_with('#') && !v.starts_with("0.") {
                    out.push_str(v);
                }
                out.push('"');
            }
        }
        out
    };
    assert_eq!(strip(&light.stdout), strip(&dark.stdout));
    assert!(light.stdout.contains("fill=\"#ffffff\"") && dark.stdout.contains("fill=\"#171b23\""));
    // The first Service by default; the other one by name.
    assert!(light.stdout.contains(">web-cluster<"));
    let local = svcplay(&["diagram", "--service", "web-local", &ex], None);
    assert!(local.stdout.contains(">web-local<") && !local.stdout.contains(">web-cluster<"));
}

#[test]
fn usage_errors_and_nothing_to_draw() {
    let example = Path::new(env!("CARGO_MANIFEST_DIR")).join("../../examples/11-multi-port.yaml");
    let ex = example.display().to_string();
    let cases: [(&[&str], &str); 6] = [
        (
            &["diagram", "--frontend", "loadBalancer", &ex],
            "no frontend `loadBalancer` for this port (there is: clusterIP:10.",
        ),
        (
            &["diagram", "--service", "default/nope", &ex],
            "no Service `default/nope` in the input (there is: default/my-service)",
        ),
        (&["diagram", "--port", "8080", &ex], "has no port `8080` (its ports: 80, 443)"),
        (&["diagram", "--theme", "blue", &ex], "--theme must be light or dark, not `blue`"),
        (&["diagram", "--width", "20", &ex], "--width must be a number of pixels from 300 to 2400"),
        (&["diagram", "--frobnicate", &ex], "unknown option `--frobnicate`"),
    ];
    for (args, msg) in cases {
        let o = svcplay(args, None);
        assert_eq!(o.code, 2, "{args:?}");
        assert!(o.stderr.contains(msg), "{args:?}: {}", o.stderr);
        assert!(o.stdout.is_empty());
    }
    let o = svcplay(
        &["diagram", "-"],
        Some("apiVersion: v1\nkind: Pod\nmetadata: {name: p}\nspec: {containers: [{name: c, image: i}]}\n"),
    );
    assert_eq!(o.code, 1);
    assert!(o.stderr.contains("no valid Service"), "{}", o.stderr);
}
