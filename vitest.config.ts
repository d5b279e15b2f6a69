import { defineConfig } from 'vitest/config';

/**
 * Files that change process-wide state on purpose and never undo it, so they get a fresh module
 * registry: stdlib-source hands the standard library over as texts (setStdlibSource, as the
 * browser playground does once at start), after which no other file would read it from disk.
 */
const ISOLATED = ['test/language/stdlib-source.test.ts'];

export default defineConfig({
    test: {
        globalSetup: ['test/global-setup.ts'],
        testTimeout: 60_000,
        hookTimeout: 120_000,
        // Two cores: run files in parallel, but not more processes than cores (shared by both projects).
        maxWorkers: 2,
        projects: [
            {
                // Every other file shares its worker's module registry with the files run before it:
                // Langium, the grammar and the simulator are imported once per worker, not once per
                // file (that import was a quarter of the suite's time). A file must leave no state
                // behind that changes another's outcome (a locale it set is set back, a spy restored).
                extends: true,
                test: {
                    name: 'shared',
                    include: ['test/**/*.test.ts'],
                    exclude: ['test/e2e/**', 'node_modules/**', ...ISOLATED],
                    isolate: false,
                },
            },
            {
                extends: true,
                test: { name: 'isolated', include: ISOLATED, isolate: true },
            },
        ],
    },
});
