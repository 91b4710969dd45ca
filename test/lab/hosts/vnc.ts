// TigerVNC's Xvnc with -SecurityTypes None: anyone who connects gets the desktop; vnc-auth reports it critical.
import type { LabHost, LabHostContext } from '../lab.js';

/**
 * Start Xvnc on port 5900 with `security` arguments. The display number is the octet so that hosts never share
 * one; no lock file, no Unix or X11 TCP listener, so nothing is written outside ctx.dir.
 */
export async function startXvnc(ctx: LabHostContext, display: number, security: readonly string[]): Promise<void> {
  ctx.daemon(
    'Xtigervnc',
    [
      `:${display}`,
      '-nolock',
      '-nolisten',
      'unix',
      '-nolisten',
      'tcp',
      '-rfbport',
      '5900',
      '-geometry',
      '640x480',
      '-depth',
      '16',
      // Identification and checks open several unauthenticated connections; TigerVNC's default (5 within its
      // blacklist timeout) would lock the scanner out for the rest of a test run.
      '-BlacklistThreshold',
      '1000',
      ...security,
    ],
    'xvnc',
  );
  await ctx.waitTcp(5900);
}

export const host: LabHost = {
  name: 'vnc',
  octet: 175,
  description: 'TigerVNC Xvnc without authentication (SecurityTypes None)',
  packages: ['tigervnc-standalone-server'],
  programs: ['Xtigervnc'],
  async start(ctx) {
    await startXvnc(ctx, 175, ['-SecurityTypes', 'None']);
  },
};
