// Entry point of the bundled `vmdef` command.
import { main } from './main.js';

main(process.argv.slice(2)).then(
    (code) => {
        process.exitCode = code;
    },
    (e) => {
        process.stderr.write(`vmdef: internal error: ${(e as Error)?.message ?? e}\n`);
        process.exitCode = 3;
    },
);
