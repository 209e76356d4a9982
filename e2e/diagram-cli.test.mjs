// `svcplay diagram` prints the page's picture: for an example, its Service and port, at the
// width the page drew it and in the page's theme, the CLI's SVG has the same elements, texts and
// geometry as the diagram on the page, and the page's colours are the file's. The CLI's file
// opens in Chromium on its own: no parse error, something drawn.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { launch, withPage, BASE_URL, LOAD_TIMEOUT } from './lib.mjs';
import { cliDiagram } from './cli.mjs';

let browser;
before(async () => { browser = await launch(); });
after(async () => { await browser?.close(); });

/** Every element of an <svg> (but the file's background) as [name, geometry, own text]. */
function shape(svg) {
  const GEOMETRY = ['x', 'y', 'width', 'height', 'd', 'cx', 'cy', 'r', 'x1', 'y1', 'x2', 'y2', 'transform', 'text-anchor', 'viewBox', 'marker-end'];
  const out = [];
  for (const e of [svg, ...svg.querySelectorAll('*')]) {
    if (e.parentNode === svg && e.localName === 'rect' && !e.hasAttribute('x')) continue; // the file's background
    const own = [...e.childNodes].filter((n) => n.nodeType === 3).map((n) => n.textContent).join('');
    // The file's <svg> also says its size in pixels; the page's is as wide as the pane.
    const attrs = e === svg ? ['viewBox'] : GEOMETRY;
    out.push([e.localName, attrs.map((a) => e.getAttribute(a)).join('|'), own]);
  }
  return out;
}

/** The page's colours of the drawn shapes, as the file writes them (#rrggbb, opaque only). */
function colours(svg, page) {
  const hex = (c) => {
    const m = /^rgb\((\d+), (\d+), (\d+)\)$/.exec(c);
    return m ? `#${m.slice(1).map((n) => Number(n).toString(16).padStart(2, '0')).join('')}` : null;
  };
  const drawn = [...svg.querySelectorAll('rect, circle, text, tspan')].filter((e) => !(e.parentNode === svg && !e.hasAttribute('x')));
  return drawn.map((e) => {
    const cs = page ? getComputedStyle(e) : null;
    const fill = page ? hex(cs.fill) : e.getAttribute('fill') ?? e.closest('[fill]')?.getAttribute('fill');
    return fill;
  });
}

const CASES = [
  { example: 'nodeport', file: '05-nodeport.yaml', args: [] },
  { example: 'loadbalancer', file: '06-loadbalancer.yaml', args: ['--service', 'default/web-local'], hash: '&service=default/web-local' },
  { example: 'headless', file: '08-headless-statefulset.yaml', args: [] },
  { example: 'multi-port', file: '11-multi-port.yaml', args: [] },
];

for (const [viewport, theme] of [[{ width: 1280, height: 800 }, 'light'], [{ width: 390, height: 844 }, 'dark']]) {
  for (const c of CASES) {
    test(`svcplay diagram draws the page's diagram: ${c.example} at ${viewport.width} px, ${theme}`, async (t) => {
      await withPage(browser, t, async ({ page }) => {
        await page.route('**/favicon.ico', (r) => r.fulfill({ status: 204, body: '' }));
        await page.goto(`${BASE_URL}#example=${c.example}${c.hash ?? ''}&view=traffic`, { waitUntil: 'load', timeout: LOAD_TIMEOUT });
        const svg = page.locator('.dg-canvas svg');
        await svg.waitFor({ timeout: LOAD_TIMEOUT });
        // The pane's width settles once CodeMirror has replaced the first view's textarea (after the
        // first paint); the page then draws again at the new width. Compare at a width that held
        // from before the CLI ran until the page's picture was read.
        await page.locator('[data-editor="codemirror"]').waitFor({ state: 'attached', timeout: LOAD_TIMEOUT });
        let width; let onPage; let inFile; let pageColours; let fileColours;
        for (let attempt = 0; attempt < 5; attempt++) {
          await page.evaluate(() => new Promise((r) => requestAnimationFrame(() => requestAnimationFrame(r))));
          width = Number((await svg.getAttribute('viewBox')).split(' ')[2]);
          const file = cliDiagram(c.file, [...c.args, '--theme', theme, '--width', String(width)]);
          [onPage, inFile, pageColours, fileColours] = await page.evaluate(([src, fns]) => {
            const shapeOf = new Function(`return ${fns[0]}`)();
            const coloursOf = new Function(`return ${fns[1]}`)();
            const doc = new DOMParser().parseFromString(src, 'image/svg+xml');
            if (doc.querySelector('parsererror')) throw new Error('the file does not parse');
            const live = document.querySelector('.dg-canvas svg');
            return [shapeOf(live), shapeOf(doc.documentElement), coloursOf(live, true), coloursOf(doc.documentElement, false)];
          }, [file, [shape.toString(), colours.toString()]]);
          if (onPage[0][1] === inFile[0][1]) break; // the same viewBox: the width held
        }
        assert.ok(onPage.length > 20, `${onPage.length} elements`);
        assert.deepEqual(inFile, onPage, 'the same elements, texts and geometry');
        // Where the page paints a shape in a plain colour, the file has that colour.
        let compared = 0;
        pageColours.forEach((p, i) => {
          if (p && fileColours[i] && fileColours[i] !== 'none') {
            assert.equal(fileColours[i], p, `shape ${i} fill`);
            compared += 1;
          }
        });
        assert.ok(compared > 10, `${compared} colours compared`);
      }, { viewport, colorScheme: theme });
    });
  }
}

test("the CLI's SVG opens in Chromium on its own", async (t) => {
  await withPage(browser, t, async ({ page }) => {
    for (const theme of ['light', 'dark']) {
      const file = cliDiagram('06-loadbalancer.yaml', ['--theme', theme]);
      await page.goto(`data:image/svg+xml;base64,${Buffer.from(file).toString('base64')}`);
      const r = await page.evaluate(() => {
        const svg = document.documentElement;
        const box = svg.getBBox();
        return { name: svg.localName, error: !!document.querySelector('parsererror'), w: box.width, h: box.height, texts: document.querySelectorAll('text').length };
      });
      assert.equal(r.name, 'svg');
      assert.equal(r.error, false, 'no parse error');
      assert.ok(r.w >= 900 && r.h > 200, `drawn: ${r.w}×${r.h}`);
      assert.ok(r.texts > 20, `${r.texts} texts`);
    }
  });
});
