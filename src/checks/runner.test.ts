import { describe, expect, it } from 'vitest';
import { UsageError } from '../core/errors.js';
import { appliesTo, checkEvent, runCheck, selectChecks } from './runner.js';
import type { Check, CheckCategory, CheckContext, CheckTarget } from './types.js';

function fake(
  id: string,
  categories: CheckCategory[],
  run: Check['run'] = () => Promise.resolve({ status: 'ok', evidence: {}, findings: [] }),
): Check {
  return {
    id,
    title: { en: id, zh: `检查 ${id}` },
    categories,
    references: [],
    applies: { transport: 'tcp', ports: [21], services: ['ftp'], tls: id === 'tls' },
    run,
  };
}

const ALL = [
  fake('ftp-anon', ['safe', 'auth']),
  fake('ftp-banner', ['safe', 'discovery']),
  fake('smtp-open-relay', ['intrusive', 'vuln']),
  fake('brute', ['auth']),
  fake('tls', ['safe']),
];
const ids = (checks: readonly Check[]): string[] => checks.map((c) => c.id);

describe('selectChecks', () => {
  it('runs safe and discovery checks by default, never intrusive ones', () => {
    expect(ids(selectChecks(ALL, { checks: 'default', intrusive: true }))).toEqual(['ftp-anon', 'ftp-banner', 'tls']);
  });
  it('runs intrusive checks under "all" only when allowed', () => {
    expect(ids(selectChecks(ALL, { checks: 'all', intrusive: false }))).not.toContain('smtp-open-relay');
    expect(ids(selectChecks(ALL, { checks: 'all', intrusive: true }))).toContain('smtp-open-relay');
  });
  it('takes ids and categories, and refuses unknown names and intrusive ids without --intrusive', () => {
    expect(ids(selectChecks(ALL, { checks: ['auth', 'tls'], intrusive: false }))).toEqual(['ftp-anon', 'brute', 'tls']);
    expect(() => selectChecks(ALL, { checks: ['nope'], intrusive: false })).toThrow(UsageError);
    expect(() => selectChecks(ALL, { checks: ['smtp-open-relay'], intrusive: false })).toThrow(/--intrusive/);
    expect(ids(selectChecks(ALL, { checks: ['vuln'], intrusive: false }))).toEqual([]);
  });
});

describe('appliesTo', () => {
  const target = (port: number, service: string | null, tls = false): CheckTarget => ({
    host: '127.0.0.1',
    port,
    transport: 'tcp',
    service: service === null ? null : { service, tls, method: 'probe', confidence: 10 },
  });
  it('matches the port, the identified service, or TLS', () => {
    const [anon, , , , tls] = ALL as [Check, Check, Check, Check, Check];
    expect(appliesTo(anon, target(21, null))).toBe(true);
    expect(appliesTo(anon, target(2121, 'ftp'))).toBe(true);
    expect(appliesTo(anon, target(2121, 'http'))).toBe(false);
    expect(appliesTo(anon, { ...target(21, null), transport: 'udp' })).toBe(false);
    expect(appliesTo(tls, target(8443, 'http', true))).toBe(true);
    // A name guessed from the port number alone does not pull a check onto another port.
    expect(
      appliesTo(anon, {
        ...target(2121, null),
        service: { service: 'ftp', tls: false, method: 'port', confidence: 3 },
      }),
    ).toBe(false);
  });
});

describe('runCheck', () => {
  const ctx: CheckContext = {
    target: { host: '127.0.0.1', port: 21, transport: 'tcp', service: null },
    signal: new AbortController().signal,
    timeoutMs: 100,
    intrusive: false,
    args: {},
  };
  it('turns a thrown error into an error result', async () => {
    const broken = fake('broken', ['safe'], () => Promise.reject(new TypeError('boom')));
    expect(await runCheck(broken, ctx)).toEqual({ status: 'error', error: 'TypeError: boom' });
  });
  it('stops a check that never finishes at its deadline and aborts its signal', async () => {
    let seen: AbortSignal | undefined;
    const hung = fake('hung', ['safe'], (c) => {
      seen = c.signal;
      return new Promise(() => undefined);
    });
    const outcome = await runCheck(hung, ctx, 50);
    expect(outcome).toMatchObject({ status: 'error' });
    expect(seen?.aborted).toBe(true);
  });
  it('gives findings stable ids in the shared model', () => {
    const check = ALL[0] as Check;
    const event = checkEvent(
      check,
      ctx.target,
      {
        status: 'ok',
        evidence: { user: 'anonymous' },
        findings: [
          {
            key: '',
            severity: 'medium',
            title: { en: 't', zh: '标题' },
            detail: { en: 'd', zh: '详情' },
            action: 'harden',
            evidence: {},
          },
        ],
      },
      12.4,
    );
    expect(event).toMatchObject({ type: 'check', check: 'ftp-anon', status: 'ok', durationMs: 12 });
    expect(event.findings[0]?.id).toBe('ftp-anon:127.0.0.1:tcp/21');
    expect(event.findings[0]?.target).toEqual({ host: '127.0.0.1', transport: 'tcp', port: 21, address: null });
  });
});
