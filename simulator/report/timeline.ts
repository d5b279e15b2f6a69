// The timeline of one hypervisor: one lane per pCPU, one rectangle per stretch a vCPU ran there.
// All hypervisors share one time scale so Type 1 and Type 2 runs compare by eye.
import type { HypervisorResult, TimelineSlice } from '../result.js';
import { escapeHtml as esc } from './escape.js';
import { formatCompact, formatDuration, formatInt, formatTick, niceTicks, timeUnit } from './format.js';
import { reportMessages as m } from './messages.js';

const WIDTH = 1000;
const LABEL_WIDTH = 64;
const RIGHT_PAD = 14;
const PLOT_WIDTH = WIDTH - LABEL_WIDTH - RIGHT_PAD;
const TOP = 6;
const AXIS_HEIGHT = 36;
/** Above this many rectangles per hypervisor the lanes are drawn per pixel column instead. */
export const MAX_RECTS = 4000;

/** A drawn rectangle: one or more merged slices of one vCPU, or the dominant vCPU of a pixel column. */
export interface Segment {
    vm: string;
    vcpu: number;
    start: number;
    end: number;
    /** How many slices it stands for. */
    slices: number;
    /** True when drawn per pixel column (the vCPU that ran longest there). */
    sampled: boolean;
}

export interface TimelineOptions {
    /** End of the shared time scale, in cycles. */
    span: number;
    colourOf: (vm: string) => string;
    /** VMs that faulted or lost their host, with why: marked where they last ran. */
    stops?: Map<string, string>;
}

/** Lane count: every pCPU of the host, and any pCPU a slice names beyond it. */
export function laneCount(hv: HypervisorResult, slices: TimelineSlice[]): number {
    let lanes = Math.max(0, Math.floor(hv.pcpus));
    for (const s of slices) if (s.pcpu + 1 > lanes) lanes = s.pcpu + 1;
    return lanes;
}

/**
 * Slices of one lane as rectangles: consecutive slices of the same vCPU closer than half a
 * pixel become one. `resolution` is cycles per pixel.
 */
export function mergeSlices(slices: TimelineSlice[], resolution: number): Segment[] {
    const sorted = [...slices].sort((a, b) => a.start - b.start || a.end - b.end);
    const out: Segment[] = [];
    for (const s of sorted) {
        const last = out[out.length - 1];
        if (last && last.vm === s.vm && last.vcpu === s.vcpu && s.start - last.end <= resolution / 2) {
            last.end = Math.max(last.end, s.end);
            last.slices++;
        } else {
            out.push({ vm: s.vm, vcpu: s.vcpu, start: s.start, end: s.end, slices: 1, sampled: false });
        }
    }
    return out;
}

/** One lane drawn per pixel column: each column shows the vCPU that ran longest in it. */
export function sampleSegments(segments: Segment[], resolution: number, columns: number): Segment[] {
    const best: { key: string; vm: string; vcpu: number; cover: number; slices: number }[][] = Array.from({ length: columns }, () => []);
    for (const seg of segments) {
        const first = Math.max(0, Math.floor(seg.start / resolution));
        const last = Math.min(columns - 1, Math.floor(Math.max(seg.start, seg.end - 1e-9) / resolution));
        for (let c = first; c <= last; c++) {
            const cover = Math.min(seg.end, (c + 1) * resolution) - Math.max(seg.start, c * resolution);
            if (cover <= 0) continue;
            const key = `${seg.vcpu}\u0000${seg.vm}`;
            const entry = best[c].find((e) => e.key === key);
            if (entry) {
                entry.cover += cover;
                entry.slices += seg.slices;
            } else best[c].push({ key, vm: seg.vm, vcpu: seg.vcpu, cover, slices: seg.slices });
        }
    }
    const out: Segment[] = [];
    best.forEach((entries, c) => {
        if (entries.length === 0) return;
        const top = entries.reduce((a, b) => (b.cover > a.cover ? b : a));
        const last = out[out.length - 1];
        if (last && last.vm === top.vm && last.vcpu === top.vcpu && last.end === c * resolution) {
            last.end = (c + 1) * resolution;
            last.slices += top.slices;
        } else {
            out.push({ vm: top.vm, vcpu: top.vcpu, start: c * resolution, end: (c + 1) * resolution, slices: top.slices, sampled: true });
        }
    });
    return out;
}

/** Rectangles per lane, merged and, when there are too many, sampled per pixel column. */
export function laneSegments(slices: TimelineSlice[], lanes: number, span: number): Segment[][] {
    const resolution = span / PLOT_WIDTH;
    const byLane: TimelineSlice[][] = Array.from({ length: lanes }, () => []);
    for (const s of slices) if (s.pcpu >= 0 && s.end > s.start) byLane[s.pcpu]?.push(s);
    let segments = byLane.map((lane) => mergeSlices(lane, resolution));
    const total = segments.reduce((n, lane) => n + lane.length, 0);
    if (total > MAX_RECTS) segments = segments.map((lane) => sampleSegments(lane, resolution, PLOT_WIDTH));
    return segments;
}

function laneHeight(lanes: number): number {
    if (lanes <= 8) return 26;
    if (lanes <= 32) return 18;
    return Math.max(4, Math.floor(640 / lanes));
}

export function renderTimeline(hv: HypervisorResult, slices: TimelineSlice[], options: TimelineOptions): string {
    const span = Math.max(1, options.span);
    const lanes = laneCount(hv, slices);
    const segments = laneSegments(slices, lanes, span);
    const laneH = laneHeight(lanes);
    const plotHeight = lanes * laneH;
    const height = TOP + plotHeight + AXIS_HEIGHT;
    const x = (cycles: number) => LABEL_WIDTH + (Math.min(Math.max(cycles, 0), span) / span) * PLOT_WIDTH;
    const labelEvery = laneH >= 12 ? 1 : Math.ceil(12 / laneH);
    const parts: string[] = [];
    const ticks = niceTicks(span);
    const unit = timeUnit(span, hv.clockHz);

    parts.push(`<g class="axis" aria-hidden="true">`);
    for (const t of ticks) {
        const tx = x(t).toFixed(2);
        parts.push(`<line class="grid" x1="${tx}" x2="${tx}" y1="${TOP}" y2="${TOP + plotHeight + 4}"/>`);
        // A tick at the right edge is labelled leftwards so its text stays inside the figure.
        const anchor = x(t) > WIDTH - RIGHT_PAD - 24 ? 'end' : 'middle';
        parts.push(`<text x="${tx}" y="${TOP + plotHeight + 16}" text-anchor="${anchor}">${esc(formatCompact(t))}</text>`);
        const ms = formatTick(t, hv.clockHz, unit);
        if (ms) parts.push(`<text x="${tx}" y="${TOP + plotHeight + 30}" text-anchor="${anchor}">${esc(ms)}</text>`);
    }
    parts.push(`<text x="2" y="${TOP + plotHeight + 16}">${esc(m.axisCycles())}</text>`);
    if (hv.clockHz > 0) parts.push(`<text x="2" y="${TOP + plotHeight + 30}">${esc(m.axisTime())}</text>`);
    parts.push('</g>');

    let rects = 0;
    for (let lane = 0; lane < lanes; lane++) {
        const y = TOP + lane * laneH;
        const h = Math.max(2, laneH - (laneH >= 12 ? 4 : 1));
        parts.push(`<g class="lane" data-lane="${lane}" data-hypervisor="${esc(hv.name)}">`);
        parts.push(`<rect class="lane-bg" x="${LABEL_WIDTH}" y="${y}" width="${PLOT_WIDTH}" height="${h}"/>`);
        // `pCPU 0` is the term in both languages (as in the Korean course notes)
        if (lane % labelEvery === 0) {
            parts.push(`<text x="${LABEL_WIDTH - 8}" y="${(y + h / 2 + 4).toFixed(1)}" text-anchor="end">pCPU ${lane}</text>`);
        }
        for (const seg of segments[lane]) {
            const x0 = x(seg.start);
            const w = Math.max(0.8, x(seg.end) - x0);
            const title = sliceTitle(seg, lane, hv.clockHz);
            parts.push(
                `<rect class="slice ${options.colourOf(seg.vm)}" data-vm="${esc(seg.vm)}" data-vcpu="${seg.vcpu}" data-start="${seg.start}" data-end="${seg.end}"` +
                    ` x="${x0.toFixed(2)}" y="${y}" width="${w.toFixed(2)}" height="${h}"><title>${esc(title)}</title></rect>`,
            );
            rects++;
            const label = `${seg.vm}/v${seg.vcpu}`;
            const fits = Math.floor((w - 6) / 6.2);
            if (h >= 14 && fits >= 3) {
                const text = label.length <= fits ? label : label.slice(0, Math.max(1, fits - 1)) + '…';
                parts.push(`<text class="slice-label" x="${(x0 + 3).toFixed(2)}" y="${(y + h / 2 + 3.5).toFixed(1)}">${esc(text)}</text>`);
            }
        }
        parts.push('</g>');
    }

    // A VM that faulted gets a mark at the end of its last slice.
    const lastRun = new Map<string, TimelineSlice>();
    for (const s of slices) if (s.end > (lastRun.get(s.vm)?.end ?? -1)) lastRun.set(s.vm, s);
    for (const [vm, why] of options.stops ?? []) {
        const last = lastRun.get(vm);
        if (!last || last.pcpu >= lanes) continue;
        const mx = x(last.end);
        const my = TOP + last.pcpu * laneH;
        const h = Math.max(2, laneH - (laneH >= 12 ? 4 : 1));
        parts.push(
            `<g class="stop-mark" data-stop-vm="${esc(vm)}"><title>${esc(m.stopTitle(vm, why, formatInt(last.end)))}</title>` +
                `<path d="M${mx.toFixed(2)} ${my} l5 ${(h / 2).toFixed(1)} l-5 ${(h / 2).toFixed(1)} z"/></g>`,
        );
    }

    if (hv.hostFailedAt !== undefined) {
        const fx = x(hv.hostFailedAt).toFixed(2);
        parts.push(
            `<g class="host-failed" data-host-failed="${hv.hostFailedAt}"><line x1="${fx}" x2="${fx}" y1="${TOP - 4}" y2="${TOP + plotHeight}"/>` +
                `<title>${esc(m.hostFailedAt(formatInt(hv.hostFailedAt)))}</title>` +
                `<text x="${(Number(fx) - 4).toFixed(2)}" y="${TOP + 10}" text-anchor="end">${esc(m.hostFailed())}</text></g>`,
        );
    }

    const label = m.timelineLabel(hv.name, lanes, rects);
    return (
        `<svg class="timeline" data-timeline="${esc(hv.name)}" data-slices="${slices.length}" viewBox="0 0 ${WIDTH} ${height}" ` +
        `width="${WIDTH}" height="${height}" role="img" aria-label="${esc(label)}" xmlns="http://www.w3.org/2000/svg">` +
        parts.join('') +
        '</svg>'
    );
}

function sliceTitle(seg: Segment, pcpu: number, clockHz: number): string {
    const what = m.sliceWhat(seg.vm, seg.vcpu, pcpu);
    const range = m.sliceRange(formatInt(seg.start), formatInt(seg.end), formatInt(seg.end - seg.start));
    const time = clockHz > 0 ? `\n${m.sliceTime(formatDuration(seg.start, clockHz), formatDuration(seg.end - seg.start, clockHz))}` : '';
    const merged = seg.sampled ? `\n${m.sliceSampled(seg.slices)}` : seg.slices > 1 ? `\n${m.sliceMerged(seg.slices)}` : '';
    return `${what}\n${range}${time}${merged}`;
}
