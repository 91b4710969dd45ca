/** Matching a probe's reply against the signatures: pure, the heart of service identification. */
import type { ServiceInfo } from '../core/service.js';
import type { Signature, SignatureData } from './types.js';

/** A reply matched: the service and whatever the signature could read from it. */
export interface SignatureMatch {
  readonly service: string;
  readonly product?: string;
  readonly version?: string;
  readonly extraInfo?: string;
  readonly os?: string;
  readonly cpe?: string;
  readonly soft: boolean;
}

interface CompiledSignature {
  readonly signature: Signature;
  readonly regex: RegExp;
}

/** Signatures compiled once per probe name, in file order with hard matches before soft ones. */
export class SignatureMatcher {
  readonly #byProbe = new Map<string, CompiledSignature[]>();

  constructor(data: SignatureData) {
    for (const signature of data.signatures) {
      const list = this.#byProbe.get(signature.probe) ?? [];
      list.push({ signature, regex: new RegExp(signature.pattern, signature.flags) });
      this.#byProbe.set(signature.probe, list);
    }
    for (const list of this.#byProbe.values()) list.sort((a, b) => Number(a.signature.soft) - Number(b.signature.soft));
  }

  /** Whether some signature of `probe` names `service` with a product (it can say more than the name). */
  refines(probe: string, service: string): boolean {
    return (this.#byProbe.get(probe) ?? []).some(
      (c) => c.signature.service === service && c.signature.product !== undefined,
    );
  }

  /** Services any signature of this probe can name. */
  servicesOf(probe: string): Set<string> {
    return new Set((this.#byProbe.get(probe) ?? []).map((c) => c.signature.service));
  }

  /**
   * The best match of a reply to `probe`, or null. The reply is read as latin1 text, so any byte matches
   * `[\x00-\xff]` in a pattern. Only the first 64 KiB is looked at.
   * @example matcher.match('banner', bytesOf('220 (vsFTPd 3.0.3)\r\n'))?.product // 'vsftpd'
   */
  match(probe: string, reply: Uint8Array, only?: ReadonlySet<string>): SignatureMatch | null {
    const text = Buffer.from(reply.subarray(0, 65_536)).toString('latin1');
    for (const { signature, regex } of this.#byProbe.get(probe) ?? []) {
      if (only !== undefined && !only.has(signature.service)) continue;
      const m = regex.exec(text);
      if (m === null) continue;
      const fill = (template: string | undefined): string | undefined => {
        if (template === undefined) return undefined;
        const value = template.replace(/\$(\d)/g, (_, n: string) => m[Number(n)] ?? '').trim();
        return value === '' ? undefined : printable(value);
      };
      const product = fill(signature.product);
      const version = fill(signature.version);
      const extraInfo = fill(signature.info);
      const os = fill(signature.os);
      const cpe = fill(signature.cpe);
      return {
        service: signature.service,
        soft: signature.soft,
        ...(product !== undefined && { product }),
        ...(version !== undefined && { version }),
        ...(extraInfo !== undefined && { extraInfo }),
        ...(os !== undefined && { os }),
        ...(cpe !== undefined && { cpe }),
      };
    }
    return null;
  }
}

/** Control characters removed and length capped: what a hostile service says never reaches a terminal raw. */
export function printable(text: string, max = 200): string {
  // eslint-disable-next-line no-control-regex
  const clean = text.replace(/[\x00-\x08\x0b-\x1f\x7f-\x9f]/g, '').replace(/[\r\n\t]+/g, ' ');
  return clean.length > max ? `${clean.slice(0, max - 1)}…` : clean;
}

/** A match as the ServiceInfo the rest of the pipeline uses. */
export function serviceFromMatch(
  m: SignatureMatch,
  method: ServiceInfo['method'],
  tls: boolean,
  banner?: string,
): ServiceInfo {
  const extra = [m.extraInfo, m.os === undefined ? undefined : `os: ${m.os}`].filter((x) => x !== undefined);
  return {
    service: m.service,
    tls,
    method,
    confidence: m.soft ? 6 : 10,
    ...(m.product !== undefined && { product: m.product }),
    ...(m.version !== undefined && { version: m.version }),
    ...(extra.length > 0 && { extraInfo: extra.join('; ') }),
    ...(m.cpe !== undefined && { cpe: [m.cpe] }),
    ...(banner !== undefined && banner !== '' && { banner }),
  };
}
