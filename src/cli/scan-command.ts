/** `portwarden scan`: TCP connect and UDP scan of hosts over the network, streamed. */
import type { Command } from 'commander';
import { usageError } from '../core/errors.js';
import { t } from '../core/i18n.js';
import type { ScanEvent } from '../core/scan.js';
import type { CliContext } from './context.js';
import { EXIT } from './exit.js';

interface ScanFlags {
  ports?: string;
  topPorts?: string;
  fast?: boolean;
  udp?: boolean;
  inputList?: string;
  exclude?: string;
  excludeFile?: string;
  skipDiscovery?: boolean;
  allAddresses?: boolean;
  seed?: string;
  timing?: string;
  rate?: string;
  maxRetries?: string;
  json?: boolean;
}

/** nmap's spellings that commander cannot take as they are, rewritten before parsing. */
const NMAP_ALIASES: Readonly<Record<string, string | null>> = {
  '-iL': '--input-list',
  '-Pn': '--skip-discovery',
  '-sU': '--udp',
  '-sT': null, // TCP connect is what portwarden does by default.
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

export function registerScan(program: Command, ctx: CliContext, done: (code: number) => void): void {
  const L = (key: Parameters<typeof t>[1]): string => t(ctx.lang, key);
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
    .option('--rate <n>', L('cli.scan.rate'))
    .option('--max-retries <n>', L('cli.scan.maxRetries'))
    .option('--json', L('cli.scan.json'))
    .action(async (specs: string[], flags: ScanFlags) => {
      const [targets, ports, knowledge, iana, pipeline, collect, text, progress] = await Promise.all([
        import('../targets/index.js'),
        import('../targets/ports.js'),
        import('../knowledge/load.js'),
        import('../knowledge/iana.js'),
        import('../pipeline/scan.js'),
        import('../report/scan-collect.js'),
        import('../report/scan-text.js'),
        import('../report/progress.js'),
      ]);
      const signal = ctx.signal;
      // Targets: words on the command line, then -iL; excludes from --exclude and --exclude-file.
      const words = [...specs];
      if (flags.inputList !== undefined) words.push(...(await targets.readTargetFile(flags.inputList)));
      const excludes = flags.exclude === undefined ? [] : targets.splitTargetList(flags.exclude.replaceAll(',', ' '));
      if (flags.excludeFile !== undefined) excludes.push(...(await targets.readTargetFile(flags.excludeFile)));
      if (words.length === 0) throw usageError('BAD_TARGET', 'targets.emptyTargets');
      const set = await targets.resolveTargets(words, {
        allAddresses: flags.allAddresses === true,
        excludes,
        ...(signal === undefined ? {} : { signal }),
      });

      const transports: ('tcp' | 'udp')[] = flags.udp === true ? ['tcp', 'udp'] : ['tcp'];
      let list: { tcp: readonly number[]; udp: readonly number[] };
      if (flags.ports !== undefined) {
        list = ports.parsePortSpec(flags.ports, { defaultTransports: transports, serviceLookup: iana.ianaByName });
      } else {
        const n =
          flags.topPorts !== undefined
            ? targets.parseTopPortsCount(flags.topPorts)
            : flags.fast === true
              ? targets.FAST_PORT_COUNT
              : targets.DEFAULT_TOP_PORTS;
        list = targets.topPortList(n, transports);
        // UDP probes are slow (no answer means waiting): the default UDP list is the top 100.
        if (flags.udp === true && flags.topPorts === undefined) list = { ...list, udp: targets.topPorts(100, 'udp') };
      }
      const seed = flags.seed ?? targets.randomSeed();
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
        },
        udp: {
          ...(rate === undefined ? {} : { ratePerSecond: rate }),
          ...(retries === undefined ? {} : { retries }),
        },
      };

      const index = new knowledge.KnowledgeIndex();
      const collector = new collect.ScanCollector();
      const total = pipeline.probeCount(job);
      const bar = progress.progressBar(ctx.io.stderr, ctx.lang, total);
      const started = performance.now();
      const write = (value: unknown): void => {
        ctx.io.stdout.write(JSON.stringify(value) + '\n');
      };
      const json = flags.json === true;
      const header = {
        hosts: String(set.count),
        tcp: list.tcp.length,
        udp: list.udp.length,
        seed,
      };
      if (json) write({ type: 'start', schema: 'portwarden.scan/1', ...header, targets: words, excludes });
      else ctx.io.stdout.write(ctx.colors.dim(t(ctx.lang, 'scan.title', header)) + '\n\n');

      let interrupted = false;
      try {
        for await (const event of pipeline.scanJob(job, signal) as AsyncIterable<ScanEvent>) {
          if (event.type === 'progress') {
            bar.update(event.done, event.rate);
            continue;
          }
          collector.add(event);
          bar.tick();
          if (json) write(event);
        }
      } catch (err) {
        // Ctrl-C: keep what was found; anything else is a real error.
        if (signal?.aborted !== true) throw err;
      }
      interrupted = signal?.aborted === true;
      bar.clear();
      const results = collector.results();
      const seconds = ((performance.now() - started) / 1000).toFixed(1);
      const up = results.filter((h) => h.state === 'up').length;
      if (json) {
        write({
          type: 'end',
          hosts: results.length,
          up,
          probes: collector.probes,
          seconds: Number(seconds),
          interrupted,
        });
      } else {
        for (const h of results) ctx.io.stdout.write(text.renderHost(h, index, ctx).join('\n') + '\n\n');
        ctx.io.stdout.write(
          t(ctx.lang, 'scan.done', { hosts: results.length, up, probes: collector.probes, seconds }) + '\n',
        );
        if (interrupted) ctx.io.stdout.write(ctx.colors.yellow(t(ctx.lang, 'scan.interrupted')) + '\n');
      }
      done(interrupted ? EXIT.interrupted : EXIT.ok);
    });
}
