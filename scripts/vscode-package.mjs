// `npm run package`: the .vsix, with @vscode/vsce and no node_modules (everything the extension
// runs is bundled into out/). Checks what went in against what must and must not be there,
// then prints the size. Run after a production build (npm run package does both).
import { spawnSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as path from 'node:path';
import * as zlib from 'node:zlib';
import { fileURLToPath } from 'node:url';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const pkg = JSON.parse(fs.readFileSync(path.join(root, 'package.json'), 'utf8'));
const vsix = path.join(root, `${pkg.name}-${pkg.version}.vsix`);
const vsce = path.join(root, 'node_modules', '@vscode', 'vsce', 'vsce');

function fail(message) {
    process.stderr.write(`package: ${message}\n`);
    process.exit(1);
}

function vsceRun(args) {
    const result = spawnSync(process.execPath, [vsce, ...args], { cwd: root, encoding: 'utf8' });
    if (result.status !== 0) fail(`vsce ${args.join(' ')} failed:\n${result.stderr}${result.stdout}`);
    return result.stdout;
}

const files = vsceRun(['ls', '--no-dependencies']).split('\n').map((f) => f.trim()).filter(Boolean);
const required = [
    'package.json', 'README.md', 'CHANGELOG.md', 'LICENSE', 'language-configuration.json',
    'out/extension.cjs', 'out/server.js', 'syntaxes/vmdef.tmLanguage.json',
    // the command line: its launcher, its bundle and the bundle's code cache (cli/code-cache.ts;
    // a Node before 20.15, without zlib.crc32, builds none)
    'out/cli.js', 'out/cli-main.cjs', ...(typeof zlib.crc32 === 'function' ? ['out/cli-main.cjs.cache'] : []),
    // the standard library's parse snapshot the Node bundles read (language/stdlib-snapshot.ts)
    'out/stdlib-snapshot.json',
    // VS Code for the Web (package.json `browser`)
    'out/extension.browser.js', 'out/server.browser.js',
    'snippets/vmdef.code-snippets', 'images/icon.png',
    // Korean and English: the manifest's strings, the runtime strings, the walkthrough pages
    'package.nls.json', 'package.nls.ko.json', 'l10n/bundle.l10n.ko.json',
    ...pkg.contributes.walkthroughs.flatMap((w) => w.steps.flatMap((s) => [s.media.markdown, s.media.markdown.replace(/\.md$/, '.nls.ko.md')])),
];
const missing = required.filter((f) => !files.includes(f));
if (missing.length) fail(`missing from the package: ${missing.join(', ')} (run \`npm run build -- --production\` first)`);
if (!files.some((f) => /^language\/stdlib\/.+\.vmdef$/.test(f))) fail('the standard library (language/stdlib/*.vmdef) is missing');
if (!files.includes('examples/hello-type1.vmdef')) fail('the walkthrough example examples/hello-type1.vmdef is missing');
const forbidden = files.filter((f) => f.startsWith('node_modules/') || /\.(ts|map)$/.test(f) || f.startsWith('test/'));
if (forbidden.length) fail(`must not be packaged: ${forbidden.slice(0, 10).join(', ')}`);
const sourceMaps = files.filter((f) => f.startsWith('out/') && fs.readFileSync(path.join(root, f), 'utf8').includes('sourceMappingURL=data:'));
if (sourceMaps.length) fail(`inline source maps in ${sourceMaps.join(', ')}: build with --production`);

// No public repository yet: README's relative links (CHANGELOG.md) stay relative.
vsceRun(['package', '--no-dependencies', '--allow-missing-repository', '--no-rewrite-relative-links', '--out', vsix]);
const bytes = fs.statSync(vsix).size;
process.stdout.write(`${path.relative(root, vsix)}: ${(bytes / 1024 / 1024).toFixed(2)} MB (${bytes} bytes), ${files.length} files\n`);
for (const f of files) process.stdout.write(`  ${f}\n`);
