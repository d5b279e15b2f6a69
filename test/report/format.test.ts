import { describe, expect, it } from 'vitest';
import { formatBytes, formatCompact, formatDuration, formatHz, formatInt, formatPercent, formatRatio, formatTick, niceTicks, timeUnit } from '../../simulator/report/format.js';
import { checkNonce, escapeConsole, escapeHtml } from '../../simulator/report/escape.js';

describe('report number formatting', () => {
    it('groups thousands without a locale', () => {
        expect(formatInt(0)).toBe('0');
        expect(formatInt(999)).toBe('999');
        expect(formatInt(1000)).toBe('1,000');
        expect(formatInt(1234567)).toBe('1,234,567');
        expect(formatInt(-45000)).toBe('-45,000');
        expect(formatInt(12.6)).toBe('13');
    });

    it('abbreviates axis values to three significant digits', () => {
        expect(formatCompact(0)).toBe('0');
        expect(formatCompact(950)).toBe('950');
        expect(formatCompact(1234)).toBe('1.23k');
        expect(formatCompact(100000)).toBe('100k');
        expect(formatCompact(2500000)).toBe('2.5M');
        expect(formatCompact(3e9)).toBe('3G');
    });

    it('turns cycles at a clock into a duration', () => {
        expect(formatDuration(3_000_000, 3e9)).toBe('1 ms');
        expect(formatDuration(612345, 3e9)).toBe('204 µs');
        expect(formatDuration(240, 3e9)).toBe('80 ns');
        expect(formatDuration(4.5e9, 3e9)).toBe('1.5 s');
        expect(formatDuration(0, 3e9)).toBe('0 ms');
        expect(formatDuration(100, 0)).toBe('—');
    });

    it('labels a time axis in one unit chosen from its span', () => {
        const unit = timeUnit(612345, 3e9);
        expect(unit.unit).toBe('µs');
        expect(formatTick(0, 3e9, unit)).toBe('0 µs');
        expect(formatTick(100000, 3e9, unit)).toBe('33.3 µs');
        expect(formatTick(600000, 3e9, unit)).toBe('200 µs');
        expect(timeUnit(30e6, 3e9).unit).toBe('ms');
        expect(formatTick(1, 0, unit)).toBe('');
    });

    it('formats clocks, percentages, ratios and sizes', () => {
        expect(formatHz(3e9)).toBe('3 GHz');
        expect(formatHz(3.8e9)).toBe('3.8 GHz');
        expect(formatHz(800e6)).toBe('800 MHz');
        expect(formatPercent(1, 3)).toBe('33.3%');
        expect(formatPercent(0, 0)).toBe('0%');
        expect(formatPercent(1, 100000)).toBe('<0.1%');
        expect(formatPercent(5, 5)).toBe('100%');
        expect(formatRatio(1.5)).toBe('1.5×');
        expect(formatRatio(1)).toBe('1×');
        expect(formatBytes(4294967296)).toBe('4 GiB');
        expect(formatBytes(268435456)).toBe('256 MiB');
        expect(formatBytes(512)).toBe('512 B');
    });

    it('places axis ticks at 1-2-5 steps covering the span', () => {
        expect(niceTicks(612345)).toEqual([0, 100000, 200000, 300000, 400000, 500000, 600000]);
        expect(niceTicks(73000)).toEqual([0, 10000, 20000, 30000, 40000, 50000, 60000, 70000]);
        expect(niceTicks(1)).toEqual([0, 0.2, 0.4, 0.6, 0.8, 1]);
        expect(niceTicks(0)).toEqual([0]);
    });
});

describe('report escaping', () => {
    it('escapes markup and both quote kinds', () => {
        expect(escapeHtml(`<a href="x" title='y'>&</a>`)).toBe('&lt;a href=&quot;x&quot; title=&#39;y&#39;&gt;&amp;&lt;/a&gt;');
    });

    it('shows control characters of console output as \\xNN and keeps newlines and tabs', () => {
        expect(escapeConsole('a\u0007b\u001b[31m\tc\n<d>')).toBe('a\\x07b\\x1b[31m\tc\n&lt;d&gt;');
    });

    it('accepts base64 nonces only', () => {
        expect(checkNonce('abcDEF123+/=')).toBe('abcDEF123+/=');
        expect(() => checkNonce('x" onload="y')).toThrow(/nonce/);
        expect(() => checkNonce('short')).toThrow(/nonce/);
    });
});
