// Seeded random workspaces (test/fast/random-programs.ts, groups 0–11): both engines give the
// same console, status, exits, cycles by layer, instruction counts, timeline and final machine
// state, run to a cycle limit and in step budgets. (Two files: vitest runs them on both cores.)
import { differentialSuite } from './random-group.js';

differentialSuite(0, 12);
