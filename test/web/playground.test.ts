// The browser playground (dist/web, built here by scripts/build-web.mjs) in Debian's Chromium,
// opened from file://: the language server in its worker publishes diagnostics for a `#code=`
// link and fixes one, Run shows the console, the summary and the report, the debugger steps
// into a trap handler, the Korean switch changes the page's words, and no request leaves the
// page (every request is routed: anything but file: fails the test).
import { spawnSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { pathToFileURL } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Page } from 'playwright-core';
import { launchChromium, type ChromiumSession } from '../helpers/chromium.js';

const ROOT = path.resolve(import.meta.dirname, '../..');
/** The 1-based line of a stdlib body's first instruction: the line after the first `header` below `after`. */
function firstInstructionLine(file: string, after: RegExp, header: RegExp): number {
    const lines = fs.readFileSync(path.join(ROOT, 'language', 'stdlib', file), 'utf8').split('\n');
    const start = lines.findIndex((l) => after.test(l));
    return lines.findIndex((l, i) => i > start && header.test(l)) + 2;
}
const INDEX = pathToFileURL(path.join(ROOT, 'dist/web/index.html')).href;
const OVERCOMMIT = fs.readFileSync(path.join(ROOT, 'examples/tutorial/05-overcommit.vmdef'), 'utf8');

let session: ChromiumSession;
let page: Page;
/** Requests that would have left the page (routed and aborted). */
const outside: string[] = [];
const pageErrors: string[] = [];

beforeAll(async () => {
    const build = spawnSync(process.execPath, ['scripts/build-web.mjs'], { cwd: ROOT, encoding: 'utf8', timeout: 120_000 });
    if (build.status !== 0) throw new Error(`build-web failed: ${build.stderr || build.stdout}`);
    session = await launchChromium();
    page = session.page;
    await session.context.route('**/*', (route) => {
        const url = route.request().url();
        if (url.startsWith('file:')) return route.continue();
        outside.push(url);
        return route.abort();
    });
    session.context.on('request', (request) => {
        if (!/^(file|blob|data):/.test(request.url())) outside.push(request.url());
    });
    page.on('pageerror', (error) => pageErrors.push(error.message));
});

afterAll(async () => {
    await session?.close();
});

/** Opens the playground (with `hash`) and waits until the language server has published the file's diagnostics. */
async function open(hash = ''): Promise<void> {
    await page.goto(INDEX + hash);
    await page.locator('[data-testid=problems][data-count]').waitFor({ state: 'attached', timeout: 30_000 });
}

const problemsText = () => page.locator('[data-testid=problems]').innerText();

describe('the playground from file://', () => {
    it('opens a #code= link and shows its diagnostics, one item per diagnostic with its code', async () => {
        // a Korean comment checks the UTF-8 of the link
        const text = `// 오버커밋 예제\n${OVERCOMMIT}`;
        await open(`#code=${Buffer.from(text, 'utf8').toString('base64url')}`);
        const items = page.locator('[data-testid=problems] > li');
        await expect.poll(() => items.count()).toBe(1);
        expect(await items.first().innerText()).toMatch(/^11:12 error cpu-overcommit CPU overcommit: 4 vCPUs on 2 usable pCPUs/);
        expect(await page.locator('[data-testid=editor] .cm-content').innerText()).toContain('// 오버커밋 예제');
    });

    it('refuses to run a definition with errors, listing them as `vmdef check` does', async () => {
        await page.click('[data-testid=run]');
        await expect.poll(() => page.locator('[data-testid=console]').innerText(), { timeout: 30_000 })
            .toMatch(/^Not run: the definition has errors\.\nmain\.vmdef:11:12: error cpu-overcommit: CPU overcommit: 4 vCPUs/);
    });

    it('applies the quick fix of a diagnostic: the ratio is raised, the error becomes information', async () => {
        await page.locator('[data-testid=problems] .quick-fix').first().click();
        await expect.poll(problemsText, { timeout: 20_000 }).toMatch(/^11:12 info cpu-overcommit-allowed /);
        expect(await page.locator('[data-testid=editor] .cm-content').innerText()).toMatch(/overcommit cpu \d/);
    });

    it('shows the server\'s hover for a name', async () => {
        // `tiny` where the hypervisor names its hardware (the declaration is the first `tiny`)
        await page.locator('.cm-line span', { hasText: /^tiny$/ }).nth(1).hover();
        const tooltip = page.locator('.cm-tooltip-hover .markdown');
        await tooltip.waitFor({ timeout: 20_000 });
        expect(await tooltip.innerText()).toBe('hardware tiny: 2 pCPUs @ 2 GHz, 4 GiB');
    });

    it('completes from the server: a VM property on a new line of a VM', async () => {
        await page.locator('.cm-line', { hasText: 'vcpus 2' }).first().click();
        await page.keyboard.press('End');
        await page.keyboard.press('Enter');
        await page.keyboard.type('pa');
        const options = page.locator('.cm-tooltip-autocomplete .cm-completionLabel');
        await options.first().waitFor({ timeout: 20_000 });
        expect(await options.allInnerTexts()).toContain('passthrough');
        await options.filter({ hasText: /^passthrough$/ }).click();
        await expect.poll(() => page.locator('[data-testid=editor] .cm-content').innerText()).toMatch(/vcpus 2\n\s+passthrough\n/);
    });

    it('runs the default example: console, per-VM summary and the sandboxed report', async () => {
        await open();
        expect(await problemsText()).not.toMatch(/error/);
        await page.click('[data-testid=run]');
        const summary = page.locator('[data-testid=summary]');
        // the table `vmdef run` prints after the console, figures and all
        await expect.poll(() => summary.innerText(), { timeout: 30_000 }).toMatch(/^web +hv +halted +2583 +7 +3065 +18211 +0 +0 +21283 +cr 1, io 4, hlt 1$/m);
        expect(await summary.innerText()).toMatch(/^elapsed: 21283 host cycles/m);
        expect(await page.locator('[data-testid=console]').innerText()).toBe('3\n2\n1\nliftoff\n');
        const report = page.locator('[data-testid=report]');
        expect(await report.getAttribute('sandbox')).toBe('');
        expect(await report.getAttribute('srcdoc')).toContain('vmdef report');
        expect(await page.frameLocator('[data-testid=report]').locator('h1').innerText()).toBe('vmdef report');
    });

    it('steps into the trap of the guest kernel\'s out: the call stack shows the handler above the syscall', async () => {
        await page.click('[data-testid=debug]');
        const stack = page.locator('[data-testid=call-stack] > li');
        await stack.first().waitFor({ timeout: 30_000 });
        expect(await stack.first().innerText()).toBe('countdown — main.vmdef:23');
        for (let i = 0; i < 10 && !(await stack.first().innerText()).startsWith('trap'); i++) {
            await page.click('[data-testid=step-into]');
            await page.locator('[data-testid=step-into]:enabled').waitFor();
        }
        const trap = firstInstructionLine('monitors.vmdef', /^monitor full/, /on io_out\(/);
        const write = firstInstructionLine('os.vmdef', /^os linux/, /syscall write\(/);
        expect(await stack.allInnerTexts()).toEqual([`trap io_out — monitors.vmdef:${trap}`, `syscall write — os.vmdef:${write}`, 'countdown — main.vmdef:24']);
        expect(await page.locator('[data-testid=registers]').innerText()).toContain('privilege\thypervisor');
        // out of the handler: the write system call ends with the trapped `out`, so the program is next
        await page.click('[data-testid=step-out]');
        await expect.poll(() => stack.allInnerTexts()).toEqual(['countdown — main.vmdef:25']);
        expect(await page.locator('[data-testid=console]').innerText()).toBe('3\n');
        // and back in time, into the handler again
        await page.click('[data-testid=step-back]');
        await expect.poll(() => stack.count()).toBeGreaterThan(1);
    });

    it('switches to Korean: the page\'s words and the debugger\'s change, and the choice is kept', async () => {
        expect(await page.locator('[data-testid=run]').innerText()).toBe('Run');
        await page.selectOption('[data-testid=lang]', 'ko');
        expect(await page.locator('[data-testid=run]').innerText()).toBe('실행');
        expect(await page.locator('[data-testid=step-into]').innerText()).toBe('한 단계 들어가기');
        await open();
        expect(await page.locator('[data-testid=run]').innerText()).toBe('실행');
        // the worker speaks Korean too: the debugger's stop description
        await page.click('[data-testid=debug]');
        await expect.poll(() => page.locator('[data-testid=debug-status]').innerText()).toMatch(/^시작 지점: web\/vcpu0, /);
        await page.selectOption('[data-testid=lang]', 'en');
        await page.click('[data-testid=step-into]');
        await expect.poll(() => page.locator('[data-testid=debug-status]').innerText()).toMatch(/^step: countdown/);
    });

    it('makes a share link that opens the same definition', async () => {
        await open();
        await page.selectOption('[data-testid=examples]', 'paravirt.vmdef');
        await page.click('[data-testid=share]');
        const link = await page.locator('[data-testid=share-link]').inputValue();
        expect(link.startsWith(INDEX + '#code=')).toBe(true);
        const encoded = link.slice(link.indexOf('#code=') + 6);
        expect(Buffer.from(encoded, 'base64url').toString('utf8')).toBe(fs.readFileSync(path.join(ROOT, 'examples/paravirt.vmdef'), 'utf8'));
    });

    it('sent no request outside the page and threw no error', () => {
        expect(outside).toEqual([]);
        expect(pageErrors).toEqual([]);
    });
});
