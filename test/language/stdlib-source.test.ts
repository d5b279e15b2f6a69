// The standard library handed over as texts (setStdlibSource), as the browser playground does:
// a definition checks and runs against it, and its documents live in the folder given, so
// isStdlibUri knows them (the stdlib never shows diagnostics, the debugger can open it).
import * as fs from 'node:fs';
import * as path from 'node:path';
import { describe, expect, it } from 'vitest';
import { checkDefinition } from '../../language/check-definition.js';
import { isStdlibUri, setStdlibSource, stdlibDirectory, stdlibFiles } from '../../language/stdlib.js';
import { Simulation } from '../../simulator/engine.js';

const ROOT = path.resolve(import.meta.dirname, '../..');
const STDLIB = path.join(ROOT, 'language/stdlib');

describe('an injected standard library', () => {
    it('is what a workspace loads, under the folder it is said to be in', async () => {
        const texts = Object.fromEntries(fs.readdirSync(STDLIB).filter((f) => f.endsWith('.vmdef')).map((f) => [f, fs.readFileSync(path.join(STDLIB, f), 'utf8')]));
        setStdlibSource('/in-memory/stdlib', texts);
        expect(stdlibDirectory()).toBe('/in-memory/stdlib');
        expect(stdlibFiles()).toEqual(Object.keys(texts).sort().map((f) => `/in-memory/stdlib/${f}`));

        const text = fs.readFileSync(path.join(ROOT, 'examples/hello-type1.vmdef'), 'utf8');
        const check = await checkDefinition([{ path: '/playground/main.vmdef', text }]);
        expect(check.diagnostics).toEqual([]);
        expect(check.workspace.stdlib.map((d) => d.uri.path)).toEqual(stdlibFiles());
        expect(check.workspace.stdlib.every((d) => isStdlibUri(d.uri))).toBe(true);
        const sim = Simulation.create(check.workspace);
        sim.run();
        expect(sim.result().vms[0].console).toBe('3\n2\n1\nliftoff\n');
    });
});
