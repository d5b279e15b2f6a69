// The help texts of `vmdef`, in the current language (cli/messages.ts). `vmdef --help` and
// `vmdef COMMAND --help` print them on stdout and exit 0; a usage error prints the usage on stderr.
import { compareMessages } from './compare/messages.js';
import { cliMessages as m } from './messages.js';

/** The synopsis of every command. */
export function usageText(): string {
    return m.usage();
}

/** The help of a command, or of `vmdef` itself for ''. */
export function helpText(command: string): string {
    switch (command) {
        case 'check':
            return m.helpCheck();
        case 'run':
            return m.helpRun();
        case 'report':
            return m.helpReport();
        case 'test':
            return m.helpTest();
        case 'compare':
            return compareMessages.help();
        default:
            return m.help();
    }
}
