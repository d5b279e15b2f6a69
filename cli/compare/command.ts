// `vmdef compare FILE... --vm NAME [--under …] [--json] [--strict-timing]` — LANGUAGE.md §13:
// the divergence debugger's command line over simulator/compare/.
import { closestWord } from '../../language/did-you-mean.js';
import { compareVm, TECHNIQUES, type CompareReport } from '../../simulator/compare/index.js';
import type { MonitorTechnique } from '../../simulator/model.js';
import { buildModel } from '../../simulator/model.js';
import { EXIT_ERRORS, EXIT_OK } from '../exit-codes.js';
import { InputError, runnableInputs } from '../inputs.js';
import { parseArgs, positiveInteger, type ValueParser } from '../options.js';
import { formatComparison } from './format.js';
import { compareMessages as m } from './messages.js';

const techniques: ValueParser<MonitorTechnique[]> = (text) => {
    const list = text.split(',').map((t) => t.trim()).filter((t) => t !== '');
    const wrong = list.find((t) => !(TECHNIQUES as readonly string[]).includes(t));
    if (wrong !== undefined || list.length === 0) throw new InputError(m.unknownTechnique(wrong ?? text));
    return [...new Set(list)] as MonitorTechnique[];
};

const SPEC = {
    '--vm': (text: string) => text,
    '--under': techniques,
    '--json': 'flag',
    '--strict-timing': 'flag',
    '--states': 'flag',
    '--max-instructions': positiveInteger,
    '--max-cycles': positiveInteger,
    '--cost-preset': (text: string) => text,
} as const;

export async function compareCommand(args: string[]): Promise<number> {
    const parsed = parseArgs(args, SPEC, 'compare');
    const vmName = parsed.values.get('vm') as string | undefined;
    if (vmName === undefined) throw new InputError(m.needsVm());
    const json = parsed.values.has('json');
    const inputs = await runnableInputs(parsed.files, json ? 'json' : 'text', 'compare');
    if (!inputs) return EXIT_ERRORS;
    const model = buildModel(inputs.workspace.documents, inputs.workspace.stdlib, parsed.values.get('cost-preset') as string | undefined);
    const report = compareVm(model, vmName, {
        under: parsed.values.get('under') as MonitorTechnique[] | undefined,
        strictTiming: parsed.values.has('strict-timing'),
        states: parsed.values.has('states'),
        maxInstructions: parsed.values.get('max-instructions') as number | undefined,
        maxCycles: parsed.values.get('max-cycles') as number | undefined,
    });
    if (!report) throw new InputError(unknownVm(vmName, model.vms.map((v) => v.name)));
    process.stdout.write(json ? JSON.stringify(report, null, 2) + '\n' : formatComparison(report, process.cwd()));
    return diverged(report) ? EXIT_ERRORS : EXIT_OK;
}

function diverged(report: CompareReport): boolean {
    return report.runs.some((r) => r.diverged);
}

function unknownVm(name: string, known: string[]): string {
    const closest = closestWord(name, known);
    return closest ? m.unknownVmDidYouMean(name, closest) : m.unknownVm(name, known.join(', ') || '—');
}
