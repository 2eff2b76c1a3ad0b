/// <reference lib="dom" />
// page.evaluate callbacks run in the browser, so the DOM types are in scope here (only here).
import { spawn, type ChildProcess } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { chromium, type BrowserContext, type Page } from 'playwright-core';

/**
 * End-to-end harness: the runner started as users start it (`ganvas serve --no-open --port 0`,
 * the printed URL parsed), and Debian's chromium driven through playwright-core — never a
 * downloaded browser.
 */
const here = path.dirname(fileURLToPath(import.meta.url));
export const repoRoot = path.resolve(here, '../..');
export const CHROMIUM = process.env.GANVAS_CHROMIUM ?? '/usr/bin/chromium';
export const outDir = path.join(repoRoot, 'test-output/e2e');
const cli = path.join(repoRoot, 'apps/cli/dist/main.js');

/** Why the e2e suite cannot run here, or undefined when it can. */
export function missingPrerequisite(): string | undefined {
  if (!fs.existsSync(CHROMIUM)) return `no browser at ${CHROMIUM} (apt-get install chromium)`;
  if (!fs.existsSync(path.join(repoRoot, 'apps/editor/dist/index.html'))) return 'the editor is not built (npx turbo run build)';
  if (!fs.existsSync(cli)) return 'the CLI is not built (npx turbo run build)';
  return undefined;
}

export interface RunningRunner {
  url: string;
  origin: string;
  runsDir: string;
  process: ChildProcess;
  output: () => string;
  close: () => Promise<void>;
}

/** Whether the built CLI has the `serve` command yet (it lands with the runner). */
/** `ganvas serve` on a free port with its own runs directory; `extra`: more serve options (e.g. --workers). */
export async function startRunner(extra: string[] = []): Promise<RunningRunner> {
  const runsDir = fs.mkdtempSync(path.join(os.tmpdir(), 'ganvas-e2e-runs-'));
  const args = [cli, 'serve', '--no-open', '--port', '0', '--runs-dir', runsDir, ...extra];
  const child = spawn(process.execPath, args, { cwd: here, stdio: ['ignore', 'pipe', 'pipe'] });
  let out = '';
  child.stdout!.on('data', (b: Buffer) => (out += b.toString()));
  child.stderr!.on('data', (b: Buffer) => (out += b.toString()));
  const url = await new Promise<string>((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`runner printed no URL in 60 s:\n${out}`)), 60_000);
    const check = () => {
      const m = /(http:\/\/127\.0\.0\.1:\d+\/\?token=[\w-]+)/.exec(out);
      if (m) {
        clearTimeout(timer);
        resolve(m[1]!);
      }
    };
    child.stdout!.on('data', check);
    child.on('exit', (code) => reject(new Error(`runner exited with ${code}:\n${out}`)));
  });
  return {
    url,
    origin: new URL(url).origin,
    runsDir,
    process: child,
    output: () => out,
    close: () =>
      new Promise<void>((resolve) => {
        if (child.exitCode !== null) return resolve();
        const force = setTimeout(() => child.kill('SIGKILL'), 10_000);
        child.once('exit', () => {
          clearTimeout(force);
          resolve();
        });
        child.kill('SIGINT');
      }),
  };
}

/** A fresh profile each time (playwright takes the profile directory itself, not as --user-data-dir). */
export async function launchBrowser(): Promise<{ context: BrowserContext; userDataDir: string }> {
  const userDataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'ganvas-e2e-chromium-'));
  const context = await chromium.launchPersistentContext(userDataDir, {
    executablePath: CHROMIUM,
    viewport: { width: 1600, height: 1000 },
    acceptDownloads: true,
    args: [
      '--headless',
      '--no-sandbox',
      '--disable-gpu',
      '--disable-background-networking',
      '--disable-component-update',
      '--disable-sync',
      '--disable-quic',
      '--no-first-run',
    ],
  });
  return { context, userDataDir };
}

export async function screenshot(page: Page, name: string): Promise<string> {
  fs.mkdirSync(outDir, { recursive: true });
  const file = path.join(outDir, `${name}.png`);
  await page.screenshot({ path: file });
  return file;
}

/** The document the editor holds (through the page's test handle). */
export function editorDocument(page: Page): Promise<unknown> {
  return page.evaluate(() => (window as unknown as { __ganvas: { document: () => unknown } }).__ganvas.document());
}
