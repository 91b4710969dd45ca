import { describe, expect, it } from 'vitest';
import { audit } from '../pipeline/audit.js';
import { KnowledgeIndex } from '../knowledge/load.js';
import type { ScanEvent } from '../core/scan.js';
import { runSchemaErrors } from '../../test/support/run-schema.js';
import { finding } from '../../test/support/runs.js';
import { InspectCollector } from './inspect-collect.js';
import { runFromAudit, runFromScan } from './run-record.js';
import { ScanCollector } from './scan-collect.js';

describe('schema/run.v1.schema.json', () => {
  it('describes the record of a real audit of this machine', async () => {
    const report = await audit({ index: new KnowledgeIndex(), firewall: false });
    const run = runFromAudit(report, { firewall: false });
    expect(runSchemaErrors(run)).toBeNull();
    expect(runSchemaErrors(JSON.parse(JSON.stringify(run)))).toBeNull();
  });

  it('describes the record of a scan with services, check results and findings, interrupted or not', () => {
    const collect = new ScanCollector();
    const inspected = new InspectCollector();
    const events: ScanEvent[] = [
      { type: 'host', host: '203.0.113.5', state: 'up', reason: 'syn-ack' },
      { type: 'port', host: '203.0.113.5', transport: 'tcp', port: 21, state: 'open', reason: 'syn-ack', rttMs: 0.4 },
      {
        type: 'port',
        host: '203.0.113.5',
        transport: 'tcp',
        port: 23,
        state: 'closed',
        reason: 'conn-refused',
        rttMs: 0.3,
      },
      {
        type: 'port',
        host: '203.0.113.5',
        transport: 'udp',
        port: 161,
        state: 'open|filtered',
        reason: 'no-response',
        rttMs: null,
      },
      { type: 'host', host: '203.0.113.9', state: 'down', reason: 'timeout' },
    ];
    for (const e of events) collect.add(e);
    const where = { host: '203.0.113.5', transport: 'tcp' as const, port: 21 };
    inspected.add({
      type: 'service',
      ...where,
      service: {
        service: 'ftp',
        product: 'vsftpd',
        version: '3.0.3',
        tls: false,
        method: 'probe',
        confidence: 10,
        cpe: ['cpe:/a:beasts:vsftpd:3.0.3'],
      },
    });
    const anon = finding('203.0.113.5', 21, 'high', 'ftp-anon');
    inspected.add({
      type: 'check',
      ...where,
      check: 'ftp-anon',
      status: 'ok',
      evidence: { anonymous: true },
      findings: [anon],
      durationMs: 12,
    });
    inspected.add({
      type: 'check',
      ...where,
      check: 'ftp-banner',
      status: 'error',
      message: 'timeout',
      evidence: {},
      findings: [],
      durationMs: 5000,
    });
    for (const interrupted of [false, true]) {
      const run = runFromScan({
        startedAt: new Date('2026-05-01T08:00:00Z'),
        finishedAt: new Date('2026-05-01T08:00:03Z'),
        parameters: { targets: ['203.0.113.5', '203.0.113.9'], excludes: [], tcp: 2, udp: 1, seed: 's', seconds: 3 },
        hosts: collect.results(),
        inspected,
        findings: [anon, finding('203.0.113.5', 21, 'medium')],
        interrupted,
      });
      expect(runSchemaErrors(run)).toBeNull();
      expect(run.hosts[0]?.ports.map((p) => [p.port, p.rttMs, p.checks.length])).toEqual([
        [21, 0.4, 2],
        [161, null, 0],
      ]);
    }
  });

  it('rejects what is not a run record', () => {
    expect(runSchemaErrors({ schema: 'portwarden.run/1' })).not.toBeNull();
  });
});
