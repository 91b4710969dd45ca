// An NFSv3-style RPC host: rpcbind answering over TCP and UDP from anywhere, with a MOUNT server registered that
// exports one directory to every host and one to the lab network. rpcinfo, nfs-showmount and
// rpcbind-udp-amplification must all report here.
import type { LabHost } from '../lab.js';
import { buildMountd, startRpcbind } from '../rpcbind.js';

export const host: LabHost = {
  name: 'rpc',
  octet: 111,
  description: 'rpcbind on TCP+UDP 111 for everyone, a libtirpc MOUNT v1/v3 server exporting /srv/public to *',
  packages: ['rpcbind', 'libtirpc-dev', 'gcc'],
  programs: ['rpcbind', 'rpcgen', 'gcc', 'unshare'],
  async start(ctx) {
    const program = buildMountd(ctx);
    await startRpcbind(ctx, {
      rpcbindArgs: [],
      mountd: { program, exports: ['/srv/public=*', '/srv/home=203.0.113.0/24'] },
    });
    // The MOUNT server registers a moment after rpcbind is up.
    for (let i = 0; i < 50; i++) {
      if (ctx.run('rpcinfo', ['-p', ctx.address]).stdout.includes('100005')) return;
      await new Promise((r) => setTimeout(r, 100));
    }
    throw new Error('the MOUNT server did not register with rpcbind');
  },
};
