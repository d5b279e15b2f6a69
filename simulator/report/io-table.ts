// A VM card's I/O table (LANGUAGE.md §12): per device it was given, the path that reaches it
// (the hypervisor's device model, a virtio ring, passthrough through the IOMMU), accesses, exits,
// bytes and exits per byte — where emulation and paravirtual I/O part ways — and refused DMA.
import type { DeviceIoResult, VmResult } from '../result.js';
import { escapeHtml as esc } from './escape.js';
import { formatInt } from './format.js';
import { reportMessages as m } from './messages.js';

const PATH_LABEL: Record<DeviceIoResult['path'], () => string> = {
    emulated: m.pathEmulated,
    virtio: m.pathVirtio,
    passthrough: m.pathPassthrough,
};

/** The table, or nothing for a VM without devices. */
export function ioTable(io: VmResult['io']): string {
    const rows = Object.entries(io ?? {});
    if (rows.length === 0) return '';
    const head = [m.columnDevice(), m.columnPath(), m.columnAccesses(), m.columnIoExits(), m.columnBytes(), m.columnExitsPerByte(), m.columnRefused()];
    return (
        `<table data-table="io"><caption class="muted">${esc(m.ioByDevice())}</caption>` +
        `<thead><tr>${head.map((h, i) => `<th${i >= 2 ? ' class="num"' : ''}>${esc(h)}</th>`).join('')}</tr></thead><tbody>` +
        rows.map(([name, d]) =>
            `<tr data-device="${esc(name)}" data-path="${esc(d.path)}"><td><code>${esc(name)}</code></td><td>${esc(PATH_LABEL[d.path]())}</td>` +
            `<td class="num">${formatInt(d.accesses)}</td><td class="num">${formatInt(d.exits)}</td><td class="num">${formatInt(d.bytes)}</td>` +
            `<td class="num">${esc(d.exitsPerByte.toPrecision(3))}</td><td class="num${d.refused > 0 ? ' warn' : ''}">${formatInt(d.refused)}</td></tr>`).join('') +
        '</tbody></table>'
    );
}
