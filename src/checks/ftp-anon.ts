/**
 * ftp-anon: logs in as `anonymous` with an e-mail-like password (RFC 1635) and lists what the anonymous root shows
 * over a capped passive data connection. It never writes, unless the user allowed intrusive checks: then it stores
 * one small test file in the root and in upload-like directories and deletes it again, to tell whether anonymous
 * users can write.
 *
 * @output
 * 21/tcp ftp-anon: anonymous login allowed (230 Login successful.); / holds incoming/, pub/, welcome.msg
 */
import { randomBytes } from 'node:crypto';
import type { Check, CheckFinding, Evidence } from './types.js';
import { parseListing, replyText, type ListEntry } from '../protocols/ftp/codec.js';
import { anonymousLogin, networkFailure, withFtp, type FtpSession } from '../protocols/ftp/client.js';

const UPLOAD_DIRS = /^(incoming|upload|uploads|pub|public|drop|dropbox|tmp|temp|in)$/i;

/** The entries of the current directory: LIST, or NLST when LIST gives nothing usable. */
async function listRoot(s: FtpSession): Promise<{ entries: ListEntry[]; truncated: boolean; how: string }> {
  for (const command of ['LIST', 'NLST']) {
    const r = await s.transfer(command);
    if (r.final.code === 226 || r.final.code === 250 || r.truncated) {
      return { entries: parseListing(Buffer.from(r.data).toString('latin1')), truncated: r.truncated, how: command };
    }
  }
  return { entries: [], truncated: false, how: 'none' };
}

/** Store a test file at `path` and delete it; whether the store worked and the file is gone again. */
async function tryWrite(s: FtpSession, path: string): Promise<{ stored: boolean; deleted: boolean }> {
  const body = Buffer.from('portwarden write test: this file should have been deleted at once\r\n', 'latin1');
  if ((await s.command('TYPE I')).code >= 400) return { stored: false, deleted: false };
  const r = await s.transfer(`STOR ${path}`, body);
  if (r.final.code !== 226 && r.final.code !== 250) return { stored: false, deleted: false };
  const dele = await s.command(`DELE ${path}`);
  return { stored: true, deleted: dele.code === 250 };
}

const describe = (e: ListEntry): string => (e.type === 'dir' ? `${e.name}/` : e.name);

export const check: Check = {
  id: 'ftp-anon',
  title: { en: 'Anonymous FTP login', zh: '匿名 FTP 登录' },
  categories: ['safe', 'auth'],
  references: ['RFC 959', 'RFC 1635', 'CVE-1999-0497'],
  applies: { transport: 'tcp', ports: [21], services: ['ftp'] },
  async run(ctx) {
    const { host, port } = ctx.target;
    try {
      return await withFtp({ host, port, timeoutMs: ctx.timeoutMs, signal: ctx.signal }, async (s) => {
        if (s.greeting.code !== 220) {
          return { status: 'not-applicable', reason: `the greeting is ${s.greeting.code}, not 220` };
        }
        const login = await anonymousLogin(s);
        if (!login.ok) {
          return {
            status: 'ok',
            evidence: { anonymous: false, reply: `${login.reply.code} ${replyText(login.reply)}` },
            findings: [],
          };
        }
        const pwd = await s.command('PWD');
        const root = /"((?:[^"]|"")*)"/.exec(pwd.lines.join(' '))?.[1]?.replace(/""/g, '"') ?? null;
        const { entries, truncated, how } = await listRoot(s);
        const shown = entries.slice(0, 30).map(describe);
        const evidence: Evidence = {
          anonymous: true,
          reply: `${login.reply.code} ${replyText(login.reply)}`,
          root,
          listedWith: how,
          entries: entries.length,
          listing: shown.join(', ') + (entries.length > shown.length || truncated ? ', …' : ''),
          truncated,
        };
        const findings: CheckFinding[] = [
          {
            key: '',
            severity: 'medium',
            title: { en: 'Anonymous FTP login is allowed', zh: '允许匿名 FTP 登录' },
            detail: {
              en: `The server accepted "anonymous" with an arbitrary password. Everything under its anonymous root is public${shown.length > 0 ? `; it shows: ${shown.slice(0, 10).join(', ')}` : ''}. Unless this is a deliberate public archive, disable anonymous access (vsftpd: anonymous_enable=NO; ProFTPD: remove the <Anonymous> block).`,
              zh: `服务器接受了 anonymous 账号和任意口令，匿名根目录下的一切都对外公开${shown.length > 0 ? `，可见内容：${shown.slice(0, 10).join('、')}` : ''}。除非这是有意公开的文件仓库，否则请禁用匿名访问（vsftpd：anonymous_enable=NO；ProFTPD：删除 <Anonymous> 配置段）。`,
            },
            action: 'harden',
            evidence,
          },
        ];
        if (!ctx.intrusive) return { status: 'ok', evidence: { ...evidence, writeTested: false }, findings };
        const name = `portwarden-${randomBytes(4).toString('hex')}.txt`;
        const dirs = [
          '',
          ...entries
            .filter((e) => e.type === 'dir' && UPLOAD_DIRS.test(e.name))
            .slice(0, 3)
            .map((e) => `${e.name}/`),
        ];
        const writable: string[] = [];
        const leftBehind: string[] = [];
        for (const dir of dirs) {
          const w = await tryWrite(s, `${dir}${name}`);
          if (w.stored) writable.push(dir === '' ? '/' : dir);
          if (w.stored && !w.deleted) leftBehind.push(`${dir}${name}`);
        }
        const all: Evidence = {
          ...evidence,
          writeTested: true,
          writable: writable.join(', '),
          leftBehind: leftBehind.join(', '),
        };
        if (writable.length > 0) {
          findings.push({
            key: 'writable',
            severity: 'high',
            title: { en: 'Anonymous users can upload files', zh: '匿名用户可以上传文件' },
            detail: {
              en: `A test file could be stored in ${writable.join(', ')} without an account${leftBehind.length > 0 ? ` and could not be deleted again (${leftBehind.join(', ')} is still there)` : ' (it was deleted again)'}. Writable anonymous areas are used to distribute stolen or illegal files and malware. Turn off anonymous uploads (vsftpd: anon_upload_enable=NO, anon_mkdir_write_enable=NO).`,
              zh: `无需账号即可在 ${writable.join('、')} 中写入测试文件${leftBehind.length > 0 ? `，且无法再删除（${leftBehind.join('、')} 仍在服务器上）` : '（测试文件已删除）'}。可写的匿名目录常被用来分发被盗或非法文件以及恶意软件。请关闭匿名上传（vsftpd：anon_upload_enable=NO、anon_mkdir_write_enable=NO）。`,
            },
            action: 'harden',
            evidence: { writable: writable.join(', '), leftBehind: leftBehind.join(', ') },
          });
        }
        return { status: 'ok', evidence: all, findings };
      });
    } catch (err) {
      return networkFailure(err);
    }
  },
};
