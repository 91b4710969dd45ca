// The strict XML parser on well-formed, malformed and hostile documents.
import { describe, expect, it } from 'vitest';
import { parseXml, XmlError } from './xml.js';

const problem = (text: string): string => {
  try {
    parseXml(text);
  } catch (err) {
    if (err instanceof XmlError) return `${err.problem}@${err.line}`;
    throw err;
  }
  return 'ok';
};

describe('parseXml', () => {
  it('reads elements, attributes, text, references, CDATA, comments and processing instructions', () => {
    const root = parseXml(
      '\ufeff<?xml version="1.0"?>\n<!DOCTYPE nmaprun>\n<!-- c -->\n<a x="1 &amp; 2" y=\'&#x41;&#66;\'>t&lt;<b/>u<![CDATA[<raw>]]></a>\n',
    );
    expect(root.name).toBe('a');
    expect(root.attrs).toEqual({ x: '1 & 2', y: 'AB' });
    expect(root.text).toBe('t<u<raw>');
    expect(root.children.map((c) => c.name)).toEqual(['b']);
  });

  it('normalises literal line breaks in attributes but keeps &#xa;', () => {
    expect(parseXml('<a o="x\ny&#xa;z"/>').attrs['o']).toBe('x y\nz');
  });

  it('refuses entity declarations and undeclared entities (no expansion, no external fetch)', () => {
    const laughs =
      '<?xml version="1.0"?>\n<!DOCTYPE lolz [\n<!ENTITY lol "lol">\n<!ENTITY lol2 "&lol;&lol;&lol;">\n]>\n<lolz>&lol2;</lolz>';
    expect(problem(laughs)).toBe('dtd@2');
    const xxe = '<!DOCTYPE r [<!ENTITY x SYSTEM "file:///etc/passwd">]><r>&x;</r>';
    expect(problem(xxe)).toBe('dtd@1');
    expect(problem('<r>&x;</r>')).toBe('entity@1');
    expect(problem('<r a="&nbsp;"/>')).toBe('entity@1');
  });

  it('refuses malformed documents with the line of the fault', () => {
    expect(problem('<a><b></a>')).toBe('malformed@1');
    expect(problem('<a>\n<b>\n')).toBe('malformed@3');
    expect(problem('<a x=1/>')).toBe('malformed@1');
    expect(problem('<a x="1" x="2"/>')).toBe('malformed@1');
    expect(problem('<a x="1"y="2"/>')).toBe('malformed@1');
    expect(problem('<a/><b/>')).toBe('malformed@1');
    expect(problem('text<a/>')).toBe('malformed@1');
    expect(problem('<a>&#0;</a>')).toBe('malformed@1');
    expect(problem('<a>a & b</a>')).toBe('malformed@1');
    expect(problem('')).toBe('malformed@1');
    expect(problem('<a><!-- open')).toBe('malformed@1');
  });

  it('caps depth and element count', () => {
    expect(problem('<a>'.repeat(100) + '</a>'.repeat(100))).toBe('too-large@1');
    expect(problem(`<a>${'<b/>'.repeat(20)}</a>`)).toBe('ok');
    expect(() => parseXml(`<a>${'<b/>'.repeat(20)}</a>`, { maxDepth: 8, maxElements: 10 })).toThrow(/too many/);
  });
});
