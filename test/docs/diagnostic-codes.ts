// Collects every diagnostic code the language (language/) and the server (server/) can
// produce, by reading their TypeScript syntax trees. Codes appear in several forms, all found:
//   accept('error', msg, { node, code: 'unknown-cost' })          a `code` property
//   { code: CODE }, { code }                                       … through a constant
//   diagnostics[i].code = isLabel ? 'undefined-label' : 'x'       an assignment to `.code`
//   add(range, DiagnosticSeverity.Error, 'guest-fault', msg)      the string after a severity
// A value is followed through ternaries, `??` / `||`, parentheses, `as` / `satisfies`, and
// constants (`const X = 'a'`, `const CODES = { a: 'b' }` with `CODES.a`) declared in any of
// the scanned files. Only kebab-case strings count as codes.
import * as fs from 'node:fs';
import * as path from 'node:path';
import ts from 'typescript';
import { ROOT } from './markdown.js';

const SOURCE_DIRS = ['language', 'server'];
const CODE = /^[a-z][a-z0-9]*(?:-[a-z0-9]+)*$/;

function sourceFiles(dir: string): string[] {
    const result: string[] = [];
    for (const entry of fs.readdirSync(dir, { withFileTypes: true })) {
        const full = path.join(dir, entry.name);
        if (entry.isDirectory()) {
            if (entry.name !== 'generated') result.push(...sourceFiles(full));
        } else if (entry.name.endsWith('.ts') && !entry.name.endsWith('.d.ts')) {
            result.push(full);
        }
    }
    return result;
}

/** Where each code is produced: code → files (relative to the project root). */
export function collectDiagnosticCodes(): Map<string, Set<string>> {
    const files = SOURCE_DIRS.flatMap((d) => sourceFiles(path.join(ROOT, d)));
    return codesIn(files.map((file) => ({ file, text: fs.readFileSync(file, 'utf8') })));
}

/** The codes produced by these sources (file paths absolute or relative to the root). */
export function codesIn(sources: { file: string; text: string }[]): Map<string, Set<string>> {
    const parsed = sources.map(({ file, text }) => ts.createSourceFile(path.resolve(ROOT, file), text, ts.ScriptTarget.Latest, true));
    const constants = new Map<string, ts.Expression[]>();
    for (const source of parsed) {
        visit(source, (node) => {
            if (ts.isVariableDeclaration(node) && ts.isIdentifier(node.name) && node.initializer) {
                const list = constants.get(node.name.text) ?? [];
                list.push(node.initializer);
                constants.set(node.name.text, list);
            }
        });
    }
    const literals = (expr: ts.Expression | undefined, depth = 0): string[] => {
        if (!expr || depth > 8) return [];
        if (ts.isStringLiteral(expr) || ts.isNoSubstitutionTemplateLiteral(expr)) return [expr.text];
        if (ts.isParenthesizedExpression(expr) || ts.isAsExpression(expr) || ts.isSatisfiesExpression(expr) || ts.isNonNullExpression(expr)) {
            return literals(expr.expression, depth + 1);
        }
        if (ts.isConditionalExpression(expr)) return [...literals(expr.whenTrue, depth + 1), ...literals(expr.whenFalse, depth + 1)];
        if (ts.isBinaryExpression(expr) && (expr.operatorToken.kind === ts.SyntaxKind.QuestionQuestionToken || expr.operatorToken.kind === ts.SyntaxKind.BarBarToken)) {
            return [...literals(expr.left, depth + 1), ...literals(expr.right, depth + 1)];
        }
        if (ts.isIdentifier(expr)) return (constants.get(expr.text) ?? []).flatMap((init) => literals(init, depth + 1));
        if (ts.isPropertyAccessExpression(expr) && ts.isIdentifier(expr.expression)) {
            return (constants.get(expr.expression.text) ?? []).flatMap((init) => {
                const object = unwrap(init);
                if (!object || !ts.isObjectLiteralExpression(object)) return [];
                return object.properties.flatMap((p) => (ts.isPropertyAssignment(p) && p.name.getText() === expr.name.text ? literals(p.initializer, depth + 1) : []));
            });
        }
        return [];
    };

    const found = new Map<string, Set<string>>();
    const add = (values: string[], source: ts.SourceFile) => {
        for (const value of values) {
            if (!CODE.test(value)) continue;
            const set = found.get(value) ?? new Set<string>();
            set.add(path.relative(ROOT, source.fileName));
            found.set(value, set);
        }
    };
    for (const source of parsed) {
        visit(source, (node) => {
            if (ts.isPropertyAssignment(node) && propertyName(node.name) === 'code') add(literals(node.initializer), source);
            else if (ts.isShorthandPropertyAssignment(node) && node.name.text === 'code') add(literals(node.name), source);
            else if (ts.isBinaryExpression(node) && node.operatorToken.kind === ts.SyntaxKind.EqualsToken
                && ts.isPropertyAccessExpression(node.left) && node.left.name.text === 'code') add(literals(node.right), source);
            else if (ts.isCallExpression(node)) {
                node.arguments.forEach((arg, i) => {
                    if (isSeverity(arg)) add(literals(node.arguments[i + 1]), source);
                });
            }
        });
    }
    return found;
}

function visit(node: ts.Node, f: (node: ts.Node) => void): void {
    f(node);
    ts.forEachChild(node, (child) => visit(child, f));
}

function unwrap(expr: ts.Expression): ts.Expression | undefined {
    let e: ts.Expression = expr;
    while (ts.isAsExpression(e) || ts.isSatisfiesExpression(e) || ts.isParenthesizedExpression(e)) e = e.expression;
    return e;
}

function propertyName(name: ts.PropertyName): string | undefined {
    return ts.isIdentifier(name) || ts.isStringLiteral(name) ? name.text : undefined;
}

/** `DiagnosticSeverity.Error` and friends: the next argument of the call is a code. */
function isSeverity(arg: ts.Expression): boolean {
    return ts.isPropertyAccessExpression(arg) && ts.isIdentifier(arg.expression) && arg.expression.text === 'DiagnosticSeverity';
}
