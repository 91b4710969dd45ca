/**
 * WS-Management (DMTF DSP0226) as WinRM and OMI speak it on /wsman: the anonymous Identify request (DSP0226
 * §11), a parse of its IdentifyResponse, and the authentication schemes of a 401's WWW-Authenticate headers.
 * No I/O here.
 */

/** The SOAP envelope of an Identify request; sent with `WSMANIDENTIFY: unauthenticated`. */
export const IDENTIFY_BODY =
  '<?xml version="1.0" encoding="UTF-8"?>' +
  '<s:Envelope xmlns:s="http://www.w3.org/2003/05/soap-envelope" ' +
  'xmlns:wsmid="http://schemas.dmtf.org/wbem/wsman/identity/1/wsmanidentity.xsd">' +
  '<s:Header/><s:Body><wsmid:Identify/></s:Body></s:Envelope>';

export const SOAP_CONTENT_TYPE = 'application/soap+xml;charset=UTF-8';

/** What an IdentifyResponse says. */
export interface WsmanIdentity {
  readonly protocolVersion: string | null;
  readonly productVendor: string | null;
  readonly productVersion: string | null;
  /** Windows: 'OS: 10.0.17763 SP: 0.0 Stack: 3.0' gives these two. */
  readonly osVersion: string | null;
  readonly stackVersion: string | null;
}

function element(xml: string, name: string): string | null {
  // Any namespace prefix; the content is plain text in every implementation.
  const m = new RegExp(`<(?:[A-Za-z0-9_-]+:)?${name}(?:\\s[^>]*)?>([^<]{0,512})</(?:[A-Za-z0-9_-]+:)?${name}>`).exec(
    xml,
  );
  const text = m?.[1]?.trim();
  // eslint-disable-next-line no-control-regex
  return text === undefined || text === '' ? null : text.replace(/[\x00-\x1f\x7f]/g, '');
}

/**
 * Parse an IdentifyResponse body; null when it is none.
 * @example parseIdentify(body)?.productVendor // 'Microsoft Corporation'
 */
export function parseIdentify(body: string): WsmanIdentity | null {
  if (!/IdentifyResponse/.test(body)) return null;
  const productVersion = element(body, 'ProductVersion');
  const os = productVersion === null ? null : /OS:\s*([0-9][0-9.]*)/.exec(productVersion);
  const stack = productVersion === null ? null : /Stack:\s*([0-9][0-9.]*)/.exec(productVersion);
  return {
    protocolVersion: element(body, 'ProtocolVersion'),
    productVendor: element(body, 'ProductVendor'),
    productVersion,
    osVersion: os?.[1] ?? null,
    stackVersion: stack?.[1] ?? null,
  };
}

/**
 * The auth-scheme names offered by WWW-Authenticate header values (RFC 9110 §11.6.1), in order, deduplicated:
 * a scheme is a token at the start of a value or after a comma, followed by a space, a comma or the end.
 * @example authSchemes(['Negotiate', 'Basic realm="WSMAN"']) // ['Negotiate', 'Basic']
 */
export function authSchemes(values: readonly string[]): string[] {
  const out: string[] = [];
  for (const value of values) {
    // Drop quoted strings so commas inside realm="a, b" do not split.
    const plain = value.replace(/"(?:[^"\\]|\\.)*"/g, '""');
    for (const part of plain.split(',')) {
      const m = /^\s*([A-Za-z][A-Za-z0-9!#$%&'*+.^_`|~-]*)(?:\s+[^=\s]|\s*$)/.exec(part);
      const scheme = m?.[1];
      if (scheme !== undefined && !out.some((s) => s.toLowerCase() === scheme.toLowerCase())) out.push(scheme);
    }
  }
  return out;
}

/** OMI (Open Management Infrastructure, the Linux WS-Management server) and its version, from any text. */
export function omiVersion(text: string): string | null {
  if (!/\bOMI\b|Open Management Infrastructure/i.test(text)) return null;
  return /([0-9]+\.[0-9]+\.[0-9]+(?:-[0-9]+)?)/.exec(text)?.[1] ?? '';
}

/** Whether OMI `version` ('1.6.8-0') is older than 1.6.8-1, the OMIGOD fix (CVE-2021-38647). */
export function omiVulnerable(version: string): boolean {
  const m = /^(\d+)\.(\d+)\.(\d+)(?:-(\d+))?$/.exec(version);
  if (m === null) return false;
  const parts = [m[1], m[2], m[3], m[4] ?? '0'].map(Number);
  const fixed = [1, 6, 8, 1];
  for (let i = 0; i < 4; i++) {
    const a = parts[i] ?? 0;
    const b = fixed[i] ?? 0;
    if (a !== b) return a < b;
  }
  return false;
}
