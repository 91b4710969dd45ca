import { describe, expect, it } from 'vitest';
import type { ScanEvent } from '../core/scan.js';
import { ResumeTracker, type IndexedProbe } from './resume-tracker.js';

const probe = (index: number, host = '203.0.113.5', port = 1000 + index): IndexedProbe => ({ host, port, index });
const port = (p: IndexedProbe): ScanEvent => ({
  type: 'port',
  host: p.host,
  transport: 'tcp',
  port: p.port,
  state: 'closed',
  reason: 'conn-refused',
  rttMs: 1,
});

describe('ResumeTracker', () => {
  it('moves the watermark only past probes that are answered, whatever the order of answers', () => {
    const t = new ResumeTracker(0);
    const handed = [...t.track([0, 1, 2, 3].map((i) => probe(i)))];
    expect(t.watermark()).toBe(0);
    t.observe(port(handed[2] as IndexedProbe));
    t.observe(port(handed[1] as IndexedProbe));
    expect(t.watermark()).toBe(0);
    t.observe(port(handed[0] as IndexedProbe));
    expect(t.watermark()).toBe(3);
    t.observe(port(handed[3] as IndexedProbe));
    expect(t.watermark()).toBe(4);
  });

  it('starts from a resumed index', () => {
    const t = new ResumeTracker(500);
    expect(t.watermark()).toBe(500);
    const [p] = [...t.track([probe(500)])];
    t.observe(port(p as IndexedProbe));
    expect(t.watermark()).toBe(501);
  });

  it('finishes every probe of a host decided down, and skips its later probes', () => {
    const t = new ResumeTracker(0);
    const it1 = t.track([probe(0, 'a'), probe(1, 'b'), probe(2, 'a'), probe(3, 'a'), probe(4, 'b')]);
    const first = [it1.next().value, it1.next().value, it1.next().value] as IndexedProbe[];
    expect(first.map((p) => p.index)).toEqual([0, 1, 2]);
    t.observe({ type: 'host', host: 'a', state: 'down', reason: 'timeout' });
    t.observe(port(first[1] as IndexedProbe));
    expect(t.watermark()).toBe(3);
    const rest = [...it1] as IndexedProbe[];
    expect(rest.map((p) => p.index)).toEqual([4]);
    t.observe(port(rest[0] as IndexedProbe));
    expect(t.watermark()).toBe(5);
  });

  it('ignores events for probes it never handed out', () => {
    const t = new ResumeTracker(0);
    expect([...t.track([probe(0)])]).toHaveLength(1);
    t.observe(port(probe(9)));
    expect(t.watermark()).toBe(0);
  });

  it('lists what is finished above the watermark, and skips it after a resume', () => {
    const t = new ResumeTracker(0);
    const handed = [...t.track([0, 1, 2, 3].map((i) => probe(i)))];
    t.observe(port(handed[1] as IndexedProbe));
    t.observe(port(handed[3] as IndexedProbe));
    expect(t.watermark()).toBe(0);
    expect(t.doneAbove()).toEqual([1, 3]);
    const resumed = new ResumeTracker(t.watermark(), t.doneAbove(), ['203.0.113.9']);
    const again = [...resumed.track([0, 1, 2, 3, 4].map((i) => probe(i, i === 4 ? '203.0.113.9' : '203.0.113.5')))];
    expect(again.map((p) => p.index)).toEqual([0, 2]);
    for (const p of again) resumed.observe(port(p));
    expect(resumed.watermark()).toBe(5);
    expect(resumed.doneAbove()).toEqual([]);
  });
});
