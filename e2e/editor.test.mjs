// The manifest editor (CodeMirror 6 from static/editor.js, bridged by src/bridge.rs): typing with
// the keyboard re-runs the engine, errors show as lint markers on the right line and in the
// problems list, a problem click moves the cursor, undo, search, Tab, the page's dark theme, and the
// plain-textarea fallback when the bundle does not load. Every page fails its test on a console error.
//
// Contract with the app (beyond first-slice.test.mjs):
//   .editor-host[data-editor="codemirror"]      the box CodeMirror is mounted in, once it is
//   [aria-label="Manifest YAML"]                CodeMirror's contenteditable (or the fallback textarea)
//   [data-testid="problems"] button[data-line]  one button per problem; click → cursor there
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import {
  launch, withPage, openApp, getManifest, selectedPodsText, names, waitUntil, screenshot, SEL, BASE_URL,
  LOAD_TIMEOUT, pasteManifest, generatedManifest,
} from './lib.mjs';

let browser;
before(async () => { browser = await launch(); });
after(async () => { await browser?.close(); });

const MOD = process.platform === 'darwin' ? 'Meta' : 'Control';

/** Opens the app and waits for CodeMirror (not the fallback textarea) to hold the manifest. */
async function openEditor(page) {
  await openApp(page);
  await page.locator('.editor-host[data-editor="codemirror"] .cm-editor').waitFor({ timeout: LOAD_TIMEOUT });
  const kinds = await page.locator(SEL.manifest).evaluateAll((els) => els.map((e) => `${e.tagName}:${e.isContentEditable}`));
  assert.deepEqual(kinds, ['DIV:true'], 'exactly one "Manifest YAML" textbox: CodeMirror\'s contenteditable');
}

/** 1-based number of the first line of `text` matching `re` (0 when none). */
function lineOf(text, re) {
  return text.split('\n').findIndex((l) => re.test(l)) + 1;
}

/** The cursor's 1-based line, read from CodeMirror's DOM (the highlighted line-number gutter). */
async function cursorLine(page) {
  const n = await page.locator('.cm-activeLineGutter').first().innerText();
  return Number(n.trim());
}

/** Puts the cursor at the end of a 1-based line using only the keyboard (ArrowDown moves by
 * screen row, and comment lines wrap: it goes down until the gutter shows that line). */
async function gotoLineEnd(page, line) {
  await page.locator(SEL.manifest).click();
  await page.keyboard.press(`${MOD}+Home`);
  for (let i = 0; i < 4 * line && (await cursorLine(page)) < line; i++) await page.keyboard.press('ArrowDown');
  assert.equal(await cursorLine(page), line, `the cursor reached line ${line}`);
  await page.keyboard.press('End');
}

async function waitForPods(page, want, not) {
  return waitUntil(async () => {
    const text = await selectedPodsText(page);
    const n = names(text);
    return { ok: want.every((p) => n.has(p)) && not.every((p) => !n.has(p)), text };
  }, `selected pods = ${want.join(', ')}`);
}

// Issue 13, defect 10: Enter after `spec:` did not indent, and line 1 of every example was cut off.
test('Enter indents the next line for YAML', async (t) => {
  await withPage(browser, t, async ({ page }) => {
    await openEditor(page);
    const text = await getManifest(page);
    const spec = lineOf(text, /^spec:$/);
    await gotoLineEnd(page, spec);
    await page.keyboard.press('Enter');
    await page.keyboard.type('type: NodePort');
    await waitUntil(async () => (await getManifest(page)).includes('spec:\n  type: NodePort\n  selector:'), 'type: NodePort under spec:');
    // The next key of a list item lines up with the item's first key.
    const after = await getManifest(page);
    await gotoLineEnd(page, lineOf(after, /^ {4}- protocol: TCP$/));
    await page.keyboard.press('Enter');
    await page.keyboard.type('name: web');
    await waitUntil(async () => (await getManifest(page)).includes('    - protocol: TCP\n      name: web\n      port: 80'), 'name: web in the port item');
    // A plain `key: value` keeps its indentation.
    const now = await getManifest(page);
    await gotoLineEnd(page, lineOf(now, /^ {6}name: web$/));
    await page.keyboard.press('Enter');
    await page.keyboard.type('appProtocol: http');
    await waitUntil(async () => (await getManifest(page)).includes('      name: web\n      appProtocol: http\n'), 'appProtocol at the same indentation');
    // The YAML is still valid: the Service is still shown, now a NodePort.
    await waitUntil(async () => /NodePort/.test(await page.locator('.service-head').innerText()), 'the Service is a NodePort');
  });
});

for (const width of [1280, 390]) {
  test(`the first line of every example is visible without scrolling sideways (${width} px)`, async (t) => {
    await withPage(browser, t, async ({ page }) => {
      await openEditor(page);
      const ids = await page.locator('button[data-example]').evaluateAll((els) => els.map((e) => e.dataset.example));
      assert.ok(ids.length >= 10, 'the gallery is listed');
      const cut = [];
      for (const id of ids) {
        await page.goto('about:blank');
        await page.goto(`${BASE_URL}#example=${id}`, { waitUntil: 'load' });
        await page.locator('.editor-host .cm-editor .cm-line').first().waitFor({ timeout: LOAD_TIMEOUT });
        // The width comment lines wrap at is measured by CodeMirror in its first measure cycle
        // (a frame after the editor appears, later now that it is created after the first paint).
        await page.waitForFunction(() => document.querySelector('.cm-editor')?.style.getPropertyValue('--cm-comment-width'), null, { timeout: LOAD_TIMEOUT });
        const r = await page.evaluate(() => {
          const line = document.querySelector('.cm-editor .cm-line');
          const scroller = document.querySelector('.cm-editor .cm-scroller').getBoundingClientRect();
          const range = document.createRange();
          range.selectNodeContents(line);
          const right = Math.max(...[...range.getClientRects()].map((x) => x.right));
          return { text: line.textContent, right, visible: scroller.right };
        });
        if (!r.text.startsWith('#')) cut.push(`${id}: line 1 is not the comment (${r.text.slice(0, 40)})`);
        else if (r.right > r.visible + 1) cut.push(`${id}: line 1 ends at ${Math.round(r.right)} px, the editor at ${Math.round(r.visible)} px`);
      }
      assert.deepEqual(cut, []);
      await screenshot(page, `editor--first-line-${width}`);
    }, { viewport: { width, height: 800 } });
  });
}

test('CodeMirror holds the example with YAML highlighting, line numbers and the active line', async (t) => {
  await withPage(browser, t, async ({ page }) => {
    await openEditor(page);
    const text = await getManifest(page);
    assert.match(text, /name: my-service\b/);
    assert.ok(await page.locator('.cm-lineNumbers .cm-gutterElement').count() > 10, 'line numbers');
    assert.ok(await page.locator('.cm-content .tok-key').count() > 10, 'keys are highlighted');
    assert.equal(await page.locator('.cm-content .tok-key', { hasText: 'apiVersion' }).count() > 0, true);
    await gotoLineEnd(page, 3);
    assert.equal(await cursorLine(page), 3);
    assert.equal(await page.locator('.cm-activeLine').count(), 1, 'the active line is highlighted');
    assert.equal(await page.locator('.cm-gutter-lint').count(), 1, 'a lint gutter');
  });
});

test('typing a new selector re-selects the pods; Ctrl-Z undoes it', async (t) => {
  await withPage(browser, t, async ({ page }) => {
    await openEditor(page);
    await waitForPods(page, ['myapp-1', 'myapp-2'], ['other-app']);
    const original = await getManifest(page);
    const line = lineOf(original, /^\s+app: MyApp$/); // the Service's selector comes first
    assert.ok(line > 0 && /selector:/.test(original.split('\n')[line - 2]), 'selector line found');

    await gotoLineEnd(page, line);
    for (let i = 0; i < 'MyApp'.length; i++) await page.keyboard.press('Backspace');
    await page.keyboard.type('OtherApp', { delay: 15 });
    await waitForPods(page, ['other-app'], ['myapp-1', 'myapp-2']);
    assert.equal((await getManifest(page)).split('\n')[line - 1].trim(), 'app: OtherApp');

    // Undo (typing and deleting are separate history events): back to the original text.
    let undos = 0;
    while ((await getManifest(page)) !== original && undos < 6) {
      await page.keyboard.press(`${MOD}+z`);
      undos++;
    }
    assert.equal(await getManifest(page), original, `Ctrl-Z restores the text (${undos} presses)`);
    await waitForPods(page, ['myapp-1', 'myapp-2'], ['other-app']);

    // Redo works too.
    await page.keyboard.press(`${MOD}+Shift+z`);
    assert.notEqual(await getManifest(page), original);
  });
});

test('a large manifest is analysed in slices: the page says so, typing goes on, the views catch up', async (t) => {
  await withPage(browser, t, async ({ page }) => {
    await openEditor(page);
    // Record every appearance of the "Analysing" status (it may come and go between two polls).
    await page.evaluate(() => {
      window.__analysing = 0;
      new MutationObserver(() => {
        if (document.querySelector('[data-testid="analysing"]')) window.__analysing++;
      }).observe(document.body, { childList: true, subtree: true });
    });
    const big = generatedManifest(1000); // 340 KB: above the size analysed at once
    await pasteManifest(page, big);
    // Type straight away, while the engine works: the keys land in the editor, nothing is lost.
    await page.locator(SEL.manifest).click();
    await page.keyboard.press(`${MOD}+End`);
    await page.keyboard.type('# typed during the analysis', { delay: 10 });
    await waitForPods(page, ['pod-0000', 'pod-0002'], ['myapp-1', 'pod-0001']);
    await page.locator('[data-testid="analysing"]').waitFor({ state: 'detached', timeout: LOAD_TIMEOUT });
    assert.ok(await page.evaluate(() => window.__analysing) > 0, 'the "Analysing" status was shown');
    assert.equal(await getManifest(page), `${big}# typed during the analysis`);
    const busy = await page.locator('section.results-pane').getAttribute('aria-busy');
    assert.equal(busy, 'false', 'the results are current again');
    // A change to the large text: the views follow once its analysis is done.
    const other = (await getManifest(page)).replace('    app: MyApp', '    app: OtherApp');
    await pasteManifest(page, other);
    await waitForPods(page, ['pod-0001', 'pod-0003'], ['pod-0000']);
    await screenshot(page, 'large-manifest-analysed');
  });
});

test('a what-if replaces the text as one change that Ctrl-Z undoes', async (t) => {
  await withPage(browser, t, async ({ page }) => {
    await openEditor(page);
    const original = await getManifest(page);
    // The "What if…" menu is part of this build: found by its label, never skipped.
    const menu = page.getByLabel(/^What if: /);
    await menu.waitFor({ timeout: LOAD_TIMEOUT }).catch(() => {
      throw new Error('no "What if…" menu (a control labelled "What if: …") in this build');
    });
    await menu.click();
    const panel = page.getByRole('group', { name: 'What if', exact: true });
    await panel.getByRole('combobox', { name: 'Object to change' }).selectOption({ label: 'Pod myapp-1' });
    const action = panel.getByRole('button', { name: 'Mark myapp-1 not Ready' });
    await action.waitFor({ timeout: LOAD_TIMEOUT }).catch(() => {
      throw new Error('the "What if…" menu offers no "Mark myapp-1 not Ready" for Pod myapp-1 of the default example');
    });
    await action.click();
    const replaced = await waitUntil(async () => {
      const text = await getManifest(page);
      return { ok: text !== original && /name: myapp-1[\s\S]*?status: "False"/.test(text), text };
    }, 'the what-if marks myapp-1 not Ready in the editor\'s text');
    assert.equal(await page.locator('.cm-editor').count(), 1, 'the same editor, not a new one');

    // Undo in the editor brings back the text before the replacement, in one step.
    await page.keyboard.press('Escape');
    await page.locator(SEL.manifest).click();
    await page.keyboard.press(`${MOD}+z`);
    await waitUntil(async () => ({ ok: (await getManifest(page)) === original }), 'one Ctrl-Z undoes the what-if');
    await waitForPods(page, ['myapp-1', 'myapp-2'], ['other-app']);
    await page.keyboard.press(`${MOD}+Shift+z`);
    assert.equal(await getManifest(page), replaced.text, 'redo re-applies it');
  });
});

test('an error gets a lint marker on its line, a hover message, a problem; clicking it moves the cursor', async (t) => {
  await withPage(browser, t, async ({ page }) => {
    await openEditor(page);
    const original = await getManifest(page);
    const line = lineOf(original, /^\s+port: 80$/);
    assert.ok(line > 0, 'a `port: 80` line');

    await gotoLineEnd(page, line);
    await page.keyboard.press('Backspace');
    await page.keyboard.press('Backspace');
    await page.keyboard.type('"80"');
    assert.equal((await getManifest(page)).split('\n')[line - 1].trim(), 'port: "80"');

    // The squiggle is on that line, and so is the gutter marker.
    const range = page.locator('.cm-lintRange-error').first();
    await range.waitFor({ timeout: 10_000 });
    const rangeLine = await range.evaluate((el) => el.closest('.cm-line')?.textContent ?? '');
    assert.match(rangeLine, /port: "80"/, 'the lint range is on the edited line');
    const marker = page.locator('.cm-lint-marker-error').first();
    await marker.waitFor();
    const [mBox, lBox] = await Promise.all([
      marker.boundingBox(),
      range.evaluate((el) => { const r = el.closest('.cm-line').getBoundingClientRect(); return { y: r.y, height: r.height }; }),
    ]);
    assert.ok(Math.abs(mBox.y + mBox.height / 2 - (lBox.y + lBox.height / 2)) < lBox.height, 'gutter marker beside the line');

    // Hovering the squiggle shows the engine's message.
    await range.hover();
    const tip = page.locator('.cm-tooltip .cm-diagnostic-error').first();
    await tip.waitFor({ timeout: 5_000 });
    assert.match(await tip.innerText(), /port/i);

    // The problem is listed with this line, as a button.
    await page.getByRole('tab', { name: /Problems/ }).click();
    const problem = page.locator(`${SEL.problems} button[data-line="${line}"]`).first();
    await problem.waitFor({ timeout: 10_000 });
    assert.match(await problem.innerText(), new RegExp(`\\b${line}:\\d+`));

    // Move the cursor away, then click the problem: the cursor goes to its line, the editor has focus.
    await gotoLineEnd(page, 1);
    assert.equal(await cursorLine(page), 1);
    await problem.click();
    await waitUntil(async () => ({ ok: (await cursorLine(page)) === line, line: await cursorLine(page) }), `cursor on line ${line}`);
    assert.equal(await page.evaluate(() => document.activeElement?.getAttribute('aria-label')), 'Manifest YAML');
    assert.match(await page.locator('.cm-activeLine').first().innerText(), /port: "80"/);

    // Keyboard too: Enter on a focused problem.
    await gotoLineEnd(page, 2);
    await problem.focus();
    await page.keyboard.press('Enter');
    await waitUntil(async () => ({ ok: (await cursorLine(page)) === line }), `cursor on line ${line} after Enter`);

    // Fixing it clears the marker. CodeMirror groups edits less than 500 ms apart into one undo
    // step; on a loaded machine the two Backspaces and the typing can land in separate steps, so
    // undo until the text is the original again (at most once per edit made above).
    for (let i = 0; i < 4 && (await getManifest(page)) !== original; i++) {
      await page.keyboard.press(`${MOD}+z`);
    }
    await waitUntil(async () => ({ ok: (await page.locator('.cm-lintRange-error').count()) === 0 }), 'no lint marker after undo');
    assert.equal(await getManifest(page), original);
  });
});

test('Ctrl-F opens search; Tab inserts two spaces; Escape then Tab leaves the editor', async (t) => {
  await withPage(browser, t, async ({ page }) => {
    await openEditor(page);
    await gotoLineEnd(page, 1);
    await page.keyboard.press(`${MOD}+f`);
    const field = page.locator('.cm-search input[name="search"]');
    await field.waitFor({ timeout: 5_000 });
    assert.equal(await field.evaluate((el) => el === document.activeElement), true, 'the search field has focus');
    await page.keyboard.type('targetPort');
    await page.keyboard.press('Enter');
    const text = await getManifest(page);
    await waitUntil(async () => ({ ok: (await cursorLine(page)) === lineOf(text, /targetPort/) }), 'search moved to targetPort');
    assert.ok(await page.locator('.cm-searchMatch').count() >= 1, 'matches are highlighted');
    await page.keyboard.press('Escape');
    await page.locator('.cm-search').waitFor({ state: 'detached' });

    // Tab: two spaces at the cursor.
    const line = lineOf(text, /^kind: Service$/);
    await gotoLineEnd(page, line);
    await page.keyboard.press('Home');
    await page.keyboard.press('Tab');
    assert.equal((await getManifest(page)).split('\n')[line - 1], '  kind: Service');
    await page.keyboard.press(`${MOD}+z`);
    assert.equal(await getManifest(page), text);

    // Escape, Tab: focus moves on (the editor does not trap the keyboard).
    await page.keyboard.press('Escape');
    await page.keyboard.press('Tab');
    assert.notEqual(await page.evaluate(() => document.activeElement?.getAttribute('aria-label')), 'Manifest YAML');
    assert.equal(await getManifest(page), text, 'that Tab did not edit');
  });
});

test('the editor follows the page theme (prefers-color-scheme and data-theme)', async (t) => {
  await withPage(browser, t, async ({ page }) => {
    await page.emulateMedia({ colorScheme: 'dark' });
    await openEditor(page);
    const colors = () => page.evaluate(() => {
      const cm = document.querySelector('.cm-editor');
      const key = document.querySelector('.cm-content .tok-key');
      return { bg: getComputedStyle(cm).backgroundColor, key: getComputedStyle(key).color, body: getComputedStyle(document.body).backgroundColor };
    });
    const dark = await colors();
    await screenshot(page, 'editor--dark');
    assert.equal(dark.bg, 'rgb(23, 27, 35)', 'dark panel colour');
    await page.evaluate(() => document.documentElement.setAttribute('data-theme', 'light'));
    const forcedLight = await colors();
    assert.equal(forcedLight.bg, 'rgb(255, 255, 255)', 'data-theme="light" wins over the media query');
    assert.notEqual(forcedLight.key, dark.key);
    await page.evaluate(() => document.documentElement.removeAttribute('data-theme'));
    await page.emulateMedia({ colorScheme: 'light' });
    const light = await colors();
    assert.equal(light.bg, 'rgb(255, 255, 255)');
    await screenshot(page, 'editor--light');
  });
});

test('a bundle that arrives after the app started takes over from the textarea, keeping edits', async (t) => {
  await withPage(browser, t, async ({ page }) => {
    // Load the bundle asynchronously (not before the app, as index.html does) and late.
    let release;
    const gate = new Promise((r) => { release = r; });
    await page.route(/\/editor(-[0-9a-f]+)?\.js$/, async (route) => { await gate; await route.continue(); });
    await page.route((url) => new URL(url).pathname === new URL(BASE_URL).pathname, async (route) => {
      const res = await route.fetch();
      const html = (await res.text()).replace(/<script([^>]*\/editor-[^>]*)><\/script>/, '<script async$1></script>');
      await route.fulfill({ response: res, body: html });
    });
    // Not openApp: the `load` event waits for async scripts too.
    await page.goto(BASE_URL, { waitUntil: 'domcontentloaded', timeout: LOAD_TIMEOUT });
    await page.locator(SEL.selectedPods).first().waitFor({ timeout: LOAD_TIMEOUT });
    const area = page.locator(`textarea${SEL.manifest}`);
    await area.waitFor();
    const text = await area.inputValue();
    await area.fill(text.replace(/(selector:\s*\n\s+)app: MyApp/, '$1app: OtherApp'));
    await waitForPods(page, ['other-app'], ['myapp-1', 'myapp-2']);
    release();
    await page.locator('.editor-host[data-editor="codemirror"] .cm-editor').waitFor({ timeout: LOAD_TIMEOUT });
    assert.equal(await page.locator(`textarea${SEL.manifest}`).count(), 0, 'the textarea is gone');
    assert.match(await getManifest(page), /selector:\s*\n\s+app: OtherApp/, 'CodeMirror has the edited text');
    assert.equal(await page.evaluate(() => document.activeElement?.getAttribute('aria-label')), 'Manifest YAML', 'focus moved over');
    await page.keyboard.press('End');
    await page.keyboard.type(' ');
    await page.keyboard.press('Backspace');
    await waitForPods(page, ['other-app'], ['myapp-1', 'myapp-2']);
  });
});

test('the first view does not wait for the editor bundle; what is typed before it arrives stays, cursor and all', async (t) => {
  await withPage(browser, t, async ({ page }) => {
    // index.html loads the bundle async: hold it back and the default Service must still show.
    let release;
    const gate = new Promise((r) => { release = r; });
    await page.route(/\/editor(-[0-9a-f]+)?\.js$/, async (route) => { await gate; await route.continue(); });
    await page.goto(BASE_URL, { waitUntil: 'domcontentloaded', timeout: LOAD_TIMEOUT });
    await page.locator(SEL.selectedPods).first().waitFor({ timeout: LOAD_TIMEOUT });
    assert.match(await selectedPodsText(page), /myapp-1/);
    assert.equal(await page.locator('.cm-editor').count(), 0, 'no CodeMirror yet');
    const area = page.locator(`textarea${SEL.manifest}`);
    // Type with the keyboard at the end of the selector's `app: MyApp` line.
    const text = await area.inputValue();
    const at = text.search(/(?<=selector:\s*\n\s+app: MyApp)$/m);
    assert.ok(at > 0, 'the default example has the selector line');
    await area.focus();
    await area.evaluate((el, i) => el.setSelectionRange(i, i), at);
    await page.keyboard.type('X');
    await waitForPods(page, [], ['myapp-1', 'myapp-2']);
    release();
    await page.locator('.editor-host[data-editor="codemirror"] .cm-editor').waitFor({ timeout: LOAD_TIMEOUT });
    assert.match(await getManifest(page), /selector:\s*\n\s+app: MyAppX\n/, 'CodeMirror has the typed text');
    // The cursor came over too: the next key lands right after the X.
    await page.keyboard.type('Y');
    await waitUntil(async () => /app: MyAppXY\n/.test(await getManifest(page)), 'typing continues where it was');
    await page.keyboard.press('Backspace');
    await page.keyboard.press('Backspace');
    await waitForPods(page, ['myapp-1', 'myapp-2'], []);
  });
});

test('without the editor bundle the page falls back to the plain textarea', async (t) => {
  // Not withPage: the blocked script is an expected console error; anything else still fails.
  const context = await browser.newContext({ viewport: { width: 1280, height: 800 } });
  const page = await context.newPage();
  const errors = [];
  page.on('console', (m) => { if (m.type() === 'error') errors.push(m.text()); });
  page.on('pageerror', (e) => errors.push(`page error: ${e.message}`));
  await page.route(/\/editor(-[0-9a-f]+)?\.js$/, (route) => route.abort());
  try {
    await page.goto(BASE_URL, { waitUntil: 'load', timeout: LOAD_TIMEOUT });
    await page.locator(SEL.selectedPods).first().waitFor({ timeout: LOAD_TIMEOUT });
    const area = page.locator(`textarea${SEL.manifest}`);
    await area.waitFor();
    assert.equal(await page.locator('.cm-editor').count(), 0);
    const text = await area.inputValue();
    await area.fill(text.replace(/(selector:\s*\n\s+)app: MyApp/, '$1app: OtherApp'));
    await waitForPods(page, ['other-app'], ['myapp-1', 'myapp-2']);
  } finally {
    await screenshot(page, 'editor--fallback-textarea');
    await context.close();
  }
  const unexpected = errors.filter((e) => !/Failed to load resource|net::ERR_FAILED/.test(e));
  assert.deepEqual(unexpected, [], `unexpected page errors:\n${unexpected.join('\n')}`);
});
