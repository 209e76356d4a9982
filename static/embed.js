/*
 * Service Playground embed kit: one <script src="…/embed.js" defer></script> on a docs page.
 *
 * 1. Every code block whose first line is the marker comment becomes a live playground:
 *
 *      ```yaml
 *      # service-playground: view=traffic readonly service=default/web
 *      apiVersion: v1
 *      kind: Service
 *      …
 *      ```
 *
 *    The comment survives mdBook, Docusaurus, Hugo, MkDocs, Sphinx and GitHub, and keeps the block
 *    valid YAML for `kubectl apply`. Options (space separated, all optional):
 *      view=traffic|endpoints|dns|routing|stored|problems   the view shown (default traffic)
 *      readonly                                             no editing
 *      figure                                               the diagram alone, no editor
 *      service=<namespace>/<name>                           the Service shown
 *      theme=light|dark                                     fixed theme (default: the page's)
 *      title="…"                                            the iframe's accessible name
 *
 * 2. <service-playground view="dns" readonly service="default/web"> … </service-playground>
 *    does the same from attributes; the manifest is the element's <pre>, <code>,
 *    <script type="text/yaml"> or text (or example="nodeport" for a gallery example).
 *
 * What it does: creates each iframe only when its block scrolls near the viewport; keeps the
 * original block in the page (shown without JavaScript, hidden once the playground is there);
 * sizes each iframe from the playground's height message; follows the page's theme live
 * (prefers-color-scheme, or data-theme / class="dark" on <html>) and sets a matching
 * color-scheme, so no white box appears on a dark page; re-scans after single-page-app
 * navigation. The playground's WebAssembly runs inside its iframe: the host page's CSP needs no
 * 'wasm-unsafe-eval'. No network: the manifest travels in the iframe URL's fragment.
 *
 * The playground is the index.html beside this script; <script data-playground="URL"> overrides.
 */
(function () {
  'use strict';
  if (window.__servicePlaygroundEmbed) return;
  window.__servicePlaygroundEmbed = true;

  var script = document.currentScript;
  var PLAYGROUND = new URL((script && script.dataset.playground) || 'index.html', (script && script.src) || location.href).href;
  var MARKER = /^[ \t]*#[ \t]*service-playground\b:?(.*)$/;
  var VIEWS = ['traffic', 'endpoints', 'dns', 'routing', 'stored', 'problems'];
  var frames = []; // { iframe, fixedTheme }
  var lazy = 'IntersectionObserver' in window
    ? new IntersectionObserver(function (entries) {
      entries.forEach(function (e) {
        if (!e.isIntersecting) return;
        lazy.unobserve(e.target);
        var start = e.target.__servicePlaygroundStart;
        if (start) start();
      });
    }, { rootMargin: '300px 0px' })
    : null;

  /** The text of a code block: text nodes, and a line break for <br> (Docusaurus' lines). */
  function codeText(el) {
    var out = '';
    (function walk(n) {
      for (var c = n.firstChild; c; c = c.nextSibling) {
        if (c.nodeType === 3) out += c.data;
        else if (c.nodeName === 'BR') out += '\n';
        else if (c.nodeType === 1 && !/^(BUTTON|STYLE|SCRIPT)$/.test(c.nodeName)) walk(c);
      }
    })(el);
    return out;
  }

  /** `view=dns readonly service=a/b title="A title"` → { view: 'dns', readonly: true, … }. */
  function parseOptions(s) {
    var o = {};
    var re = /([a-z-]+)(?:=(?:"([^"]*)"|'([^']*)'|(\S+)))?/gi;
    var m;
    while ((m = re.exec(s || ''))) {
      var v = m[2] !== undefined ? m[2] : m[3] !== undefined ? m[3] : m[4];
      o[m[1].toLowerCase()] = v === undefined ? true : v;
    }
    return o;
  }

  /** The host page's theme: a data-theme / class on <html> or <body>, else the system's. */
  function hostTheme() {
    var els = [document.documentElement, document.body];
    for (var i = 0; i < els.length; i++) {
      var el = els[i];
      if (!el) continue;
      var d = el.getAttribute('data-theme') || el.getAttribute('data-color-scheme') || el.getAttribute('data-bs-theme') || el.getAttribute('data-mode') || '';
      if (/dark/i.test(d)) return 'dark';
      if (/light/i.test(d)) return 'light';
      var c = el.classList;
      if (c.contains('dark') || c.contains('theme-dark') || c.contains('coal') || c.contains('navy') || c.contains('ayu')) return 'dark';
      if (c.contains('light') || c.contains('theme-light') || c.contains('rust')) return 'light';
    }
    return matchMedia('(prefers-color-scheme: dark)').matches ? 'dark' : 'light';
  }

  function b64url(bytes) {
    var s = '';
    for (var i = 0; i < bytes.length; i += 0x8000) s += String.fromCharCode.apply(null, bytes.subarray(i, i + 0x8000));
    return btoa(s).replace(/\+/g, '-').replace(/\//g, '_').replace(/=+$/, '');
  }

  /** The playground's share-link payload (`1\n<view>\n<ns/name>\n<text>`, deflate-raw, base64url). */
  function payload(text, view, service) {
    var raw = '1\n' + view + '\n' + service + '\n' + text;
    var stream = new Blob([new TextEncoder().encode(raw)]).stream().pipeThrough(new CompressionStream('deflate-raw'));
    return new Response(stream).arrayBuffer().then(function (buf) { return b64url(new Uint8Array(buf)); });
  }

  /** The iframe URL for these options and this manifest (or a gallery example). */
  function frameUrl(o, text, theme) {
    var view = VIEWS.indexOf(o.view) >= 0 ? o.view : 'traffic';
    var service = typeof o.service === 'string' ? (o.service.indexOf('/') >= 0 ? o.service : 'default/' + o.service) : '';
    var flags = '#embed' + (o.readonly ? '&readonly' : '') + (o.figure ? '&figure' : '') + '&theme=' + theme;
    if (text === null) {
      return Promise.resolve(PLAYGROUND + flags + '&example=' + encodeURIComponent(o.example || 'my-service') +
        '&view=' + view + (service ? '&service=' + encodeURIComponent(service) : ''));
    }
    return payload(text, view, service).then(function (p) { return PLAYGROUND + flags + '&s=' + p; });
  }

  function themeOf(o) {
    return o.theme === 'light' || o.theme === 'dark' ? o.theme : hostTheme();
  }

  /**
   * Makes the iframe for `o` and `text` (null: `o.example`) and hands it to `place(iframe)` once
   * its URL is ready; `done()` after the playground first reports its height.
   */
  function makeFrame(o, text, minHeight, place, done) {
    var theme = themeOf(o);
    frameUrl(o, text, theme).then(function (url) {
      var f = document.createElement('iframe');
      f.className = 'service-playground-frame';
      f.title = typeof o.title === 'string' ? o.title : 'Service Playground: a live Kubernetes Service example';
      f.setAttribute('allow', 'clipboard-write');
      f.style.cssText = 'display:block;width:100%;border:0;background:transparent;color-scheme:' + theme +
        ';height:' + Math.max(minHeight, o.figure ? 260 : 360) + 'px';
      f.src = url;
      var entry = { iframe: f, fixedTheme: o.theme === 'light' || o.theme === 'dark', done: done };
      frames.push(entry);
      place(f);
    }, function () { /* no CompressionStream: the block stays as it is */ });
  }

  addEventListener('message', function (e) {
    var d = e.data;
    if (!d || d.type !== 'service-playground:height' || !isFinite(d.height)) return;
    for (var i = 0; i < frames.length; i++) {
      var fr = frames[i];
      if (fr.iframe.contentWindow !== e.source) continue;
      fr.iframe.style.height = Math.ceil(d.height) + 'px';
      fr.iframe.setAttribute('data-sized', '');
      if (fr.done) { fr.done(); fr.done = null; }
    }
  });

  function applyTheme() {
    var theme = hostTheme();
    frames = frames.filter(function (fr) { return fr.iframe.isConnected || !fr.iframe.src; });
    frames.forEach(function (fr) {
      if (fr.fixedTheme || fr.iframe.style.colorScheme === theme) return;
      fr.iframe.style.colorScheme = theme;
      if (fr.iframe.contentWindow) fr.iframe.contentWindow.postMessage({ type: 'service-playground:theme', theme: theme }, '*');
    });
  }

  /** The element a code block is drawn in (its highlighter's wrapper, or the <pre> itself). */
  function blockOf(pre) {
    return pre.closest('div.highlight, figure.highlight, [class*="codeBlockContainer"], div.code-block, div[class^="highlight-"]') || pre;
  }

  function watch(el, start) {
    el.__servicePlaygroundStart = start;
    if (lazy) lazy.observe(el);
    else start();
  }

  /** Code blocks whose first line is the marker. */
  function scan() {
    var pres = document.querySelectorAll('pre');
    for (var i = 0; i < pres.length; i++) {
      var pre = pres[i];
      if (pre.hasAttribute('data-service-playground') || pre.closest('service-playground')) continue;
      var code = pre.querySelector('code') || pre;
      var text = codeText(code).replace(/\r\n?/g, '\n');
      var lines = text.replace(/^\n+/, '').split('\n');
      var m = MARKER.exec(lines[0]);
      if (!m) continue;
      pre.setAttribute('data-service-playground', 'pending');
      startBlock(pre, parseOptions(m[1]), lines.slice(1).join('\n').replace(/\n*$/, '\n'));
    }
  }

  function startBlock(pre, o, text) {
    var block = blockOf(pre);
    watch(block, function () {
      var wrap = document.createElement('div');
      wrap.className = 'service-playground';
      makeFrame(o, text, block.getBoundingClientRect().height, function (f) {
        wrap.appendChild(f);
        block.parentNode.insertBefore(wrap, block.nextSibling);
        // The block stays in the page, hidden: it is what readers without JavaScript see.
        block.setAttribute('data-service-playground-source', '');
        block.hidden = true;
        block.style.display = 'none';
        pre.setAttribute('data-service-playground', 'live');
      });
    });
  }

  /** The manifest inside a <service-playground> element. */
  function elementText(el) {
    var src = el.querySelector('script[type="text/yaml"], script[type="application/yaml"], template, pre, code');
    var t = src ? (src.nodeName === 'TEMPLATE' ? src.content.textContent : codeText(src)) : el.textContent;
    var lines = t.replace(/\r\n?/g, '\n').replace(/^\s*\n/, '').replace(/\s+$/, '').split('\n');
    var indent = Math.min.apply(null, lines.filter(function (l) { return l.trim(); }).map(function (l) { return /^ */.exec(l)[0].length; }));
    lines = lines.map(function (l) { return l.slice(isFinite(indent) ? indent : 0); });
    if (MARKER.test(lines[0])) lines.shift();
    return lines.join('\n') + '\n';
  }

  if (window.customElements && !customElements.get('service-playground')) {
    customElements.define('service-playground', class extends HTMLElement {
      connectedCallback() {
        if (this.shadowRoot) return;
        var root = this.attachShadow({ mode: 'open' });
        // Until the playground is there, the element's own content (its <pre>) shows.
        root.innerHTML = '<style>:host{display:block}</style><slot></slot>';
        var self = this;
        watch(this, function () {
          var o = {};
          ['view', 'service', 'theme', 'title', 'example'].forEach(function (a) { if (self.hasAttribute(a)) o[a] = self.getAttribute(a); });
          ['readonly', 'figure'].forEach(function (a) { if (self.hasAttribute(a) && self.getAttribute(a) !== 'false') o[a] = true; });
          var text = self.hasAttribute('example') ? null : elementText(self);
          makeFrame(o, text, self.getBoundingClientRect().height, function (f) {
            root.querySelector('slot').remove();
            root.appendChild(f);
            self.setAttribute('data-service-playground', 'live');
          });
        });
      }
    });
  }

  var queued = false;
  function rescan() {
    if (queued) return;
    queued = true;
    setTimeout(function () { queued = false; scan(); applyTheme(); }, 50);
  }

  function init() {
    scan();
    // Single-page-app navigation replaces the content: look again for new blocks.
    new MutationObserver(function (records) {
      for (var i = 0; i < records.length; i++) if (records[i].addedNodes.length) { rescan(); return; }
    }).observe(document.body, { childList: true, subtree: true });
    addEventListener('popstate', rescan);
    // The page's theme, live.
    var attrs = { attributes: true, attributeFilter: ['class', 'data-theme', 'data-color-scheme', 'data-bs-theme', 'data-mode', 'style'] };
    new MutationObserver(applyTheme).observe(document.documentElement, attrs);
    new MutationObserver(applyTheme).observe(document.body, attrs);
    var mq = matchMedia('(prefers-color-scheme: dark)');
    if (mq.addEventListener) mq.addEventListener('change', applyTheme);
  }

  if (document.readyState === 'loading') document.addEventListener('DOMContentLoaded', init);
  else init();
})();
