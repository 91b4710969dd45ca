/** nftables JSON expressions back to the text `nft list ruleset` prints, so a person recognises the rule. */

/** A JSON object. */
export type JsonObject = Readonly<Record<string, unknown>>;

/**
 * True for a plain JSON object (not null, not an array).
 * @example isObject({ accept: null }) // true
 */
export function isObject(value: unknown): value is JsonObject {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

/**
 * The single key of a statement or expression object and its value: `{ "accept": null }` → ['accept', null].
 * @example single({ jump: { target: 'x' } }) // ['jump', { target: 'x' }]
 */
export function single(value: unknown): [string, unknown] | null {
  if (!isObject(value)) return null;
  const keys = Object.keys(value);
  return keys.length === 1 ? [keys[0] as string, value[keys[0] as string]] : null;
}

function str(value: unknown): string {
  if (typeof value === 'string') return value;
  if (typeof value === 'number' || typeof value === 'boolean') return String(value);
  return JSON.stringify(value);
}

// Meta keys nft prints without the 'meta' keyword.
const BARE_META = new Set(['iif', 'oif', 'iifname', 'oifname', 'iifgroup', 'oifgroup', 'mark', 'skuid', 'skgid']);

/**
 * The left-hand side of a match: `{ "payload": { "protocol": "tcp", "field": "dport" } }` → 'tcp dport'.
 * @example renderLeft({ meta: { key: 'l4proto' } }) // 'meta l4proto'
 */
export function renderLeft(expr: unknown): string {
  const kv = single(expr);
  if (kv === null) return Array.isArray(expr) ? expr.map(str).join(',') : str(expr);
  const [key, v] = kv;
  const o = isObject(v) ? v : {};
  switch (key) {
    case 'payload':
      return 'protocol' in o
        ? `${str(o['protocol'])} ${str(o['field'])}`
        : `@${str(o['base'])},${str(o['offset'])},${str(o['len'])}`;
    case 'meta':
      return BARE_META.has(str(o['key'])) ? str(o['key']) : `meta ${str(o['key'])}`;
    case 'ct':
      return ['ct', o['dir'], o['key']]
        .filter((p) => p !== undefined)
        .map(str)
        .join(' ');
    case 'fib':
      return `fib ${(Array.isArray(o['flags']) ? o['flags'] : [o['flags']]).map(str).join(' . ')} ${str(o['result'])}`;
    case 'concat':
      return Array.isArray(v) ? v.map(renderLeft).join(' . ') : key;
    case '&':
    case '|':
    case '^':
    case '<<':
    case '>>':
      return Array.isArray(v) ? v.map((part) => renderValue(part, false)).join(` ${key} `) : key;
    default:
      return key;
  }
}

/**
 * A right-hand side or set element: numbers, names, `{ 22, 80 }`, `1000-2000`, `10.0.0.0/8`, `@set`.
 * Interface names are quoted as nft prints them.
 * @example renderValue({ set: [80, 443] }, false) // '{ 80, 443 }'
 */
export function renderValue(value: unknown, quote: boolean): string {
  if (typeof value === 'string') return quote && !value.startsWith('@') ? `"${value}"` : value;
  if (Array.isArray(value)) {
    // A [key, verdict] pair of a verdict map, or a list of flags.
    if (value.length === 2 && single(value[1]) !== null && isVerdict(value[1])) {
      return `${renderValue(value[0], quote)} : ${renderStatement(value[1]) ?? ''}`;
    }
    return value.map((v) => renderValue(v, quote)).join(',');
  }
  const kv = single(value);
  if (kv === null) return str(value);
  const [key, v] = kv;
  const o = isObject(v) ? v : {};
  switch (key) {
    case 'set':
      return `{ ${(Array.isArray(v) ? v : [v]).map((e) => renderValue(e, quote)).join(', ')} }`;
    case 'range':
      return Array.isArray(v) ? v.map((e) => renderValue(e, quote)).join('-') : key;
    case 'prefix':
      return `${str(o['addr'])}/${str(o['len'])}`;
    case 'elem':
      return renderValue(o['val'], quote);
    case 'concat':
      return Array.isArray(v) ? v.map((e) => renderValue(e, quote)).join(' . ') : key;
    default:
      return renderLeft(value);
  }
}

const VERDICTS = new Set(['accept', 'drop', 'continue', 'return', 'jump', 'goto', 'queue', 'reject']);

function isVerdict(value: unknown): boolean {
  const kv = single(value);
  return kv !== null && VERDICTS.has(kv[0]);
}

function renderMatch(o: JsonObject): string {
  const left = o['left'];
  const quote = /^(iif|oif)(name)?$/.test(renderLeft(left));
  const op = str(o['op']);
  const shown = op === '==' || op === 'in' ? '' : `${op} `;
  return `${renderLeft(left)} ${shown}${renderValue(o['right'], quote)}`;
}

function renderLimit(o: JsonObject): string {
  const unit = o['rate_unit'] === undefined || o['rate_unit'] === 'packets' ? '' : ` ${str(o['rate_unit'])}`;
  const burst = o['burst'] === undefined || o['burst'] === 5 ? '' : ` burst ${str(o['burst'])} packets`;
  return `limit rate ${o['inv'] === true ? 'over ' : ''}${str(o['rate'])}${unit}/${str(o['per'])}${burst}`;
}

/**
 * One statement of a rule as nft prints it; null for counters, which only add noise to a verdict's reason.
 * @example renderStatement({ reject: { type: 'icmpx', expr: 'port-unreachable' } }) // 'reject with icmpx port-unreachable'
 */
export function renderStatement(stmt: unknown): string | null {
  const kv = single(stmt);
  if (kv === null) return str(stmt);
  const [key, v] = kv;
  const o = isObject(v) ? v : {};
  switch (key) {
    case 'match':
      return renderMatch(o);
    case 'counter':
      return null;
    case 'jump':
    case 'goto':
      return `${key} ${str(o['target'])}`;
    case 'reject':
      // nft leaves out the default reason, port-unreachable.
      if (v === null || o['expr'] === 'port-unreachable') return 'reject';
      return ['reject with', o['type'], o['expr']]
        .filter((p) => p !== undefined)
        .map(str)
        .join(' ');
    case 'log':
      return o['prefix'] === undefined ? 'log' : `log prefix "${str(o['prefix'])}"`;
    case 'limit':
      return renderLimit(o);
    case 'vmap':
      return `${renderLeft(o['key'])} vmap ${renderValue(o['data'], false)}`;
    case 'queue':
      return o['num'] === undefined ? 'queue' : `queue num ${str(o['num'])}`;
    case 'xt':
      return `xt ${str(o['type'])} "${str(o['name'])}"`;
    case 'mangle':
      return `${renderLeft(o['key'])} set ${renderValue(o['value'], false)}`;
    case 'set':
    case 'map':
      return `${str(o['op'])} ${str(o['set'])} { ${renderValue(o['elem'], false)} }`;
    default:
      return key;
  }
}

/**
 * A whole rule: its statements in order (counters left out) and its comment.
 * @example
 * const tcpDport = { payload: { protocol: 'tcp', field: 'dport' } };
 * renderRule([{ match: { op: '==', left: tcpDport, right: 23 } }, { drop: null }]) // 'tcp dport 23 drop'
 */
export function renderRule(exprs: readonly unknown[], comment?: unknown): string {
  const parts = exprs.map(renderStatement).filter((p): p is string => p !== null);
  if (typeof comment === 'string') parts.push(`comment "${comment}"`);
  return parts.join(' ');
}
