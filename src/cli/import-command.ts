/** `portwarden import FILE.xml`: an nmap scan (-oX) read as a portwarden run, assessed and given advice. */
import { readFile } from 'node:fs/promises';
import type { Command } from 'commander';
import { usageError } from '../core/errors.js';
import { t } from '../core/i18n.js';
import type { CliContext } from './context.js';
import { EXIT } from './exit.js';
import { emitRun, openReport, reportOptions } from './report-output.js';
import { saveLocation, saveRun, storeOptions, type StoreFlags } from './store-options.js';

interface ImportFlags extends StoreFlags {
  reach?: string;
  json?: boolean;
  format?: string;
  output?: string;
}

/** The file's text; '-' reads standard input. */
async function readInput(file: string): Promise<string> {
  try {
    if (file !== '-') return await readFile(file, 'utf8');
    const chunks: Buffer[] = [];
    for await (const chunk of process.stdin) chunks.push(chunk as Buffer);
    return Buffer.concat(chunks).toString('utf8');
  } catch (cause) {
    const reason = (cause as NodeJS.ErrnoException).code ?? String(cause);
    throw usageError('USAGE', 'error.importUnreadable', { file, reason });
  }
}

export function registerImport(program: Command, base: CliContext, done: (code: number) => void): void {
  const cmd = program
    .command('import')
    .description(t(base.lang, 'cli.import.description'))
    .argument('<file>', t(base.lang, 'cli.import.file'))
    .option('--reach <where>', t(base.lang, 'cli.scan.reach'))
    .option('--json', t(base.lang, 'cli.opt.json'));
  reportOptions(storeOptions(cmd, base, true), base).action(async (file: string, flags: ImportFlags) => {
    const ctx = openReport(base, flags, 'json');
    const saveTo = saveLocation(flags, ctx);
    const [{ parseNmapXml, NmapXmlError }, { XmlError }, { runFromNmap }, { KnowledgeIndex }, { parseReach }] =
      await Promise.all([
        import('../import/nmap-xml.js'),
        import('../import/xml.js'),
        import('../import/nmap-run.js'),
        import('../knowledge/load.js'),
        import('./reach.js'),
      ]);
    const reach = parseReach(flags.reach);
    const text = await readInput(file);
    let nmap;
    try {
      nmap = parseNmapXml(text);
    } catch (err) {
      if (err instanceof XmlError) {
        if (err.problem === 'entity' || err.problem === 'dtd')
          throw usageError('USAGE', 'error.importEntities', { file, line: err.line });
        if (err.problem === 'too-large') throw usageError('USAGE', 'error.importTooLarge', { file });
        throw usageError('USAGE', 'error.importNotXml', { file, line: err.line });
      }
      if (err instanceof NmapXmlError) throw usageError('USAGE', 'error.importNotNmap', { file, what: err.what });
      throw err;
    }
    const index = new KnowledgeIndex();
    const run = runFromNmap(nmap, { index, file, ...(reach !== undefined && { reach }) });
    if (ctx.format === 'text') {
      const { renderRunText } = await import('../report/formats/text.js');
      ctx.io.stdout.write(renderRunText(run, index, ctx));
    } else await emitRun(ctx, run, index);
    // Kept in the history like a scan of ours, so `diff` and `history` see it.
    await saveRun(ctx, saveTo, run, ctx.format !== 'text');
    done(EXIT.ok);
  });
}
