// `events` in a browser bundle: @vscode/debugadapter's ProtocolServer extends Node's
// EventEmitter and uses `on` and `emit` only (its 'close' and 'error' events).
type Listener = (...args: unknown[]) => void;

export class EventEmitter {
    private readonly listeners = new Map<string | symbol, Listener[]>();

    on(event: string | symbol, listener: Listener): this {
        this.listeners.set(event, [...(this.listeners.get(event) ?? []), listener]);
        return this;
    }

    addListener(event: string | symbol, listener: Listener): this {
        return this.on(event, listener);
    }

    removeListener(event: string | symbol, listener: Listener): this {
        this.listeners.set(event, (this.listeners.get(event) ?? []).filter((l) => l !== listener));
        return this;
    }

    emit(event: string | symbol, ...args: unknown[]): boolean {
        const listeners = this.listeners.get(event) ?? [];
        for (const listener of listeners) listener(...args);
        return listeners.length > 0;
    }
}
