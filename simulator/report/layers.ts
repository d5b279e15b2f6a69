// Where the cycles went: a stacked bar of the five layers (LANGUAGE.md / DESIGN.md "Layers").
import { LAYERS, type Layer } from '../result.js';
import { escapeHtml as esc } from './escape.js';
import { formatInt, formatPercent } from './format.js';
import { layerLabel } from './labels.js';
import { reportMessages as m } from './messages.js';

export type LayerCycles = Record<Layer, number> & { total: number };

const BAR_WIDTH = 1000;

/** Sum of the five layers; `total` as given when present, so a bar never overflows it. */
export function layerTotal(cycles: LayerCycles): number {
    const sum = LAYERS.reduce((n, layer) => n + (cycles[layer] ?? 0), 0);
    return Math.max(sum, cycles.total ?? 0);
}

/**
 * A horizontal stacked bar. `scale` is the cycle count the full width stands for: the VM's own
 * total for a normalised bar, the largest total for bars compared by length.
 */
export function renderLayerBar(cycles: LayerCycles, scale: number, label: string): string {
    const total = layerTotal(cycles);
    const segments: string[] = [];
    let x = 0;
    for (const layer of LAYERS) {
        const value = cycles[layer] ?? 0;
        if (value <= 0 || !(scale > 0)) continue;
        const w = (value / scale) * BAR_WIDTH;
        const title = m.segmentTitle(layerLabel(layer), formatInt(value), formatPercent(value, total));
        segments.push(
            `<rect class="seg layer-${layer}" data-layer="${layer}" x="${x.toFixed(2)}" y="0" width="${Math.max(w, 0.5).toFixed(2)}" height="16"><title>${esc(title)}</title></rect>`,
        );
        x += w;
    }
    return (
        `<svg class="bar" viewBox="0 0 ${BAR_WIDTH} 16" preserveAspectRatio="none" role="img" aria-label="${esc(label)}" xmlns="http://www.w3.org/2000/svg">` +
        `<rect class="bar-track" x="0" y="0" width="${BAR_WIDTH}" height="16"/>${segments.join('')}</svg>`
    );
}

export function renderLayerLegend(): string {
    return (
        `<div class="legend" aria-label="${esc(m.layers())}">` +
        LAYERS.map((layer) => `<span class="layer-${layer}" data-legend-layer="${layer}"><span class="swatch"></span>${esc(layerLabel(layer))}</span>`).join('') +
        '</div>'
    );
}
