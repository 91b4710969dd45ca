/**
 * A small, strict XML parser for files other programs wrote (nmap's -oX). Safe by construction: a document type
 * declaration with an internal subset is refused, so no entity can be declared, expanded or fetched (no "billion
 * laughs", no XXE); only XML's five entities and character references are known. Depth and element count are
 * capped. Namespaces and DTD validation are not needed and not done.
 */

export interface XmlElement {
  readonly name: string;
  readonly attrs: Readonly<Record<string, string>>;
  readonly children: XmlElement[];
  /** Character data directly inside the element, concatenated. */
  text: string;
}

export type XmlProblem = 'malformed' | 'entity' | 'dtd' | 'too-large';

export class XmlError extends Error {
  constructor(
    readonly problem: XmlProblem,
    readonly line: number,
    detail: string,
  ) {
    super(`line ${line}: ${detail}`);
    this.name = 'XmlError';
  }
}

export interface XmlLimits {
  readonly maxDepth: number;
  readonly maxElements: number;
}

const DEFAULT_LIMITS: XmlLimits = { maxDepth: 64, maxElements: 5_000_000 };

const PREDEFINED: Readonly<Record<string, string>> = { lt: '<', gt: '>', amp: '&', quot: '"', apos: "'" };
const NAME = /[A-Za-z_:][\w.:-]*/y;
const SPACE = /\s*/y;

/** Replace references in text or an attribute value; unknown entities are an error (none can be declared). */
function decode(raw: string, lineOf: () => number): string {
  if (!raw.includes('&')) return raw;
  return raw.replace(/&([^;&\s]{0,16});?/g, (whole, ref: string) => {
    if (!whole.endsWith(';')) throw new XmlError('malformed', lineOf(), `bare "&" in "${whole}"`);
    if (ref.startsWith('#')) {
      const code = ref.startsWith('#x') ? parseInt(ref.slice(2), 16) : parseInt(ref.slice(1), 10);
      if (!Number.isInteger(code) || code <= 0 || code > 0x10ffff || (code >= 0xd800 && code <= 0xdfff)) {
        throw new XmlError('malformed', lineOf(), `bad character reference "${whole}"`);
      }
      return String.fromCodePoint(code);
    }
    const value = PREDEFINED[ref];
    if (value === undefined) throw new XmlError('entity', lineOf(), `undeclared entity "${whole}"`);
    return value;
  });
}

/**
 * Parse a whole document and return its root element.
 * @example parseXml('<a x="1"><b>t</b></a>').children[0]?.text // 't'
 */
export function parseXml(input: string, limits: XmlLimits = DEFAULT_LIMITS): XmlElement {
  let i = input.charCodeAt(0) === 0xfeff ? 1 : 0;
  const stack: XmlElement[] = [];
  let root: XmlElement | null = null;
  let elements = 0;
  const lineOf = (): number => {
    let n = 1;
    for (let k = input.indexOf('\n'); k !== -1 && k < i; k = input.indexOf('\n', k + 1)) n++;
    return n;
  };
  const fail = (detail: string, problem: XmlProblem = 'malformed'): never => {
    throw new XmlError(problem, lineOf(), detail);
  };
  const skipTo = (end: string, what: string): number => {
    const at = input.indexOf(end, i);
    if (at === -1) fail(`unterminated ${what}`);
    return at;
  };

  while (i < input.length) {
    const lt = input.indexOf('<', i);
    const textEnd = lt === -1 ? input.length : lt;
    if (textEnd > i) {
      const raw = input.slice(i, textEnd);
      const top = stack.at(-1);
      if (top === undefined) {
        if (raw.trim() !== '') fail('text outside the root element');
      } else top.text += decode(raw, lineOf);
      i = textEnd;
      continue;
    }
    if (input.startsWith('<!--', i)) {
      i = skipTo('-->', 'comment') + 3;
    } else if (input.startsWith('<?', i)) {
      i = skipTo('?>', 'processing instruction') + 2;
    } else if (input.startsWith('<![CDATA[', i)) {
      const end = skipTo(']]>', 'CDATA section');
      const top = stack.at(-1) ?? fail('CDATA outside the root element');
      top.text += input.slice(i + 9, end);
      i = end + 3;
    } else if (input.startsWith('<!DOCTYPE', i)) {
      if (root !== null || stack.length > 0) fail('DOCTYPE after the root element');
      const end = skipTo('>', 'DOCTYPE');
      // An internal subset ("[ … ]") is where entities are declared: refuse it rather than expand anything.
      if (input.slice(i, end).includes('[')) fail('a DOCTYPE with an internal subset (entity declarations)', 'dtd');
      i = end + 1;
    } else if (input.startsWith('</', i)) {
      i += 2;
      NAME.lastIndex = i;
      const m = NAME.exec(input) ?? fail('bad closing tag');
      i = NAME.lastIndex;
      SPACE.lastIndex = i;
      SPACE.exec(input);
      i = SPACE.lastIndex;
      if (input[i] !== '>') fail('bad closing tag');
      i++;
      const top = stack.pop();
      if (top?.name !== m[0]) fail(`</${m[0]}> does not close <${top?.name ?? ''}>`);
    } else {
      i++;
      NAME.lastIndex = i;
      const m = NAME.exec(input) ?? fail('bad tag');
      i = NAME.lastIndex;
      const attrs: Record<string, string> = {};
      for (;;) {
        SPACE.lastIndex = i;
        const space = SPACE.exec(input)?.[0] ?? '';
        i = SPACE.lastIndex;
        if (input.startsWith('/>', i) || input[i] === '>') break;
        if (space === '') fail('missing space between attributes');
        NAME.lastIndex = i;
        const a = NAME.exec(input) ?? fail('bad attribute name');
        i = NAME.lastIndex;
        SPACE.lastIndex = i;
        SPACE.exec(input);
        i = SPACE.lastIndex;
        if (input[i] !== '=') fail(`attribute ${a[0]} has no value`);
        i++;
        SPACE.lastIndex = i;
        SPACE.exec(input);
        i = SPACE.lastIndex;
        const quote = input[i];
        if (quote !== '"' && quote !== "'") fail(`attribute ${a[0]} is not quoted`);
        const end = input.indexOf(quote as string, i + 1);
        if (end === -1) fail(`unterminated attribute ${a[0]}`);
        const raw = input.slice(i + 1, end);
        if (raw.includes('<')) fail(`"<" in attribute ${a[0]}`);
        if (Object.hasOwn(attrs, a[0])) fail(`attribute ${a[0]} given twice`);
        // Attribute-value normalisation: literal line breaks and tabs are spaces; &#10; stays a line break.
        attrs[a[0]] = decode(raw.replace(/[\t\n\r]/g, ' '), lineOf);
        i = end + 1;
      }
      const element: XmlElement = { name: m[0], attrs, children: [], text: '' };
      if (++elements > limits.maxElements) fail('too many elements', 'too-large');
      const parent = stack.at(-1);
      if (parent === undefined) {
        if (root !== null) fail('a second root element');
        root = element;
      } else parent.children.push(element);
      if (input.startsWith('/>', i)) i += 2;
      else {
        i++;
        stack.push(element);
        if (stack.length > limits.maxDepth) fail('elements nested too deeply', 'too-large');
      }
    }
  }
  if (stack.length > 0) fail(`<${stack.at(-1)?.name ?? ''}> is never closed`);
  return root ?? fail('no root element');
}
