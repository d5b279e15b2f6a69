#!/usr/bin/env node
// `npm run bench` (after `npm run build`): runs every bench/*.bench.mjs in file-name order and
// prints one table. Filter by name: `node bench/run.mjs check sim`.
//
// Convention for a bench file `bench/NAME.bench.mjs`:
//     export async function run(report) { ... report({ name, value, unit, target, note }) ... }
//   - `name`: what was measured ("check 10,000 VMs wall"); `value`: a number; `unit`: "ms", "MB", "×" ...
//   - `target` (optional): { max: n } or { min: n } — the row shows ok / MISSED, and the run exits 1
//     if any target is missed;
//   - `note` (optional): a short context string (input size, best of N, ...).
// Measure the bundles in out/ (what users run), in a child process when start-up time or peak
// memory matter (see check.bench.mjs). A bench may also throw: that shows as a failed row.
import * as fs from 'node:fs';
import * as path from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';

const benchDir = path.dirname(fileURLToPath(import.meta.url));
const filters = process.argv.slice(2).filter((a) => !a.startsWith('-'));
const files = fs.readdirSync(benchDir)
    .filter((f) => f.endsWith('.bench.mjs'))
    .filter((f) => filters.length === 0 || filters.some((x) => f.includes(x)))
    .sort();

const rows = [];
let failed = false;
for (const file of files) {
    const bench = file.replace(/\.bench\.mjs$/, '');
    process.stderr.write(`bench ${bench} ...\n`);
    const started = performance.now();
    try {
        const module = await import(pathToFileURL(path.join(benchDir, file)).href);
        if (typeof module.run !== 'function') throw new Error(`${file} does not export async function run(report)`);
        await module.run((row) => {
            const ok = !row.target || ((row.target.max === undefined || row.value <= row.target.max) && (row.target.min === undefined || row.value >= row.target.min));
            if (!ok) failed = true;
            rows.push({ bench, ...row, ok });
            process.stderr.write(`  ${row.name}: ${format(row.value)} ${row.unit ?? ''}${row.note ? `  (${row.note})` : ''}\n`);
        });
    } catch (e) {
        failed = true;
        rows.push({ bench, name: 'FAILED', value: NaN, unit: '', note: String(e?.stack ?? e).split('\n')[0], ok: false });
    }
    process.stderr.write(`  (${((performance.now() - started) / 1000).toFixed(1)} s)\n`);
}

function format(value) {
    if (typeof value !== 'number' || Number.isNaN(value)) return '—';
    if (Math.abs(value) >= 100) return Math.round(value).toLocaleString('en-US');
    return value.toFixed(Math.abs(value) >= 10 ? 1 : 2);
}

function targetText(target) {
    if (!target) return '';
    return [target.max !== undefined ? `≤ ${format(target.max)}` : '', target.min !== undefined ? `≥ ${format(target.min)}` : ''].filter(Boolean).join(' ');
}

const table = [['bench', 'measure', 'value', 'unit', 'target', '', 'note'],
    ...rows.map((r) => [r.bench, r.name, format(r.value), r.unit ?? '', targetText(r.target), r.target ? (r.ok ? 'ok' : 'MISSED') : (r.ok ? '' : 'FAILED'), r.note ?? ''])];
const widths = table[0].map((_, i) => Math.max(...table.map((row) => String(row[i]).length)));
const line = (row) => row.map((cell, i) => (i === 2 ? String(cell).padStart(widths[i]) : String(cell).padEnd(widths[i]))).join('  ').trimEnd();
console.log(line(table[0]));
console.log(widths.map((w) => '-'.repeat(w)).join('  '));
for (const row of table.slice(1)) console.log(line(row));
if (rows.length === 0) console.log(`no bench matched ${filters.join(' ')}`);
process.exitCode = failed ? 1 : 0;
