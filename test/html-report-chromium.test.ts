// The HTML report in a real browser (Debian's chromium through playwright-core): it loads from file:// with no
// console error and no request leaving the file, the language switch changes what is shown, the copy button copies,
// and a screenshot of each language is kept in test-artifacts/.
import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { chromium, type Browser } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { KnowledgeIndex } from '../src/knowledge/load.js';
import { parseNmapXml } from '../src/import/nmap-xml.js';
import { runFromNmap } from '../src/import/nmap-run.js';
import { renderHtml } from '../src/report/formats/html.js';
import { buildPlan } from '../src/remediate/plan.js';
import { sampleRun } from './support/sample-run.js';
import { labEnabled } from './lab/netns.js';

const artifacts = new URL('../test-artifacts/', import.meta.url);
const enabled = labEnabled('HTML report in Chromium', { root: false, netns: false, needs: ['chromium'] });

describe.runIf(enabled)('HTML report in Chromium', () => {
  let browser: Browser;
  let dir: string;
  const index = new KnowledgeIndex();

  beforeAll(async () => {
    browser = await chromium.launch({
      executablePath: '/usr/bin/chromium',
      // Root has no user namespace sandbox here; the page is our own file.
      args: process.geteuid?.() === 0 ? ['--no-sandbox'] : [],
    });
    dir = mkdtempSync(join(tmpdir(), 'pw-html-'));
    mkdirSync(artifacts, { recursive: true });
  }, 30_000);
  afterAll(async () => {
    await browser.close();
    rmSync(dir, { recursive: true, force: true });
  });

  async function open(html: string, name: string) {
    const file = join(dir, name);
    writeFileSync(file, html);
    const url = pathToFileURL(file).href;
    const context = await browser.newContext({ viewport: { width: 1280, height: 900 } });
    await context.grantPermissions(['clipboard-read', 'clipboard-write']).catch(() => undefined);
    const page = await context.newPage();
    const problems: string[] = [];
    const requests: string[] = [];
    page.on('console', (m) => {
      if (m.type() === 'error' || m.type() === 'warning') problems.push(`${m.type()}: ${m.text()}`);
    });
    page.on('pageerror', (e) => problems.push(`pageerror: ${e.message}`));
    await page.route('**/*', async (route) => {
      const asked = route.request().url();
      requests.push(asked);
      if (asked === url) await route.continue();
      else await route.abort();
    });
    await page.goto(url, { waitUntil: 'load' });
    return { page, context, problems, requests, url };
  }

  it('loads the nmap lab import with no console error and no request, and switches language', async () => {
    const text = readFileSync(new URL('./fixtures/nmap/lab-ftp-http.xml', import.meta.url), 'utf8');
    const run = runFromNmap(parseNmapXml(text), { index, file: 'lab-ftp-http.xml' });
    const plan = buildPlan(
      run,
      { platform: 'nftables', allowFrom: [], threshold: 'medium', ssh: null },
      { index, owners: new Map() },
    );
    const { page, context, problems, requests, url } = await open(renderHtml(run, 'zh', index, plan), 'import.html');
    try {
      expect(requests).toEqual([url]);
      expect(problems).toEqual([]);
      const h1 = page.locator('header h1');
      expect(await h1.innerText()).toBe('portwarden 对 nmap 扫描结果的评估报告');
      expect(await page.title()).toMatch(/^portwarden 对 nmap/);
      expect(await page.locator('table').first().isVisible()).toBe(true);
      await page.screenshot({ path: new URL('html-report-zh.png', artifacts).pathname, fullPage: true });

      await page.getByRole('button', { name: 'English' }).click();
      expect(await h1.innerText()).toBe('portwarden report on an nmap scan');
      expect(await page.title()).toMatch(/^portwarden report on an nmap scan/);
      expect(await page.getByRole('button', { name: 'English' }).getAttribute('aria-pressed')).toBe('true');
      // Chinese text is hidden, English shown: the same finding reads in English now.
      await expect
        .poll(() => page.locator('#findings h3').first().innerText())
        .toMatch(/can be reached from the internet/);
      expect(await page.locator('#summary svg text.en').first().isVisible()).toBe(true);
      expect(await page.locator('#summary svg text.zh').first().isVisible()).toBe(false);
      await page.screenshot({ path: new URL('html-report-en.png', artifacts).pathname, fullPage: true });

      // The copy button puts the command on the clipboard and says so.
      const cmd = page.locator('#findings .cmd').first();
      const command = await cmd.locator('code').innerText();
      await cmd.locator('button').click();
      await expect.poll(() => cmd.locator('button').innerText()).toBe('Copied');
      // A page script's view of the clipboard (this project's types have no DOM, so the code is given as text).
      const copied: unknown = await page.evaluate('navigator.clipboard.readText()').catch(() => null);
      if (typeof copied === 'string') expect(copied).toBe(command);

      // A remediation command from the fix plan: shown under the finding, copied exactly as the shell reads it.
      const fix = page.locator('#findings .fix .cmd').first();
      const rule = await fix.locator('code').innerText();
      expect(rule).toBe(
        `nft add rule inet portwarden input iifname '!=' lo tcp dport 21 drop comment '"portwarden 21/tcp"'`,
      );
      expect(await fix.isVisible()).toBe(true);
      await fix.locator('button').click();
      await expect.poll(() => fix.locator('button').innerText()).toBe('Copied');
      const copiedRule: unknown = await page.evaluate('navigator.clipboard.readText()').catch(() => null);
      if (typeof copiedRule === 'string') expect(copiedRule).toBe(rule);
      expect(await page.locator('#remediation .cmd code').first().innerText()).toBe('nft add table inet portwarden');
      await page
        .locator('#findings .fix')
        .first()
        .screenshot({
          path: new URL('html-report-fix-commands.png', artifacts).pathname,
        });
      expect(problems).toEqual([]);
      expect(requests).toEqual([url]);
    } finally {
      await context.close();
    }
  }, 60_000);

  it('shows hostile service answers as text, never as markup', async () => {
    const { page, context, problems, requests, url } = await open(renderHtml(sampleRun(), 'en', index), 'hostile.html');
    try {
      expect(requests).toEqual([url]);
      expect(problems).toEqual([]);
      // No element but ours: one script, no injected ones.
      expect(await page.locator('script').count()).toBe(1);
      expect(await page.locator('body').innerText()).toContain('<script>alert("x")</script>');
      await page.screenshot({ path: new URL('html-report-hostile.png', artifacts).pathname, fullPage: true });
    } finally {
      await context.close();
    }
  }, 60_000);
});
