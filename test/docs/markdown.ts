// Reading the project's markdown docs for the docs tests: fenced blocks, inline code, the
// tutorial's markers (`<!-- file: PATH -->`, `<!-- debug: PATH -->`) and the reference's
// diagnostic table.
import * as fs from 'node:fs';
import * as path from 'node:path';
import { fileURLToPath } from 'node:url';

export const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..', '..');

export function readDoc(relative: string): string {
    return fs.readFileSync(path.join(ROOT, relative), 'utf8');
}

export interface Fence {
    info: string;
    body: string;
    /** The last non-empty line before the fence (a marker comment, if any). */
    before: string;
}

/** Every fenced block (``` at the start of a line) in order. */
export function fences(text: string): Fence[] {
    const result: Fence[] = [];
    const lines = text.split('\n');
    for (let i = 0; i < lines.length; i++) {
        const open = /^```(.*)$/.exec(lines[i]);
        if (!open) continue;
        let j = i + 1;
        while (j < lines.length && lines[j] !== '```') j++;
        let k = i - 1;
        while (k >= 0 && lines[k].trim() === '') k--;
        result.push({ info: open[1].trim(), body: lines.slice(i + 1, j).map((l) => l + '\n').join(''), before: k >= 0 ? lines[k] : '' });
        i = j;
    }
    return result;
}

/** The text outside fenced blocks. */
export function prose(text: string): string {
    return text.replace(/^```[^\n]*\n[\s\S]*?^```$/gm, '');
}

/** The contents of inline code spans (`x`, ``x``) outside fenced blocks. */
export function inlineCode(text: string): string[] {
    return [...prose(text).matchAll(/(`+)([^`]+?)\1/g)].map((m) => m[2].trim());
}

/** `<!-- file: PATH -->` + a fenced block: PATH → the block's content. */
export function shownFiles(text: string): Map<string, string> {
    const files = new Map<string, string>();
    for (const fence of fences(text)) {
        const m = /^<!-- file: (\S+) -->$/.exec(fence.before.trim());
        if (m) files.set(m[1], fence.body);
    }
    return files;
}

export interface ShownCommand {
    command: string;
    output: string;
}

/** ```console blocks: `$ COMMAND` lines, each followed by its expected output. */
export function consoleBlocks(text: string): ShownCommand[][] {
    return fences(text).filter((f) => f.info === 'console').map((f) => {
        const commands: ShownCommand[] = [];
        for (const line of f.body.split('\n').slice(0, -1)) {
            if (line.startsWith('$ ')) commands.push({ command: line.slice(2), output: '' });
            else if (commands.length > 0) commands[commands.length - 1].output += line + '\n';
            else throw new Error(`console block starts without a command: ${line}`);
        }
        return commands;
    });
}

export interface DebugRow {
    action: string;
    description: string;
    /** Frame names, innermost first. */
    stack: string[];
}

/** `<!-- debug: PATH -->` + a table `| action | `stop description` | `frame` · `frame` |`. */
export function debugTables(text: string): { file: string; rows: DebugRow[] }[] {
    const tables: { file: string; rows: DebugRow[] }[] = [];
    for (const m of text.matchAll(/^<!-- debug: (\S+) -->\n((?:\|.*\n)+)/gm)) {
        const rows = m[2].trimEnd().split('\n').slice(2).map((line) => {
            const cells = line.split('|').slice(1, -1).map((c) => c.trim());
            const code = (cell: string) => [...cell.matchAll(/`([^`]+)`/g)].map((c) => c[1]);
            return { action: cells[0], description: code(cells[1])[0] ?? '', stack: code(cells[2]) };
        });
        tables.push({ file: m[1], rows });
    }
    return tables;
}

export interface DocumentedCode {
    code: string;
    severity: string;
}

/**
 * The rows of the reference's diagnostic tables: any table row whose first cell is one
 * backticked kebab-case code and whose second cell is a severity.
 */
export function documentedCodes(text: string): DocumentedCode[] {
    const rows: DocumentedCode[] = [];
    for (const m of prose(text).matchAll(/^\|\s*`([a-z][a-z0-9]*(?:-[a-z0-9]+)*)`\s*\|\s*(error|warning|information|hint)\s*\|/gm)) {
        rows.push({ code: m[1], severity: m[2] });
    }
    return rows;
}
