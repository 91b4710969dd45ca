/** WinRM/OMI over HTTP(S): one anonymous Identify and one empty authenticated-path POST to /wsman. */
import { header, headerAll, type HttpResponse } from '../http/codec.js';
import { httpRequest, type HttpTarget } from '../http/client.js';
import { IDENTIFY_BODY, SOAP_CONTENT_TYPE, authSchemes, parseIdentify, type WsmanIdentity } from './codec.js';

/** The WinRM target of a port: TLS on 5986 (wsmans) or when identification saw TLS. */
export function winrmTarget(
  host: string,
  port: number,
  service: { service: string; tls: boolean } | null,
  timeoutMs: number,
  signal?: AbortSignal,
): HttpTarget {
  const tls = service !== null ? service.tls || service.service === 'wsmans' : port === 5986;
  return { host, port, tls, timeoutMs, maxBytes: 64 * 1024, ...(signal !== undefined && { signal }) };
}

/** POST an anonymous Identify; the parsed identity (when the server allows anonymous Identify) and the response. */
export async function wsmanIdentify(
  target: HttpTarget,
): Promise<{ response: HttpResponse; identity: WsmanIdentity | null }> {
  const response = await httpRequest(
    target,
    'POST',
    '/wsman',
    [
      ['Content-Type', SOAP_CONTENT_TYPE],
      ['WSMANIDENTIFY', 'unauthenticated'],
    ],
    IDENTIFY_BODY,
  );
  return { response, identity: parseIdentify(Buffer.from(response.body).toString('utf8')) };
}

/** POST an empty SOAP request without credentials: the 401's WWW-Authenticate lists the accepted schemes. */
export async function wsmanChallenge(target: HttpTarget): Promise<{ response: HttpResponse; schemes: string[] }> {
  const response = await httpRequest(target, 'POST', '/wsman', [['Content-Type', SOAP_CONTENT_TYPE]], '');
  return { response, schemes: authSchemes(headerAll(response, 'www-authenticate')) };
}

/** Whether a response looks like a WS-Management endpoint (not just any web server answering /wsman). */
export function looksLikeWsman(response: HttpResponse, identity: WsmanIdentity | null): boolean {
  if (identity !== null) return true;
  const server = header(response, 'server') ?? '';
  const auth = headerAll(response, 'www-authenticate').join(' ');
  if (/Microsoft-HTTPAPI|\bOMI\b/i.test(server)) return response.status === 401 || response.status === 405;
  return response.status === 401 && /Negotiate|Kerberos|CredSSP|realm="?WSMAN/i.test(auth);
}
