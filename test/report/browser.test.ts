// The report page in real headless Chromium (Debian's /usr/bin/chromium via playwright-core):
// it renders the timeline lanes, slices and bars with real geometry, makes no request beyond
// its own file, logs no error, and keeps hostile text as text. Screenshots go to test-artifacts/.
import { execFileSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { pathToFileURL } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Page } from 'playwright-core';
import { renderReport, type ReportOptions } from '../../simulator/report/page.js';
import type { SimulationResult } from '../../simulator/result.js';
import { launchChromium, type ChromiumSession } from '../helpers/chromium.js';
import { PART_TWO_CODES_IN_PART_ONE } from '../examples/annotations.js';
import { HOSTILE_VM, loadFixture } from './fixtures.js';

const ROOT = path.resolve(import.meta.dirname, '../..');
const ARTIFACTS = path.join(ROOT, 'test-artifacts');
const CLI = path.join(ROOT, 'out/cli.js');

let session: ChromiumSession;

beforeAll(async () => {
    fs.mkdirSync(ARTIFACTS, { recursive: true });
    session = await launchChromium();
});

afterAll(async () => {
    await session?.close();
});

interface Loaded {
    page: Page;
    requests: string[];
    errors: string[];
}

/** Opens an HTML file, recording every request and every console error or page error. */
async function open(file: string, colorScheme: 'light' | 'dark' = 'light'): Promise<Loaded> {
    const page = session.page;
    const requests: string[] = [];
    const errors: string[] = [];
    const onRequest = (r: { url(): string }) => requests.push(r.url());
    const onConsole = (m: { type(): string; text(): string }) => {
        if (m.type() === 'error' || m.type() === 'warning') errors.push(`${m.type()}: ${m.text()}`);
    };
    const onError = (e: Error) => errors.push(`pageerror: ${e.message}`);
    page.removeAllListeners('request');
    page.removeAllListeners('console');
    page.removeAllListeners('pageerror');
    page.on('request', onRequest);
    page.on('console', onConsole);
    page.on('pageerror', onError);
    await page.emulateMedia({ colorScheme });
    await page.goto(pathToFileURL(file).href, { waitUntil: 'load' });
    return { page, requests, errors };
}

function writePage(name: string, result: SimulationResult, options: ReportOptions = {}): string {
    const file = path.join(ARTIFACTS, name);
    fs.writeFileSync(file, renderReport(result, options));
    return file;
}

/** A computed style property of every element matching `selector` (the test runs without DOM typings). */
async function computed(page: Page, selector: string, property: string): Promise<string[]> {
    return page.$$eval(selector, (els, prop) => els.map((el) => (globalThis as any).getComputedStyle(el)[prop] as string), property);
}

/** Boxes of every element matching `selector`, in document order. */
async function boxes(page: Page, selector: string): Promise<{ width: number; height: number }[]> {
    return page.$$eval(selector, (els) => els.map((el) => {
        const r = el.getBoundingClientRect();
        return { width: r.width, height: r.height };
    }));
}

describe('report page in Chromium', () => {
    it('records requests (control: an external image is seen)', async () => {
        const file = path.join(ARTIFACTS, 'request-control.html');
        fs.writeFileSync(file, '<!DOCTYPE html><img src="http://127.0.0.1:9/x.png">');
        const { requests } = await open(file);
        expect(requests).toContain('http://127.0.0.1:9/x.png');
    });

    it('renders the Type 1 vs Type 2 fixture: lanes, slices and bars with real size, no request, no error', async () => {
        const result = loadFixture('type1-vs-type2');
        const file = writePage('report-fixture.html', result, { files: ['examples/type1-vs-type2.vmdef'] });
        const { page, requests, errors } = await open(file);

        expect(requests).toEqual([pathToFileURL(file).href]);
        expect(errors).toEqual([]);
        expect(await page.locator('script').count()).toBe(0);
        expect(await page.locator('h1').textContent()).toBe('vmdef report');
        expect(await page.locator('h2').allTextContents()).toEqual(['Timeline', 'Cycles by layer', 'Hypervisors side by side', 'VMs']);

        for (const hv of result.hypervisors) {
            const lanes = await boxes(page, `svg[data-timeline="${hv.name}"] [data-lane]`);
            expect(lanes).toHaveLength(hv.pcpus);
            for (const lane of lanes) expect(lane.width * lane.height).toBeGreaterThan(0);
        }
        const bareSlices = await boxes(page, 'svg[data-timeline="baremetal"] rect.slice');
        expect(bareSlices).toHaveLength(result.timeline.filter((s) => s.hypervisor === 'baremetal').length);
        for (const slice of bareSlices) expect(slice.width).toBeGreaterThan(10);
        // The timeline fills the page width (about 1200 px of 1280) and its lanes are tall enough to read.
        const [timeline] = await boxes(page, 'svg[data-timeline="baremetal"]');
        expect(timeline.width).toBeGreaterThan(1000);
        expect(timeline.height / result.hypervisors[0].pcpus).toBeGreaterThan(20);

        const rows = await page.locator('table[data-table="cycles"] tr[data-vm]').evaluateAll((trs) => trs.map((tr) => tr.getAttribute('data-vm')));
        expect(rows).toEqual(['web', 'db', 'desk']);
        for (const vm of ['web', 'db', 'desk']) {
            const segs = await boxes(page, `tr[data-vm="${vm}"] svg.bar rect.seg`);
            expect(segs.length).toBeGreaterThanOrEqual(4);
            for (const seg of segs) expect(seg.width * seg.height).toBeGreaterThan(0);
        }
        expect(await page.locator('[data-hypervisor-col]').count()).toBe(2);
        expect(await page.locator('[data-vm-card]').count()).toBe(3);

        // The stylesheet applied under the page's own CSP: slices carry their VM's colour.
        const fills = [...new Set(await computed(page, 'svg[data-timeline="baremetal"] rect.slice', 'fill'))];
        expect(fills.sort()).toEqual(['rgb(242, 142, 43)', 'rgb(78, 121, 167)']);

        await page.screenshot({ path: path.join(ARTIFACTS, 'report-fixture.png'), fullPage: true });
    });

    it('keeps a hostile VM name and console output as text', async () => {
        const result = loadFixture('techniques');
        const { page, requests, errors } = await open(writePage('report-hostile.html', result));
        expect(requests).toHaveLength(1);
        expect(errors).toEqual([]);
        expect(await page.locator('script, img').count()).toBe(0);
        const card = page.locator('[data-vm-card]').nth(3);
        expect(await card.getAttribute('data-vm-card')).toBe(HOSTILE_VM);
        expect(await card.locator('h3').textContent()).toBe(HOSTILE_VM);
        expect(await card.locator('pre.console').textContent()).toBe('<script>alert("pwned")</script>\n<img src=x onerror=alert(1)>\\x07bell & "quotes"\n');
        expect(await page.locator('[data-host-failed]').count()).toBe(1);
    });

    it('follows a dark colour scheme, and a webview nonce keeps the stylesheet working', async () => {
        const result = loadFixture('type1-vs-type2');
        const dark = await open(writePage('report-dark.html', result), 'dark');
        expect((await computed(dark.page, 'body', 'backgroundColor'))[0]).toBe('rgb(30, 30, 30)');
        const light = await open(writePage('report-light.html', result), 'light');
        expect((await computed(light.page, 'body', 'backgroundColor'))[0]).toBe('rgb(255, 255, 255)');

        const nonced = await open(writePage('report-nonce.html', result, { nonce: 'dGVzdC1ub25jZS0x' }), 'dark');
        expect(nonced.errors).toEqual([]);
        expect((await computed(nonced.page, 'body', 'backgroundColor'))[0]).toBe('rgb(30, 30, 30)');
        // A style without the nonce is refused by the CSP: proof the policy is in force.
        const wrong = path.join(ARTIFACTS, 'report-wrong-nonce.html');
        fs.writeFileSync(wrong, fs.readFileSync(path.join(ARTIFACTS, 'report-nonce.html'), 'utf8').replace('nonce="dGVzdC1ub25jZS0x"', 'nonce="b3RoZXItbm9uY2U"'));
        const refused = await open(wrong, 'dark');
        expect(refused.errors.join('\n')).toMatch(/Content Security Policy/);
        expect((await computed(refused.page, 'body', 'backgroundColor'))[0]).toBe('rgba(0, 0, 0, 0)');
    });
});

describe('report page in a VS Code-like webview', () => {
    it('fits a narrow editor column: the page never scrolls sideways, timelines do', async () => {
        const page = session.page;
        await page.setViewportSize({ width: 600, height: 900 });
        try {
            await open(writePage('report-narrow.html', loadFixture('type1-vs-type2')));
            expect(await page.evaluate(() => (globalThis as any).document.documentElement.scrollWidth)).toBe(600);
            // Lane labels stay readable: the timeline keeps 720 px inside its scrolling figure.
            for (const box of await boxes(page, 'svg.timeline')) expect(box.width).toBe(720);
        } finally {
            await page.setViewportSize({ width: 1280, height: 900 });
        }
    });

    it('takes its colours from VS Code theme variables when they are set', async () => {
        const { page } = await open(writePage('report-vscode.html', loadFixture('type1-vs-type2')), 'light');
        // What a webview does: theme variables on <html>, the theme kind as a class on <body>.
        await page.evaluate(() => {
            const doc = (globalThis as any).document;
            doc.documentElement.style.setProperty('--vscode-editor-background', '#123456');
            doc.documentElement.style.setProperty('--vscode-editor-foreground', '#fedcba');
            doc.documentElement.style.setProperty('--vscode-charts-purple', '#ff00ff');
            doc.body.classList.add('vscode-dark');
        });
        expect(await computed(page, 'body', 'backgroundColor')).toEqual(['rgb(18, 52, 86)']);
        expect(await computed(page, 'body', 'color')).toEqual(['rgb(254, 220, 186)']);
        expect(await computed(page, 'tr[data-vm="desk"] rect.seg[data-layer="host"]', 'fill')).toEqual(['rgb(255, 0, 255)']);
        // A variable VS Code does not set falls back to the dark default of the body's theme kind.
        expect(await computed(page, 'tr[data-vm="desk"] rect.seg[data-layer="guest"]', 'fill')).toEqual(['rgb(76, 179, 90)']);
    });
});

/** `vm NAME` declarations of an example file, in order. */
function declaredVms(file: string): string[] {
    return [...fs.readFileSync(file, 'utf8').matchAll(/^\s*vm\s+([A-Za-z_]\w*)/gm)].map((m) => m[1]);
}

describe('vmdef report on the bundled examples, in Chromium', () => {
    const examples = fs.readdirSync(path.join(ROOT, 'examples')).filter((f) => f.endsWith('.vmdef')).sort();

    function report(example: string, output: string): string {
        if (!fs.existsSync(CLI)) throw new Error(`${CLI} missing: run \`npm run build\` first (npm test does)`);
        return execFileSync(process.execPath, [CLI, 'report', path.join('examples', example), '-o', output], { cwd: ROOT, encoding: 'utf8', timeout: 60_000 });
    }

    it('type1-vs-type2.vmdef: one lane per pCPU of each host, both VMs on the timeline, Type 2 costlier in host cycles', async () => {
        const output = path.join(ARTIFACTS, 'report.html');
        expect(report('type1-vs-type2.vmdef', output)).toBe(`${output}\n`);
        const { page, requests, errors } = await open(output);
        expect(requests).toEqual([pathToFileURL(output).href]);
        expect(errors).toEqual([]);

        expect(await page.locator('tr[data-hypervisor]').evaluateAll((trs) => trs.map((tr) => tr.textContent))).toEqual([
            expect.stringContaining('Type 1 (bare-metal)'),
            expect.stringContaining('Type 2 (hosted)'),
        ]);
        // Both hosts have 8 cores.
        for (const hv of ['baremetal', 'hosted']) {
            const lanes = await boxes(page, `svg[data-timeline="${hv}"] [data-lane]`);
            expect(lanes).toHaveLength(8);
            for (const lane of lanes) expect(lane.width * lane.height).toBeGreaterThan(0);
        }
        for (const [hv, vm] of [['baremetal', 'a'], ['hosted', 'b']]) {
            const slices = await boxes(page, `svg[data-timeline="${hv}"] rect.slice[data-vm="${vm}"]`);
            expect(slices.length).toBeGreaterThan(0);
            for (const s of slices) expect(s.width * s.height).toBeGreaterThan(0);
            expect((await boxes(page, `tr[data-vm="${vm}"] svg.bar rect.seg`)).length).toBeGreaterThan(0);
        }
        expect(await page.locator('[data-hypervisor-col]').count()).toBe(2);
        // The example's own claim: hosted.b spends host-OS cycles, baremetal.a none.
        const hostCycles = await page.locator('tr[data-row="layer-host"] td').allTextContents();
        expect(hostCycles[0]).toMatch(/^0 /);
        expect(Number(hostCycles[1].split(' ')[0].replace(/,/g, ''))).toBeGreaterThan(0);
        expect(await page.locator('[data-host-failed]').count()).toBe(0);

        await page.screenshot({ path: path.join(ARTIFACTS, 'report.png'), fullPage: true });
    });

    const rendered: string[] = [];

    it.each(examples)('%s: renders every VM with no request and no error, or is refused for its annotated errors', async (example) => {
        const output = path.join(ARTIFACTS, `report-${example.replace(/\.vmdef$/, '')}.html`);
        fs.rmSync(output, { force: true });
        const source = path.join(ROOT, 'examples', example);
        let refused: { status: number; stdout: string } | undefined;
        try {
            report(example, output);
        } catch (e) {
            refused = e as { status: number; stdout: string };
        }
        if (refused) {
            // An example that exists to show errors: exit 1, its diagnostics, no page. Every
            // error printed is one the example announces with `// @expect` (or, in a part-one
            // example, a code part two added for a construct it already had).
            expect(refused.status).toBe(1);
            const codes = [...refused.stdout.matchAll(/: error ([\w-]+): /g)].map((m) => m[1]);
            expect(codes.length).toBeGreaterThan(0);
            const announced = fs.readFileSync(source, 'utf8').match(/@expect[^\n]*/g)?.join(' ') ?? '';
            for (const code of codes.filter((c) => !PART_TWO_CODES_IN_PART_ONE.has(c))) expect(announced).toContain(code);
            expect(fs.existsSync(output)).toBe(false);
            return;
        }
        rendered.push(example);
        const { page, requests, errors } = await open(output);
        expect(requests).toHaveLength(1);
        expect(errors).toEqual([]);
        const vms = declaredVms(path.join(ROOT, 'examples', example));
        expect(await page.locator('[data-vm-card]').evaluateAll((els) => els.map((el) => el.getAttribute('data-vm-card')))).toEqual(vms);
        expect(await page.locator('table[data-table="cycles"] tr[data-vm]').count()).toBe(vms.length);
        const lanes = await boxes(page, '[data-lane]');
        expect(lanes.length).toBeGreaterThan(0);
        for (const lane of lanes) expect(lane.width * lane.height).toBeGreaterThan(0);
    });

    it('rendered most bundled examples (the refused ones are the error showcases)', () => {
        expect(rendered).toContain('type1-vs-type2.vmdef');
        expect(rendered.length).toBeGreaterThanOrEqual(Math.ceil(examples.length / 2));
    });
});
