// The page's end of the worker's JSON-RPC connection (the messages vscode-languageserver's
// BrowserMessageReader/Writer exchange: plain objects posted to and from the worker). Requests
// get promises; notifications go to handlers by method; the server's own requests to the
// client (registerCapability, configuration) are answered with null, as a client that
// supports none of them does. The worker itself is started by web/worker-start.ts.

interface Message {
    jsonrpc: '2.0';
    id?: number | string;
    method?: string;
    params?: unknown;
    result?: unknown;
    error?: { code: number; message: string };
}

type NotificationHandler = (params: never) => void;

export class WorkerConnection {
    private readonly worker: Worker;
    private nextId = 1;
    private readonly pending = new Map<number, { resolve(value: unknown): void; reject(error: Error): void }>();
    private readonly handlers = new Map<string, NotificationHandler>();

    /** Talks to the worker worker-start.ts started; `onFailure` hears a worker that crashed. */
    constructor(onFailure: (message: string) => void) {
        this.worker = (window as unknown as { vmdefWorker: Worker }).vmdefWorker;
        this.worker.onmessage = (event: MessageEvent<Message>) => this.receive(event.data);
        this.worker.onerror = (event) => onFailure(event.message || 'worker error');
    }

    request<R>(method: string, params?: unknown): Promise<R> {
        const id = this.nextId++;
        return new Promise<R>((resolve, reject) => {
            this.pending.set(id, { resolve: resolve as (value: unknown) => void, reject });
            this.worker.postMessage({ jsonrpc: '2.0', id, method, params });
        });
    }

    notify(method: string, params?: unknown): void {
        this.worker.postMessage({ jsonrpc: '2.0', method, params });
    }

    onNotification<P>(method: string, handler: (params: P) => void): void {
        this.handlers.set(method, handler as NotificationHandler);
    }

    private receive(message: Message): void {
        if (message.method !== undefined && message.id !== undefined) {
            // a request from the server: nothing the playground supports, answered so it never waits
            const result = message.method === 'workspace/configuration' ? ((message.params as { items?: unknown[] })?.items ?? []).map(() => null) : null;
            this.worker.postMessage({ jsonrpc: '2.0', id: message.id, result });
        } else if (message.method !== undefined) {
            this.handlers.get(message.method)?.(message.params as never);
        } else if (typeof message.id === 'number') {
            const waiting = this.pending.get(message.id);
            this.pending.delete(message.id);
            if (message.error) waiting?.reject(new Error(message.error.message));
            else waiting?.resolve(message.result);
        }
    }
}
