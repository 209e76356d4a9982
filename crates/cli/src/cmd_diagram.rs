//! `svcplay diagram [--service NS/NAME] [--port N] [--frontend KIND[:IP]] [--theme light|dark]
//! [--width PX] [PATH...]`: the page's traffic diagram of one Service port as an SVG file on its
//! own (standard output), drawn by the same code as the page, in the chosen theme's colours.
//!
//! The Service is the first one in the input unless `--service` names another (`NAME` alone means
//! the default namespace); `--port` is a Service port's number or name (default: the first);
//! `--frontend` the traffic shown, as the page's "Traffic to" buttons choose it: `clusterIP`,
//! `nodePort`, `loadBalancer` or `externalIP`, with `:IP` to pick one of several (default: the
//! outermost way in, as on the page).
//! Exit status: 0 drawn, 1 no Service to draw, 2 usage (unknown Service, port or theme).

use crate::args::Args;
use crate::{input, UsageError};
use engine::present::diagram::{build, file, Options, Theme, FILE_WIDTH};

pub fn run(argv: &[String]) -> Result<u8, UsageError> {
    let args = Args::parse(argv, &["--service", "--port", "--frontend", "--theme", "--width"])?;
    let theme = match args.flag("--theme") {
        None => Theme::Light,
        Some(t) => Theme::parse(t).ok_or_else(|| UsageError(format!("--theme must be light or dark, not `{t}`")))?,
    };
    let width = match args.flag("--width") {
        None => FILE_WIDTH,
        Some(w) => w
            .parse::<f64>()
            .ok()
            .filter(|w| (300.0..=2400.0).contains(w))
            .ok_or_else(|| UsageError(format!("--width must be a number of pixels from 300 to 2400, not `{w}`")))?,
    };
    let sources = input::read_sources(&args.positional)?;
    let a = engine::analyze(&sources);
    if a.services.is_empty() {
        eprintln!("svcplay: no valid Service in the input to draw");
        return Ok(1);
    }
    let names = || a.services.iter().map(|v| format!("{}/{}", v.namespace, v.name)).collect::<Vec<_>>().join(", ");
    let v = match args.flag("--service") {
        None => &a.services[0],
        Some(s) => {
            let (ns, name) = s.split_once('/').unwrap_or(("default", s));
            a.services
                .iter()
                .find(|v| v.namespace == ns && v.name == name)
                .ok_or_else(|| UsageError(format!("no Service `{ns}/{name}` in the input (there is: {})", names())))?
        }
    };
    let ports = a.objects.get(v.object).and_then(|o| o.service()).map(|s| s.spec.ports.as_slice()).unwrap_or_default();
    let port_idx = match args.flag("--port") {
        None => 0,
        Some(p) => ports.iter().position(|sp| sp.port.to_string() == p || sp.name == p).ok_or_else(|| {
            let have = ports.iter().map(|sp| sp.port.to_string()).collect::<Vec<_>>().join(", ");
            UsageError(format!("Service {}/{} has no port `{p}` (its ports: {have})", v.namespace, v.name))
        })?,
    };
    let mut options = Options { port_idx, focus: None, show_all_nodes: false };
    if let Some(want) = args.flag("--frontend") {
        let (kind, ip) = want.split_once(':').map_or((want, None), |(k, ip)| (k, Some(ip)));
        let fronts = build(&a, v, &options).frontends;
        let found =
            fronts.iter().find(|f| f.kind.as_str().eq_ignore_ascii_case(kind) && ip.is_none_or(|ip| f.ip == ip));
        let Some(f) = found else {
            let have = fronts
                .iter()
                .map(|f| {
                    if f.ip.is_empty() {
                        f.kind.as_str().to_string()
                    } else {
                        format!("{}:{}", f.kind.as_str(), f.ip)
                    }
                })
                .collect::<Vec<_>>()
                .join(", ");
            return Err(UsageError(format!("no frontend `{want}` for this port (there is: {have})")));
        };
        options.focus = Some(f.clone());
    }
    print!("{}", file(&a, v, &options, width, theme).text);
    Ok(0)
}
