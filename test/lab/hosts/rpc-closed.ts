// rpcbind locked down as the knowledge base advises: UDP bound to loopback only (no reflection), TCP 111
// rejected by the host firewall for everything but loopback, nothing but rpcbind registered.
import type { LabHost } from '../lab.js';
import { startRpcbind } from '../rpcbind.js';

export const host: LabHost = {
  name: 'rpc-closed',
  octet: 112,
  description:
    'rpcbind with UDP on loopback only (-h 127.0.0.2: rpcbind adds 127.0.0.1 and ::1 itself) and TCP 111 firewalled (nftables reject)',
  packages: ['rpcbind', 'nftables'],
  programs: ['rpcbind', 'nft', 'unshare'],
  async start(ctx) {
    await startRpcbind(ctx, { rpcbindArgs: ['-h', '127.0.0.2'], mountd: null });
    ctx.exec(
      'nft',
      ['-f', '-'],
      [
        'table inet pwlab_rpc {',
        '  chain input {',
        '    type filter hook input priority 0; policy accept;',
        '    iif "lo" accept',
        '    tcp dport 111 reject with tcp reset',
        '  }',
        '}',
      ].join('\n') + '\n',
    );
  },
};
