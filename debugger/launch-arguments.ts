// What a launch configuration of type `vmdef` may say (package.json's debuggers section lists
// the same attributes for VS Code's completion).
import type { DebugProtocol } from '@vscode/debugprotocol';

export interface VmdefLaunchArguments extends DebugProtocol.LaunchRequestArguments {
    /** The .vmdef file to simulate. */
    program: string;
    /** More .vmdef files loaded with `program` as one workspace (its hypervisor, hardware or programs may be there). */
    files?: string[];
    /** Stop at the first instruction of the first vCPU. */
    stopOnEntry?: boolean;
    /** Host cycles after which unfinished VMs stop with status `limit`. */
    maxCycles?: number;
    /** Cost preset of hypervisors that name none with `costs` (`modern`, `p4_2006`, or a user preset). */
    costPreset?: string;
    /** Print every layer change (enter/leave a syscall, handler, host driver, hardware command). */
    trace?: boolean;
    /** `native`: stop where a VM first diverges from its native run (LANGUAGE.md §13), with a Native scope. */
    compareWith?: string;
}
