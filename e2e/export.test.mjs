// Export of the traffic diagram: SVG and PNG, light and dark. The files are what the page shows,
// with the theme's colours written in (no CSS variables, no classes), on the card's background,
// and they open as images on their own.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { launch, withPage, waitUntil, BASE_URL, LOAD_TIMEOUT } from './lib.mjs';

let browser;
before(async () => { browser = await launch(); });
after(async () => { await browser?.close(); });

/** Relative luminance (0 black … 1 white) of a CSS rgb() colour. */
function luminance(rgb) {
  const [r, g, b] = rgb.match(/\d+(\.\d+)?/g).slice(0, 3).map(Number);
  return (0.2126 * r + 0.7152 * g + 0.0722 * b) / 255;
}

async function download(page, button) {
  const [dl] = await Promise.all([page.waitForEvent('download'), page.locator(button).click()]);
  return { name: dl.suggestedFilename(), bytes: readFileSync(await dl.path()) };
}

test('the diagram exports as SVG and PNG, light and dark', async (t) => {
  await withPage(browser, t, async ({ page }) => {
    await page.route('**/favicon.ico', (r) => r.fulfill({ status: 204, body: '' }));
    await page.emulateMedia({ colorScheme: 'light' });
    await page.goto(`${BASE_URL}#example=nodeport&view=traffic`, { waitUntil: 'load', timeout: LOAD_TIMEOUT });
    const svgOnPage = page.locator('.dg-canvas svg');
    await svgOnPage.waitFor({ timeout: LOAD_TIMEOUT });
    const viewBox = (await svgOnPage.getAttribute('viewBox')).split(/\s+/).map(Number);
    const labels = await svgOnPage.locator('text').allTextContents();
    assert.ok(labels.length > 3);

    const backgrounds = {};
    for (const theme of ['light', 'dark']) {
      await page.locator('[data-testid="export-theme"]').selectOption(theme);
      const svg = await download(page, '[data-testid="export-svg"]');
      assert.equal(svg.name, `my-service-traffic-${theme}.svg`);
      const text = svg.bytes.toString('utf8');
      assert.match(text, /^<\?xml[^>]*>\n<svg [^>]*xmlns="http:\/\/www.w3.org\/2000\/svg"/);
      assert.match(text, new RegExp(`<svg [^>]*width="${viewBox[2]}"`));
      assert.match(text, new RegExp(`<svg [^>]*height="${viewBox[3]}"`));
      assert.ok(text.length < 60_000, `a compact file (${text.length} bytes)`);
      assert.doesNotMatch(text, /var\(--|class="|color\(srgb|color-mix/, 'plain colours written in, no classes');
      for (const l of labels.filter((x) => /^[\w.-]+$/.test(x)).slice(0, 5)) assert.ok(text.includes(l), `the label ${l} is in the file`);
      backgrounds[theme] = /<rect[^>]*fill="(rgb[^"]+)"/.exec(text)[1];
      // The file opens as an image on its own, the same size as on the page's viewBox.
      const size = await page.evaluate(async (src) => {
        const img = new Image();
        img.src = src;
        await img.decode();
        return [img.naturalWidth, img.naturalHeight];
      }, `data:image/svg+xml;base64,${svg.bytes.toString('base64')}`);
      assert.deepEqual(size, [Math.round(viewBox[2]), Math.round(viewBox[3])]);

      const png = await download(page, '[data-testid="export-png"]');
      assert.equal(png.name, `my-service-traffic-${theme}.png`);
      assert.equal(png.bytes.subarray(1, 4).toString('latin1'), 'PNG');
      const [w, h] = [png.bytes.readUInt32BE(16), png.bytes.readUInt32BE(20)];
      assert.deepEqual([w, h], [Math.ceil(viewBox[2] * 2), Math.ceil(viewBox[3] * 2)], 'the PNG is twice the size');
    }
    assert.ok(luminance(backgrounds.light) > 0.8, `light background ${backgrounds.light}`);
    assert.ok(luminance(backgrounds.dark) < 0.25, `dark background ${backgrounds.dark}`);
    // The page itself kept its theme.
    assert.equal(await page.evaluate(() => document.documentElement.getAttribute('data-theme')), null);
    await waitUntil(async () => (await page.locator('[role="alert"]').count()) === 0, 'no export error');
  });
});
