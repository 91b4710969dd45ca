/**
 * ftp-banner: reads the FTP greeting, SYST and FEAT (before any login) and reports the server product, version and
 * platform; flags a greeting that names the exact version, and versions with known backdoors or unauthenticated
 * flaws.
 *
 * @output
 * 21/tcp ftp-banner: 220 (vsFTPd 3.0.3) — vsftpd 3.0.3, UNIX; FEAT: EPSV, PASV, SIZE, UTF8 (version disclosed)
 */
import type { Check, CheckFinding, Evidence } from './types.js';
import { ftpFeatures, ftpProduct, replyText, type FtpProduct } from '../protocols/ftp/codec.js';
import { networkFailure, withFtp } from '../protocols/ftp/client.js';

/** Releases that are dangerous by their version alone. */
function knownFlaw(p: FtpProduct): CheckFinding | null {
  if (p.product === 'vsftpd' && p.version === '2.3.4') {
    return {
      key: 'vsftpd-2.3.4-backdoor',
      severity: 'critical',
      title: { en: 'vsftpd 2.3.4: the release that shipped with a backdoor', zh: 'vsftpd 2.3.4：曾被植入后门的版本' },
      detail: {
        en: 'The vsftpd 2.3.4 archive distributed in mid-2011 opened a root shell on port 6200 when a user name ended in ":)" (CVE-2011-2523). Treat the host as compromised until the binary is verified, and replace it with a current packaged release.',
        zh: '2011 年年中流传的 vsftpd 2.3.4 源码包含后门：用户名以 ":)" 结尾时会在 6200 端口打开 root shell（CVE-2011-2523）。在核实二进制文件之前应视主机为已被入侵，并换成发行版当前打包的版本。',
      },
      action: 'close',
      evidence: { cve: 'CVE-2011-2523' },
    };
  }
  if (p.product === 'ProFTPD' && p.version !== null && /^1\.3\.(?:[0-4]\b|5$|5rc)/.test(p.version)) {
    return {
      key: 'proftpd-mod-copy',
      severity: 'high',
      title: {
        en: 'ProFTPD version with the unauthenticated mod_copy flaw',
        zh: 'ProFTPD 版本存在无需登录的 mod_copy 漏洞',
      },
      detail: {
        en: `ProFTPD ${p.version} predates 1.3.5a: when mod_copy is loaded, SITE CPFR/CPTO let anyone copy files on the server without logging in (CVE-2015-3306), which has been used to plant web shells. Upgrade, or remove mod_copy.`,
        zh: `ProFTPD ${p.version} 早于 1.3.5a：加载 mod_copy 时，任何人无需登录就能用 SITE CPFR/CPTO 在服务器上复制文件（CVE-2015-3306），曾被用来植入网页后门。请升级或移除 mod_copy 模块。`,
      },
      action: 'harden',
      evidence: { cve: 'CVE-2015-3306' },
    };
  }
  return null;
}

export const check: Check = {
  id: 'ftp-banner',
  title: { en: 'FTP server identification', zh: 'FTP 服务器识别' },
  categories: ['safe', 'discovery'],
  references: ['RFC 959', 'RFC 2389', 'CVE-2011-2523', 'CVE-2015-3306'],
  applies: { transport: 'tcp', ports: [21], services: ['ftp'] },
  async run(ctx) {
    const { host, port } = ctx.target;
    try {
      return await withFtp({ host, port, timeoutMs: ctx.timeoutMs, signal: ctx.signal }, async (s) => {
        if (s.greeting.code !== 220) {
          return {
            status: 'not-applicable',
            reason: `the greeting is ${s.greeting.code}, not 220: ${replyText(s.greeting)}`,
          };
        }
        const banner = replyText(s.greeting);
        const syst = await s.command('SYST');
        const feat = await s.command('FEAT');
        const features = ftpFeatures(feat);
        const systText = syst.code === 215 ? replyText(syst) : null;
        const product = ftpProduct(s.greeting.lines.join('\n'), systText);
        const evidence: Evidence = {
          banner,
          syst: systText,
          features: features.join(', '),
          product: product?.product ?? null,
          version: product?.version ?? null,
          os: product?.os ?? null,
        };
        const findings: CheckFinding[] = [];
        if (product !== null && product.version !== null) {
          findings.push({
            key: 'version',
            severity: 'low',
            title: { en: 'The FTP greeting names the server version', zh: 'FTP 欢迎信息暴露了服务器版本' },
            detail: {
              en: `Anyone who connects learns that this is ${product.product} ${product.version}, which lets an attacker pick exploits for that exact release without probing. Set a neutral greeting (vsftpd: ftpd_banner; ProFTPD: ServerIdent off) and keep the server patched.`,
              zh: `任何人连上就能知道这是 ${product.product} ${product.version}，攻击者无需试探即可挑选针对该版本的利用代码。请改用不含产品信息的欢迎语（vsftpd：ftpd_banner；ProFTPD：ServerIdent off），并及时打补丁。`,
            },
            action: 'harden',
            evidence: { banner, product: product.product, version: product.version },
          });
        }
        const flaw = product === null ? null : knownFlaw(product);
        if (flaw !== null) findings.push({ ...flaw, evidence: { ...flaw.evidence, banner } });
        return {
          status: 'ok',
          evidence,
          findings,
          service: {
            service: 'ftp',
            banner,
            ...(product !== null && product.product !== 'unknown' && { product: product.product }),
            ...(product?.version != null && { version: product.version }),
            ...(product?.os != null && { extraInfo: product.os }),
          },
        };
      });
    } catch (err) {
      return networkFailure(err);
    }
  },
};
