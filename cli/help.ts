// The help texts of `vmdef` (user-facing strings in one place). `vmdef --help` and
// `vmdef COMMAND --help` print them on stdout and exit 0; a usage error prints USAGE on stderr.
export const USAGE = `usage: vmdef check [--format text|json] FILE...
       vmdef run [--json] [--trace] [--max-cycles N] [--cost-preset NAME] [--engine fast|exact] FILE...
       vmdef report [-o FILE.html] [--theme auto|light|dark] [--max-cycles N] [--cost-preset NAME] [--engine fast|exact] FILE...
       vmdef COMMAND --help`;

const FILES = `FILE... are .vmdef files or directories (a directory stands for every .vmdef file below it),
checked together as one workspace; a file named twice is read once.`;

const SIMULATION = `  --max-cycles N        stop VMs still running after N host cycles (status limit; default 10^9)
  --cost-preset NAME    cost preset of hypervisors that name none (modern, p4_2006)
  --engine fast|exact   the translating engine (default) or the reference interpreter: same results`;

const EXIT = `Exit codes: 0 done, 1 the definition has errors, 2 bad usage or unusable input, 3 internal error.`;

export const HELP: Record<string, string> = {
    '': `vmdef — check, simulate and report on .vmdef hypervisor definitions.

${USAGE}

Commands:
  check    print the diagnostics of the files (file:line:column: severity code: message)
  run      simulate every VM: console output, then a summary per VM
  report   simulate and write one self-contained HTML report

${FILES}
${EXIT}
`,
    check: `usage: vmdef check [--format text|json] FILE...

Prints every diagnostic of the files, then one summary line (files, errors, warnings).
  --format text|json    text (default) or a JSON array of diagnostics only (--json is the same)

${FILES}
Exit codes: 0 no errors, 1 errors, 2 bad usage or unusable input, 3 internal error.
`,
    run: `usage: vmdef run [--json] [--trace] [--max-cycles N] [--cost-preset NAME] [--engine fast|exact] FILE...

Simulates every VM of the files: the guests' console output as it is written (prefixed \`vm| \`
when there are several VMs), then a table per VM. A file with errors prints its diagnostics.
  --json                one JSON object with the whole result instead
  --trace               every layer transition, with its cycle time
${SIMULATION}

${FILES}
${EXIT}
`,
    report: `usage: vmdef report [-o FILE.html] [--theme auto|light|dark] [--max-cycles N] [--cost-preset NAME] [--engine fast|exact] FILE...

Simulates the files and writes one self-contained HTML report; prints the path it wrote.
  -o, --output FILE     where to write (default: next to the first input, its name with .html);
                        never one of the inputs
  --theme auto|light|dark   colours (auto follows the viewer's preference)
${SIMULATION}

${FILES}
${EXIT}
`,
};
