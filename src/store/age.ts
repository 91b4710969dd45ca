/** Ages and instants as users write them for `history --prune 30d` and `--since 7d`. */

const UNIT_MS: Readonly<Record<string, number>> = {
  s: 1000,
  m: 60_000,
  h: 3_600_000,
  d: 86_400_000,
  w: 7 * 86_400_000,
  y: 365 * 86_400_000,
};

/**
 * An age in milliseconds: a whole number and a unit, s m h d w y (minutes are m); undefined when malformed.
 * @example parseAge('30d') // 2_592_000_000
 */
export function parseAge(value: string): number | undefined {
  const m = /^(\d{1,6})\s*([smhdwy])$/i.exec(value.trim());
  if (m === null) return undefined;
  const unit = UNIT_MS[(m[2] as string).toLowerCase()] as number;
  return Number(m[1]) * unit;
}

/**
 * The instant an age or a date names: `7d` is seven days before `now`; `2026-01-31` or an ISO time is itself.
 * @example sinceInstant('12h', new Date('2026-01-02T00:00:00Z')).toISOString() // '2026-01-01T12:00:00.000Z'
 */
export function sinceInstant(value: string, now: Date): Date | undefined {
  const age = parseAge(value);
  if (age !== undefined) return new Date(now.getTime() - age);
  if (!/^\d{4}-\d{2}-\d{2}([T ][\d:.]+(Z|[+-]\d{2}:?\d{2})?)?$/.test(value.trim())) return undefined;
  const ms = Date.parse(value.trim());
  return Number.isNaN(ms) ? undefined : new Date(ms);
}
