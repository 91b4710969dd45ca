import { describe, expect, it } from 'vitest';
import { SignatureMatcher } from './match.js';
import { loadSignatureSources, signatureProblems } from './sources.js';

describe('knowledge/probes and knowledge/signatures', () => {
  it('are valid, and every signature names a probe that exists', () => {
    const data = loadSignatureSources();
    expect(data.probes.map((p) => p.name)).toContain('banner');
    const probes = new Set(data.probes.map((p) => p.name));
    for (const s of data.signatures) expect(probes.has(s.probe), `${s.file}: ${s.probe}`).toBe(true);
    // Every pattern compiles in the matcher as it will at run time.
    expect(() => new SignatureMatcher(data)).not.toThrow();
  });

  it('reports bad sources in sentences that name the file', () => {
    const problems = signatureProblems(
      [{ file: 'x.yaml', data: { name: 'y', transport: 'tcp', ports: [], rarity: 1 } }],
      [
        {
          file: 'ftp.yaml',
          data: {
            matches: [
              { probe: 'nope', service: 'ftp', pattern: '^220' },
              { probe: 'banner', service: 'ftp', pattern: '^220 (' },
              { probe: 'banner', service: 'ftp', pattern: '^220 (\\d)', version: '$2' },
            ],
          },
        },
      ],
    );
    expect(problems).toEqual([
      'probes/x.yaml: file name should be y.yaml',
      'probes/x.yaml: give exactly one of text and payload',
      'signatures/ftp.yaml: match 1: no probe named nope',
      expect.stringMatching(/^signatures\/ftp\.yaml: match 2: the pattern is not a valid regular expression/),
      'signatures/ftp.yaml: match 3: version uses $2 but the pattern has 1 groups',
    ]);
  });
});

describe('SignatureMatcher', () => {
  const matcher = new SignatureMatcher({
    version: 1,
    probes: [],
    signatures: [
      {
        probe: 'banner',
        service: 'ssh',
        pattern: '^SSH-([\\d.]+)-OpenSSH_([\\w.]+)',
        flags: '',
        product: 'OpenSSH',
        version: '$2',
        info: 'protocol $1',
        soft: false,
        file: 't',
      },
      { probe: 'banner', service: 'ssh', pattern: '^SSH-', flags: '', soft: true, file: 't' },
    ],
  });
  it('fills product, version and info from groups, hard matches before soft ones', () => {
    expect(matcher.match('banner', Buffer.from('SSH-2.0-OpenSSH_9.2p1 Debian-2+deb12u3\r\n'))).toEqual({
      service: 'ssh',
      product: 'OpenSSH',
      version: '9.2p1',
      extraInfo: 'protocol 2.0',
      soft: false,
    });
    expect(matcher.match('banner', Buffer.from('SSH-1.99-Cisco-1.25\r\n'))).toEqual({ service: 'ssh', soft: true });
    expect(matcher.match('banner', Buffer.from('220 ftp\r\n'))).toBeNull();
  });
  it('never passes control characters of a hostile reply on', () => {
    const m = matcher.match('banner', Buffer.from('SSH-2.0-OpenSSH_9\x1b]0;pwned\x07'));
    expect(m?.version).toBe('9');
  });
});

describe('the shipped signatures', () => {
  const matcher = new SignatureMatcher(loadSignatureSources());
  it('do not take an SMTP server answering HELP for FTP', () => {
    const exim =
      '220 mx.example.net ESMTP Exim 4.96\r\n214-Commands supported:\r\n214 AUTH HELO EHLO MAIL RCPT DATA BDAT NOOP QUIT RSET HELP\r\n';
    const authRequired = '220 mail.example.net ESMTP\r\n530 5.7.0 Must issue a STARTTLS command first\r\n';
    for (const reply of [exim, authRequired])
      expect(matcher.match('help', Buffer.from(reply))?.service).not.toBe('ftp');
    const ftp = '220 FTP server ready\r\n530 Please login with USER and PASS.\r\n';
    expect(matcher.match('help', Buffer.from(ftp))?.service).toBe('ftp');
  });
});
