// The debugger's slices yield with `setImmediate` (debugger/slices.ts), which Node has and a
// browser worker (the playground's, VS Code for the Web's extension host) has not.
// A MessageChannel message is the browser's equivalent: it runs after
// pending messages (a pause request from the page) without setTimeout's 4 ms clamp.
type Callback = () => void;

if (typeof (globalThis as { setImmediate?: unknown }).setImmediate !== 'function') {
    const queue: Callback[] = [];
    const channel = new MessageChannel();
    // (the DOM's MessagePort: this project's Node typings know only Node's)
    (channel.port1 as unknown as { onmessage: () => void }).onmessage = () => queue.shift()?.();
    (globalThis as unknown as { setImmediate: (callback: Callback) => void }).setImmediate = (callback: Callback) => {
        queue.push(callback);
        channel.port2.postMessage(undefined);
    };
}

/** Lets queued messages in (a new edit, a stop request) between chunks of a long run. */
export function yieldToEventLoop(): Promise<void> {
    return new Promise((resolve) => (globalThis as unknown as { setImmediate: (callback: Callback) => void }).setImmediate(resolve));
}
