// Colours. The page carries no style attributes (a webview's nonce-only CSP would drop them):
// every colour is a CSS class whose custom property the stylesheet defines, so VS Code themes
// and light/dark schemes restyle the whole report from one place.
import type { SimulationResult } from '../result.js';

/** Tableau 10: distinct on white and on a dark editor background, readable with dark text. */
export const VM_COLOURS = ['#4e79a7', '#f28e2b', '#59a14f', '#e15759', '#76b7b2', '#edc948', '#b07aa1', '#ff9da7', '#9c755f', '#bab0ac'];

/** Each VM's colour class, by VM name, in result order (names are global in a workspace). */
export function vmColourClasses(result: SimulationResult): Map<string, string> {
    const classes = new Map<string, string>();
    result.vms.forEach((vm) => {
        if (!classes.has(vm.name)) classes.set(vm.name, `vm-c${classes.size % VM_COLOURS.length}`);
    });
    // A timeline slice of a VM missing from `vms` still gets a colour.
    for (const slice of result.timeline) {
        if (!classes.has(slice.vm)) classes.set(slice.vm, `vm-c${classes.size % VM_COLOURS.length}`);
    }
    return classes;
}

export function paletteCss(): string {
    return VM_COLOURS.map((colour, i) => `.vm-c${i}{--c:${colour}}`).join('\n');
}
