/**
 * The handout as a PDF, printed by the machine's Chromium through playwright-core. The page is
 * the app's own handout template; the browser is given it, and the app's static files, at an
 * address that never reaches the network, and prints it once every chart has drawn.
 */
import fs from 'node:fs/promises';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import type { Express } from 'express';
import { chromium } from 'playwright-core';

export const CHROMIUM_PATH = '/usr/bin/chromium';
const STATIC = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..', '..', 'static');
const ORIGIN = 'http://handout.invalid';
const CHROMIUM_ARGS = [
  '--no-sandbox',
  '--disable-gpu',
  '--disable-quic',
  '--no-first-run',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
];
const TYPES: Record<string, string> = {
  '.js': 'text/javascript',
  '.css': 'text/css',
  '.svg': 'image/svg+xml',
  '.woff2': 'font/woff2',
  '.png': 'image/png',
};

function render(app: Express, view: string, locals: object): Promise<string> {
  return new Promise((resolve, reject) => app.render(view, locals, (error, html) => (error ? reject(error) : resolve(html))));
}

/** The handout page's HTML, as the web page renders it. */
export async function handoutHtml(app: Express, locals: Record<string, unknown>): Promise<string> {
  const body = await render(app, 'show-and-tells/handout', locals);
  return render(app, 'layout/page', { ...locals, body });
}

/** Prints `html` to `file` as an A4 PDF; answers the file's size in bytes. */
export async function printPdf(html: string, file: string, options: { executablePath?: string; timeoutMs?: number } = {}): Promise<number> {
  const browser = await chromium.launch({ executablePath: options.executablePath ?? CHROMIUM_PATH, args: CHROMIUM_ARGS });
  try {
    const page = await browser.newPage();
    await page.route('**/*', async (route) => {
      const url = new URL(route.request().url());
      if (url.origin !== ORIGIN) return route.abort();
      if (url.pathname === '/') return route.fulfill({ status: 200, contentType: 'text/html; charset=utf-8', body: html });
      const file = path.resolve(STATIC, `.${decodeURIComponent(url.pathname).replace(/^\/static/, '')}`);
      if (!url.pathname.startsWith('/static/') || !file.startsWith(`${STATIC}${path.sep}`)) return route.fulfill({ status: 404, body: '' });
      const body = await fs.readFile(file).catch(() => undefined);
      if (!body) return route.fulfill({ status: 404, body: '' });
      return route.fulfill({ status: 200, contentType: TYPES[path.extname(file)] ?? 'application/octet-stream', body });
    });
    await page.emulateMedia({ media: 'print', reducedMotion: 'reduce' });
    await page.goto(`${ORIGIN}/`, { waitUntil: 'load', timeout: options.timeoutMs ?? 30_000 });
    // Every chart whose table has figures is drawn before printing.
    await page.waitForFunction(
      () =>
        [...document.querySelectorAll<HTMLElement>('[data-spc-chart]')].every((box) => {
          const table = document.getElementById(box.dataset.spcChart ?? '');
          if (!table?.querySelector('tr[data-value]')) return true;
          const chart = (window as unknown as { Chart?: { getChart(canvas: Element | null): unknown } }).Chart;
          return !box.hidden && Boolean(chart?.getChart(box.querySelector('canvas')));
        }),
      undefined,
      { timeout: options.timeoutMs ?? 30_000 },
    );
    await page.evaluate(() => document.fonts.ready);
    await page.pdf({
      path: file,
      format: 'A4',
      printBackground: true,
      margin: { top: '15mm', bottom: '15mm', left: '12mm', right: '12mm' },
    });
    return (await fs.stat(file)).size;
  } finally {
    await browser.close();
  }
}
