// INN 2 with every path under the host's directory (INNCONF points innd and nnrpd at a private inn.conf): innd on
// 119 hands readers to nnrpd with a readers.conf that lets anyone read and post and offers AUTHINFO over plaintext;
// a standalone nnrpd on 1119 uses a read-only readers.conf with no logins (greets 201).
import { chownSync, mkdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { LabHost } from '../lab.js';

const PATHS = [
  'etc',
  'db',
  'spool',
  'spool/articles',
  'spool/overview',
  'spool/incoming',
  'spool/incoming/tmp',
  'spool/outgoing',
  'spool/archive',
  'log',
  'run',
  'http',
];

export const host: LabHost = {
  name: 'nntp',
  octet: 27,
  description: 'INN 2 under ctx.dir: innd on 119 (open posting, AUTHINFO without TLS), read-only nnrpd on 1119',
  packages: ['inn2', 'util-linux'],
  programs: ['/usr/lib/news/bin/innd', '/usr/lib/news/bin/nnrpd', '/usr/lib/news/bin/makedbz', 'setpriv'],
  async start(ctx) {
    const root = join(ctx.dir, 'inn');
    const id = /uid=(\d+)\S* gid=(\d+)/.exec(ctx.exec('id', ['news']));
    const uid = Number(id?.[1] ?? 9);
    const gid = Number(id?.[2] ?? 9);
    for (const p of ['', ...PATHS]) {
      mkdirSync(join(root, p), { recursive: true, mode: 0o775 });
      chownSync(join(root, p), uid, gid);
    }
    const etc = join(root, 'etc');
    const put = (path: string, content: string): void => {
      const file = ctx.file(join('inn', path), content);
      chownSync(file, uid, gid);
    };
    // The package's own files as a base, with every path and name overridden.
    const base = readFileSync('/etc/news/inn.conf', 'utf8').replace(
      /^(?:path\w+|domain|pathhost|server|port|bindaddress|bindaddress6):.*$/gm,
      '',
    );
    put(
      'etc/inn.conf',
      `${base}
domain: lab.test
pathhost: news.lab.test
server: 127.0.0.1
port: 119
pathnews: /usr/lib/news
pathbin: /usr/lib/news/bin
pathcontrol: /usr/lib/news/bin/control
pathfilter: /etc/news/filter
pathetc: ${etc}
pathdb: ${join(root, 'db')}
pathspool: ${join(root, 'spool')}
patharticles: ${join(root, 'spool/articles')}
pathoverview: ${join(root, 'spool/overview')}
pathincoming: ${join(root, 'spool/incoming')}
pathtmp: ${join(root, 'spool/incoming/tmp')}
pathoutgoing: ${join(root, 'spool/outgoing')}
patharchive: ${join(root, 'spool/archive')}
pathlog: ${join(root, 'log')}
pathrun: ${join(root, 'run')}
pathhttp: ${join(root, 'http')}
`,
    );
    for (const f of [
      'newsfeeds',
      'incoming.conf',
      'storage.conf',
      'expire.ctl',
      'control.ctl',
      'control.ctl.local',
      'distrib.pats',
      'distributions',
      'moderators',
      'localgroups',
      'nocem.ctl',
      'subscriptions',
      'inn-secrets.conf',
      'innshellvars.local',
      'innshellvars.pl.local',
      'innshellvars.tcl.local',
      'innwatch.ctl',
      'innreport.conf',
      'nnrpd.track',
      'passwd.nntp',
    ]) {
      put(`etc/${f}`, readFileSync(`/etc/news/${f}`, 'utf8'));
    }
    put('etc/passwd.nntp', 'reader:$1$portward$0jX2FhHqUO3FBI5nkkQJz/\n');
    put(
      'etc/readers.conf',
      `auth "accounts" {\n  hosts: "*"\n  auth: "ckpasswd -f ${etc}/passwd.nntp"\n}\nauth "anyone" {\n  hosts: "*"\n  default: "<anyone>"\n}\naccess "all" {\n  users: "*"\n  newsgroups: "*"\n  access: RP\n}\n`,
    );
    put(
      'etc/readers-ro.conf',
      `auth "anyone" {\n  hosts: "*"\n  default: "<anyone>"\n}\naccess "all" {\n  users: "*"\n  newsgroups: "*"\n  access: R\n}\n`,
    );
    put(
      'db/active',
      'local.test 0000000000 0000000001 y\njunk 0000000000 0000000001 n\ncontrol 0000000000 0000000001 n\ncontrol.cancel 0000000000 0000000001 n\n',
    );
    put('db/active.times', '');
    put('db/newsgroups', 'local.test\tThe lab test group.\n');
    put('db/history', '');
    const inn = `INNCONF=${etc}/inn.conf`;
    ctx.exec('setpriv', [
      '--reuid=news',
      '--regid=news',
      '--clear-groups',
      'env',
      inn,
      '/usr/lib/news/bin/makedbz',
      '-i',
      '-o',
    ]);
    ctx.daemon('env', [inn, '/usr/lib/news/bin/innd', '-f'], 'innd');
    ctx.daemon(
      'env',
      [inn, '/usr/lib/news/bin/nnrpd', '-D', '-f', '-p', '1119', '-c', `${etc}/readers-ro.conf`],
      'nnrpd-1119',
    );
    await Promise.all([ctx.waitTcp(119), ctx.waitTcp(1119)]);
  },
};
