/** `portwarden scan`: TCP connect and UDP scan of hosts over the network, streamed. */
import type { Command } from 'commander';
import { usageError } from '../core/errors.js';
import { t } from '../core/i18n.js';
import type { ScanEvent } from '../core/scan.js';
import type { CliContext } from './context.js';
import { EXIT } from './exit.js';
import type { ScanSpecFlags } from './scan-request.js';
import type { Finding } from '../core/finding.js';
import type { Reach } from '../assess/exposure.js';
import { assessOpenPort } from '../assess/scan-port.js';
import type { IdentifyOptions } from '../identify/identify.js';
import type { KnowledgeIndex } from '../knowledge/load.js';
import type { InspectOptions } from '../pipeline/inspect.js';
import { scanListParameters } from '../report/port-list.js';
import { emitRun, openReport } from './report-output.js';
import { judge, policyOption, printVerdict, verdictLines } from './policy-option.js';
import { saveLocation, saveRun, type StoreFlags } from './store-options.js';

interface ScanFlags extends ScanSpecFlags, StoreFlags {
  skipDiscovery?: boolean;
  timing?: string;
  engine?: string;
  rate?: string;
  maxRetries?: string;
  json?: boolean;
  format?: string;
  output?: string;
  checks?: string;
  intrusive?: boolean;
  checkArg?: string[];
  serviceVersion?: boolean;
  reach?: string;
  policy?: string;
}

/** nmap's spellings that commander cannot take as they are, rewritten before parsing. */
const NMAP_ALIASES: Readonly<Record<string, string | null>> = {
  '-iL': '--input-list',
  '-Pn': '--skip-discovery',
  '-sU': '--udp',
  '-sT': null, // TCP connect is what portwarden does by default.
  '-sV': '--service-version',
};

/** Rewrite nmap-style flags (`-iL`, `-Pn`, `-sU`, `-sT`) into ours; arguments after `--` are left alone. */
export function rewriteNmapFlags(argv: readonly string[]): string[] {
  const out: string[] = [];
  let rest = false;
  for (const arg of argv) {
    if (arg === '--') rest = true;
    const alias = rest ? undefined : NMAP_ALIASES[arg];
    if (alias === undefined) out.push(arg);
    else if (alias !== null) out.push(alias);
  }
  return out;
}

function wholeNumber(option: string, value: string, min: number, max: number): number {
  const n = /^\d+$/.test(value.trim()) ? Number(value) : NaN;
  if (!Number.isSafeInteger(n) || n < min || n > max) {
    throw usageError('USAGE', 'error.badNumber', { option, value, min, max });
  }
  return n;
}

/** `--engine`: auto (native connector for large scans when it was built), native, or js (TypeScript only). */
function engineOption(value: string | undefined): { native?: boolean } {
  if (value === undefined || value === 'auto') return {};
  if (value === 'native') return { native: true };
  if (value === 'js') return { native: false };
  throw usageError('USAGE', 'error.badEngine', { value });
}

function parseReach(value: string | undefined): Reach | undefined {
  if (value === undefined) return undefined;
  const v = value.trim().toLowerCase();
  if (v === 'internet' || v === 'lan' || v === 'loopback') return v;
  throw usageError('USAGE', 'error.badReach', { value });
}

/** Parse `--check-arg name=value` flags. */
export function parseCheckArgs(values: readonly string[] = []): Record<string, string> {
  const args: Record<string, string> = {};
  for (const value of values) {
    const at = value.indexOf('=');
    if (at <= 0) throw usageError('USAGE', 'error.badCheckArg', { value });
    args[value.slice(0, at).trim()] = value.slice(at + 1);
  }
  return args;
}

/** What to do after the port scan, or null for a bare port scan. */
async function inspectionPlan(flags: ScanFlags): Promise<Omit<InspectOptions, 'identifyOptions'> | null> {
  const args = parseCheckArgs(flags.checkArg);
  if (flags.checks === undefined && flags.serviceVersion !== true) return null;
  const { allChecks } = await import('../checks/registry.js');
  const { selectChecks } = await import('../checks/runner.js');
  const spec = flags.checks?.trim() ?? 'none';
  const list = spec
    .split(',')
    .map((x) => x.trim())
    .filter((x) => x !== '');
  const selection = spec === 'default' || spec === 'all' || spec === 'none' ? spec : list;
  return {
    checks: selectChecks(await allChecks(), { checks: selection, intrusive: flags.intrusive === true }),
    identify: true,
    intrusive: flags.intrusive === true,
    args,
  };
}

export function registerScan(program: Command, base: CliContext, done: (code: number) => void): void {
  const L = (key: Parameters<typeof t>[1]): string => t(base.lang, key);
  program
    .command('scan')
    .description(L('cli.scan.description'))
    .argument('[targets...]', L('cli.scan.targets'))
    .option('-p, --ports <spec>', L('cli.scan.ports'))
    .option('--top-ports <n>', L('cli.scan.topPorts'))
    .option('-F, --fast', L('cli.scan.fast'))
    .option('--udp', L('cli.scan.udp'))
    .option('--input-list <file>', L('cli.scan.inputList'))
    .option('--exclude <targets>', L('cli.scan.exclude'))
    .option('--exclude-file <file>', L('cli.scan.excludeFile'))
    .option('--skip-discovery', L('cli.scan.skipDiscovery'))
    .option('--all-addresses', L('cli.scan.allAddresses'))
    .option('--seed <seed>', L('cli.scan.seed'))
    .option('-T, --timing <0-5>', L('cli.scan.timing'))
    .option('--engine <auto|native|js>', L('cli.scan.engine'))
    .option('--rate <n>', L('cli.scan.rate'))
    .option('--max-retries <n>', L('cli.scan.maxRetries'))
    .option('--resume <file>', L('cli.scan.resume'))
    .option('--service-version', L('cli.scan.serviceVersion'))
    .option('--checks <list>', L('cli.scan.checks'))
    .option('--intrusive', L('cli.scan.intrusive'))
    .option('--check-arg <name=value>', L('cli.scan.checkArg'), (v: string, prev: string[] | undefined) => [
      ...(prev ?? []),
      v,
    ])
    .option('--reach <where>', L('cli.scan.reach'))
    .option('--json', L('cli.scan.json'))
    .option('--format <format>', L('cli.opt.format'))
    .option('-o, --output <file>', L('cli.opt.output'))
    .option('--db <path|url>', L('cli.opt.db'))
    .option('--no-save', L('cli.opt.noSave'))
    .option('--policy <file>', L('cli.opt.policy'))
    .action(async (specs: string[], flags: ScanFlags) => {
      const ctx = openReport(base, flags, 'jsonl');
      const [policy, startedAt] = [await policyOption(flags.policy), new Date()];
      const inspection = await inspectionPlan(flags);
      const saveTo = saveLocation(flags, ctx);
      const [targets, knowledge, pipeline, collect, text, progress, state, request, tracking] = await Promise.all([
        import('../targets/index.js'),
        import('../knowledge/load.js'),
        import('../pipeline/scan.js'),
        import('../report/scan-collect.js'),
        import('../report/scan-text.js'),
        import('../report/progress.js'),
        import('../pipeline/scan-state.js'),
        import('./scan-request.js'),
        import('../pipeline/resume-tracker.js'),
      ]);
      const signal = ctx.signal;
      const reach = parseReach(flags.reach);
      const [inspect, inspectCollect, identifyLoad, iana] = await Promise.all([
        import('../pipeline/inspect.js'),
        import('../report/inspect-collect.js'),
        import('../identify/load.js'),
        import('../knowledge/iana.js'),
      ]);
      const identifyOptions = (index: KnowledgeIndex): IdentifyOptions => ({
        ...identifyLoad.loadSignatures(),
        portName: (port, transport) => {
          const entry = index.byPort(port);
          if (entry?.transports.includes(transport) === true) return entry.names[0] ?? null;
          return iana.ianaName(port, transport);
        },
      });
      const saved = flags.resume === undefined ? null : state.readScanState(flags.resume);
      const req = await request.scanRequest(specs, flags, saved);
      const set = await targets.resolveTargets(req.targets, {
        allAddresses: req.allAddresses,
        excludes: req.excludes,
        ...(signal === undefined ? {} : { signal }),
      });
      const list = { tcp: req.tcp, udp: req.udp };
      const seed = req.seed;
      const timing =
        flags.timing === undefined ? undefined : (wholeNumber('-T', flags.timing, 0, 5) as 0 | 1 | 2 | 3 | 4 | 5);
      const rate = flags.rate === undefined ? undefined : wholeNumber('--rate', flags.rate, 1, 10_000_000);
      const retries =
        flags.maxRetries === undefined ? undefined : wholeNumber('--max-retries', flags.maxRetries, 0, 50);
      const job = {
        targets: set,
        ports: list,
        seed,
        tcp: {
          ...(timing === undefined ? {} : { timing }),
          ...(rate === undefined ? {} : { maxRate: rate }),
          ...(retries === undefined ? {} : { maxRetries: retries }),
          skipHostDiscovery: flags.skipDiscovery === true,
          ...engineOption(flags.engine),
        },
        udp: {
          ...(rate === undefined ? {} : { ratePerSecond: rate }),
          ...(retries === undefined ? {} : { retries }),
        },
      };

      const index = new knowledge.KnowledgeIndex();
      const inspected = new inspectCollect.InspectCollector();
      // One collector per transport: an interrupted UDP part restarts, so only TCP results are kept mid-way.
      const tcpResults = new collect.ScanCollector();
      const udpResults = new collect.ScanCollector();
      const down = saved?.tcp.filter((h) => h.state === 'down').map((h) => h.host) ?? [];
      const tracker = new tracking.ResumeTracker(saved?.tcpDone ?? 0, saved?.tcpDoneAbove ?? [], down);
      const tcpTotal = set.count * BigInt(list.tcp.length);
      let tcpFinished = saved !== null && BigInt(saved.tcpDone) >= tcpTotal;
      let udpFinished = saved?.udpDone === true || list.udp.length === 0;
      if (saved !== null) {
        tcpResults.restore(saved.tcp, saved.probes);
        udpResults.restore(saved.udp, 0);
      }
      const save = (complete: boolean): void => {
        if (flags.resume === undefined) return;
        state.writeScanState(flags.resume, {
          schema: state.SCAN_STATE_SCHEMA,
          request: req,
          tcpDone: tcpFinished ? Number(tcpTotal) : tracker.watermark(),
          tcpDoneAbove: tcpFinished ? [] : tracker.doneAbove(),
          udpDone: udpFinished,
          complete,
          tcp: tcpResults.results(),
          udp: udpFinished ? udpResults.results() : [],
          probes: tcpResults.probes + (udpFinished ? udpResults.probes : 0),
        });
      };
      const total = pipeline.probeCount(job);
      const bar = progress.progressBar(ctx.io.stderr, ctx.lang, total);
      const started = performance.now();
      // JSON Lines go out in batches (a full -p- is 65,535 lines: one write each costs more than the scan's own
      // bookkeeping), flushed at least with every progress event, so the stream stays live.
      let pending = '';
      const flush = (): void => {
        if (pending === '') return;
        ctx.io.stdout.write(pending);
        pending = '';
      };
      const write = (value: unknown): void => {
        pending += JSON.stringify(value) + '\n';
        if (pending.length >= 64 * 1024) flush();
      };
      const json = ctx.format === 'jsonl';
      const plain = ctx.format === 'text';
      const header = {
        hosts: String(set.count),
        tcp: list.tcp.length,
        udp: list.udp.length,
        seed,
      };
      if (json) {
        write({ type: 'start', schema: 'portwarden.scan/1', ...header, targets: req.targets, excludes: req.excludes });
        flush();
      } else if (plain) ctx.io.stdout.write(ctx.colors.dim(t(ctx.lang, 'scan.title', header)) + '\n\n');
      if (saved !== null && plain && flags.resume !== undefined) {
        const note = saved.complete
          ? t(ctx.lang, 'scan.resume.complete', { file: flags.resume })
          : t(ctx.lang, 'scan.resume.from', { file: flags.resume, done: saved.tcpDone, total: String(tcpTotal) });
        ctx.io.stdout.write(ctx.colors.dim(note) + '\n\n');
      }

      let interrupted = false;
      try {
        const resume = { tracker, tcpFinished, udpFinished };
        const scanned = pipeline.scanJob(job, signal, resume) as AsyncIterable<ScanEvent>;
        const events =
          inspection === null
            ? scanned
            : inspect.inspect(scanned, { ...inspection, identifyOptions: identifyOptions(index) }, signal);
        for await (const event of events) {
          if (event.type === 'service' || event.type === 'check') {
            inspected.add(event);
            if (json) write(event);
            continue;
          }
          if (event.type === 'progress') {
            flush();
            bar.update(event.done, event.rate);
            save(false);
            continue;
          }
          if (event.type === 'port' && event.transport === 'udp') {
            // The UDP part starts only once every TCP probe is answered.
            tcpFinished = true;
            udpResults.add(event);
          } else {
            tracker.observe(event);
            tcpResults.add(event);
          }
          bar.tick();
          if (json) write(event);
        }
      } catch (err) {
        // Ctrl-C: keep what was found; anything else is a real error (after what was found is out).
        flush();
        if (signal?.aborted !== true) throw err;
      }
      interrupted = signal?.aborted === true;
      if (!interrupted) {
        tcpFinished = true;
        udpFinished = true;
      }
      save(!interrupted);
      bar.clear();
      const results = collect.mergeResults(tcpResults.results(), udpResults.results());
      const probes = tcpResults.probes + udpResults.probes;
      const seconds = ((performance.now() - started) / 1000).toFixed(1);
      const up = results.filter((h) => h.state === 'up').length;
      // The knowledge base's judgement of every open port, joined with what the checks found.
      const findingsOf = (h: (typeof results)[number]): Finding[] => [
        ...h.ports.filter((p) => p.state === 'open').map((p) => assessOpenPort(index, p, inspected.service(p), reach)),
        ...inspected.checksOf(h.host).flatMap((c) => c.findings),
      ];
      const { runFromScan, sortFindings } = await import('../report/run-record.js');
      // What was asked, and what the text report needs to be drawn again by `portwarden show`.
      const record = runFromScan({
        startedAt,
        finishedAt: new Date(),
        parameters: {
          targets: req.targets,
          excludes: req.excludes,
          tcp: list.tcp.length,
          udp: list.udp.length,
          hosts: String(set.count),
          seed,
          allAddresses: req.allAddresses,
          skipDiscovery: flags.skipDiscovery === true,
          ...(timing === undefined ? {} : { timing }),
          ...(rate === undefined ? {} : { rate }),
          ...(retries === undefined ? {} : { maxRetries: retries }),
          inspect: inspection !== null,
          checks: flags.checks ?? (inspection === null ? null : 'none'),
          intrusive: flags.intrusive === true,
          ...(reach === undefined ? {} : { reach }),
          seconds: Number(seconds),
        },
        hosts: results,
        inspected,
        findings: results.flatMap(findingsOf),
        interrupted,
      });
      const verdict = await judge(policy, () => record);
      if (json) {
        for (const h of results) for (const f of findingsOf(h)) write({ type: 'finding', ...f });
        if (verdict !== null) for (const line of verdictLines(verdict)) write(line);
        write({
          type: 'end',
          hosts: results.length,
          up,
          probes,
          seconds: Number(seconds),
          interrupted,
        });
        flush();
      } else if (plain) {
        for (const h of results) {
          // In a stable order (not the order checks happened to finish), so `show` draws the same report.
          const found = sortFindings(findingsOf(h));
          const lines = text.renderHost(h, index, ctx, inspection === null ? undefined : inspected, found);
          ctx.io.stdout.write(lines.join('\n') + '\n\n');
        }
        ctx.io.stdout.write(t(ctx.lang, 'scan.done', { hosts: results.length, up, probes, seconds }) + '\n');
        if (interrupted) ctx.io.stdout.write(ctx.colors.yellow(t(ctx.lang, 'scan.interrupted')) + '\n');
        await printVerdict(ctx, verdict);
      } else {
        const described = { ...record.parameters, ...scanListParameters(req.targets, list) };
        await emitRun(ctx, { ...record, parameters: described }, index);
      }
      await saveRun(ctx, saveTo, record, json);
      const violated = verdict !== null && verdict.violations.length > 0;
      done(interrupted ? EXIT.interrupted : violated ? EXIT.findings : EXIT.ok);
    });
}
