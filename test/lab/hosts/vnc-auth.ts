// TigerVNC's Xvnc with a password and TLS (VeNCrypt TLSVnc): vnc-auth must find nothing.
import type { LabHost } from '../lab.js';
import { startXvnc } from './vnc.js';

export const host: LabHost = {
  name: 'vnc-auth',
  octet: 176,
  description: 'TigerVNC Xvnc with VeNCrypt TLSVnc (password inside TLS)',
  packages: ['tigervnc-standalone-server', 'tigervnc-tools'],
  programs: ['Xtigervnc', 'vncpasswd'],
  async start(ctx) {
    const passwd = `${ctx.dir}/passwd`;
    ctx.file('passwd', new Uint8Array(), 0o600);
    ctx.exec('sh', ['-c', `vncpasswd -f > ${passwd}`], 'lab-only-vnc-8c2d\n');
    await startXvnc(ctx, 176, ['-SecurityTypes', 'TLSVnc', '-rfbauth', passwd]);
  },
};
