// Postfix and Dovecot plumbing shared by the mail lab hosts (test/lab/hosts/smtp-*.ts, mail-*.ts). Every path —
// configuration, queue, sockets, state, logs, certificates — is under the host's own directory, so several
// instances of each daemon run side by side without touching /etc, /var or /run.
import { chownSync, existsSync, mkdirSync } from 'node:fs';
import { execFileSync } from 'node:child_process';
import { join } from 'node:path';
import type { LabHostContext } from './lab.js';

/** The mailbox user the lab tests log in with (cleartext on purpose: these hosts exist to be found weak). */
export const MAIL_USER = 'labuser';
export const MAIL_PASSWORD = 'lab-password-1';

/** Postfix's daemons run as `postfix`; the queue and data directories must belong to it. */
function postfixOwned(path: string): void {
  mkdirSync(path, { recursive: true });
  const uid = Number(execFileSync('id', ['-u', 'postfix'], { encoding: 'utf8' }).trim());
  const gid = Number(execFileSync('id', ['-g', 'postfix'], { encoding: 'utf8' }).trim());
  chownSync(path, uid, gid);
}

/**
 * Start Postfix in the foreground from a private config directory `<dir>/postfix`, with its queue and data under
 * `dir`, no chroot, logging to `<dir>/postfix.log`. `main` adds to or overrides main.cf.
 */
export async function startPostfix(
  ctx: LabHostContext,
  main: Readonly<Record<string, string>>,
  options: {
    readonly saslAuth?: boolean;
    /** More master.cf lines (submission on 587, smtps on 465). */
    readonly master?: readonly string[];
  } = {},
): Promise<void> {
  const config = join(ctx.dir, 'postfix');
  const queue = join(ctx.dir, 'queue');
  mkdirSync(queue, { recursive: true });
  postfixOwned(join(ctx.dir, 'data'));
  const saslSocket = join(ctx.dir, 'dovecot-run', 'postfix-auth');
  if (options.saslAuth === true) {
    // Dovecot answers Postfix's SASL questions (smtpd_sasl_type = dovecot) on a socket of its own; it must be up
    // before smtpd's first connection, or smtpd dies and master throttles it for a minute.
    await startDovecot(
      ctx,
      [
        'protocols =',
        'ssl = no',
        'disable_plaintext_auth = no',
        'auth_mechanisms = plain login',
        `service auth {\n  unix_listener ${saslSocket} {\n    mode = 0666\n  }\n}`,
      ],
      [],
    );
    await waitFor(saslSocket);
  }
  const settings: Record<string, string> = {
    compatibility_level: '3.6',
    queue_directory: queue,
    data_directory: join(ctx.dir, 'data'),
    mail_owner: 'postfix',
    setgid_group: 'postdrop',
    inet_interfaces: 'all',
    inet_protocols: 'all',
    mydomain: 'pwlab.test',
    myorigin: '$myhostname',
    mydestination: '$myhostname, localhost',
    alias_maps: '',
    alias_database: '',
    biff: 'no',
    smtpd_peername_lookup: 'no',
    // Outbound delivery never happens in the lab (no route out, checks stop before DATA, master.cf has no smtp
    // client); should a message ever be queued it stays deferred. (An error: transport would refuse relaying at
    // RCPT time and hide the open relay.)
    defer_transports: 'smtp, relay',
    maillog_file: join(ctx.dir, 'postfix.log'),
    maillog_file_prefixes: ctx.dir,
    ...(options.saslAuth === true && { smtpd_sasl_type: 'dovecot', smtpd_sasl_path: saslSocket }),
    smtpd_banner: '$myhostname ESMTP $mail_name (Debian/GNU)',
    ...main,
  };
  ctx.file(
    'postfix/main.cf',
    Object.entries(settings)
      .map(([k, v]) => `${k} = ${v}`)
      .join('\n') + '\n',
  );
  ctx.file('postfix/master.cf', [MASTER_CF, ...(options.master ?? [])].join('\n') + '\n');
  // postfix-script's integrity check creates the queue's subdirectories with their owners and modes.
  ctx.exec('postfix', ['-c', config, 'check']);
  ctx.daemon('postfix', ['-c', config, 'start-fg'], 'postfix-master');
  await ctx.waitTcp(25);
  // master accepts on 25 even when smtpd dies on a bad setting: ready means a 220 greeting.
  const greeting = ctx.run(process.execPath, ['-e', GREETING_PROBE.replace('ADDRESS', ctx.address)]);
  if (!greeting.stdout.startsWith('220')) {
    throw new Error(`postfix on ${ctx.address} does not greet: ${greeting.stdout}${greeting.stderr}`.slice(0, 400));
  }
}

async function waitFor(path: string): Promise<void> {
  for (let i = 0; i < 100 && !existsSync(path); i++) await new Promise((r) => setTimeout(r, 100));
  if (!existsSync(path)) throw new Error(`${path} did not appear`);
}

const GREETING_PROBE = `const s=require('net').connect(25,'ADDRESS');let b='';s.on('data',d=>{b+=d;if(b.includes('\\n')){process.stdout.write(b);s.destroy()}});s.on('error',e=>{console.error(String(e));process.exit(1)});setTimeout(()=>{process.stdout.write(b);process.exit(1)},5000)`;

// Only what an SMTP server that queues nothing needs; no chroot (the queue is not under /var/spool/postfix).
const MASTER_CF = `smtp      inet  n       -       n       -       -       smtpd
pickup    unix  n       -       n       60      1       pickup
cleanup   unix  n       -       n       -       0       cleanup
qmgr      unix  n       -       n       300     1       qmgr
tlsmgr    unix  -       -       n       1000?   1       tlsmgr
rewrite   unix  -       -       n       -       -       trivial-rewrite
bounce    unix  -       -       n       -       0       bounce
defer     unix  -       -       n       -       0       bounce
trace     unix  -       -       n       -       0       bounce
verify    unix  -       -       n       -       1       verify
flush     unix  n       -       n       1000?   0       flush
proxymap  unix  -       -       n       -       -       proxymap
showq     unix  n       -       n       -       -       showq
error     unix  -       -       n       -       -       error
retry     unix  -       -       n       -       -       error
discard   unix  -       -       n       -       -       discard
local     unix  -       n       n       -       -       local
anvil     unix  -       -       n       -       1       anvil
scache    unix  -       -       n       -       1       scache
postlog   unix-dgram n  -       n       -       1       postlogd`;

/**
 * Start Dovecot in the foreground from `<dir>/dovecot/dovecot.conf`, with its sockets, state, logs and mailboxes
 * under `dir` and one passwd-file user (MAIL_USER). `settings` are top-level lines appended after the defaults.
 */
export async function startDovecot(
  ctx: LabHostContext,
  settings: readonly string[],
  wait: readonly number[],
): Promise<void> {
  const run = join(ctx.dir, 'dovecot-run');
  mkdirSync(run, { recursive: true, mode: 0o755 });
  mkdirSync(join(ctx.dir, 'dovecot-state'), { recursive: true });
  const home = join(ctx.dir, 'home');
  mkdirSync(home, { recursive: true });
  chownSync(home, 65534, 65534);
  const users = ctx.file('dovecot/users', `${MAIL_USER}:{PLAIN}${MAIL_PASSWORD}::::::\n`, 0o644);
  const conf = [
    `base_dir = ${run}`,
    `state_dir = ${join(ctx.dir, 'dovecot-state')}`,
    `log_path = ${join(ctx.dir, 'dovecot.log')}`,
    'listen = *, ::',
    'first_valid_uid = 1',
    'mail_uid = 65534',
    'mail_gid = 65534',
    `mail_location = maildir:${home}/%u/Maildir`,
    `passdb {\n  driver = passwd-file\n  args = ${users}\n}`,
    `userdb {\n  driver = static\n  args = home=${home}/%u\n}`,
    ...settings,
  ];
  ctx.file('dovecot/dovecot.conf', conf.join('\n') + '\n');
  ctx.daemon('dovecot', ['-F', '-c', join(ctx.dir, 'dovecot', 'dovecot.conf')], 'dovecot-master');
  for (const port of wait) await ctx.waitTcp(port);
}
