// The annotations of example files (../shared/examples/README.md), shared by the checker's
// and the simulator's example runners:
//   // @expect CODE [CODE...]        a diagnostic with each code starts on this line
//   // @console VM: TEXT             what the VM prints (`\n`, `\t`, `\\`, `\"` escapes); several lines concatenate
//   // @status VM: STATUS            the VM's final status (halted, faulted, host-failed, limit)
//   // @compare A OP B               OP one of < <= > >= == !=; A and B name HYPERVISOR.VM.json.path or a number
import * as fs from 'node:fs';
import * as path from 'node:path';

export interface ExpectAnnotation {
    /** 1-based line of the annotation (the line the diagnostic must start on). */
    line: number;
    code: string;
}

export interface ConsoleAnnotation {
    line: number;
    vm: string;
    text: string;
}

export interface StatusAnnotation {
    line: number;
    vm: string;
    status: string;
}

export type CompareOp = '<' | '<=' | '>' | '>=' | '==' | '!=';

export interface CompareAnnotation {
    line: number;
    left: string;
    op: CompareOp;
    right: string;
}

export interface Annotations {
    expects: ExpectAnnotation[];
    /** One entry per VM, its `@console` lines concatenated in file order. */
    consoles: ConsoleAnnotation[];
    statuses: StatusAnnotation[];
    compares: CompareAnnotation[];
}

const EXPECT = /\/\/\s*@expect\s+([a-z0-9-]+(?:[\s,]+[a-z0-9-]+)*)/;
const CONSOLE = /\/\/\s*@console\s+([A-Za-z_]\w*)\s*:\s?(.*)$/;
// `@status VM: STATUS` (project examples), `@status VM STATUS` (a native VM) and
// `@status HYPERVISOR.VM STATUS` (part two's examples).
const STATUS = /\/\/\s*@status\s+((?:[A-Za-z_]\w*\.)?[A-Za-z_]\w*)\s*:?\s+([\w-]+)/;
const COMPARE = /\/\/\s*@compare\s+(\S+)\s*(<=|>=|==|!=|<|>)\s*(\S+)/;

export function unescapeText(text: string): string {
    return text.replace(/\\(n|t|\\|")/g, (_, c: string) => (c === 'n' ? '\n' : c === 't' ? '\t' : c));
}

/** Reads every annotation of a file's text. */
export function parseAnnotations(text: string): Annotations {
    const result: Annotations = { expects: [], consoles: [], statuses: [], compares: [] };
    const consoles = new Map<string, ConsoleAnnotation>();
    text.split(/\r?\n/).forEach((source, i) => {
        const line = i + 1;
        let m = EXPECT.exec(source);
        if (m) for (const code of m[1].split(/[\s,]+/).filter(Boolean)) result.expects.push({ line, code });
        m = CONSOLE.exec(source);
        if (m) {
            const existing = consoles.get(m[1]);
            const text = unescapeText(m[2].trimEnd());
            if (existing) existing.text += text;
            else {
                const entry = { line, vm: m[1], text };
                consoles.set(m[1], entry);
                result.consoles.push(entry);
            }
        }
        m = STATUS.exec(source);
        if (m) result.statuses.push({ line, vm: m[1], status: m[2] });
        m = COMPARE.exec(source);
        if (m) result.compares.push({ line, left: m[1], op: m[2] as CompareOp, right: m[3] });
    });
    return result;
}

export function readAnnotations(file: string): Annotations {
    return parseAnnotations(fs.readFileSync(file, 'utf8'));
}

/** Evaluates `left OP right` on numbers. */
export function compare(left: number, op: CompareOp, right: number): boolean {
    switch (op) {
        case '<': return left < right;
        case '<=': return left <= right;
        case '>': return left > right;
        case '>=': return left >= right;
        case '==': return left === right;
        case '!=': return left !== right;
    }
}

/** The project root (holds package.json), from this file. */
export const PROJECT_ROOT = path.resolve(__dirname, '../..');

/** `../shared/examples`: the `shared` folder beside the project, when it exists. */
export function sharedExamplesDir(): string | undefined {
    const dir = path.resolve(PROJECT_ROOT, '..', 'shared', 'examples');
    return fs.existsSync(dir) ? dir : undefined;
}

/**
 * The part-two examples (`../shared/examples-part2`) whose sections are built: each is checked
 * exactly like `../shared/examples`. Add a file's name here when its section lands.
 */
export const PART_TWO_BUILT: readonly string[] = ['devices.vmdef', 'paging.vmdef', 'timer.vmdef'];

/** The built part-two examples that exist beside the project. */
export function sharedPartTwoExamples(): string[] {
    const dir = path.resolve(PROJECT_ROOT, '..', 'shared', 'examples-part2');
    return PART_TWO_BUILT.map((name) => path.join(dir, name)).filter((file) => fs.existsSync(file));
}

/** Every `.vmdef` file below `dir`, sorted. */
export function vmdefFilesUnder(dir: string): string[] {
    if (!fs.existsSync(dir)) return [];
    const found: string[] = [];
    for (const entry of fs.readdirSync(dir, { withFileTypes: true }).sort((a, b) => a.name.localeCompare(b.name))) {
        const full = path.join(dir, entry.name);
        if (entry.isDirectory()) found.push(...vmdefFilesUnder(full));
        else if (entry.isFile() && entry.name.endsWith('.vmdef')) found.push(full);
    }
    return found;
}

/**
 * Codes part two of the contract added for constructs part one already had (`passthrough`
 * without `extensions vtd` is now an error: its DMA could reach any memory). The part-one
 * examples predate them: there such a diagnostic is allowed, not required — the examples'
 * README asks only that each annotated code be reported. Everywhere else they must be annotated.
 */
export const PART_TWO_CODES_IN_PART_ONE: ReadonlySet<string> = new Set(['passthrough-without-iommu']);
