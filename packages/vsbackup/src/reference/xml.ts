// Attribute quoting for the XML documents SaveAsXML produces.
export function xmlAttr(value: string): string {
  return '"' + value.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/"/g, '&quot;') + '"';
}
