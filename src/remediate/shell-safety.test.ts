// Every command portwarden prints must, pasted into its shell, run exactly the argument vector it built — whatever a
// hostile process name, command line, unit name, path or SNMP community looks like. POSIX commands are checked by
// letting /bin/sh parse them; PowerShell's single-quoted strings by decoding them back; cmd.exe refuses what it cannot
// quote.
import { execFileSync } from 'node:child_process';
import { describe, expect, it } from 'vitest';
import type { Finding } from '../core/finding.js';
import { texts } from '../core/i18n.js';
import { auditRun, index, socket } from '../../test/support/remediate-runs.js';
import { buildPlan } from './plan.js';
import { cmdQuote, displayCommand, isUnitName, powershellQuote, shellQuote } from './quote.js';
import { recipeSteps } from './recipes.js';
import { ownerFromCgroup, ownerOf, parseListSockets, type ServiceOwner } from './service.js';
import { PLATFORMS, type Command, type FixPlan } from './types.js';

const HOSTILE = [
  "it's",
  'a b',
  '$(touch /tmp/pwned)',
  '`id`',
  '"; rm -rf / #',
  'line1\nline2',
  'tab\there',
  '-rf',
  '--help',
  '*',
  '~root',
  '!!',
  'x;y|z&w>v<u',
  '\\',
  "''",
  'ünïcødé 端口',
  '',
  '%PATH%',
  '‘smart’',
];

/** What /bin/sh makes of a printed command line: its words, NUL-separated. */
function shWords(line: string): string[] {
  const out = execFileSync('/bin/sh', ['-c', `for a in ${line}; do printf '%s\\0' "$a"; done`], { encoding: 'utf8' });
  return out.split('\0').slice(0, -1);
}

/** Decode the PowerShell quoting powershellQuote produces (bare word, or '…' with doubled quotes). */
function psDecode(token: string): string {
  if (!token.startsWith("'")) {
    expect(token).toMatch(/^-?[A-Za-z0-9_.:/\\,-]+$/);
    return token;
  }
  expect(token.endsWith("'")).toBe(true);
  const body = token.slice(1, -1);
  // Inside, every quote character comes in pairs: nothing can end the string early.
  expect(body.replace(/(['\u2018\u2019\u201a\u201b])\1/g, '')).not.toMatch(/['\u2018\u2019\u201a\u201b]/);
  return body.replace(/(['\u2018\u2019\u201a\u201b])\1/g, '$1');
}

function allCommands(plan: FixPlan): Command[] {
  return [
    ...plan.setup,
    ...plan.finish,
    ...plan.rollback,
    ...[...plan.actions, ...plan.keep].flatMap((p) => p.steps.flatMap((s) => s.commands)),
  ];
}

describe('quoting', () => {
  it('POSIX: /bin/sh reads back exactly each hostile argument', () => {
    for (const h of HOSTILE) {
      const line = ['echo', h].map(shellQuote).join(' ');
      expect(shWords(line.slice('echo '.length))).toEqual([h]);
    }
  });

  it('PowerShell: single quotes with doubled quotes, nothing expandable left outside', () => {
    for (const h of HOSTILE) {
      const q = powershellQuote(h);
      if (/^-[A-Za-z][A-Za-z0-9]*$/.test(h)) continue; // a parameter name stays a parameter name
      expect(psDecode(q)).toBe(h);
    }
  });

  it('cmd.exe: quotes key=value values, refuses what cmd cannot quote', () => {
    expect(cmdQuote('name=portwarden: block TCP 23')).toBe('name="portwarden: block TCP 23"');
    expect(cmdQuote('dir=in')).toBe('dir=in');
    for (const h of ['a"b', '%PATH%', 'a^b', 'x\ny']) expect(() => cmdQuote(h)).toThrow(/cannot be quoted/);
  });

  it('unit names: only what systemd accepts', () => {
    expect(isUnitName('vsftpd.service')).toBe(true);
    expect(isUnitName('telnet@0-203.0.113.1:23-203.0.113.2:5000.service')).toBe(true);
    expect(isUnitName('sys-devices-x\\x2dy.mount')).toBe(true);
    // A backslash is systemd's own escape character: valid, and quoted like any other argument.
    for (const h of HOSTILE.filter((x) => x !== '\\'))
      expect(isUnitName(`${h}.service`), JSON.stringify(h)).toBe(false);
    expect(isUnitName('a b.service')).toBe(false);
    expect(isUnitName('$(reboot).service')).toBe(false);
  });
});

describe('hostile names in plans', () => {
  const cgroups = HOSTILE.map((h) => `0::/system.slice/${h}.service`);
  it('refuses unit names from cgroups that systemd would not accept', () => {
    for (const c of cgroups) {
      const owner = ownerFromCgroup(c);
      if (owner !== null) expect(owner.kind === 'systemd-service' && isUnitName(owner.unit)).toBe(true);
    }
    expect(ownerFromCgroup('/system.slice/$(reboot).service')).toBeNull();
    expect(parseListSockets('[::]:23 $(reboot).socket x.service\n[::]:24 ok.socket a;b.service ok@1.service')).toEqual([
      { listen: '[::]:24', unit: 'ok.socket', activates: ['ok@1.service'] },
    ]);
  });

  it('every command of every platform, for hostile process names and command lines, parses back to its argv', () => {
    // Ports the knowledge base says to close, each held by every hostile process (a service step per holder).
    const holders = HOSTILE.map((h, i) => ({ pid: 4000 + i, name: h, command: `/opt/${h}/bin\0--conf=${h}\0` }));
    const sockets = [socket(21, '0.0.0.0', null), socket(23, '0.0.0.0', null), socket(79, '0.0.0.0', null)].map(
      (s) => ({
        ...s,
        processes: holders.map((h) => ({ ...h, user: 'root' })),
      }),
    );
    const run = auditRun(sockets);
    const owners = new Map<string, ServiceOwner>();
    for (const s of sockets) {
      s.processes.forEach((p, i) => {
        owners.set(
          `${s.port}/${p.pid}`,
          ownerOf(s.port, p, i % 2 === 0 ? null : `0::/system.slice/${p.name}.service`, []),
        );
      });
    }
    let posix = 0;
    for (const platform of PLATFORMS) {
      const plan = buildPlan(
        run,
        { platform, allowFrom: ['10.0.0.0/8'], threshold: 'info', ssh: null },
        { index, owners },
      );
      for (const cmd of allCommands(plan)) {
        if (cmd.script !== undefined) {
          // Fixed scripts carry no value from a run.
          expect(HOSTILE.filter((h) => h.length > 3).some((h) => (cmd.script ?? '').includes(h))).toBe(false);
          continue;
        }
        const line = displayCommand(cmd);
        if (cmd.dialect === 'posix') {
          expect(shWords(line), line).toEqual(cmd.argv);
          posix += 1;
        } else if (cmd.dialect === 'powershell') {
          expect(cmd.argv.slice(1).map((a) => psDecode(powershellQuote(a)))).toEqual(cmd.argv.slice(1));
        } else {
          expect(line).not.toMatch(/[\n%^]/);
        }
      }
      if (platform === 'windows') continue;
      // Each hostile holder gets its own step: stopped by pid, its name shown as a JSON string, its command line quoted.
      const steps = plan.actions.flatMap((p) => p.steps).filter((st) => st.kind === 'service');
      expect(steps.length).toBeGreaterThanOrEqual(3 * (HOSTILE.length - 1));
      const pwned = steps.find((st) => st.text.en.includes('pwned'));
      expect(pwned?.text.en).toContain(`("$(touch /tmp/pwned)")`);
      expect(pwned?.text.en).toContain(`'/opt/$(touch /tmp/pwned)/bin' '--conf=$(touch /tmp/pwned)'`);
      expect(steps.some((st) => st.text.en.includes('"line1\\nline2"'))).toBe(true);
      expect(
        steps.flatMap((st) => st.commands).every((c) => (c.argv[0] === 'kill' ? /^\d+$/.test(c.argv[1] ?? '') : true)),
      ).toBe(true);
    }
    expect(posix).toBeGreaterThan(50);
  });

  it('an SNMP community with quotes reaches PowerShell quoted, and with control characters is refused', () => {
    const finding = (community: string): Finding => ({
      id: `snmp-community:h:udp/161:${community}`,
      rule: 'snmp-community',
      severity: 'high',
      target: { host: 'h', transport: 'udp', port: 161, address: null },
      title: texts('fix.text.why'),
      detail: texts('fix.text.why'),
      action: 'harden',
      evidence: { community },
    });
    const hostile = `pub'lic"; Restart-Computer; '`;
    const [step] = recipeSteps(finding(hostile), true, null);
    const remove = step?.commands[0];
    expect(remove?.argv.at(-1)).toBe(hostile);
    const shown = displayCommand(remove as Command);
    expect(shown.endsWith(`-Name 'pub''lic"; Restart-Computer; '''`)).toBe(true);
    const [unsafe] = recipeSteps(finding('pub\nlic'), true, null);
    expect(unsafe?.commands).toEqual([]);
    expect(unsafe?.text.en).toContain('"pub\\nlic"');
    const [linux] = recipeSteps(finding(hostile), false, null);
    expect(linux?.text.en).toContain(JSON.stringify(hostile));
  });
});
