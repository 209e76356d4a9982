//! Keeping and sharing a session, and the browser APIs around it.
//!
//! - **Share links**: `#s=` + base64url of the deflate-raw compressed session (the browser's
//!   `CompressionStream`; no compression code in the wasm). The payload is `1\n<view>\n<ns/name>\n<text>`.
//! - **Autosave**: the same payload in `localStorage`, written a moment after the last change and
//!   when the page is hidden; read back on load (a share link wins over it).
//! - **Theme**: remembered in `localStorage`, applied as `document.documentElement.dataset.theme`.
//! - Download (a Blob and an object URL), upload and drop of files, the clipboard, and the embed
//!   options (`#embed&example=nodeport&view=traffic&readonly`, or `?embed...`).
//!
//! Everything that can fail (a damaged link, a full or blocked storage, a file that is not text)
//! ends in a message for the person, never a panic. The parsing is pure and tested natively.

use crate::state::{Session, Tab, Theme};
use std::rc::Rc;
use wasm_bindgen::prelude::*;
use web_sys::js_sys::Uint8Array;

/// Version tag of the payload format.
const FORMAT: &str = "1";
/// Longest `#s=` value accepted (Chromium's URL limit is 2 MB).
pub const MAX_LINK_CHARS: usize = 2 * 1024 * 1024;
/// Largest decompressed session accepted from a link (a small link can inflate enormously).
pub const MAX_SESSION_BYTES: u32 = 16 * 1024 * 1024;

const SESSION_KEY: &str = "service-playground:session";
const THEME_KEY: &str = "service-playground:theme";
const PREVIOUS_KEY: &str = "service-playground:previous";

// ============================================================================ pure parts

/// The session as one string: `1\n<view>\n<namespace/name>\n<text>`.
pub fn encode_session(s: &Session) -> String {
    let tab = s.tab.map(|t| t.id()).unwrap_or("");
    let svc = s.service.as_ref().map(|(ns, n)| format!("{ns}/{n}")).unwrap_or_default();
    format!("{FORMAT}\n{tab}\n{svc}\n{}", s.text)
}

/// Reads [`encode_session`]'s output; anything else is an error.
pub fn decode_session(payload: &str) -> Result<Session, String> {
    let mut parts = payload.splitn(4, '\n');
    let (Some(v), Some(tab), Some(svc), Some(text)) = (parts.next(), parts.next(), parts.next(), parts.next()) else {
        return Err("the link's content is incomplete".into());
    };
    if v != FORMAT {
        return Err(format!("the link's format ({:.10}) is not one this version reads", v));
    }
    let tab = if tab.is_empty() { None } else { Some(Tab::from_id(tab).ok_or("the link names an unknown view")?) };
    let service = match svc.split_once('/') {
        Some((ns, n)) if !ns.is_empty() && !n.is_empty() => Some((ns.to_string(), n.to_string())),
        _ if svc.is_empty() => None,
        _ => return Err("the link names a Service in an unknown form".into()),
    };
    Ok(Session { text: text.into(), service, tab })
}

/// A file's text from its bytes, read as UTF-8 the way the browser's `file.text()` does: a leading
/// byte order mark is dropped and each invalid sequence becomes U+FFFD. A valid file (nearly
/// every one) is taken as it is, without a copy.
pub fn file_text(mut bytes: Vec<u8>) -> String {
    if bytes.starts_with(b"\xEF\xBB\xBF") {
        bytes.drain(..3);
    }
    String::from_utf8(bytes).unwrap_or_else(|e| String::from_utf8_lossy(e.as_bytes()).into_owned())
}

/// What the URL asks for.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct UrlParams {
    pub embed: bool,
    pub readonly: bool,
    /// Embed the diagram alone: no editor (implies `readonly`).
    pub figure: bool,
    pub example: Option<String>,
    pub view: Option<String>,
    /// `service=<namespace>/<name>` (or `service=<name>` in `default`): the Service to show.
    pub service: Option<(String, String)>,
    pub theme: Option<String>,
    /// The `s=` value of a share link.
    pub shared: Option<String>,
}

/// Keys of the fragment that say what to open (not how the page looks): they are dropped from the
/// address bar once the person changes something, so a reload shows their work (the autosave),
/// not the link again.
const LINK_KEYS: [&str; 5] = ["example", "view", "tab", "service", "s"];

impl UrlParams {
    /// Reads `?a&b=c` and `#a&b=c` (both may carry options; the fragment wins).
    pub fn parse(search: &str, hash: &str) -> UrlParams {
        let mut p = UrlParams::default();
        for part in [search.trim_start_matches('?'), hash.trim_start_matches('#')] {
            for kv in part.split('&').filter(|s| !s.is_empty()) {
                let (k, v) = kv.split_once('=').unwrap_or((kv, ""));
                let flag = !matches!(v, "0" | "false" | "no");
                match k {
                    "embed" => p.embed = flag,
                    "readonly" | "read-only" => p.readonly = flag,
                    "figure" => p.figure = flag,
                    "example" => p.example = Some(v.to_string()),
                    "view" | "tab" => p.view = Some(v.to_string()),
                    "service" => p.service = parse_service(&decode_component(v)),
                    "theme" => p.theme = Some(v.to_string()),
                    "s" => p.shared = Some(v.to_string()),
                    _ => {}
                }
            }
        }
        p
    }

    /// Whether the page laid out for `self` must be rebuilt (reloaded) to show `other`: the embed
    /// layout and its read-only or figure form are fixed when the page starts.
    pub fn layout_differs(&self, other: &UrlParams) -> bool {
        (self.embed, self.embed && (self.readonly || self.figure), self.embed && self.figure)
            != (other.embed, other.embed && (other.readonly || other.figure), other.embed && other.figure)
    }
}

/// `ns/name`, or `name` (in `default`); anything else is ignored.
fn parse_service(v: &str) -> Option<(String, String)> {
    let (ns, name) = v.split_once('/').unwrap_or(("default", v));
    (!ns.is_empty() && !name.is_empty() && !name.contains('/')).then(|| (ns.to_string(), name.to_string()))
}

/// `%2F` → `/` and the like (a hand-written or encoded link); bad escapes stay as written.
fn decode_component(v: &str) -> String {
    let b = v.as_bytes();
    let mut out = Vec::with_capacity(b.len());
    let mut i = 0;
    while i < b.len() {
        let hex = |c: u8| (c as char).to_digit(16);
        match (b[i], b.get(i + 1).copied().and_then(hex), b.get(i + 2).copied().and_then(hex)) {
            (b'%', Some(h), Some(l)) => {
                out.push((h * 16 + l) as u8);
                i += 3;
            }
            (c, _, _) => {
                out.push(c);
                i += 1;
            }
        }
    }
    String::from_utf8(out).unwrap_or_else(|_| v.to_string())
}

/// The fragment without the keys that open something ([`LINK_KEYS`]): `#embed&example=x&theme=dark`
/// → `#embed&theme=dark`; empty when nothing is left.
pub fn fragment_without_links(hash: &str) -> String {
    let kept: Vec<&str> = hash
        .trim_start_matches('#')
        .split('&')
        .filter(|kv| !kv.is_empty() && !LINK_KEYS.contains(&kv.split_once('=').map_or(*kv, |(k, _)| k)))
        .collect();
    if kept.is_empty() {
        String::new()
    } else {
        format!("#{}", kept.join("&"))
    }
}

/// The marker comment that makes embed.js turn a code block into a playground.
pub const EMBED_MARKER: &str = "# service-playground:";

/// What "Copy embed snippet" copies: the `<script>` of the embed kit (beside the playground at
/// `page_url`) and a Markdown code block of this session, marked with its view and Service.
pub fn embed_snippet(page_url: &str, s: &Session) -> String {
    let dir = page_url.rfind('/').map_or(page_url, |i| &page_url[..=i]);
    let mut marker = EMBED_MARKER.to_string();
    if let Some(t) = s.tab {
        marker.push_str(&format!(" view={}", t.id()));
    }
    if let Some((ns, name)) = &s.service {
        marker.push_str(&format!(" service={ns}/{name}"));
    }
    // The text without a marker of its own (a snippet pasted back in), ending in one newline.
    let text = s.text.strip_prefix('\n').unwrap_or(&s.text);
    let text = match text.split_once('\n') {
        Some((first, rest)) if first.trim_start().starts_with(EMBED_MARKER) => rest,
        _ => text,
    };
    // A fence longer than any run of backticks in the text.
    let longest = text.split(|c| c != '`').map(str::len).max().unwrap_or(0);
    let fence = "`".repeat(longest.max(2) + 1);
    format!(
        "<script src=\"{dir}embed.js\" defer></script>\n\n{fence}yaml\n{marker}\n{}\n{fence}\n",
        text.trim_end_matches('\n')
    )
}

/// The fragment of a share link for this session's compressed payload.
pub fn link_fragment(compressed: &str) -> String {
    format!("#s={compressed}")
}

// ============================================================================ browser glue

#[wasm_bindgen(inline_js = r#"
function toB64url(bytes) {
  let s = '';
  for (let i = 0; i < bytes.length; i += 0x8000) s += String.fromCharCode.apply(null, bytes.subarray(i, i + 0x8000));
  return btoa(s).replace(/\+/g, '-').replace(/\//g, '_').replace(/=+$/, '');
}
function fromB64url(s) {
  if (!/^[A-Za-z0-9_-]*$/.test(s)) throw new Error('it contains characters a link never has');
  s = s.replace(/-/g, '+').replace(/_/g, '/');
  while (s.length % 4) s += '=';
  const bin = atob(s);
  const out = new Uint8Array(bin.length);
  for (let i = 0; i < bin.length; i++) out[i] = bin.charCodeAt(i);
  return out;
}
async function readAll(stream, max) {
  const reader = stream.getReader();
  const chunks = [];
  let n = 0;
  for (;;) {
    const { done, value } = await reader.read();
    if (done) break;
    n += value.length;
    if (n > max) { reader.cancel().catch(() => {}); throw new Error('it expands to more than ' + max + ' bytes'); }
    chunks.push(value);
  }
  const out = new Uint8Array(n);
  let o = 0;
  for (const c of chunks) { out.set(c, o); o += c.length; }
  return out;
}
const why = (e) => String((e && e.message) || e || 'unknown error');
export function sp_compress(text, cb) {
  (async () => {
    const cs = new Blob([new TextEncoder().encode(text)]).stream().pipeThrough(new CompressionStream('deflate-raw'));
    return toB64url(await readAll(cs, Infinity));
  })().then((s) => cb(s, ''), (e) => cb('', why(e)));
}
export function sp_decompress(b64, max, cb) {
  (async () => {
    const ds = new Blob([fromB64url(b64)]).stream().pipeThrough(new DecompressionStream('deflate-raw'));
    return new TextDecoder('utf-8', { fatal: true }).decode(await readAll(ds, max));
  })().then((s) => cb(s, ''), (e) => cb('', why(e)));
}
export function sp_copy(text, cb) {
  const fallback = () => {
    const active = document.activeElement;
    let ok = false;
    try {
      const ta = document.createElement('textarea');
      ta.value = text; ta.setAttribute('readonly', ''); ta.setAttribute('aria-hidden', 'true');
      ta.style.position = 'fixed'; ta.style.top = '0'; ta.style.opacity = '0';
      document.body.appendChild(ta); ta.select();
      ok = document.execCommand('copy');
      ta.remove();
    } catch (e) { ok = false; }
    if (active && active.focus) active.focus();
    cb(!!ok);
  };
  if (navigator.clipboard && window.isSecureContext) navigator.clipboard.writeText(text).then(() => cb(true), fallback);
  else fallback();
}
export function sp_download(name, text) {
  const url = URL.createObjectURL(new Blob([text], { type: 'application/yaml' }));
  const a = document.createElement('a');
  a.href = url; a.download = name; a.style.display = 'none';
  document.body.appendChild(a); a.click(); a.remove();
  setTimeout(() => URL.revokeObjectURL(url), 30000);
}
const MAX_FILE = 64 * 1024 * 1024;
// The file goes to the app as bytes (the app makes them text: UTF-8, as `file.text()` would), in
// pieces of 4 MB, one per task. Bytes cross into wasm as one native copy each, straight into the
// app's buffer; a JS string would be decoded here, then encoded again character by character on
// its way in (a tenth of a second for a 24 MB dump). The first piece says how long the whole is,
// so the app makes room once.
const PIECE = 4 << 20;
function readFile(file, cb) {
  if (!file) return;
  const none = new Uint8Array(0);
  if (file.size > MAX_FILE) { cb(none, file.name, 'it is larger than 64 MB', true, 0); return; }
  file.arrayBuffer().then((buf) => {
    const bytes = new Uint8Array(buf);
    let at = 0;
    // Each next piece comes as a message to itself, a task of its own (the page paints between
    // them): a zero timeout waits at least 4 ms once nested (the browser's clamp).
    const tick = new MessageChannel();
    const next = () => {
      // The end in a task of its own: the app shows the text then (a render).
      if (at >= bytes.length) { tick.port1.close(); cb(none, file.name, '', true, bytes.length); return; }
      const piece = bytes.subarray(at, Math.min(bytes.length, at + PIECE));
      if (piece.indexOf(0) >= 0) { tick.port1.close(); cb(none, file.name, 'it is not a text file', true, 0); return; }
      cb(piece, file.name, '', false, bytes.length);
      at += piece.length;
      tick.port2.postMessage(null);
    };
    tick.port1.onmessage = next;
    next();
  }, (e) => cb(none, file.name, why(e), true, 0));
}
export function sp_read_input(input, cb) {
  const f = input.files && input.files[0];
  input.value = '';
  readFile(f, cb);
}
export function sp_install_drop(el, cb, over) {
  const hasFiles = (e) => !!e.dataTransfer && Array.from(e.dataTransfer.types || []).includes('Files');
  el.addEventListener('dragenter', (e) => { if (hasFiles(e)) { e.preventDefault(); over(true); } }, true);
  el.addEventListener('dragover', (e) => {
    if (!hasFiles(e)) return;
    e.preventDefault(); e.stopPropagation(); e.dataTransfer.dropEffect = 'copy'; over(true);
  }, true);
  el.addEventListener('dragleave', (e) => { if (!e.relatedTarget || !el.contains(e.relatedTarget)) over(false); }, true);
  el.addEventListener('drop', (e) => {
    if (!hasFiles(e)) return;
    e.preventDefault(); e.stopPropagation(); over(false);
    readFile(e.dataTransfer.files[0], cb);
  }, true);
  // A file dropped anywhere else must not make the browser leave the page.
  window.addEventListener('dragover', (e) => { if (hasFiles(e)) e.preventDefault(); });
  window.addEventListener('drop', (e) => { if (hasFiles(e)) e.preventDefault(); });
}
export function sp_watch_height(el) {
  if (window.parent === window) return;
  let last = -1;
  const send = () => {
    const h = Math.ceil(el.getBoundingClientRect().height);
    if (h === last) return;
    last = h;
    window.parent.postMessage({ type: 'service-playground:height', height: h }, '*');
  };
  new ResizeObserver(send).observe(el);
  if (document.readyState !== 'complete') window.addEventListener('load', send, { once: true });
  send();
}
export function sp_on_hide(cb) {
  addEventListener('pagehide', () => cb());
  document.addEventListener('visibilitychange', () => { if (document.visibilityState === 'hidden') cb(); });
}
// Focus without scrolling: a menu's button taking the focus back must not move the page.
export function sp_focus_quietly(el) { el.focus({ preventScroll: true }); }
export function sp_close_menus_outside() {
  const close = (inside) => {
    for (const d of document.querySelectorAll('details.menu[open]')) if (!inside || !d.contains(inside)) d.removeAttribute('open');
  };
  document.addEventListener('click', (e) => close(e.target));
  document.addEventListener('focusin', (e) => close(e.target));
  // Escape closes an open menu wherever the focus is; focus inside it goes back to its button.
  document.addEventListener('keydown', (e) => {
    if (e.key !== 'Escape') return;
    for (const d of document.querySelectorAll('details.menu[open]')) {
      const had = d.contains(document.activeElement);
      d.removeAttribute('open');
      if (had) d.querySelector('summary')?.focus({ preventScroll: true });
    }
  });
}
function saveBlob(name, blob) {
  const url = URL.createObjectURL(blob);
  const a = document.createElement('a');
  a.href = url; a.download = name; a.style.display = 'none';
  document.body.appendChild(a); a.click(); a.remove();
  setTimeout(() => URL.revokeObjectURL(url), 30000);
}
// `text`: the diagram file the engine wrote (theme colours in, `width` × `height` pixels);
// saved as is, or drawn at twice its size into a PNG.
export function sp_export_svg(text, width, height, png, name, cb) {
  try {
    const blob = new Blob([text], { type: 'image/svg+xml' });
    if (!png) { saveBlob(name + '.svg', blob); cb(''); return; }
    const img = new Image();
    const url = URL.createObjectURL(blob);
    img.onload = () => {
      const scale = 2;
      const c = document.createElement('canvas');
      c.width = Math.ceil(width * scale); c.height = Math.ceil(height * scale);
      const g = c.getContext('2d');
      g.scale(scale, scale);
      g.drawImage(img, 0, 0, width, height);
      URL.revokeObjectURL(url);
      c.toBlob((b) => { if (b) { saveBlob(name + '.png', b); cb(''); } else cb('the browser could not draw the PNG'); }, 'image/png');
    };
    img.onerror = () => { URL.revokeObjectURL(url); cb('the browser could not draw the SVG'); };
    img.src = url;
  } catch (e) { cb(why(e)); }
}
let darkQuery;
export function sp_prefers_dark() {
  // One MediaQueryList, kept (it follows the system's setting): a new one on every render of the
  // diagram cost about a millisecond per keystroke.
  if (darkQuery === undefined) darkQuery = window.matchMedia ? matchMedia('(prefers-color-scheme: dark)') : null;
  return !!(darkQuery && darkQuery.matches);
}
export function sp_on_host_theme(cb) {
  if (window.parent === window) return;
  addEventListener('message', (e) => {
    const d = e.data;
    if (e.source === window.parent && d && d.type === 'service-playground:theme' && (d.theme === 'light' || d.theme === 'dark')) cb(d.theme);
  });
}
export function sp_on_hash_change(cb) {
  addEventListener('hashchange', () => cb());
}
"#)]
extern "C" {
    fn sp_compress(text: &str, cb: JsValue);
    fn sp_decompress(b64: &str, max: u32, cb: JsValue);
    fn sp_copy(text: &str, cb: JsValue);
    fn sp_download(name: &str, text: &str);
    fn sp_read_input(input: &web_sys::HtmlInputElement, cb: JsValue);
    fn sp_install_drop(
        el: &web_sys::Element,
        cb: &Closure<dyn FnMut(Uint8Array, String, String, bool, u32)>,
        over: &Closure<dyn FnMut(bool)>,
    );
    fn sp_watch_height(el: &web_sys::Element);
    fn sp_on_hide(cb: &Closure<dyn FnMut()>);
    fn sp_on_hash_change(cb: &Closure<dyn FnMut()>);
    fn sp_on_host_theme(cb: &Closure<dyn FnMut(String)>);
    fn sp_prefers_dark() -> bool;
    fn sp_export_svg(text: &str, width: f64, height: f64, png: bool, name: &str, cb: JsValue);
    fn sp_close_menus_outside();
    fn sp_focus_quietly(el: &web_sys::Element);
}

/// Focuses `el` without scrolling the page to it (`preventScroll`): for the focus a control
/// gives back after an action, so nothing moves under the pointer.
pub fn focus_quietly(el: &web_sys::Element) {
    sp_focus_quietly(el);
}

/// A click or focus outside an open menu (`details.menu`) closes it, and so does Escape.
pub fn close_menus_outside() {
    sp_close_menus_outside();
}

/// Compresses the session into a share-link payload; `done` gets it, or an error message.
pub fn compress_session(s: &Session, done: impl FnOnce(Result<String, String>) + 'static) {
    let cb = Closure::once_into_js(move |ok: String, err: String| done(if err.is_empty() { Ok(ok) } else { Err(err) }));
    sp_compress(&encode_session(s), cb);
}

/// Reads a share-link payload back; every failure (bad characters, not deflate, truncated, too
/// large, not UTF-8, not our format) is an `Err` with a reason.
pub fn decompress_session(b64: &str, done: impl FnOnce(Result<Session, String>) + 'static) {
    if b64.len() > MAX_LINK_CHARS {
        done(Err("it is too long".into()));
        return;
    }
    if b64.is_empty() {
        done(Err("it is empty".into()));
        return;
    }
    let cb = Closure::once_into_js(move |text: String, err: String| {
        done(if err.is_empty() { decode_session(&text) } else { Err(err) });
    });
    sp_decompress(b64, MAX_SESSION_BYTES, cb);
}

/// Copies `text` to the clipboard; `done(false)` when the browser refused.
pub fn copy_text(text: &str, done: impl FnOnce(bool) + 'static) {
    sp_copy(text, Closure::once_into_js(move |ok: bool| done(ok)));
}

pub fn download(name: &str, text: &str) {
    sp_download(name, text);
}

/// What a file read gives: `Ok((name, text))` or `Err((name, reason))`.
type FileResult = Result<(String, Rc<str>), (String, String)>;

/// Gathers a file's bytes, which arrive in pieces (one per task, see `readFile`), and gives its
/// text ([`file_text`]) to `done` after the last one: `(piece, name, error, last, length of the
/// whole in bytes)`. Each piece is copied once, from JS straight into the one buffer. The text is
/// made (checked as UTF-8, put in its `Rc`) in the task of the last piece, so the task that ends
/// the read only shows it.
fn gather(mut done: impl FnMut(FileResult) + 'static) -> impl FnMut(Uint8Array, String, String, bool, u32) {
    let mut bytes: Vec<u8> = Vec::new();
    let mut text: Option<Rc<str>> = None;
    move |piece: Uint8Array, name: String, err: String, last: bool, whole: u32| {
        if !err.is_empty() {
            (bytes, text) = (Vec::new(), None);
            return done(Err((name, err)));
        }
        if bytes.is_empty() && text.is_none() {
            bytes.reserve_exact(whole as usize);
        }
        let at = bytes.len();
        bytes.resize(at + piece.length() as usize, 0);
        piece.copy_to(&mut bytes[at..]);
        if text.is_none() && bytes.len() >= whole as usize {
            text = Some(file_text(std::mem::take(&mut bytes)).into());
        }
        if last {
            let text = text.take().unwrap_or_else(|| file_text(std::mem::take(&mut bytes)).into());
            bytes = Vec::new();
            done(Ok((name, text)));
        }
    }
}

/// Reads the file chosen in `input`: `done(Ok((name, text)))` or `done(Err((name, reason)))`.
pub fn read_input_file(input: &web_sys::HtmlInputElement, done: impl FnOnce(FileResult) + 'static) {
    let mut done = Some(done);
    let cb = Closure::<dyn FnMut(Uint8Array, String, String, bool, u32)>::new(gather(move |r| {
        if let Some(d) = done.take() {
            d(r)
        }
    }));
    sp_read_input(input, cb.into_js_value());
}

/// Files dropped on `el` (for the page's lifetime): `on_file` as for [`read_input_file`],
/// `on_over(true/false)` while a file is dragged over it.
pub fn install_drop(el: &web_sys::Element, on_file: impl Fn(FileResult) + 'static, on_over: impl Fn(bool) + 'static) {
    let cb = Closure::<dyn FnMut(Uint8Array, String, String, bool, u32)>::new(gather(on_file));
    let over = Closure::<dyn FnMut(bool)>::new(on_over);
    sp_install_drop(el, &cb, &over);
    cb.forget();
    over.forget();
}

/// Reports `el`'s height to the embedding page (`postMessage`), now and on every resize.
pub fn watch_height(el: &web_sys::Element) {
    sp_watch_height(el);
}

/// Runs `f` when the page is hidden or left (to save what is pending).
pub fn on_hide(f: impl FnMut() + 'static) {
    let c = Closure::<dyn FnMut()>::new(f);
    sp_on_hide(&c);
    c.forget();
}

pub fn on_hash_change(f: impl FnMut() + 'static) {
    let c = Closure::<dyn FnMut()>::new(f);
    sp_on_hash_change(&c);
    c.forget();
}

/// Downloads `text`, a diagram file from `engine::present::diagram::file` (`width` × `height`
/// pixels), as `name.svg`, or drawn at twice its size as `name.png`. `done` gets an error, if any.
pub fn export_diagram(
    text: &str,
    (width, height): (f64, f64),
    png: bool,
    name: &str,
    done: impl FnOnce(Option<String>) + 'static,
) {
    let cb = Closure::once_into_js(move |err: String| done((!err.is_empty()).then_some(err)));
    sp_export_svg(text, width, height, png, name, cb);
}

/// Whether the page shows the dark theme (`theme`, or the system's for [`Theme::System`]).
pub fn shows_dark(theme: Theme) -> bool {
    match theme {
        Theme::Dark => true,
        Theme::Light => false,
        Theme::System => sp_prefers_dark(),
    }
}

/// In an iframe: `f("light" | "dark")` when the host page's theme changes (embed.js posts
/// `{type: 'service-playground:theme', theme}`).
pub fn on_host_theme(f: impl FnMut(String) + 'static) {
    let c = Closure::<dyn FnMut(String)>::new(f);
    sp_on_host_theme(&c);
    c.forget();
}

fn storage() -> Option<web_sys::Storage> {
    web_sys::window()?.local_storage().ok().flatten()
}

/// The autosaved session, if any (and readable).
pub fn load_autosave() -> Option<Session> {
    let raw = storage()?.get_item(SESSION_KEY).ok().flatten()?;
    decode_session(&raw).ok()
}

/// The largest text the page tries to keep in `localStorage` (bytes). Browsers keep about 5
/// million characters per site; a larger text (a cluster dump) cannot be kept, and trying costs a
/// copy of all of it between wasm and JavaScript, a freeze of the page.
pub const STORAGE_MAX: usize = 4 * 1024 * 1024;

/// Saves the session; `Err` when the storage is full or blocked, or the text too large for it.
pub fn save_autosave(s: &Session) -> Result<(), String> {
    let st = storage().ok_or("this browser does not let the page keep data")?;
    if s.text.len() > STORAGE_MAX {
        return Err(format!("it is larger than the browser keeps for a page ({} MB)", STORAGE_MAX >> 20));
    }
    st.set_item(SESSION_KEY, &encode_session(s)).map_err(|_| "the browser's storage is full".to_string())
}

/// The text the last example, file or link replaced (see `State::previous`).
pub fn load_previous() -> Option<String> {
    storage()?.get_item(PREVIOUS_KEY).ok().flatten()
}

pub fn save_previous(text: Option<&str>) {
    if let Some(s) = storage() {
        let _ = match text {
            Some(t) if t.len() <= STORAGE_MAX => s.set_item(PREVIOUS_KEY, t),
            _ => s.remove_item(PREVIOUS_KEY),
        };
    }
}

pub fn load_theme() -> Theme {
    storage().and_then(|s| s.get_item(THEME_KEY).ok().flatten()).map_or(Theme::System, |t| Theme::from_id(&t))
}

pub fn save_theme(t: Theme) {
    if let Some(s) = storage() {
        let _ = match t.id() {
            Some(id) => s.set_item(THEME_KEY, id),
            None => s.remove_item(THEME_KEY),
        };
    }
}

/// `data-theme` on the root element (`light`/`dark`; removed for System).
pub fn apply_theme(t: Theme) {
    let Some(root) = web_sys::window().and_then(|w| w.document()).and_then(|d| d.document_element()) else { return };
    let _ = match t.id() {
        Some(id) => root.set_attribute("data-theme", id),
        None => root.remove_attribute("data-theme"),
    };
}

/// The page's `?search` and `#hash`.
pub fn location() -> (String, String) {
    let Some(loc) = web_sys::window().map(|w| w.location()) else { return Default::default() };
    (loc.search().unwrap_or_default(), loc.hash().unwrap_or_default())
}

/// The playground's own address (no query, no fragment): the base of share links.
pub fn base_url() -> String {
    let Some(loc) = web_sys::window().map(|w| w.location()) else { return String::new() };
    format!("{}{}", loc.origin().unwrap_or_default(), loc.pathname().unwrap_or_default())
}

/// Drops what the fragment opens (example, view, Service, a share link's content) from the address
/// bar, keeping the rest (`embed`, `theme`): after the person changed something, a reload shows
/// their work, not the link again. No history entry, no `hashchange`.
pub fn drop_link_keys() {
    let Some(w) = web_sys::window() else { return };
    let loc = w.location();
    let hash = loc.hash().unwrap_or_default();
    let kept = fragment_without_links(&hash);
    if kept == hash {
        return;
    }
    let url = format!("{}{}{kept}", loc.pathname().unwrap_or_default(), loc.search().unwrap_or_default());
    if let Ok(h) = w.history() {
        let _ = h.replace_state_with_url(&JsValue::NULL, "", Some(&url));
    }
}

/// Reloads the page (a link asked for another layout: embedded or not).
pub fn reload() {
    if let Some(w) = web_sys::window() {
        let _ = w.location().reload();
    }
}

/// Drops the fragment from the address bar (after a share link was read, so a reload shows the
/// autosave with the person's later edits, not the link again).
pub fn clear_fragment() {
    let Some(w) = web_sys::window() else { return };
    let url = format!("{}{}", w.location().pathname().unwrap_or_default(), w.location().search().unwrap_or_default());
    if let Ok(h) = w.history() {
        let _ = h.replace_state_with_url(&JsValue::NULL, "", Some(&url));
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_file_is_read_as_utf8_like_the_browser_reads_it() {
        assert_eq!(file_text(b"kind: Service\n".to_vec()), "kind: Service\n");
        assert_eq!(file_text("name: café ☕\n".as_bytes().to_vec()), "name: café ☕\n");
        assert_eq!(file_text(b"\xEF\xBB\xBFkind: Pod".to_vec()), "kind: Pod", "the byte order mark is dropped");
        assert_eq!(file_text(b"\xEF\xBB\xBF".to_vec()), "");
        assert_eq!(file_text(Vec::new()), "");
        // Invalid UTF-8 is not lost: each bad sequence becomes U+FFFD, the rest stays.
        assert_eq!(file_text(b"a: \xFF\xFEb\n".to_vec()), "a: \u{FFFD}\u{FFFD}b\n");
        assert_eq!(file_text(b"a: \xE2\x82".to_vec()), "a: \u{FFFD}", "a sequence cut short at the end");
        // Only a leading byte order mark is dropped.
        assert_eq!(file_text("a\u{FEFF}b".as_bytes().to_vec()), "a\u{FEFF}b");
    }

    #[test]
    fn sessions_round_trip() {
        let s = Session {
            text: "a: 1\n---\nb: 2\n\nweird\nlines\r\n".into(),
            service: Some(("prod".into(), "web".into())),
            tab: Some(Tab::Dns),
        };
        assert_eq!(decode_session(&encode_session(&s)), Ok(s));
        let empty = Session::default();
        assert_eq!(decode_session(&encode_session(&empty)), Ok(empty));
    }

    #[test]
    fn damaged_payloads_are_errors() {
        for bad in ["", "1", "1\ntraffic", "2\n\n\ntext", "1\nnope\n\ntext", "1\n\nno-slash\ntext", "\u{0}\u{1}garbage"]
        {
            assert!(decode_session(bad).is_err(), "{bad:?}");
        }
    }

    #[test]
    fn url_params() {
        let p = UrlParams::parse("", "#embed&example=nodeport&view=traffic&readonly");
        assert_eq!(
            p,
            UrlParams {
                embed: true,
                readonly: true,
                example: Some("nodeport".into()),
                view: Some("traffic".into()),
                ..Default::default()
            }
        );
        let p = UrlParams::parse("?embed&theme=dark", "#s=abc_-");
        assert!(p.embed && !p.readonly);
        assert_eq!(p.theme.as_deref(), Some("dark"));
        assert_eq!(p.shared.as_deref(), Some("abc_-"));
        assert_eq!(UrlParams::parse("", ""), UrlParams::default());
        assert!(!UrlParams::parse("", "#embed=0").embed);
        let p = UrlParams::parse("", "#embed&figure&service=prod%2Fweb");
        assert!(p.figure);
        assert_eq!(p.service, Some(("prod".into(), "web".into())));
        assert_eq!(UrlParams::parse("", "#service=web").service, Some(("default".into(), "web".into())));
        for bad in ["#service=", "#service=a/", "#service=/b", "#service=a/b/c"] {
            assert_eq!(UrlParams::parse("", bad).service, None, "{bad}");
        }
    }

    #[test]
    fn layout_changes_need_a_reload_and_content_changes_do_not() {
        let p = |h: &str| UrlParams::parse("", h);
        assert!(p("").layout_differs(&p("#embed")));
        assert!(p("#embed").layout_differs(&p("#embed&readonly")));
        assert!(p("#embed&readonly").layout_differs(&p("#embed&figure")));
        assert!(!p("#embed&figure").layout_differs(&p("#embed&figure&readonly&view=dns")));
        assert!(!p("#example=a").layout_differs(&p("#view=dns&readonly")), "readonly means nothing outside an embed");
    }

    #[test]
    fn the_embed_snippet_is_a_marked_code_block_and_the_script_beside_the_page() {
        let s = Session {
            text: "apiVersion: v1\nkind: Service\n".into(),
            service: Some(("default".into(), "web".into())),
            tab: Some(Tab::Dns),
        };
        assert_eq!(
            embed_snippet("https://docs.example/playground/index.html", &s),
            "<script src=\"https://docs.example/playground/embed.js\" defer></script>\n\n\
             ```yaml\n# service-playground: view=dns service=default/web\napiVersion: v1\nkind: Service\n```\n"
        );
        // A snippet pasted back in keeps one marker; backticks in the text get a longer fence.
        let again =
            Session { text: "# service-playground: view=traffic\nx: \"```\"\n".into(), service: None, tab: None };
        let out = embed_snippet("http://h/", &again);
        assert!(
            out.starts_with("<script src=\"http://h/embed.js\" defer></script>\n\n````yaml\n# service-playground:\nx:"),
            "{out}"
        );
        assert_eq!(out.matches("service-playground:").count(), 1);
        assert!(out.ends_with("\n````\n"));
    }

    #[test]
    fn link_keys_leave_the_fragment_and_the_layout_keys_stay() {
        assert_eq!(fragment_without_links("#example=nodeport&view=dns"), "");
        assert_eq!(fragment_without_links("#embed&example=x&theme=dark&s=abc"), "#embed&theme=dark");
        assert_eq!(fragment_without_links("#service=a/b&readonly"), "#readonly");
        assert_eq!(fragment_without_links(""), "");
        assert_eq!(fragment_without_links("#embed"), "#embed");
    }
}
