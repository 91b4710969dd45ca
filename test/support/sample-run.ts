/** A run record for renderer tests: two hosts, a hostile banner, check results and findings of every kind. */
import type { Finding } from '../../src/core/finding.js';
import { RUN_SCHEMA, type RunRecord } from '../../src/core/run.js';

/** What a hostile service may answer: markup, quotes, a formula, control characters, a CDATA end. */
export const HOSTILE = '<script>alert("x")</script> & \'q\' ]]> \u0001\u001b[31m';

const finding = (over: Partial<Finding> & Pick<Finding, 'id' | 'severity' | 'target'>): Finding => ({
  rule: 'exposure',
  title: {
    en: `${over.target.port}/tcp (telnet) can be reached from the internet`,
    zh: `${over.target.port}/tcp（telnet）可从公网访问`,
  },
  detail: { en: 'Telnet sends passwords in clear text.', zh: 'Telnet 以明文传送口令。' },
  action: 'close',
  evidence: { reach: 'internet', reason: 'syn-ack' },
  ...over,
});

export function sampleRun(): RunRecord {
  const a = '203.0.113.5';
  return {
    schema: RUN_SCHEMA,
    id: '00000000-0000-4000-8000-000000000001',
    kind: 'scan',
    startedAt: '2026-01-02T03:04:05.000Z',
    finishedAt: '2026-01-02T03:04:09.500Z',
    tool: { name: 'portwarden', version: '0.1.0' },
    parameters: { command: 'portwarden scan 203.0.113.5 -p T:21-23,80', tcpPorts: '21-23,80', udpPorts: '', seed: '7' },
    hosts: [
      {
        host: a,
        state: 'up',
        reason: 'syn-ack',
        closed: 2,
        ports: [
          {
            transport: 'tcp',
            port: 23,
            state: 'open',
            reason: 'syn-ack',
            address: null,
            service: { service: 'telnet', tls: false, method: 'banner', confidence: 8, banner: HOSTILE },
            processes: [],
            checks: [],
          },
          {
            transport: 'tcp',
            port: 80,
            state: 'open',
            reason: 'syn-ack',
            address: null,
            service: {
              service: 'http',
              product: `=cmd|' /C calc'!A0 ${HOSTILE}`,
              version: '1.0',
              extraInfo: 'Debian',
              cpe: ['cpe:/a:example:httpd:1.0'],
              tls: false,
              method: 'probe',
              confidence: 10,
            },
            processes: [],
            checks: [
              { check: 'http-title', status: 'ok', evidence: { title: HOSTILE, status: 200 } },
              { check: 'http-methods', status: 'error', message: 'timed out', evidence: {} },
            ],
          },
        ],
      },
      { host: '2001:db8:203::7', state: 'down', reason: 'timeout', closed: 0, ports: [] },
    ],
    findings: [
      finding({
        id: `exposure:${a}:tcp/23`,
        severity: 'critical',
        target: { host: a, transport: 'tcp', port: 23, address: null },
      }),
      finding({
        id: `http-title:${a}:tcp/80`,
        rule: 'http-title',
        severity: 'medium',
        target: { host: a, transport: 'tcp', port: 80, address: null },
        title: { en: `Title ${HOSTILE}`, zh: `标题 ${HOSTILE}` },
        action: 'harden',
        evidence: { title: HOSTILE },
      }),
    ],
    interrupted: false,
  };
}
