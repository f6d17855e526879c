// Attribute quoting for the XML documents SaveAsXML produces. Every document must be well-formed
// XML 1.0 whatever a writer put in a name, path or file spec, and every value must read back exactly:
// - `& < > "` are entity references; tab, newline and carriage return are character references,
//   since an XML parser normalises them to spaces in a literal attribute value (XML 1.0 §3.3.3);
// - characters XML 1.0 cannot carry at all, not even as character references (U+0000-U+0008,
//   U+000B, U+000C, U+000E-U+001F, U+FFFE, U+FFFF and lone surrogates), are written `_xHHHH_`, the
//   escape Office Open XML uses for the same problem (ECMA-376 Part 1, ST_Xstring); an underscore
//   that would start such a sequence is itself written `_x005F_`, so decodeXmlString inverts it.

/** A code unit XML 1.0 has no way to carry (XML 1.0 §2.2 Char); surrogates are checked in pairs below. */
function unrepresentable(c: number): boolean {
  return (c < 0x20 && c !== 0x9 && c !== 0xa && c !== 0xd) || c === 0xfffe || c === 0xffff;
}

const hex4 = (c: number): string => `_x${c.toString(16).toUpperCase().padStart(4, '0')}_`;
const HEX = /^[0-9A-Fa-f]{4}$/;

/** `value` as the text of an attribute, without quotes. */
export function encodeXmlString(value: string): string {
  let out = '';
  for (let i = 0; i < value.length; i++) {
    const ch = value[i]!;
    const c = value.charCodeAt(i);
    if (c >= 0xd800 && c <= 0xdbff && i + 1 < value.length) {
      const next = value.charCodeAt(i + 1);
      if (next >= 0xdc00 && next <= 0xdfff) {
        out += ch + value[++i]!;
        continue;
      }
    }
    if (c >= 0xd800 && c <= 0xdfff) out += hex4(c); // a lone surrogate
    else if (unrepresentable(c)) out += hex4(c);
    else if (ch === '_') out += value[i + 1] === 'x' && HEX.test(value.slice(i + 2, i + 6)) ? hex4(c) : '_';
    else if (ch === '&') out += '&amp;';
    else if (ch === '<') out += '&lt;';
    else if (ch === '>') out += '&gt;';
    else if (ch === '"') out += '&quot;';
    else if (ch === '\t') out += '&#9;';
    else if (ch === '\n') out += '&#10;';
    else if (ch === '\r') out += '&#13;';
    else out += ch;
  }
  return out;
}

/** The original string of an attribute value as an XML parser reports it (entities already resolved). */
export function decodeXmlString(parsed: string): string {
  return parsed.replace(/_x([0-9A-Fa-f]{4})_/g, (_, h: string) => String.fromCharCode(parseInt(h, 16)));
}

/** `value` as a quoted attribute value. */
export function xmlAttr(value: string): string {
  return '"' + encodeXmlString(value) + '"';
}
