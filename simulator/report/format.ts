// Number formatting for the report. Deterministic (no locale): the same result gives the same
// page byte for byte, whatever machine renders it.

/** 1234567 → "1,234,567". Non-integers are rounded. */
export function formatInt(n: number): string {
    if (!Number.isFinite(n)) return String(n);
    const sign = n < 0 ? '-' : '';
    const digits = String(Math.round(Math.abs(n)));
    return sign + digits.replace(/\B(?=(\d{3})+(?!\d))/g, ',');
}

/** Three significant digits with k / M / G: 1234 → "1.23k", 2500000 → "2.5M". For axis ticks. */
export function formatCompact(n: number): string {
    const abs = Math.abs(n);
    const units: [number, string][] = [[1e12, 'T'], [1e9, 'G'], [1e6, 'M'], [1e3, 'k']];
    for (const [size, suffix] of units) {
        if (abs >= size) return trimZeros((n / size).toPrecision(3)) + suffix;
    }
    return trimZeros(Number.isInteger(n) ? String(n) : n.toPrecision(3));
}

/** Cycles at a clock → "12.3 ms" / "450 µs" / "80 ns" / "1.5 s", three significant digits. */
export function formatDuration(cycles: number, clockHz: number): string {
    if (!(clockHz > 0)) return '—';
    const seconds = cycles / clockHz;
    if (seconds === 0) return '0 ms';
    const steps: [number, string][] = [[1, 's'], [1e-3, 'ms'], [1e-6, 'µs']];
    for (const [size, unit] of steps) {
        if (seconds >= size) return `${trimZeros((seconds / size).toPrecision(3))} ${unit}`;
    }
    return `${trimZeros((seconds / 1e-9).toPrecision(3))} ns`;
}

/** The unit an axis spanning `spanCycles` at `clockHz` labels its ticks in: s, ms, µs or ns. */
export function timeUnit(spanCycles: number, clockHz: number): { unit: string; seconds: number } {
    const span = clockHz > 0 ? spanCycles / clockHz : 0;
    if (span >= 1) return { unit: 's', seconds: 1 };
    if (span >= 1e-3) return { unit: 'ms', seconds: 1e-3 };
    if (span >= 1e-6) return { unit: 'µs', seconds: 1e-6 };
    return { unit: 'ns', seconds: 1e-9 };
}

/** A time-axis tick: cycles at a clock in the axis's unit, "0.25 ms". Empty without a clock. */
export function formatTick(cycles: number, clockHz: number, unit: { unit: string; seconds: number }): string {
    if (!(clockHz > 0)) return '';
    if (cycles === 0) return `0 ${unit.unit}`;
    return `${trimZeros((cycles / clockHz / unit.seconds).toPrecision(3))} ${unit.unit}`;
}

/** 3e9 → "3 GHz", 2.4e9 → "2.4 GHz", 800e6 → "800 MHz". */
export function formatHz(hz: number): string {
    if (hz >= 1e9) return `${trimZeros((hz / 1e9).toPrecision(4))} GHz`;
    if (hz >= 1e6) return `${trimZeros((hz / 1e6).toPrecision(4))} MHz`;
    return `${formatInt(hz)} Hz`;
}

/** part/whole as "12.3%"; "0%" for an empty whole; "<0.1%" for a small but non-zero part. */
export function formatPercent(part: number, whole: number): string {
    if (!(whole > 0) || part === 0) return '0%';
    const p = (part / whole) * 100;
    if (p < 0.1) return '<0.1%';
    return `${trimZeros(p.toFixed(1))}%`;
}

/** 1.5 → "1.5×", 1 → "1×". */
export function formatRatio(r: number): string {
    if (!Number.isFinite(r)) return '—';
    return `${trimZeros(r.toFixed(2))}×`;
}

/** Bytes in the largest binary unit that divides evenly enough: 4294967296 → "4 GiB". */
export function formatBytes(bytes: number): string {
    const units: [number, string][] = [[2 ** 40, 'TiB'], [2 ** 30, 'GiB'], [2 ** 20, 'MiB'], [2 ** 10, 'KiB']];
    for (const [size, unit] of units) {
        if (bytes >= size) return `${trimZeros((bytes / size).toFixed(2))} ${unit}`;
    }
    return `${formatInt(bytes)} B`;
}

function trimZeros(s: string): string {
    if (s.includes('e')) return String(Number(s));
    return s.includes('.') ? s.replace(/\.?0+$/, '') : s;
}

/** Axis ticks at 1–2–5 steps covering [0, max], about `target` of them. */
export function niceTicks(max: number, target = 8): number[] {
    if (!(max > 0)) return [0];
    const rough = max / target;
    const magnitude = 10 ** Math.floor(Math.log10(rough));
    const step = [1, 2, 5, 10].map((m) => m * magnitude).find((s) => s >= rough) ?? 10 * magnitude;
    const ticks: number[] = [];
    for (let t = 0; t <= max + step * 1e-9 && ticks.length <= target * 3; t += step) ticks.push(Math.round(t * 1e6) / 1e6);
    return ticks;
}
