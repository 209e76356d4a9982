// First vertical slice: the default example is shown, editing the Service selector changes the
// selected pods, and a schema error is reported with line:column.
//
// Contract with the app:
//   [aria-label="Manifest YAML"]   textarea (or editor) holding the default example
//   [data-testid="selected-pods"]  names of the pods the Service selects
//   [data-testid="problems"]       diagnostics, each with line:column (if it is not in the page, the
//                                  test opens the tab named "Problems")
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import {
  launch, withPage, openApp, getManifest, setManifest, selectedPodsText, textOf, names, waitUntil, SEL,
} from './lib.mjs';

let browser;
before(async () => { browser = await launch(); });
after(async () => { await browser?.close(); });

/** Replaces the `app: MyApp` under the Service's `selector:` (not the pods' labels). */
function withSelector(text, app) {
  const re = /(selector:[ \t]*\r?\n[ \t]+)app: MyApp\b/;
  assert.match(text, re, 'the default example has a `selector:` with `app: MyApp`');
  return text.replace(re, `$1app: ${app}`);
}

test('default example: my-service selects myapp-1 and myapp-2', async (t) => {
  await withPage(browser, t, async ({ page }) => {
    await openApp(page);
    const yaml = await getManifest(page);
    assert.match(yaml, /name: my-service\b/, 'the editor holds the default example (Service my-service)');
    assert.match(yaml, /app: MyApp\b/, 'the default example selects app: MyApp');

    const got = await waitUntil(async () => {
      const text = await selectedPodsText(page);
      const n = names(text);
      return { ok: n.has('myapp-1') && n.has('myapp-2') && !n.has('other-app'), text };
    }, 'selected pods = myapp-1, myapp-2');
    assert.ok(got.ok);
  });
});

test('changing the selector to app: OtherApp selects other-app', async (t) => {
  await withPage(browser, t, async ({ page }) => {
    await openApp(page);
    const yaml = await getManifest(page);
    await setManifest(page, withSelector(yaml, 'OtherApp'));
    await waitUntil(async () => {
      const text = await selectedPodsText(page);
      const n = names(text);
      return { ok: n.has('other-app') && !n.has('myapp-1') && !n.has('myapp-2'), text };
    }, 'selected pods = other-app');
  });
});

test('a schema error (port: "80") is listed in problems with line:column', async (t) => {
  await withPage(browser, t, async ({ page }) => {
    await openApp(page);
    const yaml = await getManifest(page);
    const re = /^([ \t]*(?:-[ \t]+)?)port: 80[ \t]*$/m;
    assert.match(yaml, re, 'the default example has a `port: 80` line');
    const broken = yaml.replace(re, '$1port: "80"');
    const line = broken.split(/\r?\n/).findIndex((l) => /port: "80"/.test(l)) + 1;
    await setManifest(page, broken);
    // The problems list may live in a tab of its own: open it if the list is not in the page.
    if ((await page.locator(SEL.problems).count()) === 0) {
      const tab = page.getByRole('tab', { name: /problems/i }).first();
      if (await tab.count()) await tab.click();
    }

    const got = await waitUntil(async () => {
      const text = await textOf(page, SEL.problems);
      return { ok: new RegExp(`(^|\\D)${line}:\\d+`).test(text), text };
    }, `a problem at line ${line} (as ${line}:<column>) in ${SEL.problems}`);
    assert.match(got.text, /\d+:\d+/);
  });
});
