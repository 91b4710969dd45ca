/** Exit codes: 0 fine, 1 findings at or above --fail-on, 2 usage error, 3 internal error, 130 stopped by Ctrl-C. */
export const EXIT = { ok: 0, findings: 1, usage: 2, internal: 3, interrupted: 130 } as const;
