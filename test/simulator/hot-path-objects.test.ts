// The objects the simulator touches per VM exit stay in V8's fast mode (issue 9: a count table
// made with `Object.create(null)` is a dictionary, a hash lookup per exit that cost the
// trap-heavy bench a third of its speed). Checked with V8's own %HasFastProperties.
import { setFlagsFromString } from 'node:v8';
import { describe, expect, it } from 'vitest';
import { addCount, copyCounts, newCounts } from '../../simulator/counts.js';

setFlagsFromString('--allow-natives-syntax');
const hasFastProperties = new Function('o', 'return %HasFastProperties(o)') as (o: object) => boolean;

describe('count tables', () => {
    it('stay fast-mode objects that inherit nothing, whatever the names', () => {
        const counts = newCounts();
        for (const name of ['IO_INSTRUCTION', 'HLT', 'constructor', '__proto__', 'toString']) addCount(counts, name);
        addCount(counts, '__proto__', 2);
        expect(hasFastProperties(counts)).toBe(true);
        expect(JSON.stringify(counts)).toBe('{"IO_INSTRUCTION":1,"HLT":1,"constructor":1,"__proto__":3,"toString":1}');
        expect(counts.hasOwnProperty).toBeUndefined();
        const copy = copyCounts(counts);
        expect(hasFastProperties(copy)).toBe(true);
        expect(Object.entries(copy)).toEqual(Object.entries(counts));
        expect(newCounts().valueOf).toBeUndefined();
    });
});
