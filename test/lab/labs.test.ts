// Every lab of examples/labs: a README in English and Korean, a start whose expectations fail —
// exactly those its READMEs list under "What fails at the start" — and a solution that passes.
// Nothing is left not evaluated (`expect faithful` is decided by comparing with native).
import * as fs from 'node:fs';
import * as path from 'node:path';
import { describe, expect, it } from 'vitest';
import { checkDefinition } from '../../language/check-definition.js';
import { expectationsOf } from '../../lab/expectations.js';
import { runExpectations } from '../../lab/run-expectations.js';
import type { Outcome } from '../../lab/evaluate.js';

const LABS = path.resolve(import.meta.dirname, '../../examples/labs');
const labs = fs.readdirSync(LABS, { withFileTypes: true }).filter((e) => e.isDirectory()).map((e) => e.name).sort();

async function outcomesOf(file: string): Promise<Outcome[]> {
    const check = await checkDefinition([{ path: file, text: fs.readFileSync(file, 'utf8') }]);
    expect(check.diagnostics.filter((d) => d.severity === 'error'), file).toEqual([]);
    const expectations = expectationsOf(check.workspace.documents[0]);
    expect(expectations.length, file).toBeGreaterThan(0);
    return runExpectations(check.workspace, expectations, { engine: 'fast' });
}

/** The `- `vm`: `expect …`` lines of a README's section on what fails at the start. */
function listedFailures(readme: string, heading: string): string[] {
    const text = fs.readFileSync(readme, 'utf8');
    const start = text.indexOf(`## ${heading}\n`);
    expect(start, `${readme} has a section '## ${heading}'`).toBeGreaterThan(0);
    const section = text.slice(start, text.indexOf('\n## ', start + 3));
    return [...section.matchAll(/^- `(\w+)`: `expect (.+)`$/gm)].map((m) => `${m[1]}: ${m[2]}`).sort();
}

const named = (o: Outcome) => `${o.expectation.vm}: ${o.expectation.text}`;

describe('the labs', () => {
    it('there are at least four', () => {
        expect(labs.length).toBeGreaterThanOrEqual(4);
    });

    describe.each(labs)('%s', (lab) => {
        const dir = path.join(LABS, lab);

        it('has a README in English and Korean, a start and a solution', () => {
            for (const file of ['README.md', 'README.ko.md', 'start.vmdef', 'solution/solution.vmdef']) {
                expect(fs.existsSync(path.join(dir, file)), file).toBe(true);
            }
        });

        it('its start fails, for the reasons its READMEs give', async () => {
            const listed = listedFailures(path.join(dir, 'README.md'), 'What fails at the start');
            expect(listed.length).toBeGreaterThan(0);
            expect(listedFailures(path.join(dir, 'README.ko.md'), '처음에 실패하는 것')).toEqual(listed);
            const outcomes = await outcomesOf(path.join(dir, 'start.vmdef'));
            expect(outcomes.filter((o) => o.verdict === 'fail').map(named).sort()).toEqual([...listed].sort());
            for (const l of listed) expect(outcomes.map(named), l).toContain(l);
        });

        it('its solution passes', async () => {
            const outcomes = await outcomesOf(path.join(dir, 'solution', 'solution.vmdef'));
            expect(outcomes.filter((o) => o.verdict === 'fail').map((o) => `${named(o)}: ${o.detail}`)).toEqual([]);
            expect(outcomes.filter((o) => o.verdict === 'not-evaluated').map(named)).toEqual([]);
        });
    });
});
