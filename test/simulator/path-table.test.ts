// The machine looks a sensitive instruction's path up in a table per host (HostCode.paths) rather
// than deriving it every trap: the table must say what instructionPath says, for every opcode,
// mode and host, in whatever order the instructions first run.
import { describe, expect, it } from 'vitest';
import { CLS_PRIVILEGED, CLS_REVEALING, CLS_SENSITIVE, OP } from '../../simulator/cpu/code.js';
import { instructionPath, newPathTable, PATH, pathNumber } from '../../simulator/machine/instruction-path.js';
import { PRIVILEGED, REVEALING, SENSITIVE_UNPRIVILEGED } from '../../language/isa.js';
import type { Technique } from '../../simulator/model.js';

const classOf = (name: string): number =>
    PRIVILEGED.has(name) ? CLS_PRIVILEGED : SENSITIVE_UNPRIVILEGED.has(name) ? CLS_SENSITIVE : REVEALING.has(name) ? CLS_REVEALING : 0;

describe('the per-host path table', () => {
    it('gives instructionPath\'s answer for every opcode, mode and host, asked twice in reverse order', () => {
        const hosts: { technique: Technique; nestedPaging: boolean }[] = [];
        for (const technique of ['full', 'para', 'binary', 'hardware', 'native'] as Technique[]) {
            for (const nestedPaging of [false, true]) hosts.push({ technique, nestedPaging });
        }
        const cases = Object.entries(OP).flatMap(([name, op]) =>
            [false, true].flatMap((user) => [false, true].map((above) => ({ cls: classOf(name), op, user, above }))));
        let hypervisor = 0;
        for (const host of hosts) {
            const table = newPathTable();
            for (const order of [cases, [...cases].reverse()]) {
                for (const c of order) {
                    const expected = instructionPath(c.cls, c.op, host, c.user, c.above);
                    expect(pathNumber(table, c.cls, c.op, host, c.user, c.above), `${host.technique} ${c.op} ${c.user} ${c.above}`).toBe(PATH[expected]);
                    if (expected === 'hypervisor') hypervisor++;
                }
            }
        }
        // the table is not trivially one path: traps, native runs and faults all occur
        expect(hypervisor).toBeGreaterThan(0);
        expect(new Set(Object.values(PATH)).size).toBe(Object.keys(PATH).length);
    });
});
