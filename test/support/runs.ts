// Run records for store and renderer tests, built the way the pipeline builds them (runFromScan / runFromAudit).
import { randomUUID } from 'node:crypto';
import type { Finding, Severity } from '../../src/core/finding.js';
import type { RunRecord } from '../../src/core/run.js';
import type { PortObserved } from '../../src/core/scan.js';
import { runFromScan } from '../../src/report/run-record.js';
import type { HostResult } from '../../src/report/scan-collect.js';

export interface SampleOptions {
  readonly id?: string;
  readonly startedAt?: string;
  /** Hosts 203.0.113.1…n; every host has `open` open ports from 20 up, one filtered port and `closed` closed. */
  readonly hosts?: number;
  readonly down?: number;
  readonly open?: number;
  readonly closed?: number;
  /** One finding per entry, on the first host's ports in turn. */
  readonly severities?: readonly Severity[];
  readonly interrupted?: boolean;
}

export function finding(host: string, port: number, severity: Severity, rule = 'exposure'): Finding {
  return {
    id: `${rule}:${host}:tcp/${port}`,
    rule,
    severity,
    target: { host, transport: 'tcp', port, address: null },
    title: { en: `Port ${port} is open`, zh: `端口 ${port} 已开放` },
    detail: { en: 'Reachable from the network.', zh: '可从网络访问。' },
    action: severity === 'info' ? 'keep' : 'restrict',
    evidence: { port, banner: null, anonymous: severity === 'critical' },
  };
}

/** A finished scan of documentation addresses (no network involved: the results are made up here). */
export function sampleScan(o: SampleOptions = {}): RunRecord {
  const started = new Date(o.startedAt ?? '2026-03-01T10:00:00.000Z');
  const hosts: HostResult[] = [];
  const up = o.hosts ?? 2;
  const open = o.open ?? 3;
  for (let n = 1; n <= up + (o.down ?? 0); n++) {
    const host = `203.0.113.${n}`;
    if (n > up) {
      hosts.push({
        host,
        state: 'down',
        reason: 'timeout',
        ports: [],
        counts: { open: 0, closed: 0, filtered: 0, 'open|filtered': 0 },
      });
      continue;
    }
    const ports: PortObserved[] = [];
    for (let k = 0; k < open; k++) {
      ports.push({
        type: 'port',
        host,
        transport: 'tcp',
        port: 20 + k,
        state: 'open',
        reason: 'syn-ack',
        rttMs: 0.25 + k,
      });
    }
    ports.push({ type: 'port', host, transport: 'tcp', port: 8080, state: 'filtered', reason: 'timeout', rttMs: null });
    hosts.push({
      host,
      state: 'up',
      reason: 'syn-ack',
      ports,
      counts: { open, closed: o.closed ?? 10, filtered: 1, 'open|filtered': 0 },
    });
  }
  const findings = (o.severities ?? ['high', 'medium', 'info']).map((s, k) =>
    finding('203.0.113.1', 20 + (k % open), s, `rule-${k}`),
  );
  return runFromScan({
    ...(o.id === undefined ? {} : { id: o.id }),
    startedAt: started,
    finishedAt: new Date(started.getTime() + 4200),
    parameters: {
      targets: ['203.0.113.0/29'],
      excludes: [],
      tcp: 100,
      udp: 0,
      hosts: '8',
      seed: 'abc',
      inspect: false,
      seconds: 4.2,
    },
    hosts,
    inspected: null,
    findings,
    interrupted: o.interrupted ?? false,
  });
}

/** A run id sharing its first characters with `prefix`. */
export function idWithPrefix(prefix: string): string {
  return prefix + randomUUID().slice(prefix.length);
}
