// The exit codes of `vmdef` (documented in the README): scripts and CI depend on them.
/** Done; for `check`, no errors. */
export const EXIT_OK = 0;
/** The definition has errors (diagnostics printed), or the simulator refused it. */
export const EXIT_ERRORS = 1;
/** Bad usage or unusable input: an unknown option, a missing or unreadable file, an output that would overwrite an input. */
export const EXIT_USAGE = 2;
/** A bug in vmdef: one line (the stack with VMDEF_DEBUG=1). */
export const EXIT_INTERNAL = 3;
