import { defineConfig } from 'vitest/config';

export default defineConfig({
    test: {
        include: ['test/**/*.test.ts'],
        globalSetup: ['test/global-setup.ts'],
        exclude: ['test/e2e/**', 'node_modules/**'],
        testTimeout: 60_000,
        hookTimeout: 120_000,
        // Two cores: run files in parallel, but not more processes than cores.
        maxWorkers: 2,
    },
});
