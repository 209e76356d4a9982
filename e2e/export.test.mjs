// Export of the traffic diagram: SVG and PNG, light and dark. The SVG is the engine's file for
// the Service, port and theme — byte for byte what `svcplay diagram` prints for the same input —
// drawn at its fixed width whatever the pane's (it used to copy the on-screen <svg>, whose width
// followed the layout's timing). It opens as an image on its own, with the theme's colours in.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { launch, withPage, waitUntil, BASE_URL, LOAD_TIMEOUT } from './lib.mjs';
import { cliDiagram } from './cli.mjs';

let browser;
before(async () => { browser = await launch(); });
after(async () => { await browser?.close(); });

async function download(page, button) {
  const [dl] = await Promise.all([page.waitForEvent('download'), page.locator(button).click()]);
  return { name: dl.suggestedFilename(), bytes: readFileSync(await dl.path()) };
}

for (const viewport of [{ width: 1280, height: 800 }, { width: 390, height: 844 }]) {
  test(`the diagram exports as the CLI draws it, SVG and PNG, light and dark (${viewport.width} px)`, async (t) => {
    const expected = { light: cliDiagram('05-nodeport.yaml'), dark: cliDiagram('05-nodeport.yaml', ['--theme', 'dark']) };
    await withPage(browser, t, async ({ page }) => {
      await page.route('**/favicon.ico', (r) => r.fulfill({ status: 204, body: '' }));
      await page.goto(`${BASE_URL}#example=nodeport&view=traffic`, { waitUntil: 'load', timeout: LOAD_TIMEOUT });
      const svgOnPage = page.locator('.dg-canvas svg');
      await svgOnPage.waitFor({ timeout: LOAD_TIMEOUT });
      const pods = await svgOnPage.locator('g.pod[data-pod]').evaluateAll((gs) => gs.map((g) => g.getAttribute('data-pod')));
      assert.deepEqual(pods, ['myapp-1', 'myapp-2'], 'the two pods drawn');

      for (const theme of ['light', 'dark']) {
        await page.locator('[data-testid="export-theme"]').selectOption(theme);
        const svg = await download(page, '[data-testid="export-svg"]');
        assert.equal(svg.name, `my-service-traffic-${theme}.svg`);
        const text = svg.bytes.toString('utf8');
        assert.equal(text, expected[theme], `the ${theme} export is what svcplay diagram --theme ${theme} prints`);
        // Real content: the Service, its cluster IP and nodePort, every pod, the theme's background.
        assert.match(text, /^<\?xml[^>]*>\n<svg xmlns="http:\/\/www.w3.org\/2000\/svg" width="1000" height="(\d+)"/);
        const height = Number(/height="(\d+)"/.exec(text)[1]);
        assert.match(text, />my-service</);
        assert.match(text, />:30007</, 'the nodePort listener of each node');
        for (const p of pods) assert.ok(text.includes(`Pod ${p},`), `the pod ${p} is in the file`);
        assert.doesNotMatch(text, /var\(--|class="|color-mix|data-act/, 'plain colours written in, no classes');
        const bg = /<rect width="1000" height="\d+" fill="(#[0-9a-f]{6})"\/>/.exec(text)[1];
        assert.equal(bg, theme === 'light' ? '#ffffff' : '#171b23', 'the card background of the theme');
        // The file opens as an image on its own, at its own size.
        const size = await page.evaluate(async (src) => {
          const img = new Image();
          img.src = src;
          await img.decode();
          return [img.naturalWidth, img.naturalHeight];
        }, `data:image/svg+xml;base64,${svg.bytes.toString('base64')}`);
        assert.deepEqual(size, [1000, height]);

        const png = await download(page, '[data-testid="export-png"]');
        assert.equal(png.name, `my-service-traffic-${theme}.png`);
        assert.equal(png.bytes.subarray(1, 4).toString('latin1'), 'PNG');
        const [w, h] = [png.bytes.readUInt32BE(16), png.bytes.readUInt32BE(20)];
        assert.deepEqual([w, h], [2000, height * 2], 'the PNG is twice the size');
      }
      // The page itself kept its theme.
      assert.equal(await page.evaluate(() => document.documentElement.getAttribute('data-theme')), null);
      await waitUntil(async () => (await page.locator('[role="alert"]').count()) === 0, 'no export error');
    }, { viewport });
  });
}

test('the export follows the port and frontend shown, as svcplay diagram --port / --frontend does', async (t) => {
  const expected = cliDiagram('06-loadbalancer.yaml', ['--service', 'default/web-local', '--frontend', 'clusterIP', '--theme', 'dark']);
  await withPage(browser, t, async ({ page }) => {
    await page.route('**/favicon.ico', (r) => r.fulfill({ status: 204, body: '' }));
    await page.goto(`${BASE_URL}#example=loadbalancer&service=default/web-local&view=traffic`, { waitUntil: 'load', timeout: LOAD_TIMEOUT });
    await page.locator('.dg-canvas svg').waitFor({ timeout: LOAD_TIMEOUT });
    await page.locator('.dg-controls .seg-btn', { hasText: 'Cluster IP' }).click();
    await waitUntil(async () => (await page.locator('.dg-canvas g.box.client title').textContent()).startsWith('Client pod'), 'the cluster IP shown');
    await page.locator('[data-testid="export-theme"]').selectOption('dark');
    const svg = await download(page, '[data-testid="export-svg"]');
    assert.equal(svg.name, 'web-local-traffic-dark.svg');
    assert.equal(svg.bytes.toString('utf8'), expected);
    assert.match(expected, />Client pod</);
    assert.doesNotMatch(expected, /VIP rules/, 'not the load balancer\'s picture');
  });
});
