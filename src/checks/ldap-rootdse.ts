/**
 * ldap-rootdse: reads the root DSE (RFC 4512 §5.1) without binding: naming contexts, supported LDAP versions,
 * SASL mechanisms, StartTLS support and, where the server says, its vendor and version (Active Directory adds
 * its DNS host name and functional levels). On a plaintext port that does not offer StartTLS every bind travels in
 * cleartext: a finding. LDAPS ports (636, 3269) are read inside TLS.
 *
 * @output
 * 389/tcp ldap-rootdse: dc=lab,dc=test; LDAPv3; SASL: EXTERNAL; StartTLS offered
 */
import type { Check, CheckFinding } from './types.js';
import { NetworkError } from '../core/errors.js';
import { withStream } from '../protocols/net/stream.js';
import { ROOT_DSE_ATTRIBUTES, START_TLS_OID, attribute, encodeUnbind } from '../protocols/ldap/codec.js';
import { ldapsPort, readRootDse } from '../protocols/ldap/client.js';

const list = (values: readonly string[], max = 10): string | null =>
  values.length === 0 ? null : values.slice(0, max).join('; ').slice(0, 500);

export const check: Check = {
  id: 'ldap-rootdse',
  title: { en: 'LDAP root DSE', zh: 'LDAP 根 DSE 信息' },
  categories: ['safe', 'discovery'],
  references: ['RFC 4511', 'RFC 4512', 'RFC 4513', 'https://learn.microsoft.com/en-us/windows/win32/adschema/rootdse'],
  applies: { transport: 'tcp', ports: [389, 636, 3268, 3269], services: ['ldap', 'ldaps'] },
  async run(ctx) {
    const { host, port, service } = ctx.target;
    const tls = ldapsPort(port, service);
    try {
      return await withStream(
        {
          host,
          port,
          tls,
          signal: ctx.signal,
          limits: { connectTimeoutMs: ctx.timeoutMs, readTimeoutMs: ctx.timeoutMs, maxBytes: 512 * 1024 },
        },
        async (s) => {
          const dse = await readRootDse(s, 1, ROOT_DSE_ATTRIBUTES);
          s.write(encodeUnbind(2));
          const a = (name: string): string[] => attribute(dse.attributes, name);
          const extensions = a('supportedExtension');
          const startTls = extensions.includes(START_TLS_OID);
          const vendor = a('vendorName')[0] ?? null;
          const vendorVersion = a('vendorVersion')[0] ?? null;
          const activeDirectory = a('domainFunctionality').length > 0 || a('dnsHostName').length > 0;
          const evidence = {
            tls,
            readable: dse.attributes.size > 0,
            resultCode: dse.code,
            diagnostic: dse.diagnostic === '' ? null : dse.diagnostic.slice(0, 200),
            namingContexts: list(a('namingContexts')),
            defaultNamingContext: a('defaultNamingContext')[0] ?? null,
            ldapVersions: list(a('supportedLDAPVersion')),
            saslMechanisms: list(a('supportedSASLMechanisms'), 20),
            startTls: extensions.length > 0 ? startTls : null,
            vendor,
            vendorVersion,
            dnsHostName: a('dnsHostName')[0] ?? null,
            domainFunctionality: a('domainFunctionality')[0] ?? null,
            forestFunctionality: a('forestFunctionality')[0] ?? null,
          };
          const findings: CheckFinding[] = [];
          if (!tls && extensions.length > 0 && !startTls) {
            findings.push({
              key: 'no-starttls',
              severity: 'medium',
              title: { en: 'LDAP without StartTLS', zh: 'LDAP 不支持 StartTLS' },
              detail: {
                en: 'The root DSE lists supported extensions but not StartTLS (1.3.6.1.4.1.1466.20037), so simple binds on this port send DNs and passwords in cleartext. Configure a certificate (olcTLSCertificateFile / LDAPServerIntegrity) and require TLS or signing for binds.',
                zh: '根 DSE 列出了支持的扩展，但没有 StartTLS（1.3.6.1.4.1.1466.20037），该端口上的简单绑定会以明文发送 DN 和口令。请配置证书（olcTLSCertificateFile / LDAPServerIntegrity），并要求绑定时使用 TLS 或签名。',
              },
              action: 'harden',
              evidence: { supportedExtensions: list(extensions, 30) },
            });
          }
          const product = activeDirectory ? 'Microsoft Active Directory LDAP' : (vendor ?? undefined);
          return {
            status: 'ok',
            evidence,
            findings,
            service: {
              service: 'ldap',
              ...(product !== undefined && { product }),
              ...(vendorVersion !== null && { version: vendorVersion }),
              ...(tls && { tls: true }),
            },
          };
        },
      );
    } catch (err) {
      if (err instanceof NetworkError && err.code === 'BAD_REPLY' && /not LDAP/.test(err.message)) {
        return { status: 'not-applicable', reason: err.message };
      }
      return { status: 'error', error: err instanceof Error ? err.message : String(err) };
    }
  },
};
