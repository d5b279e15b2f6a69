// Launches Debian's Chromium (/usr/bin/chromium) through playwright-core for browser tests:
// never a downloaded browser, a fresh profile per launch, the flags of DESIGN.md. CI installs
// the browser (`apt-get install -y chromium` in .ci/run); a missing browser fails the test
// with that instruction rather than skipping it.
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { chromium, type BrowserContext, type Page } from 'playwright-core';

export const CHROMIUM_PATH = process.env.VMDEF_CHROMIUM ?? '/usr/bin/chromium';

/** DESIGN.md "Dependencies": no GPU, no network chatter of the browser's own, no first-run UI. */
export const CHROMIUM_ARGS = [
    '--headless',
    '--no-sandbox',
    '--disable-gpu',
    '--disable-quic',
    '--no-first-run',
    '--disable-background-networking',
    '--disable-component-update',
    '--disable-sync',
    '--disable-dev-shm-usage',
];

export interface ChromiumSession {
    context: BrowserContext;
    page: Page;
    /** Closes the browser and deletes its profile directory. */
    close(): Promise<void>;
}

export async function launchChromium(options: { viewport?: { width: number; height: number } } = {}): Promise<ChromiumSession> {
    if (!fs.existsSync(CHROMIUM_PATH)) {
        throw new Error(`${CHROMIUM_PATH} not found: install it with \`apt-get update && apt-get install -y chromium\` (browser tests never download one)`);
    }
    const profile = fs.mkdtempSync(path.join(os.tmpdir(), 'vmdef-chromium-'));
    let context: BrowserContext;
    try {
        // A persistent context is how playwright takes an explicit --user-data-dir.
        context = await chromium.launchPersistentContext(profile, {
            executablePath: CHROMIUM_PATH,
            headless: true,
            args: CHROMIUM_ARGS,
            viewport: options.viewport ?? { width: 1280, height: 900 },
            timeout: 60_000,
        });
    } catch (e) {
        fs.rmSync(profile, { recursive: true, force: true });
        throw e;
    }
    const page = context.pages()[0] ?? (await context.newPage());
    return {
        context,
        page,
        async close() {
            await context.close();
            fs.rmSync(profile, { recursive: true, force: true });
        },
    };
}
