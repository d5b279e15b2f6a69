// Hand-written SimulationResults (see fixtures/*.json): one Type 1 vs Type 2 run with CPU
// overcommit, and one per technique with a fault, a failed host and a hostile VM name.
import * as fs from 'node:fs';
import * as path from 'node:path';
import { fileURLToPath } from 'node:url';
import type { SimulationResult } from '../../simulator/result.js';

export const FIXTURES = path.join(path.dirname(fileURLToPath(import.meta.url)), 'fixtures');

export function loadFixture(name: 'type1-vs-type2' | 'techniques'): SimulationResult {
    return JSON.parse(fs.readFileSync(path.join(FIXTURES, `${name}.json`), 'utf8')) as SimulationResult;
}

/** The VM name of the techniques fixture that tries to inject markup. */
export const HOSTILE_VM = '<script>alert("x")</script>';
