// The validator's checks of an `expect` line (docs/language.md, Lab expectations): a figure path
// the VM's results have (else `unknown-expect-path`, the closest paths suggested), a status
// there is, and `%` only on cycles, which it is a share of.
import type { ValidationAcceptor } from 'langium';
import type { Expect, Vm } from '../generated/ast.js';
import { devicesAssignedTo, type WorkspaceModel } from '../code-context.js';
import { systemOf } from '../systems.js';
import { closestPaths, figurePaths, takesPercent, type FigureScope } from '../../lab/figures.js';
import { labMessages as m } from '../../lab/messages.js';

/** The statuses a VM ends in (simulator/result.ts `VmStatus`). */
export const VM_STATUSES = ['halted', 'faulted', 'host-failed', 'limit'];

/** The devices and hypercalls a VM's results may name. */
export function figureScopeOf(vm: Vm, model: WorkspaceModel): FigureScope {
    return { devices: [...devicesAssignedTo(vm)], hypercalls: [...model.hypercallsIn(systemOf(vm)).keys()] };
}

export function checkExpect(expect: Expect, model: WorkspaceModel, accept: ValidationAcceptor): void {
    if (expect.status !== undefined && !VM_STATUSES.includes(expect.status)) {
        accept('error', m.unknownStatus(expect.status, VM_STATUSES.join(', ')), { node: expect, property: 'status', code: 'unknown-expect-status' });
    }
    const path = expect.figure;
    if (path === undefined) return;
    const paths = figurePaths(figureScopeOf(expect.$container, model));
    if (!paths.includes(path)) {
        accept('error', m.unknownPath(path, closestPaths(path, paths).join(', ')), { node: expect, property: 'figure', code: 'unknown-expect-path' });
    } else if (expect.percent && !takesPercent(path)) {
        accept('error', m.percentNotCycles(path), { node: expect, property: 'percent', code: 'expect-percent-not-cycles' });
    }
}
