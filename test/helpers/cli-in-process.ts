// Runs `vmdef ARGS...` inside the test's own process (cli/main.ts from source, what out/cli.js
// bundles): the same output and exit code as the spawned command, without starting Node and a
// cold language service for every call. For tests about what a command computes; tests about
// the shipped command itself (its environment, its locale, the bundle) spawn it (./cli.ts).
import { main } from '../../cli/main.js';
import { currentLocale, setLocale } from '../../l10n/locale.js';
import type { CliRun } from './cli.js';

type Write = typeof process.stdout.write;

/** `args` as the command line of `vmdef`, English (no locale from the environment); the locale is set back after. */
export async function vmdefInProcess(args: string[]): Promise<CliRun> {
    let stdout = '';
    let stderr = '';
    const writes = { out: process.stdout.write, err: process.stderr.write };
    const capture = (append: (s: string) => void): Write => ((chunk: string | Uint8Array, ...rest: unknown[]) => {
        append(typeof chunk === 'string' ? chunk : Buffer.from(chunk).toString('utf8'));
        const done = rest.find((r) => typeof r === 'function') as (() => void) | undefined;
        done?.();
        return true;
    }) as Write;
    const locale = currentLocale();
    process.stdout.write = capture((s) => (stdout += s));
    process.stderr.write = capture((s) => (stderr += s));
    try {
        const status = await main(args, {});
        return { status, stdout, stderr };
    } finally {
        process.stdout.write = writes.out;
        process.stderr.write = writes.err;
        setLocale(locale);
    }
}
