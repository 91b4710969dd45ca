import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { isUsageError } from '../core/errors.js';
import { loadEntrySources } from '../knowledge/sources.js';
import { compiledTopPortsPath, topPortsSourcePath } from './paths.js';
import {
  KNOWLEDGE_TCP_RANK,
  TOP_TCP_COUNT,
  TOP_UDP_COUNT,
  loadTopPortsSource,
  topPortsProblems,
} from './top-ports-source.js';
import {
  FAST_PORT_COUNT,
  defaultRanking,
  parseNmapServices,
  parseTopPortsCount,
  readNmapServices,
  topPortList,
  topPorts,
} from './top-ports.js';

const fixtures = join(import.meta.dirname, '..', '..', 'test', 'fixtures', 'targets');

describe('knowledge/top-ports.yaml', () => {
  const entries = loadEntrySources();
  const source = loadTopPortsSource(entries);

  it('ranks exactly 1000 unique TCP and 100 unique UDP ports in 1..65535', () => {
    expect(source.tcp).toHaveLength(TOP_TCP_COUNT);
    expect(source.udp).toHaveLength(TOP_UDP_COUNT);
    expect(new Set(source.tcp).size).toBe(TOP_TCP_COUNT);
    expect(new Set(source.udp).size).toBe(TOP_UDP_COUNT);
    for (const p of [...source.tcp, ...source.udp]) expect(p >= 1 && p <= 65535).toBe(true);
  });

  it('has every knowledge-base port near the top of its transport', () => {
    const fast = new Set(source.tcp.slice(0, KNOWLEDGE_TCP_RANK));
    for (const e of entries) {
      if (e.transports.includes('tcp')) expect(fast.has(e.port), `${e.port}/tcp`).toBe(true);
      if (e.transports.includes('udp')) expect(source.udp.includes(e.port), `${e.port}/udp`).toBe(true);
    }
  });

  it('starts with the services most often found open', () => {
    expect(source.tcp.slice(0, 10)).toEqual(expect.arrayContaining([80, 443, 22]));
    expect(source.udp.slice(0, 5)).toEqual(expect.arrayContaining([53, 123, 161]));
  });

  it('is what the build compiled into dist', () => {
    expect(existsSync(compiledTopPortsPath)).toBe(true);
    expect(JSON.parse(readFileSync(compiledTopPortsPath, 'utf8'))).toEqual(source);
    expect(defaultRanking()).toEqual({ tcp: source.tcp, udp: source.udp });
    expect(topPortsSourcePath.endsWith(join('knowledge', 'top-ports.yaml'))).toBe(true);
  });

  it('fails the build with KB_INVALID on a bad file', () => {
    expect(() => loadTopPortsSource([], join(fixtures, 'top-ports-short.yaml'))).toThrow(
      expect.objectContaining({ code: 'KB_INVALID', message: expect.stringContaining('listed twice') as string }),
    );
    expect(() => loadTopPortsSource([], join(fixtures, 'top-ports-broken.yaml'))).toThrow(
      expect.objectContaining({ code: 'KB_INVALID' }),
    );
  });

  it('reports every problem of a bad ranking', () => {
    const problems = topPortsProblems(
      { tcp: [{ group: 'a', ports: [80, 80, 0, 70000, 'x'] }], udp: [{ group: 'b' }], extra: 1 },
      [
        { port: 22, transports: ['tcp'] },
        { port: 53, transports: ['udp'] },
      ],
    );
    const text = problems.join('\n');
    expect(text).toContain('unknown key "extra"');
    expect(text).toContain('port 80 is listed twice');
    expect(text).toContain('0 is not a port');
    expect(text).toContain('70000 is not a port');
    expect(text).toContain('x is not a port');
    expect(text).toContain('exactly 1000');
    expect(text).toContain('needs a "group" title');
    expect(text).toContain('22/tcp');
    expect(text).toContain('53/udp');
    expect(topPortsProblems(null)).toHaveLength(1);
  });
});

describe('topPorts', () => {
  const ranking = { tcp: [443, 80, 22], udp: [53] };

  it('takes the first n of a ranking, most likely first', () => {
    expect(topPorts(2, 'tcp', ranking)).toEqual([443, 80]);
    expect(topPorts(1, 'udp', ranking)).toEqual([53]);
  });

  it('continues past the ranking in numeric order, so 65535 means every port', () => {
    expect(topPorts(5, 'tcp', ranking)).toEqual([443, 80, 22, 1, 2]);
    const all = topPorts(65535, 'tcp', ranking);
    expect(all).toHaveLength(65535);
    expect(new Set(all).size).toBe(65535);
    expect(all).not.toContain(0);
  });

  it('uses our compiled ranking by default; -F is the top 100', () => {
    expect(topPorts(FAST_PORT_COUNT, 'tcp')).toHaveLength(100);
    expect(topPorts(1000, 'tcp')).toEqual(defaultRanking().tcp);
    const fast = topPortList(FAST_PORT_COUNT, ['tcp', 'udp']);
    expect(fast.tcp).toHaveLength(100);
    expect(fast.udp).toHaveLength(100);
    expect(fast.tcp).toEqual([...fast.tcp].sort((a, b) => a - b));
    expect(topPortList(10, ['udp']).tcp).toEqual([]);
  });

  it('parses --top-ports values', () => {
    expect(parseTopPortsCount('200')).toBe(200);
    expect(parseTopPortsCount(' 65535 ')).toBe(65535);
    for (const bad of ['0', '-5', '65536', '1.5', 'ten', '']) {
      let caught: unknown;
      try {
        parseTopPortsCount(bad);
      } catch (err) {
        caught = err;
      }
      expect(isUsageError(caught), bad).toBe(true);
    }
  });
});

describe('nmap-services (a user file, read only when asked)', () => {
  it('ranks by open-frequency, highest first, ignoring other protocols and bad lines', async () => {
    const ranking = await readNmapServices(join(fixtures, 'nmap-services-sample'));
    expect(ranking).toEqual({ tcp: [2222, 5433, 8080, 7000], udp: [5300, 5301] });
  });

  it('parses text with and without the frequency column', () => {
    expect(parseNmapServices('a 10/tcp 0.1\nb 20/tcp\nc 30/TCP 0.5 # x\n')).toEqual({ tcp: [30, 10, 20], udp: [] });
  });

  it('refuses a missing file or one without entries with one sentence', async () => {
    await expect(readNmapServices(join(fixtures, 'no-such-file'))).rejects.toMatchObject({
      code: 'USAGE',
      details: { key: 'targets.fileNotFound' },
    });
    await expect(readNmapServices(join(fixtures, 'comments-only.txt'))).rejects.toMatchObject({
      details: { key: 'targets.noNmapServices' },
    });
    await expect(readNmapServices(fixtures)).rejects.toMatchObject({ details: { key: 'targets.fileUnreadable' } });
  });
});
