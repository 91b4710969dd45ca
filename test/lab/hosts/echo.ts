// A plain TCP echo service on port 7 (RFC 862): the lab's own smoke test, with nothing to find.
import type { LabHost } from '../lab.js';

export const host: LabHost = {
  name: 'echo',
  octet: 7,
  description: 'TCP echo (RFC 862) on port 7, written in Node: the lab smoke test',
  packages: [],
  programs: [],
  async start(ctx) {
    ctx.daemon(
      process.execPath,
      ['-e', `require('net').createServer((s)=>{s.pipe(s);s.on('error',()=>{})}).listen(7,'::')`],
      'echo',
    );
    await ctx.waitTcp(7);
  },
};
