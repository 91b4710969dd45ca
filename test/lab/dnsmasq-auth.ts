// dnsmasq as an authoritative-only server for the zone lab.test, shared by the dns-auth and dns-closed lab hosts.
import type { LabHostContext } from './lab.js';

/** The zone both authoritative lab hosts serve. */
export const LAB_ZONE = 'lab.test';

/** Start dnsmasq answering only for lab.test on eth0: no recursion there, zone transfers only if `axfr`. */
export async function startAuthDnsmasq(ctx: LabHostContext, options: { axfr: boolean; ident: boolean }): Promise<void> {
  const conf = ctx.file(
    'dnsmasq.conf',
    [
      // Recursive service only on loopback (with no upstream); eth0 gets authoritative answers only.
      'interface=lo',
      'bind-interfaces',
      'no-resolv',
      'no-hosts',
      'no-poll',
      'user=root',
      `pid-file=${ctx.dir}/dnsmasq.pid`,
      'log-facility=-',
      'log-queries',
      `auth-server=ns.${LAB_ZONE},eth0`,
      `auth-zone=${LAB_ZONE}`,
      `auth-soa=2024010101,hostmaster.${LAB_ZONE}`,
      // Naming secondaries without auth-peer lets anyone transfer the zone (dnsmasq(8), --auth-sec-servers).
      ...(options.axfr ? [`auth-sec-servers=ns2.${LAB_ZONE}`] : []),
      ...(options.ident ? [] : ['no-ident']),
      `host-record=ns.${LAB_ZONE},${ctx.address}`,
      `host-record=ns2.${LAB_ZONE},203.0.113.55`,
      `host-record=www.${LAB_ZONE},203.0.113.10,2001:db8:203::10`,
      `host-record=mail.${LAB_ZONE},203.0.113.11`,
      `host-record=intranet.${LAB_ZONE},203.0.113.12`,
      `mx-host=${LAB_ZONE},mail.${LAB_ZONE},10`,
      `txt-record=${LAB_ZONE},"v=spf1 mx -all"`,
      `srv-host=_ldap._tcp.${LAB_ZONE},intranet.${LAB_ZONE},389`,
      '',
    ].join('\n'),
  );
  ctx.daemon('dnsmasq', ['--no-daemon', `--conf-file=${conf}`], 'dnsmasq');
  await ctx.waitTcp(53);
}
