/** Escaping for the XML and HTML renderers: hostile banners and script output must stay text. */

/**
 * Characters XML 1.0 forbids (C0 controls but tab, LF and CR; lone surrogates; U+FFFE/U+FFFF). A banner may carry
 * any byte; an XML file with one of these is rejected by every parser (ndiff included), so they are written as \xNN.
 */
const FORBIDDEN =
  // eslint-disable-next-line no-control-regex
  /[\u0000-\u0008\u000b\u000c\u000e-\u001f\ufffe\uffff]|[\ud800-\udbff](?![\udc00-\udfff])|(?<![\ud800-\udbff])[\udc00-\udfff]/g;

/** Text made safe for XML 1.0: forbidden characters spelled as \xNN (or \uNNNN). */
export function xmlSafe(text: string): string {
  return text.replace(FORBIDDEN, (c) => {
    const code = c.charCodeAt(0);
    return code < 0x100 ? `\\x${code.toString(16).padStart(2, '0')}` : `\\u${code.toString(16).padStart(4, '0')}`;
  });
}

const ENTITIES: Readonly<Record<string, string>> = {
  '&': '&amp;',
  '<': '&lt;',
  '>': '&gt;',
  '"': '&quot;',
  "'": '&#39;',
  '\n': '&#10;',
  '\r': '&#13;',
  '\t': '&#9;',
};

/**
 * Text for an XML or HTML attribute value (double or single quoted): markup characters and line breaks as
 * references, so an attribute keeps its newlines (nmap's script output has many).
 * @example escapeAttr('a "b" <c>') // 'a &quot;b&quot; &lt;c&gt;'
 */
export function escapeAttr(text: string): string {
  return xmlSafe(text).replace(/[&<>"'\n\r\t]/g, (c) => ENTITIES[c] ?? c);
}

/** Text for element content: markup characters as references; line breaks kept. */
export function escapeText(text: string): string {
  return xmlSafe(text).replace(/[&<>"']/g, (c) => ENTITIES[c] ?? c);
}
