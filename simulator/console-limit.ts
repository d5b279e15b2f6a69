// A VM's console is bounded: a guest printing in a loop must not exhaust memory. The state keeps
// the last part of each console (between MAX_CONSOLE_BYTES and twice that, trimmed in steps so
// appending stays cheap) and counts the bytes dropped from its front; the result keeps the last
// MAX_CONSOLE_BYTES and says how many bytes went (`consoleDropped`). Sizes are UTF-8 bytes, as
// the text is written out; a cut never splits a character.
import type { VmState } from './state.js';

/** What a VM's result keeps of its console: the last 1 MiB. */
export const MAX_CONSOLE_BYTES = 1 << 20;
/** The limit as messages say it. */
export const MAX_CONSOLE_TEXT = `${MAX_CONSOLE_BYTES / 1048576} MiB`;

/** UTF-8 bytes of `text`. */
export function utf8Length(text: string): number {
    let bytes = text.length;
    for (let i = 0; i < text.length; i++) {
        const c = text.charCodeAt(i);
        if (c < 0x80) continue;
        if (c < 0x800) bytes += 1;
        else if (c >= 0xd800 && c <= 0xdfff) bytes += 1; // a surrogate pair: 4 bytes for two units
        else bytes += 2;
    }
    return bytes;
}

/** Where to cut `text` so that what follows the cut has at most `keep` bytes: the index and the bytes before it. */
function cutKeeping(text: string, total: number, keep: number): { index: number; dropped: number } {
    // all ASCII (a byte per unit): no scan
    if (total === text.length) return { index: Math.max(0, total - keep), dropped: Math.max(0, total - keep) };
    let dropped = 0;
    let i = 0;
    while (i < text.length && total - dropped > keep) {
        const c = text.charCodeAt(i);
        const pair = c >= 0xd800 && c <= 0xdbff && i + 1 < text.length;
        dropped += c < 0x80 ? 1 : c < 0x800 ? 2 : pair ? 4 : 3;
        i += pair ? 2 : 1;
    }
    return { index: i, dropped };
}

/** The longest start of `text` within `maxBytes` (whole characters). */
export function utf8Prefix(text: string, maxBytes: number): string {
    const total = utf8Length(text);
    if (total <= maxBytes) return text;
    // what is cut off the end is the part after the prefix: find the prefix directly
    let bytes = 0;
    let i = 0;
    while (i < text.length) {
        const c = text.charCodeAt(i);
        const pair = c >= 0xd800 && c <= 0xdbff && i + 1 < text.length;
        const size = c < 0x80 ? 1 : c < 0x800 ? 2 : pair ? 4 : 3;
        if (bytes + size > maxBytes) break;
        bytes += size;
        i += pair ? 2 : 1;
    }
    return text.slice(0, i);
}

/** Sizes of long texts already written (a guest prints the same string in a loop): a bounded cache. */
const longSizes = new Map<string, number>();
const LONG_TEXT = 256;

/** `utf8Length`, remembered for long texts (a string of the program written again costs no scan). */
export function writtenLength(text: string): number {
    if (text.length < LONG_TEXT) return utf8Length(text);
    let bytes = longSizes.get(text);
    if (bytes === undefined) {
        if (longSizes.size >= 64) longSizes.clear();
        longSizes.set(text, (bytes = utf8Length(text)));
    }
    return bytes;
}

/** Appends guest output to the VM's console, dropping its front once it holds twice the limit. */
export function appendConsole(vm: VmState, text: string): void {
    vm.console += text;
    vm.consoleBytes += writtenLength(text);
    if (vm.consoleBytes > 2 * MAX_CONSOLE_BYTES) {
        const cut = cutKeeping(vm.console, vm.consoleBytes, MAX_CONSOLE_BYTES);
        vm.console = vm.console.slice(cut.index);
        vm.consoleBytes -= cut.dropped;
        vm.consoleDropped += cut.dropped;
    }
}

/** The console a result reports: its last MAX_CONSOLE_BYTES, and the bytes dropped before them. */
export function keptConsole(vm: VmState): { text: string; dropped: number } {
    if (vm.consoleBytes <= MAX_CONSOLE_BYTES) return { text: vm.console, dropped: vm.consoleDropped };
    const cut = cutKeeping(vm.console, vm.consoleBytes, MAX_CONSOLE_BYTES);
    return { text: vm.console.slice(cut.index), dropped: vm.consoleDropped + cut.dropped };
}

/** Bytes the VM has written to its console in all (kept and dropped): only ever grows. */
export function consoleWritten(vm: VmState): number {
    return vm.consoleBytes + vm.consoleDropped;
}
