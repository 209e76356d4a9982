// The playground around the editor: the examples gallery, what-ifs, share links, autosave,
// download / open / drop a file, the theme, embed mode and keyboard/labels. Every page fails its
// test on a console error or an uncaught exception (lib.mjs withPage).
//
// Contract with the app (beyond first-slice.test.mjs):
//   details.examples-menu > summary, button[data-example=<id>]   the gallery
//   details.whatif-menu > summary, select[aria-label="Object to change"], button.whatif
//   button "Share", [data-testid="share-link"] (the link, also copied), [data-testid="share-status"]
//   [data-testid="notice"]          messages (a damaged link, an opened file...), with "Restore"
//   input[type=file]                "Open file…"; drops on section[aria-label="Editor"]
//   .theme input[name=theme]        System / Light / Dark; sets <html data-theme>
//   #embed&example=..&view=..&readonly: .app.embed, no .topbar, a[data-testid="open-in-playground"],
//                                   postMessage({type: 'service-playground:height', height})
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { readdirSync, readFileSync, mkdirSync } from 'node:fs';
import path from 'node:path';
import { deflateRawSync } from 'node:zlib';
import {
  launch, withPage, quietFavicon, openApp, getManifest, pasteManifest, selectedPodsText, names, waitUntil, screenshot, generatedManifest,
  SEL, BASE_URL, LOAD_TIMEOUT, ARTIFACTS, E2E_DIR,
} from './lib.mjs';

const EXAMPLES_DIR = path.join(E2E_DIR, '..', 'examples');
const EXAMPLES = readdirSync(EXAMPLES_DIR).filter((f) => f.endsWith('.yaml')).sort()
  .map((f) => ({ file: f, text: readFileSync(path.join(EXAMPLES_DIR, f), 'utf8') }));
const SHOTS = path.join(ARTIFACTS, 'examples');
mkdirSync(SHOTS, { recursive: true });

const UPDATE = 10_000;
const b64url = (buf) => buf.toString('base64').replace(/\+/g, '-').replace(/\//g, '_').replace(/=+$/, '');

let browser;
before(async () => { browser = await launch(); });
after(async () => { await browser?.close(); });

/** Opens `url` (default: the app) and waits for the editor to hold some text. */
const open = (page, url = BASE_URL) => openApp(page, url, { ready: SEL.manifest, manifest: true });

async function waitForManifest(page, pred, what, timeout) {
  return waitUntil(async () => {
    const text = await getManifest(page);
    return { ok: pred(text), text: text.slice(0, 200) };
  }, what, timeout);
}

async function errorProblems(page) {
  await page.locator('#tab-problems').click();
  // The card, not the list: an empty list (no problems) has no height, so it is never "visible".
  await page.locator('section.problems').first().waitFor({ timeout: LOAD_TIMEOUT });
  return page.locator(`${SEL.problems} .error`).allInnerTexts();
}

async function notice(page) {
  const n = page.locator('[data-testid="notice"]');
  return (await n.count()) ? n.first().innerText() : '';
}

test('every example loads from the gallery without errors (screenshots in artifacts/examples/)', async (t) => {
  await withPage(browser, t, async ({ page }) => {
    await open(page);
    await page.locator('.examples-menu > summary').click();
    const ids = await page.locator('button[data-example]').evaluateAll((els) => els.map((e) => e.dataset.example));
    assert.equal(ids.length, EXAMPLES.length, `the menu lists every file in examples/ (${ids.join(', ')})`);
    const seen = new Set();
    for (const id of ids) {
      if (!(await page.locator('.examples-menu').evaluate((d) => d.open))) await page.locator('.examples-menu > summary').click();
      await page.locator(`button[data-example="${id}"]`).click();
      const got = await waitForManifest(page, (text) => EXAMPLES.some((e) => e.text === text), `example ${id} in the editor`);
      const text = await getManifest(page);
      const ex = EXAMPLES.find((e) => e.text === text);
      seen.add(ex.file);
      assert.ok(got.ok);
      assert.equal(await page.locator('.examples-menu').evaluate((d) => d.open), false, 'choosing closes the menu');
      assert.deepEqual(await errorProblems(page), [], `${ex.file}: no error problems`);
      // The tab counts errors and warnings; info notes (the default nodes) are not problems.
      const serious = await page.locator(`${SEL.problems} .error, ${SEL.problems} .warning`).count();
      const notes = await page.locator(`${SEL.problems} .info`).count();
      const badge = page.locator('#tab-problems .count');
      assert.equal((await badge.count()) ? Number(await badge.innerText()) : 0, serious, `${ex.file}: Problems tab count = errors + warnings (${notes} notes not counted)`);
      await page.locator('#tab-traffic').click();
      await page.locator(SEL.selectedPods).first().waitFor({ timeout: LOAD_TIMEOUT });
      await page.screenshot({ path: path.join(SHOTS, `${id}.png`), fullPage: true });
    }
    assert.equal(seen.size, EXAMPLES.length, 'every example was loaded');
  });
});

test('an example link (#example=nodeport) opens that example', async (t) => {
  await withPage(browser, t, async ({ page }) => {
    await open(page, `${BASE_URL}#example=nodeport&view=endpoints`);
    await waitForManifest(page, (x) => x.includes('nodePort: 30007'), 'the NodePort example');
    assert.equal(await page.locator('#tab-endpoints').getAttribute('aria-selected'), 'true');
  });
});

test('a what-if edits the YAML and the view follows', async (t) => {
  await withPage(browser, t, async ({ page }) => {
    await open(page);
    const before = await getManifest(page);
    await waitUntil(async () => names(await selectedPodsText(page)).has('myapp-2'), 'myapp-2 selected');
    await page.locator('.whatif-menu > summary').click();
    const object = page.locator('select[aria-label="Object to change"]');
    await object.selectOption({ label: 'Pod myapp-2' });
    await page.locator('button.whatif', { hasText: 'Delete Pod myapp-2' }).click();
    await waitForManifest(page, (x) => !x.includes('name: myapp-2'), 'myapp-2 gone from the YAML');
    await waitUntil(async () => {
      const n = names(await selectedPodsText(page));
      return n.has('myapp-1') && !n.has('myapp-2');
    }, 'the view no longer selects myapp-2');
    // Another one: label other-app so my-service selects it (the menu closed after the first).
    assert.equal(await page.locator('.whatif-menu').evaluate((d) => d.open), false, 'the menu closed');
    await page.locator('.whatif-menu > summary').click();
    await object.selectOption({ label: 'Pod other-app' });
    await page.locator('button.whatif', { hasText: 'Label other-app app=MyApp' }).click();
    await waitUntil(async () => names(await selectedPodsText(page)).has('other-app'), 'other-app selected');
    const after = await getManifest(page);
    assert.notEqual(after, before);
    assert.match(after, /name: other-app\n  labels:\n    app: MyApp\n/);
    // The comments and the rest of the text are untouched.
    assert.ok(after.startsWith(before.split('\n---\n')[0]), 'the Service document is unchanged');
  });
});

// Issue 13, defect 2: "Mark myapp-1 not Ready" left the menu open over the tabs, a click meant
// for the Endpoints tab deleted a pod, and the focus then sat on "Delete Pod myapp-2".
test('What if…: the menu closes after a what-if, a click on a tab lands on the tab, Undo takes it back', async (t) => {
  await withPage(browser, t, async ({ page }) => {
    await open(page);
    await waitUntil(async () => names(await selectedPodsText(page)).has('myapp-1'), 'myapp-1 selected');
    const before = await getManifest(page);
    const menuOpen = () => page.locator('.whatif-menu').evaluate((d) => d.open);
    const focused = () => page.evaluate(() => {
      const el = document.activeElement;
      return el?.matches('.whatif-menu > summary') ? 'summary' : `${el?.tagName} ${el?.textContent?.trim().slice(0, 40)}`;
    });
    // The menu opens downwards and leftwards from its button, over the first tabs: so Endpoints
    // is chosen first and the click is aimed at Traffic. The What if… button goes to the top of
    // the window, as a person sees it when they open the menu (the toolbar scrolls with the page:
    // a button scrolled out of sight would be scrolled back by the click that opens the menu).
    await page.locator('#tab-endpoints').click();
    await page.locator('#tab-endpoints[aria-selected="true"]').waitFor({ timeout: UPDATE });
    await page.locator('.whatif-menu > summary').evaluate((el) => el.scrollIntoView({ block: 'start' }));
    await page.locator('.whatif-menu > summary').click();
    // The tab where it is with the menu open: that is where the person's next click goes.
    const scrolled = await page.evaluate(() => window.scrollY);
    const tab = await page.locator('#tab-traffic').boundingBox();
    const at = { x: tab.x + tab.width / 2, y: tab.y + tab.height / 2 };
    // The setting of the defect: the open menu lies over the Traffic tab.
    const covered = await page.evaluate(({ x, y }) => !!document.elementFromPoint(x, y)?.closest('.whatif-menu .menu-panel'), at);
    assert.ok(covered, 'the open menu covers the Traffic tab (else this test does not reproduce the defect)');
    await page.locator('button.whatif', { hasText: 'Mark myapp-1 not Ready' }).click();
    await waitForManifest(page, (x) => x.includes('status: "False"'), 'myapp-1 not Ready in the YAML');
    const marked = await getManifest(page);
    assert.equal(await menuOpen(), false, 'the menu closed after the what-if');
    assert.equal(await focused(), 'summary', 'the focus is back on the What if… button');
    const toast = page.locator('[data-testid="undo-notice"]');
    assert.match(await toast.innerText(), /Done: Mark myapp-1 not Ready/);
    // Nothing moved under the pointer: the what-if neither scrolled the page nor moved the tab.
    assert.equal(await page.evaluate(() => window.scrollY), scrolled, 'the what-if did not scroll the page');
    assert.deepEqual(await page.locator('#tab-traffic').boundingBox(), tab, 'the Traffic tab is where it was');
    // The click meant for the tab selects the tab and changes nothing else.
    await page.mouse.click(at.x, at.y);
    await page.locator('#tab-traffic[aria-selected="true"]').waitFor({ timeout: UPDATE });
    const now = await getManifest(page);
    assert.ok(now.includes('name: myapp-1') && now.includes('name: myapp-2'), 'no pod was deleted');
    assert.equal(now, marked, 'the text is what the what-if made');
    // Undo brings the text back.
    await page.locator('[data-testid="undo-notice"] [data-testid="undo"]').click();
    await waitForManifest(page, (x) => x === before, 'the text before the what-if');
    assert.equal(await toast.count(), 0, 'the notice is gone after Undo');
    assert.equal(await focused(), 'summary', 'Undo gives the focus to the What if… button, not to the page');
    // From the keyboard: Enter on a what-if closes the menu and the focus goes to its button,
    // never to the item that takes the used one's place.
    await page.locator('.whatif-menu > summary').focus();
    await page.keyboard.press('Enter');
    assert.equal(await menuOpen(), true);
    await page.locator('button.whatif', { hasText: 'Mark myapp-1 not Ready' }).focus();
    await page.keyboard.press('Enter');
    await waitForManifest(page, (x) => x.includes('status: "False"'), 'myapp-1 not Ready again');
    assert.equal(await menuOpen(), false, 'Enter on a what-if closes the menu');
    assert.equal(await focused(), 'summary', 'the focus is on the What if… button after Enter');
    // A click outside closes the menu without doing anything.
    const kept = await getManifest(page);
    await page.locator('.whatif-menu > summary').click();
    await page.locator('.topbar h1').click();
    assert.equal(await menuOpen(), false, 'a click outside closes the menu');
    // Escape closes it: from inside (focus back on its button) and with the focus elsewhere.
    await page.locator('.whatif-menu > summary').click();
    await page.locator('select[aria-label="Object to change"]').focus();
    await page.keyboard.press('Escape');
    assert.equal(await menuOpen(), false, 'Escape closes the menu');
    assert.equal(await focused(), 'summary', 'Escape gives the focus back to the What if… button');
    await page.locator('.whatif-menu > summary').click();
    await page.locator('#tab-traffic').evaluate((el) => el.focus({ preventScroll: true }));
    await page.evaluate(() => document.querySelector('.whatif-menu').setAttribute('open', ''));
    await page.keyboard.press('Escape');
    assert.equal(await menuOpen(), false, 'Escape closes the menu with the focus outside it');
    assert.equal(await getManifest(page), kept, 'closing the menu changed nothing');
  });
});

test('a what-if is undone by Ctrl+Z in the editor', async (t) => {
  await withPage(browser, t, async ({ page }) => {
    await open(page);
    await page.locator('.editor-host[data-editor="codemirror"] .cm-editor').waitFor({ timeout: LOAD_TIMEOUT });
    const before = await getManifest(page);
    await page.locator('.whatif-menu > summary').click();
    await page.locator('button.whatif', { hasText: 'Mark myapp-1 not Ready' }).click();
    await waitForManifest(page, (x) => x.includes('status: "False"'), 'myapp-1 not Ready in the YAML');
    await page.keyboard.press('Escape');
    await page.locator(SEL.manifest).first().click();
    await page.keyboard.press(process.platform === 'darwin' ? 'Meta+z' : 'Control+z');
    await waitForManifest(page, (x) => x === before, 'the text before the what-if');
  });
});

test('share link round trip: copy, open in a fresh browser, same text, Service and view', async (t) => {
  await withPage(browser, t, async ({ page }) => {
    await open(page);
    const text = `${EXAMPLES.find((e) => e.file.startsWith('09')).text}# shared marker ✓ ünïcödé\n`;
    await pasteManifest(page, text);
    await waitForManifest(page, (x) => x === text, 'the pasted text');
    const canary = page.getByRole('tab', { name: 'default/web-canary' });
    const service = (await canary.count()) ? 'web-canary' : 'web-prod';
    if (service === 'web-canary') await canary.first().click();
    await page.locator('#tab-dns').click();
    await page.getByRole('button', { name: 'Share', exact: true }).click();
    const status = await page.locator('[data-testid="share-status"]').innerText({ timeout: UPDATE });
    assert.match(status, /Link copied|Copy this link/);
    const link = await page.locator('[data-testid="share-link"]').inputValue();
    assert.match(link, /#s=[A-Za-z0-9_-]+$/);

    const other = await browser.newContext({ viewport: { width: 1280, height: 800 } });
    try {
      const p2 = await other.newPage();
      const errors = [];
      p2.on('console', (m) => { if (m.type() === 'error') errors.push(m.text()); });
      p2.on('pageerror', (e) => errors.push(String(e)));
      await open(p2, link);
      await waitForManifest(p2, (x) => x === text, 'the shared text, exactly');
      assert.equal(await p2.locator('#tab-dns').getAttribute('aria-selected'), 'true', 'the shared view');
      if (service === 'web-canary') {
        assert.equal(await p2.getByRole('tab', { name: 'default/web-canary' }).first().getAttribute('aria-selected'), 'true', 'the shared Service');
      }
      assert.equal(await notice(p2), '', 'no notice for a fresh visitor');
      assert.equal(new URL(p2.url()).hash, '', 'the fragment is cleared once read');
      await screenshot(p2, 'app--share-opened');
      assert.deepEqual(errors, []);
    } finally {
      await other.close();
    }
  });
});

test('a damaged, hostile or oversized link shows a notice and the default text', async (t) => {
  const links = {
    truncated: 'q1YqSs1JLS5RslJQKk', // not a whole deflate stream
    garbage: 'AAAAAAAA____',
    'bad characters': '%%%<script>',
    'not our format': b64url(deflateRawSync(Buffer.from('hello world'))),
    'zip bomb': b64url(deflateRawSync(Buffer.alloc(40 * 1024 * 1024, 0x61))),
    empty: '',
  };
  await withPage(browser, t, async ({ page }) => {
    for (const [what, s] of Object.entries(links)) {
      await page.goto('about:blank');
      await open(page, `${BASE_URL}#s=${s}`);
      const n = await waitUntil(async () => {
        const text = await notice(page);
        return { ok: /This link is damaged/.test(text), text };
      }, `the damaged-link notice (${what})`);
      assert.ok(n.ok);
      const text = await getManifest(page);
      assert.match(text, /name: my-service/, `${what}: the default example is shown`);
      assert.ok(await page.locator(SEL.selectedPods).first().isVisible(), `${what}: the page works`);
    }
  });
});

test('reload restores the autosaved session (and a share link wins over it)', async (t) => {
  await withPage(browser, t, async ({ page }) => {
    await open(page);
    const text = `${(await getManifest(page)).replace('port: 80', 'port: 81')}# autosave marker\n`;
    await pasteManifest(page, text);
    await page.locator('#tab-routing').click();
    await waitUntil(async () => {
      const saved = await page.evaluate(() => localStorage.getItem('service-playground:session'));
      return { ok: !!saved && saved.includes('# autosave marker') && saved.startsWith('1\nrouting\n'), saved: saved?.slice(0, 40) };
    }, 'the autosave in localStorage');
    await page.reload({ waitUntil: 'load' });
    await waitForManifest(page, (x) => x === text, 'the autosaved text after reload');
    assert.equal(await page.locator('#tab-routing').getAttribute('aria-selected'), 'true');
    // Typing then leaving at once still saves (pagehide).
    await pasteManifest(page, `${text}# quick\n`);
    await page.waitForTimeout(50);
    await page.reload({ waitUntil: 'load' });
    await waitForManifest(page, (x) => x.endsWith('# quick\n'), 'the text typed just before reload');
    // A share link wins, and the autosaved text can be restored.
    const shared = b64url(deflateRawSync(Buffer.from('1\ntraffic\n\nkind: Pod\napiVersion: v1\nmetadata: {name: shared}\n')));
    await page.goto('about:blank');
    await page.goto(`${BASE_URL}#s=${shared}`, { waitUntil: 'load' });
    await waitForManifest(page, (x) => x.includes('name: shared'), 'the shared text');
    assert.match(await notice(page), /Opened a shared link/);
    await page.locator('[data-testid="notice"] button', { hasText: 'Restore' }).click();
    await waitForManifest(page, (x) => x.endsWith('# quick\n'), 'the restored text');
  });
});

test('download, open a file, drop a file (a large kubectl dump)', async (t) => {
  await withPage(browser, t, async ({ page }) => {
    await open(page);
    const [download] = await Promise.all([page.waitForEvent('download'), page.getByRole('button', { name: 'Download', exact: true }).click()]);
    assert.equal(download.suggestedFilename(), 'manifest.yaml');
    const body = readFileSync(await download.path(), 'utf8');
    assert.equal(body, await getManifest(page));

    const big = generatedManifest(1000);
    await page.locator('input[type=file]').setInputFiles({ name: 'dump.yaml', mimeType: 'application/yaml', buffer: Buffer.from(big) });
    await waitForManifest(page, (x) => x === big, 'the opened file', 30_000);
    assert.match(await notice(page), /Opened dump\.yaml/);

    const dropped = EXAMPLES.find((e) => e.file.startsWith('07')).text;
    await page.evaluate((text) => {
      const dt = new DataTransfer();
      dt.items.add(new File([text], 'dropped.yaml', { type: 'application/yaml' }));
      const target = document.querySelector('[aria-label="Manifest YAML"]');
      for (const type of ['dragenter', 'dragover', 'drop']) {
        target.dispatchEvent(new DragEvent(type, { dataTransfer: dt, bubbles: true, cancelable: true }));
      }
    }, dropped);
    await waitForManifest(page, (x) => x === dropped, 'the dropped file replaces the text');
    assert.match(await notice(page), /Opened dropped\.yaml/);
    await page.locator('[data-testid="notice"] button', { hasText: 'Restore' }).click();
    await waitForManifest(page, (x) => x === big, 'Restore brings the previous text back', 30_000);
    // The replaced text survives a reload too: the Examples menu offers it.
    await page.waitForTimeout(600);
    await page.reload({ waitUntil: 'load' });
    await waitForManifest(page, (x) => x === big, 'the autosave after reload', 30_000);
    await page.locator('.examples-menu > summary').click();
    await page.locator('[data-testid="restore-previous"]').click();
    await waitForManifest(page, (x) => x === dropped, 'the text from before, after a reload');
  });
});

test('an opened file is read as UTF-8: byte order mark dropped, every character kept across pieces; a binary file is refused', async (t) => {
  await withPage(browser, t, async ({ page }) => {
    await open(page);
    // Over two of the 4 MB pieces the file comes in, with two- and four-byte characters on every
    // line, so that some of them fall across the end of a piece.
    const lines = ['kind: ConfigMap', 'apiVersion: v1', 'metadata: {name: accents}'];
    for (let i = 0; lines.length < 500_000; i++) lines.push(`# café 🚀 ${i}`);
    const text = lines.join('\n') + '\n';
    const withBom = Buffer.concat([Buffer.from([0xef, 0xbb, 0xbf]), Buffer.from(text)]);
    assert.ok(withBom.length > 8 << 20);
    await page.locator('input[type=file]').setInputFiles({ name: 'accents.yaml', mimeType: 'application/yaml', buffer: withBom });
    await waitForManifest(page, (x) => x === text, 'the file, without its byte order mark', 60_000);

    await page.locator('input[type=file]').setInputFiles({ name: 'image.png', mimeType: 'image/png', buffer: Buffer.from([0x89, 0x50, 0x4e, 0x47, 0, 0, 0, 13]) });
    await waitUntil(async () => /Could not open image\.png: it is not a text file/.test(await notice(page)), 'the refusal');
    assert.ok((await getManifest(page)) === text, 'the text shown stays');
  });
});

test('theme: System / Light / Dark, remembered', async (t) => {
  await withPage(browser, t, async ({ page }) => {
    await open(page);
    const theme = () => page.evaluate(() => document.documentElement.dataset.theme ?? null);
    assert.equal(await theme(), null);
    await page.locator('label[for="theme-dark"]').click();
    assert.equal(await theme(), 'dark');
    await page.reload({ waitUntil: 'load' });
    await page.locator(SEL.manifest).first().waitFor({ timeout: LOAD_TIMEOUT });
    assert.equal(await theme(), 'dark');
    assert.ok(await page.locator('#theme-dark').isChecked());
    await screenshot(page, 'app--theme-dark');
    // Keyboard: arrow keys move through the radio group.
    await page.locator('#theme-dark').focus();
    await page.keyboard.press('ArrowLeft');
    assert.equal(await theme(), 'light');
    await page.locator('label[for="theme-system"]').click();
    assert.equal(await theme(), null);
  });
});

test('every control is labelled and reachable by keyboard, with a visible focus ring', async (t) => {
  await withPage(browser, t, async ({ page }) => {
    await open(page);
    await page.locator('.examples-menu > summary').click();
    await page.locator('.whatif-menu > summary').click();
    const unlabelled = await page.evaluate(() => {
      const name = (el) => {
        if (el.getAttribute('aria-label')) return el.getAttribute('aria-label');
        const by = el.getAttribute('aria-labelledby');
        if (by) return by.split(/\s+/).map((id) => document.getElementById(id)?.textContent ?? '').join(' ');
        if (el.labels && el.labels.length) return [...el.labels].map((l) => l.textContent).join(' ');
        if (el.tagName === 'INPUT' && el.type === 'file') return 'hidden file input (opened by the "Open file…" button)';
        return el.textContent || el.getAttribute('title') || el.getAttribute('placeholder') || '';
      };
      return [...document.querySelectorAll('.topbar button, .topbar input, .topbar select, .topbar summary, .notice button, .app a')]
        .filter((el) => !name(el).trim()).map((el) => el.outerHTML.slice(0, 120));
    });
    assert.deepEqual(unlabelled, []);
    await page.keyboard.press('Escape');
    // Tab from the top reaches the toolbar controls in order, each with a visible outline.
    await page.goto(BASE_URL, { waitUntil: 'load' });
    await page.locator(SEL.manifest).first().waitFor({ timeout: LOAD_TIMEOUT });
    const reached = [];
    for (let i = 0; i < 6; i++) {
      await page.keyboard.press('Tab');
      reached.push(await page.evaluate(() => {
        const el = document.activeElement;
        const style = getComputedStyle(el.matches('input[type=radio]') ? el.nextElementSibling : el);
        return { text: (el.textContent || el.value || el.id).trim().slice(0, 20), outline: style.outlineStyle !== 'none' && parseFloat(style.outlineWidth) > 0 };
      }));
    }
    const texts = reached.map((r) => r.text);
    for (const want of ['Examples', 'What if…', 'Share', 'Download', 'Open file…']) {
      assert.ok(texts.includes(want), `Tab reaches ${want} (${texts.join(' | ')})`);
    }
    assert.ok(reached.every((r) => r.outline), `a visible focus outline on each (${JSON.stringify(reached)})`);
    // Enter opens the examples menu, Escape closes it.
    await page.locator('.examples-menu > summary').focus();
    await page.keyboard.press('Enter');
    assert.equal(await page.locator('.examples-menu').evaluate((d) => d.open), true);
    await page.keyboard.press('Tab');
    await page.keyboard.press('Escape');
    assert.equal(await page.locator('.examples-menu').evaluate((d) => d.open), false);
  });
});

test('embed mode: compact, read-only, posts its height to the host page', async (t) => {
  await withPage(browser, t, async ({ page }) => {
    // The host page is answered by a route on the app's own origin: Chromium's Local Network
    // Access checks block a routed page of another origin from framing a loopback address.
    const host = new URL('__embed-host.html', BASE_URL).href;
    const src = `${BASE_URL}#embed&example=loadbalancer&view=endpoints&readonly`;
    await page.route(host, (r) => r.fulfill({
      contentType: 'text/html',
      body: `<!doctype html><html><head><meta charset="utf-8"><title>Docs</title>
        <style>body{margin:1rem;font:14px sans-serif} iframe{width:100%;border:0;display:block}</style></head>
        <body><h1>Services</h1>
        <iframe id="pg" src="${src}" title="Service Playground: LoadBalancer" style="height:150px"></iframe>
        <p>After the playground.</p>
        <script>
          window.heights = [];
          addEventListener('message', (e) => {
            const f = document.getElementById('pg');
            if (e.source !== f.contentWindow || !e.data || e.data.type !== 'service-playground:height') return;
            window.heights.push(e.data.height);
            f.style.height = e.data.height + 'px';
          });
        </script></body></html>`,
    }));
    await quietFavicon(page);
    await page.goto(host, { waitUntil: 'load' });
    const frame = page.frameLocator('#pg');
    await frame.locator('.app.embed').waitFor({ timeout: LOAD_TIMEOUT });
    const h = await waitUntil(async () => {
      const heights = await page.evaluate(() => window.heights);
      const iframe = await page.locator('#pg').evaluate((f) => f.getBoundingClientRect().height);
      return { ok: heights.length > 0 && heights.at(-1) > 300 && Math.abs(iframe - heights.at(-1)) < 2, heights, iframe };
    }, 'a height message that sized the iframe');
    assert.ok(h.ok);
    assert.equal(await frame.locator('.topbar').count(), 0, 'no toolbar');
    assert.equal(await frame.locator('.tabs').count(), 0, 'no tab bar');
    const text = await frame.locator(SEL.manifest).first().innerText();
    assert.match(text, /name: web-local/);
    assert.equal(await frame.locator('[contenteditable="true"], textarea').count(), 0, 'read-only');
    assert.match(await frame.locator('#view').innerText(), /EndpointSlice|Endpoints/);
    await waitUntil(async () => /#s=/.test(await frame.locator('[data-testid="open-in-playground"]').getAttribute('href')), 'the "Open in playground" link carries the state');
    await screenshot(page, 'app--embed-host-wide');
    // Narrower: the layout stacks, and a new height is reported.
    const count = (await page.evaluate(() => window.heights)).length;
    await page.setViewportSize({ width: 520, height: 800 });
    await waitUntil(async () => (await page.evaluate(() => window.heights)).length > count, 'a new height after the resize');
    await screenshot(page, 'app--embed-host-narrow');
    // The link opens the full playground with the same text.
    const href = await frame.locator('[data-testid="open-in-playground"]').getAttribute('href');
    const full = await page.context().newPage();
    await open(full, href);
    await waitForManifest(full, (x) => x === EXAMPLES.find((e) => e.file.startsWith('06')).text, 'the same text in the full playground');
    assert.equal(await full.locator('.topbar').count(), 1);
    await full.close();
  });
});

test('phone width: toolbar and menus fit', async (t) => {
  await withPage(browser, t, async ({ page }) => {
    await open(page);
    await page.locator('.whatif-menu > summary').click();
    const overflow = await page.evaluate(() => document.documentElement.scrollWidth - window.innerWidth);
    assert.ok(overflow <= 0, `no horizontal scrolling (${overflow}px)`);
    const panel = await page.locator('.whatif-menu .menu-panel').boundingBox();
    assert.ok(panel.x >= 0 && panel.x + panel.width <= 390, `the menu fits (${JSON.stringify(panel)})`);
  }, { viewport: { width: 390, height: 844 } });
});
