// Gives every diagnostic Langium makes itself (lexing, parsing, linking) a stable code, as
// LANGUAGE.md §7 promises for all diagnostics: `syntax-error` (`nested-memory-operand` for
// `[[r2]]`), `undefined-label`, `unresolved-reference`. The messages of syntax errors are
// built in syntax/error-messages.ts; all of them are worded in syntax/messages.ts.
//
// It also walks the syntax tree for the checks without a promise per node (see validateAstNodes).
import {
    Cancellation, DefaultDocumentValidator, DocumentValidator, interruptAndCheck, isAstNode, isOperationCancelled, OperationCancelled,
    type AstReflection, type LangiumCoreServices, type LangiumDocument, type ReferenceInfo, type ValidationAcceptor, type ValidationCheck, type ValidationOptions,
} from 'langium';
import type { IToken } from 'chevrotain';
import type { Diagnostic, Range } from 'vscode-languageserver-types';
import type { AstNode, ParseResult } from 'langium';
import { isVm } from './generated/ast.js';
import { hardwareOfVm, hypervisorOfVm } from './resources.js';
import { VmdefValidationRegistry } from './perf/validation-registry.js';
import { capDiagnostics } from './diagnostic-cap.js';
import { MAX_SOURCE_CHARS } from './limits.js';
import { tooLargeLength } from './source-size.js';
import { referenceKinds, syntaxMessages as m } from './syntax/messages.js';
import { codeMessages } from './validation/messages.js';
import { unknownProfileMessage } from './profiles/checks.js';
import { LOCALES, withLocale } from '../l10n/locale.js';

/** Nodes validated between two chances for the server to answer other requests. */
const NODES_PER_YIELD = 256;

export class VmdefDocumentValidator extends DefaultDocumentValidator {
    private readonly reflection: AstReflection;
    private readonly indexManager: LangiumCoreServices['shared']['workspace']['IndexManager'];

    constructor(services: LangiumCoreServices) {
        super(services);
        this.reflection = services.shared.AstReflection;
        this.indexManager = services.shared.workspace.IndexManager;
    }

    /**
     * Langium's, with two changes: the checks' diagnostics are appended one by one (its
     * `push(...all)` overflows the stack past ~ 120,000, and the file then published nothing),
     * and a check that throws leaves an error diagnostic (`validation-failed`) instead of only a
     * log line, so a file whose checks failed can never pass as clean. The result is capped
     * (diagnostic-cap.ts).
     */
    override async validateDocument(document: LangiumDocument, options: ValidationOptions = {},
        cancelToken: Cancellation.CancellationToken = Cancellation.CancellationToken.None): Promise<Diagnostic[]> {
        const parseResult = document.parseResult;
        const diagnostics: Diagnostic[] = [];
        await interruptAndCheck(cancelToken);
        const tooLarge = tooLargeLength(parseResult);
        if (tooLarge !== undefined) return [fileTooLarge(tooLarge)];
        if (!options.categories || options.categories.includes('built-in')) {
            const stopsAt = (code: string) => diagnostics.some((d) => (d.data as { code?: string } | undefined)?.code === code);
            this.processLexingErrors(parseResult, diagnostics, options);
            if (options.stopAfterLexingErrors && stopsAt(DocumentValidator.LexingError)) return capDiagnostics(diagnostics);
            this.processParsingErrors(parseResult, diagnostics, options);
            if (options.stopAfterParsingErrors && stopsAt(DocumentValidator.ParsingError)) return capDiagnostics(diagnostics);
            this.processLinkingErrors(document, diagnostics, options);
            if (options.stopAfterLinkingErrors && stopsAt(DocumentValidator.LinkingError)) return capDiagnostics(diagnostics);
        }
        try {
            for (const diagnostic of await this.validateAst(parseResult.value, options, cancelToken)) diagnostics.push(diagnostic);
        } catch (err) {
            if (isOperationCancelled(err)) throw err;
            diagnostics.push(validationFailed(err));
        }
        await interruptAndCheck(cancelToken);
        return capDiagnostics(diagnostics);
    }

    /**
     * Langium's loop, for the ~ 100,000 nodes of 10,000 VMs (re-validated on every edit), awaits
     * `interruptAndCheck` for every node and every check's result, and walks the tree with a
     * stream per node. Here the tree is walked in the same order (pre-order, properties in
     * key order, as `streamAst`), with the same checks in the same order; cancellation is still
     * seen at every node, the event loop gets its turn every NODES_PER_YIELD nodes (when due,
     * as before), and only a check that returns a promise is awaited.
     */
    protected override async validateAstNodes(rootNode: AstNode, options: ValidationOptions, acceptor: ValidationAcceptor,
        cancelToken: Cancellation.CancellationToken = Cancellation.CancellationToken.None): Promise<void> {
        if (this.profiler?.isActive('validating')) return super.validateAstNodes(rootNode, options, acceptor, cancelToken);
        const registry = this.validationRegistry;
        // Per node type for this run: the registry's own cache keys by type and categories (a string per node).
        const checksByType = new Map<string, readonly ValidationCheck[]>();
        const checksOf = (type: string): readonly ValidationCheck[] => {
            let checks = checksByType.get(type);
            if (!checks) {
                checks = registry instanceof VmdefValidationRegistry ? registry.checksFor(type, options.categories) : registry.getChecks(type, options.categories).toArray();
                checksByType.set(type, checks);
            }
            return checks;
        };
        const stack: AstNode[] = [rootNode];
        let visited = 0;
        while (stack.length > 0) {
            const node = stack.pop()!;
            if (visited++ % NODES_PER_YIELD === 0) await interruptAndCheck(cancelToken);
            else if (cancelToken.isCancellationRequested) throw OperationCancelled;
            const nodeOptions = this.validateSingleNodeOptions(node, options);
            if (nodeOptions.validateNode) {
                const checks = checksOf(node.$type);
                for (let i = 0; i < checks.length; i++) {
                    const result = checks[i](node, acceptor, cancelToken) as unknown;
                    if (result !== undefined && result instanceof Promise) await result;
                }
            }
            if (nodeOptions.validateChildren) {
                // pushed in order, then reversed in place to be popped in order: no array per node
                // (emptying a scratch array frees its storage, and the next push allocates it again)
                const first = stack.length;
                contentsOf(node, stack);
                for (let i = first, j = stack.length - 1; i < j; i++, j--) {
                    const child = stack[i];
                    stack[i] = stack[j];
                    stack[j] = child;
                }
            }
        }
    }

    protected override processLexingErrors(parseResult: ParseResult, diagnostics: Diagnostic[], options: ValidationOptions): void {
        const start = diagnostics.length;
        super.processLexingErrors(parseResult, diagnostics, options);
        for (let i = start; i < diagnostics.length; i++) diagnostics[i].code = 'syntax-error';
    }

    protected override processParsingErrors(parseResult: ParseResult, diagnostics: Diagnostic[], options: ValidationOptions): void {
        const start = diagnostics.length;
        super.processParsingErrors(parseResult, diagnostics, options);
        // The base class adds one diagnostic per parser error, in order (none is skipped: every
        // token the parser reports has a position or a previous token).
        for (let i = start; i < diagnostics.length; i++) {
            const error = parseResult.parserErrors[i - start] as ParserError | undefined;
            diagnostics[i].code = isNestedMemoryOperand(diagnostics[i].message) ? 'nested-memory-operand' : 'syntax-error';
            // `mvo r1, r2`: the message is about `mvo` (read as a label lacking its colon), so is the range.
            if (error && isNotAnInstruction(error)) diagnostics[i].range = tokenRange(error.previousToken!);
        }
    }

    /** The profiles of the workspace (the standard library's and any user's), sorted. */
    private profileNames(): string[] {
        return [...new Set(this.indexManager.allElements('Profile').map((d) => d.name))].sort();
    }

    protected override processLinkingErrors(document: LangiumDocument, diagnostics: Diagnostic[], options: ValidationOptions): void {
        const start = diagnostics.length;
        super.processLinkingErrors(document, diagnostics, options);
        // (most documents have none: then no second pass over their references)
        if (diagnostics.length === start) return;
        // The base class adds one diagnostic per failed reference, in document.references order.
        const failed = document.references.filter((ref) => ref.error);
        for (let i = start; i < diagnostics.length; i++) {
            const data = diagnostics[i].data as { containerType?: string; property?: string; refText?: string } | undefined;
            const isLabel = data?.containerType === 'Jump';
            // `devices` / `passthrough` are scoped to the VM's hardware: a miss is an unknown device.
            const isDevice = data?.containerType === 'Vm' && (data.property === 'devices' || data.property === 'passthrough');
            const isProfile = data?.containerType === 'Hypervisor' && data.property === 'like';
            diagnostics[i].code = isLabel ? 'undefined-label' : isDevice ? 'unknown-device' : isProfile ? 'unknown-profile' : 'unresolved-reference';
            const info = failed[i - start]?.error?.info;
            if (isLabel) diagnostics[i].message = m.undefinedLabel(data?.refText ?? '');
            else if (isDevice) diagnostics[i].message = unknownDeviceMessage(data?.refText, info?.container);
            else if (isProfile) diagnostics[i].message = unknownProfileMessage(data?.refText ?? '', this.profileNames());
            // Langium's own text for a name that resolves to nothing (others, rarer, stay as Langium words them).
            else if (info && diagnostics[i].message.startsWith('Could not resolve reference')) diagnostics[i].message = unresolvedMessage(this.reflection, info, data?.refText ?? info.reference.$refText);
        }
    }
}

/** A check that threw: the file is not known to be valid, so it must not pass as such. */
function validationFailed(err: unknown): Diagnostic {
    if (process.env.VMDEF_DEBUG) console.error(err);
    const reason = err instanceof Error ? err.message : String(err);
    return {
        severity: 1, range: { start: { line: 0, character: 0 }, end: { line: 0, character: 0 } }, code: 'validation-failed',
        message: codeMessages.validationFailed(reason),
    };
}

/** A file not parsed (source-size.ts): the one thing to say about it, at 1:1. */
function fileTooLarge(length: number): Diagnostic {
    const n = (value: number) => value.toLocaleString('en-US');
    return {
        severity: 1, range: { start: { line: 0, character: 0 }, end: { line: 0, character: 0 } }, code: 'file-too-large',
        message: codeMessages.fileTooLarge(n(length), n(MAX_SOURCE_CHARS)),
    };
}

/** What Langium's ParseResult.parserErrors hold (Chevrotain's recognition exceptions). */
interface ParserError {
    name: string;
    message: string;
    token: IToken;
    previousToken?: IToken;
    context?: { ruleStack: string[] };
}

/** The `nested-memory-operand` message, in whichever language the document was parsed. */
function isNestedMemoryOperand(message: string): boolean {
    return LOCALES.some((locale) => withLocale(locale, m.nestedMemoryOperand) === message);
}

/** `mvo r1, r2`: a word read as a label lacking its colon (the parser's message says it is no instruction). */
function isNotAnInstruction(error: ParserError): boolean {
    const rule = error.context?.ruleStack.at(-1)?.replace(/\u200B/g, '');
    const previous = error.previousToken;
    return rule === 'Label' && error.name === 'MismatchedTokenException' && previous !== undefined
        && !Number.isNaN(previous.startOffset) && /^[A-Za-z_]\w*$/.test(previous.image);
}

function tokenRange(token: IToken): Range {
    return { start: { line: token.startLine! - 1, character: token.startColumn! - 1 }, end: { line: token.endLine! - 1, character: token.endColumn! } };
}

function unknownDeviceMessage(name: string | undefined, container: AstNode | undefined): string {
    const hardware = isVm(container) ? hardwareOfVm(container) : undefined;
    if (!hardware) return m.unknownDeviceNoHardware(name ?? '');
    // a native VM is on the hardware itself: it names it as what it runs on
    const on = (isVm(container) && hypervisorOfVm(container)?.name) || hardware.name;
    const devices = hardware.devices.map((d) => d.name).join(', ');
    return devices ? m.unknownDevice(name ?? '', hardware.name, on, devices) : m.unknownDeviceNone(name ?? '', hardware.name, on);
}

/** Langium's "Could not resolve reference to Hardware named 'x'.", in the current language. */
function unresolvedMessage(reflection: AstReflection, info: ReferenceInfo, name: string): string {
    const type = reflection.getReferenceType(info);
    const kind = Object.hasOwn(referenceKinds, type) ? referenceKinds[type as keyof typeof referenceKinds]() : type;
    return m.unresolvedReference(kind, name);
}

/**
 * The child nodes of `node` in `AstUtils.streamContents` order, into `into`. Called for every
 * node: `for...in` walks the keys from the object's shape (the order of `Object.keys`, whose
 * array of keys it does not allocate; a node is a plain object, nothing enumerable is
 * inherited), and the indexed loops allocate no iterators where the code is not optimized.
 */
function contentsOf(node: AstNode, into: AstNode[]): void {
    const record = node as unknown as Record<string, unknown>;
    for (const property in record) {
        if (property.charCodeAt(0) === 36 /* $ */) continue;
        const value = record[property];
        if (Array.isArray(value)) {
            for (let i = 0; i < value.length; i++) if (isAstNode(value[i])) into.push(value[i] as AstNode);
        } else if (isAstNode(value)) {
            into.push(value);
        }
    }
}
