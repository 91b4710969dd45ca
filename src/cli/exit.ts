/** Exit codes: 0 fine, 1 findings at or above --fail-on, 2 usage error, 3 internal error. */
export const EXIT = { ok: 0, findings: 1, usage: 2, internal: 3 } as const;
