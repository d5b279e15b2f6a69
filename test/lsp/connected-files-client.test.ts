// The extension's side of `vmdef/connectedFiles` (extension/connected-files.ts): whatever the
// language server does — answers, fails, never answers, answers nonsense, is not there — Run
// File, the report and F5 get a list that starts with the file, within the timeout.
import { describe, expect, it } from 'vitest';
import type { CancellationToken } from 'vscode-jsonrpc';
import { CONNECTED_FILES_REQUEST, requestConnectedFiles, type RequestSender } from '../../extension/connected-files.js';

const FILE = '/ws/guest.vmdef';
const URI = 'file:///ws/guest.vmdef';

/** A sender that answers with `answer(token)` and remembers what it was asked. */
function sender(answer: (token: CancellationToken | undefined) => Promise<unknown>) {
    const asked: { method: string; params: unknown; token?: CancellationToken }[] = [];
    const client: RequestSender = {
        sendRequest: <R>(method: string, params: unknown, token?: CancellationToken) => {
            asked.push({ method, params, token });
            return answer(token) as Promise<R>;
        },
    };
    return { client, asked };
}

describe('requestConnectedFiles', () => {
    it('asks vmdef/connectedFiles with the uri and passes the answer on, the file first and each file once', async () => {
        const { client, asked } = sender(async () => ['/ws/host.vmdef', FILE, '/ws/host.vmdef', '/ws/programs.vmdef']);
        const result = await requestConnectedFiles(client, FILE, URI);
        expect(asked).toMatchObject([{ method: CONNECTED_FILES_REQUEST, params: { uri: URI } }]);
        expect(result).toEqual({ files: [FILE, '/ws/host.vmdef', '/ws/programs.vmdef'] });
    });

    it('no client: the file alone, with the reason', async () => {
        expect(await requestConnectedFiles(undefined, FILE, URI)).toEqual({ files: [FILE], fallback: 'the language server is not running' });
    });

    it('a failing request: the file alone, with the server\'s message', async () => {
        const { client } = sender(async () => {
            throw new Error('Client is not running');
        });
        expect(await requestConnectedFiles(client, FILE, URI)).toEqual({ files: [FILE], fallback: 'the language server could not answer (Client is not running)' });
    });

    it('a server that never answers: the file alone after the timeout, and the request is cancelled', async () => {
        const { client, asked } = sender(() => new Promise(() => undefined));
        const started = Date.now();
        const result = await requestConnectedFiles(client, FILE, URI, 100);
        expect(Date.now() - started).toBeGreaterThanOrEqual(95);
        expect(result).toEqual({ files: [FILE], fallback: 'the language server did not answer within 0.1 s' });
        expect(asked[0].token?.isCancellationRequested).toBe(true);
    });

    it('an answer that is no list of paths: the file alone', async () => {
        for (const answer of [null, { files: [FILE] }, [FILE, 3], ['']]) {
            const { client } = sender(async () => answer);
            expect(await requestConnectedFiles(client, FILE, URI)).toEqual({ files: [FILE], fallback: 'the language server gave no list of files' });
        }
    });
});
