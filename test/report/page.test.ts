import { describe, expect, it } from 'vitest';
import { renderReport } from '../../simulator/report/page.js';
import { laneSegments, MAX_RECTS, mergeSlices } from '../../simulator/report/timeline.js';
import { CONSOLE_LIMIT } from '../../simulator/report/vm-cards.js';
import type { SimulationResult, TimelineSlice } from '../../simulator/result.js';
import { HOSTILE_VM, loadFixture } from './fixtures.js';

/** The markup of one timeline SVG. */
function timelineOf(html: string, hypervisor: string): string {
    const match = new RegExp(`<svg class="timeline" data-timeline="${hypervisor}"[\\s\\S]*?</svg>`).exec(html);
    if (!match) throw new Error(`no timeline for ${hypervisor}`);
    return match[0];
}

const count = (text: string, pattern: RegExp) => (text.match(new RegExp(pattern.source, 'g')) ?? []).length;

describe('report page: Type 1 vs Type 2 fixture', () => {
    const result = loadFixture('type1-vs-type2');
    const html = renderReport(result, { files: ['examples/type1-vs-type2.vmdef'] });

    it('is one self-contained document: no script, no external reference, a strict CSP', () => {
        expect(html.startsWith('<!DOCTYPE html>')).toBe(true);
        expect(html).not.toMatch(/<script/i);
        expect(html).not.toMatch(/\b(src|href)="(?!#)/);
        expect(html).not.toMatch(/url\(/);
        expect(html).not.toMatch(/style="/);
        expect(html).toContain(`<meta http-equiv="Content-Security-Policy" content="default-src 'none'; style-src 'unsafe-inline'; base-uri 'none'; form-action 'none'">`);
    });

    it('heads the page with the file, the total cycles and each hypervisor', () => {
        expect(html).toContain('<code>examples/type1-vs-type2.vmdef</code>');
        expect(html).toMatch(/data-stat="cycles"><div class="value num">612,345</);
        const baremetal = /<tr data-hypervisor="baremetal">[\s\S]*?<\/tr>/.exec(html)![0];
        expect(baremetal).toContain('Type 1 (bare-metal)');
        expect(baremetal).toContain('hardware-assisted');
        expect(baremetal).toContain('<code>modern</code>');
        expect(baremetal).toContain('4 / 4');
        expect(baremetal).toContain('3 GHz');
        const hosted = /<tr data-hypervisor="hosted">[\s\S]*?<\/tr>/.exec(html)![0];
        expect(hosted).toContain('Type 2 (hosted)');
        expect(hosted).toContain('3 / 4');
        // When each host's VMs were last on a pCPU, from the timeline.
        const lastEnd = Math.max(...result.timeline.filter((s) => s.hypervisor === 'baremetal').map((s) => s.end));
        expect(lastEnd).toBeLessThan(result.cycles);
        expect(baremetal).toContain(`data-busy-until="${lastEnd}"`);
        expect(hosted).toContain('data-busy-until="612345">612,345 cycles<br><span class="muted">204 µs</span>');
    });

    it('draws one lane per pCPU and one rectangle per run, merging back-to-back slices of a vCPU', () => {
        const baremetal = timelineOf(html, 'baremetal');
        expect(count(baremetal, /data-lane="/)).toBe(4);
        const bareSlices = result.timeline.filter((s) => s.hypervisor === 'baremetal');
        // No vCPU runs twice in a row on a baremetal pCPU in this fixture: one rect per slice.
        expect(count(baremetal, /<rect class="slice /)).toBe(bareSlices.length);
        expect(count(baremetal, /data-vm="web"/)).toBe(bareSlices.filter((s) => s.vm === 'web').length);

        const hosted = timelineOf(html, 'hosted');
        expect(count(hosted, /data-lane="/)).toBe(4);
        // desk/v0 runs uninterrupted on pCPU 1: its 12 slices are one rectangle.
        const lane1 = /<g class="lane" data-lane="1"[\s\S]*?<\/g>/.exec(hosted)![0];
        expect(count(lane1, /<rect class="slice /)).toBe(1);
        expect(lane1).toContain('12 consecutive slices');
        expect(lane1).toContain('data-start="0" data-end="612345"');
        // pCPU 0 (kept by the host OS) and pCPU 3 stay empty.
        expect(/<g class="lane" data-lane="0"[\s\S]*?<\/g>/.exec(hosted)![0]).not.toContain('class="slice');
    });

    it('gives each slice a hover title with vm, vCPU, pCPU, cycles and time', () => {
        expect(html).toContain('<title>web · vCPU 1 on pCPU 1\ncycles 0–40,000 (40,000)\nfrom 0 ms for 13.3 µs</title>');
    });

    it('uses one time scale for all hypervisors, labelled in cycles and µs', () => {
        for (const hv of ['baremetal', 'hosted']) {
            const svg = timelineOf(html, hv);
            expect(svg).toContain('>600k</text>');
            expect(svg).toContain('>200 µs</text>');
        }
    });

    it('colours a VM the same everywhere and lists it in its hypervisor legend', () => {
        expect(html).toContain('<span class="vm-c0" data-legend-vm="web">');
        expect(html).toContain('<span class="vm-c1" data-legend-vm="db">');
        expect(html).toContain('<span class="vm-c2" data-legend-vm="desk">');
        expect(timelineOf(html, 'hosted')).toContain('class="slice vm-c2" data-vm="desk"');
    });

    it('shows each VM\'s cycles by layer as a stacked bar with the numbers', () => {
        const rows = html.match(/<tr data-vm="[^"]*">[\s\S]*?<\/tr>/g)!;
        expect(rows.map((r) => /data-vm="([^"]*)"/.exec(r)![1])).toEqual(['web', 'db', 'desk']);
        const desk = rows[2];
        expect(count(desk, /<rect class="seg /)).toBe(4); // no waiting
        expect(desk).toContain('data-layer="host"');
        expect(desk).toContain('748,900<br><span class="muted">61.8%</span>');
        expect(desk).toContain('>1,212,700</td>');
        // Bars share a scale: desk (the largest total) fills the bar, web does not.
        const width = (row: string) => [...row.matchAll(/<rect class="seg [^>]*width="([\d.]+)"/g)].reduce((n, m) => n + Number(m[1]), 0);
        expect(width(desk)).toBeCloseTo(1000, 0);
        expect(width(rows[0])).toBeCloseTo((500000 / 1212700) * 1000, 0);
    });

    it('puts the hypervisors side by side, one column each', () => {
        const table = /<table class="wide comparison"[\s\S]*?<\/table>/.exec(html)![0];
        expect(count(table, /data-hypervisor-col=/)).toBe(2);
        const row = (key: string) => new RegExp(`<tr data-row="${key}">([\\s\\S]*?)</tr>`).exec(table)![1];
        expect(row('kind')).toContain('Type 1 (bare-metal)</td><td>Type 2 (hosted)');
        expect(row('layer-host')).toContain('748,900 <span class="muted">(61.8%)</span>');
        expect(row('overhead')).toMatch(/20.4%<\/td><td class="num">71.8%/);
        expect(row('cpi')).toMatch(/>2\.0<\/td><td class="num">4\.0</);
        expect(row('exit-io')).toMatch(/>145<\/td><td class="num">51</);
        expect(html).toContain('Per guest instruction, hosted (Type 2 (hosted), hardware-assisted) spent 2.06× the cycles of baremetal');
    });

    it('has a card per VM with status, stop reason, exits by reason and console', () => {
        expect(count(html, /data-vm-card="/)).toBe(3);
        const db = /<article class="card" id="vm-1" data-vm-card="db">[\s\S]*?<\/article>/.exec(html)![0];
        expect(db).toContain('data-status="limit">cycle limit</span>');
        expect(db).toContain('cycle limit 612345 reached');
        expect(count(db, /<tr data-exit="/)).toBe(4);
        expect(db).toMatch(/<tr data-exit="io"><td><code>io<\/code><\/td><td class="num">97</);
        expect(db).toContain('<pre class="console" data-console>db: recovering journal\ndb: 1200 rows\n</pre>');
        expect(db).toContain('Hypercalls by name: none');
    });

    it('is deterministic', () => {
        expect(renderReport(loadFixture('type1-vs-type2'), { files: ['examples/type1-vs-type2.vmdef'] })).toBe(html);
    });
});

describe('report page: techniques fixture', () => {
    const result = loadFixture('techniques');
    const html = renderReport(result);

    it('escapes every string from the file: a VM named <script> injects nothing', () => {
        expect(html).not.toMatch(/<script/i);
        expect(html).not.toMatch(/<img/i);
        expect(html).toContain('&lt;script&gt;alert(&quot;x&quot;)&lt;/script&gt;');
        expect(html).toContain('data-vm-card="&lt;script&gt;alert(&quot;x&quot;)&lt;/script&gt;"');
        expect(html).toContain('&lt;img src=x onerror=alert(1)&gt;\\x07bell &amp; &quot;quotes&quot;');
        expect(html).not.toContain(HOSTILE_VM);
    });

    it('shows status, stop reason with its location, fidelity violations and swapped pages', () => {
        const legacy = /data-vm-card="legacy">[\s\S]*?<\/article>/.exec(html)![0];
        expect(legacy).toContain('data-status="faulted"');
        expect(legacy).toContain('#GP: privileged instruction in user code (out)');
        expect(legacy).toContain('at examples/popek-goldberg.vmdef:31:9');
        expect(legacy).toContain('data-fidelity="3"');
        const hostile = /data-vm-card="&lt;script[\s\S]*?<\/article>/.exec(html)![0];
        expect(hostile).toContain('data-status="host-failed">host failed</span>');
        expect(hostile).toContain('data-swapped="12"');
        const paravirt = /data-vm-card="paravirt">[\s\S]*?<\/article>/.exec(html)![0];
        expect(paravirt).toMatch(/<tr data-hypercall="console_io"><td><code>console_io<\/code><\/td><td class="num">12</);
        expect(paravirt).toContain('Exits by reason: none');
    });

    it('marks where a Type 2 host failed and compares four techniques', () => {
        expect(timelineOf(html, 'vbox')).toContain('data-host-failed="40000"');
        expect(timelineOf(html, 'trap')).not.toContain('data-host-failed');
        // Where a VM that did not halt last ran: its stop reason on hover.
        expect(timelineOf(html, 'trap')).toContain('<g class="stop-mark" data-stop-vm="legacy"><title>legacy: #GP: privileged instruction in user code (out) (cycle 73,000)</title>');
        expect(count(timelineOf(html, 'vbox'), /class="stop-mark"/)).toBe(1);
        expect(timelineOf(html, 'bt')).not.toContain('stop-mark');
        expect(count(html, /data-hypervisor-col=/)).toBe(4);
        for (const label of ['full (trap-and-emulate)', 'full (binary translation)', 'paravirtualization', 'hardware-assisted']) {
            expect(html).toContain(`<td>${label}</td>`);
        }
        // Hypercalls by name, per hypervisor: only the paravirtualized one makes any.
        expect(html).toMatch(/<tr data-row="hypercall-console_io"><th scope="row">hypercalls: console_io<\/th><td class="num">0<\/td><td class="num">0<\/td><td class="num">12<\/td><td class="num">0<\/td><\/tr>/);
        // Two lanes per host, including the Type 2 host with one pCPU kept by its OS.
        for (const hv of ['trap', 'bt', 'pv', 'vbox']) expect(count(timelineOf(html, hv), /data-lane="/)).toBe(2);
    });
});

describe('report page: nothing simulated', () => {
    it('renders a result with no hypervisor, VM or slice as a valid page that says so', () => {
        const html = renderReport({ cycles: 0, vms: [], hypervisors: [], timeline: [] });
        expect(html).toContain('data-stat="cycles"><div class="value num">0<');
        expect(html).toContain('<p class="note">No VMs.</p>');
        expect(html).toContain('<p class="note">No hypervisors.</p>');
        expect(html).not.toContain('data-lane');
        expect(html.trimEnd().endsWith('</html>')).toBe(true);
    });
});

describe('report page options', () => {
    const result = loadFixture('type1-vs-type2');

    it('puts a webview nonce on the style and in the CSP', () => {
        const html = renderReport(result, { nonce: 'r4nd0mN0nce123' });
        expect(html).toContain('<style nonce="r4nd0mN0nce123">');
        expect(html).toContain(`style-src 'nonce-r4nd0mN0nce123'`);
        expect(html).not.toContain('unsafe-inline');
        expect(() => renderReport(result, { nonce: '"><b>' })).toThrow(/nonce/);
    });

    it('leaves the CSP to a host that injects its own, and forces a theme on request', () => {
        expect(renderReport(result, { csp: false })).not.toContain('Content-Security-Policy');
        expect(renderReport(result, { theme: 'dark' })).toContain('<html lang="en" data-theme="dark">');
        expect(renderReport(result)).toContain('<html lang="en">');
        // VS Code theme variables win over the built-in defaults.
        expect(renderReport(result)).toContain('--bg:var(--vscode-editor-background,#ffffff)');
    });

    it('cuts a console that would bloat the page and says how much is left out', () => {
        const big = structuredClone(result);
        big.vms[0].console = 'x'.repeat(CONSOLE_LIMIT + 500);
        const html = renderReport(big);
        expect(html).toContain('… 500 more characters');
        expect(html.length).toBeLessThan(CONSOLE_LIMIT + 100_000);
    });
});

describe('report timeline with many slices', () => {
    /** Two VMs alternating on one pCPU every 100 cycles: far more slices than pixels. */
    function busy(slices: number): SimulationResult {
        const base = loadFixture('type1-vs-type2');
        const timeline: TimelineSlice[] = [];
        for (let i = 0; i < slices; i++) {
            // web runs 70 of every 100 cycles, db the rest.
            const start = i * 100;
            timeline.push({ hypervisor: 'baremetal', pcpu: 0, vm: i % 2 === 0 ? 'web' : 'db', vcpu: 0, start, end: start + (i % 2 === 0 ? 70 : 30) });
        }
        return { ...base, cycles: slices * 100, timeline };
    }

    it('merges back-to-back slices of one vCPU only when they are closer than half a pixel', () => {
        const s = (start: number, end: number, vm = 'a'): TimelineSlice => ({ hypervisor: 'h', pcpu: 0, vm, vcpu: 0, start, end });
        expect(mergeSlices([s(0, 10), s(10, 20), s(26, 30)], 10).map((x) => [x.start, x.end, x.slices])).toEqual([[0, 20, 2], [26, 30, 1]]);
        expect(mergeSlices([s(0, 10), s(10, 20, 'b')], 10)).toHaveLength(2);
    });

    it('draws at most one rectangle per pixel column, each the vCPU that ran longest there', () => {
        const result = busy(50_000);
        const [lane] = laneSegments(result.timeline, 1, result.cycles);
        expect(result.timeline.length).toBeGreaterThan(MAX_RECTS);
        expect(lane.length).toBeLessThanOrEqual(1000);
        expect(lane.every((seg) => seg.sampled && seg.vm === 'web')).toBe(true);
        const html = renderReport(result);
        expect(count(timelineOf(html, 'baremetal'), /<rect class="slice /)).toBe(lane.length);
        expect(html).toContain('downsampled');
        expect(html.length).toBeLessThan(2_000_000);
    });
});
