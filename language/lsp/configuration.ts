// The `vmdef.*` settings, from whichever way a client sends them (docs/other-editors.md):
//   1. `initializationOptions` of `initialize`: `{ "vmdef": { "maxCycles": 1000000 } }` (or
//      `{ "vmdef.maxCycles": 1000000 }`) — the base every other source is laid over;
//   2. `workspace/configuration` (section `vmdef`), asked once at start when the client can answer;
//   3. `workspace/didChangeConfiguration` with a `settings` payload of the same shapes as 1; one
//      without a `vmdef` section (the "pull" style) makes the server ask again as in 2.
// A null or missing value never hides one from an earlier source.
//
// Langium registers for `didChangeConfiguration` without looking at the client's
// `dynamicRegistration` and without awaiting the answer: a client that refuses (Neovim 0.7
// does) left an unhandled rejection and the server exited (issue 10). It registers only when
// the client says it can, and a refusal is logged.
import { DefaultConfigurationProvider, type ConfigurationInitializedParams } from 'langium';
import type { ConfigurationItem, DidChangeConfigurationParams, InitializeParams } from 'vscode-languageserver-protocol';

export const SETTINGS_SECTION = 'vmdef';

type Settings = Record<string, unknown>;

export class VmdefConfigurationProvider extends DefaultConfigurationProvider {
    private canRegister = false;
    private base: Settings = {};
    private fetch: ((items: ConfigurationItem[]) => Promise<unknown[]>) | undefined;

    constructor(
        services: ConstructorParameters<typeof DefaultConfigurationProvider>[0],
        private readonly log: (message: string) => void = () => undefined,
    ) {
        super(services);
    }

    override initialize(params: InitializeParams): void {
        super.initialize(params);
        this.canRegister = params.capabilities.workspace?.didChangeConfiguration?.dynamicRegistration === true;
        this.base = sectionOf(params.initializationOptions) ?? {};
        this.settings[SETTINGS_SECTION] = { ...this.base };
    }

    override async initialized(params: ConfigurationInitializedParams): Promise<void> {
        const register = params.register;
        const fetch = params.fetchConfiguration;
        this.fetch = fetch && this.workspaceConfig ? (items) => fetch(items) : undefined;
        await super.initialized({
            ...params,
            register: register && this.canRegister
                ? (options) => void Promise.resolve(register(options)).catch((e: unknown) =>
                    this.log(`the client refused to send configuration changes (${(e as Error)?.message ?? e})`))
                : undefined,
            // A client that fails to answer leaves the settings of initializationOptions.
            fetchConfiguration: fetch && ((items) => fetch(items).catch((e: unknown) => {
                this.log(`workspace/configuration failed (${(e as Error)?.message ?? e})`);
                return items.map(() => undefined);
            })),
        });
    }

    override updateConfiguration(change: DidChangeConfigurationParams): void {
        const section = sectionOf(change?.settings);
        if (section) {
            this.updateSectionConfiguration(SETTINGS_SECTION, section);
            this.onConfigurationSectionUpdateEmitter.fire({ section: SETTINGS_SECTION, configuration: this.settings[SETTINGS_SECTION] });
        } else if (this.fetch) {
            void this.refetch();
        }
    }

    protected override updateSectionConfiguration(section: string, configuration: unknown): void {
        if (section !== SETTINGS_SECTION) return super.updateSectionConfiguration(section, configuration);
        this.settings[section] = { ...this.base, ...withoutNulls(isObject(configuration) ? configuration : {}) };
    }

    private async refetch(): Promise<void> {
        const [configuration] = await this.fetch!([{ section: SETTINGS_SECTION }]).catch(() => [undefined]);
        this.updateSectionConfiguration(SETTINGS_SECTION, configuration);
        this.onConfigurationSectionUpdateEmitter.fire({ section: SETTINGS_SECTION, configuration: this.settings[SETTINGS_SECTION] });
    }
}

/** The `vmdef` settings of a payload: `{ vmdef: { … } }` and/or `{ "vmdef.name": … }`. */
export function sectionOf(payload: unknown): Settings | undefined {
    if (!isObject(payload)) return undefined;
    const nested = payload[SETTINGS_SECTION];
    const prefix = `${SETTINGS_SECTION}.`;
    const dotted = Object.entries(payload).filter(([key]) => key.startsWith(prefix));
    if (!isObject(nested) && dotted.length === 0) return undefined;
    const result: Settings = Object.create(null);
    if (isObject(nested)) Object.assign(result, nested);
    for (const [key, value] of dotted) result[key.slice(prefix.length)] = value;
    return result;
}

function withoutNulls(settings: Settings): Settings {
    return Object.fromEntries(Object.entries(settings).filter(([, value]) => value !== null && value !== undefined));
}

function isObject(value: unknown): value is Settings {
    return typeof value === 'object' && value !== null && !Array.isArray(value);
}
