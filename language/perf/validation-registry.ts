// Dispatching validation checks. For every AST node (≈ 100,000 at 10,000 VMs, re-validated on
// each edit) Langium builds a chain of four streams to find the checks of the node's type —
// even for the many node types that have none — and runs every check through two nested async
// wrappers (two promises per check and node). Here the checks per type and categories are
// computed once (the registry only grows), and a check that returns without a promise and
// without throwing is not wrapped in promises at all. Errors are reported exactly as Langium
// reports them (its own handler is called with the error).
import { isOperationCancelled, stream, ValidationRegistry, type LangiumCoreServices, type Stream, type ValidationCategory, type ValidationCheck } from 'langium';

type Entry = Parameters<ValidationRegistry['addEntry']>[1];

export class VmdefValidationRegistry extends ValidationRegistry {
    private readonly checksByKey = new Map<string, Stream<ValidationCheck>>();

    constructor(services: LangiumCoreServices) {
        super(services);
    }

    private readonly arraysByKey = new Map<string, readonly ValidationCheck[]>();

    override getChecks(type: string, categories?: ValidationCategory[]): Stream<ValidationCheck> {
        const key = categories ? `${type}\0${categories.join('\0')}` : type;
        let checks = this.checksByKey.get(key);
        if (!checks) {
            // A stream over an array can be iterated again and again.
            checks = stream(this.checksFor(type, categories));
            this.checksByKey.set(key, checks);
        }
        return checks;
    }

    /** The same checks as `getChecks`, as an array (no stream iterator per node). */
    checksFor(type: string, categories?: ValidationCategory[]): readonly ValidationCheck[] {
        const key = categories ? `${type}\0${categories.join('\0')}` : type;
        let checks = this.arraysByKey.get(key);
        if (!checks) {
            checks = super.getChecks(type, categories).toArray();
            this.arraysByKey.set(key, checks);
        }
        return checks;
    }

    protected override addEntry(type: string, entry: Entry): void {
        this.checksByKey.clear();
        this.arraysByKey.clear();
        super.addEntry(type, entry);
    }

    protected override wrapValidationException(check: ValidationCheck, thisObj: unknown): ValidationCheck {
        // Langium's diagnostic for a check that threw, with a stable code like every other one.
        const report = (error: unknown, ...args: Parameters<ValidationCheck>) =>
            this.handleException(() => {
                throw error;
            }, 'An error occurred during validation', (severity, message, info) => args[1](severity, message, { ...info, code: 'validation-failed' }), args[0]);
        // Called for every check of every node: no closure over its arguments here (that would
        // allocate their context on every call); the rejection handler is made elsewhere, when needed.
        return (node, accept, cancelToken) => {
            try {
                const result = check.call(thisObj, node, accept, cancelToken) as unknown;
                if (result !== undefined && result instanceof Promise) return reportRejection(result, report, node, accept, cancelToken);
                return undefined;
            } catch (error) {
                if (isOperationCancelled(error)) throw error;
                return report(error, node, accept, cancelToken);
            }
        };
    }
}

/** A check's promise, its rejection reported as Langium reports it. */
function reportRejection(result: Promise<unknown>, report: (error: unknown, ...args: Parameters<ValidationCheck>) => unknown,
    ...args: Parameters<ValidationCheck>): Promise<void> {
    return result.catch((error) => report(error, ...args)) as Promise<void>;
}
