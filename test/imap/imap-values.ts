/** A small reader of IMAP response values (lists, strings, literals) for comparing servers' answers. */

export type ImapValue = string | null | ImapValue[];

export function parseResponse(raw: Buffer | string): ImapValue[] {
  // Literal lengths count bytes: parse the bytes (as latin1), give strings back as UTF-8.
  const text = (Buffer.isBuffer(raw) ? raw : Buffer.from(raw, 'utf8')).toString('latin1');
  const utf8 = (s: string) => Buffer.from(s, 'latin1').toString('utf8');
  let at = 0;
  const value = (): ImapValue => {
    const c = text[at];
    if (c === '(') {
      at++;
      const list: ImapValue[] = [];
      for (;;) {
        while (text[at] === ' ') at++;
        if (text[at] === ')') {
          at++;
          return list;
        }
        if (at >= text.length) throw new Error(`unbalanced list in ${text.slice(0, 200)}`);
        const start = at;
        list.push(value());
        if (at === start) throw new Error(`cannot parse at ${at}: ${JSON.stringify(text.slice(0, 300))}`);
      }
    }
    if (c === '"') {
      let out = '';
      at++;
      while (text[at] !== '"') {
        if (text[at] === '\\') at++;
        if (at >= text.length) throw new Error(`unterminated quoted string in ${text.slice(0, 200)}`);
        out += text[at++];
      }
      at++;
      return utf8(out);
    }
    const literal = /^~?\{(\d+)\}\r\n/.exec(text.slice(at, at + 30));
    if (literal) {
      at += literal[0].length;
      const out = text.slice(at, at + Number(literal[1]));
      at += Number(literal[1]);
      return utf8(out);
    }
    let atom = '';
    while (at < text.length && !' ()'.includes(text[at]!)) {
      if (text[at] === '[') {
        const close = text.indexOf(']', at);
        const end = close < 0 ? text.length : close + 1;
        atom += text.slice(at, end).toUpperCase();
        at = end;
      } else atom += text[at++];
    }
    return atom.toUpperCase() === 'NIL' ? null : utf8(atom);
  };
  const out: ImapValue[] = [];
  while (at < text.length) {
    while (text[at] === ' ') at++;
    if (at >= text.length) break;
    const start = at;
    out.push(value());
    if (at === start) throw new Error(`cannot parse at ${at}: ${JSON.stringify(text.slice(0, 300))}`);
  }
  return out;
}

/** `* n FETCH (K V K V ...)` as { K: V } with FLAGS sorted and \Recent dropped. */
export function fetchItems(response: Buffer | string): { seq: number; items: Record<string, ImapValue> } {
  const [, seq, , list] = parseResponse(response) as [string, string, string, ImapValue[]];
  const items: Record<string, ImapValue> = {};
  for (let i = 0; i < list.length; i += 2) {
    const key = (list[i] as string).toUpperCase();
    let val = list[i + 1]!;
    if (key === 'FLAGS' && Array.isArray(val)) val = (val as string[]).filter((f) => f !== '\\Recent').sort();
    items[key] = val;
  }
  return { seq: Number(seq), items };
}
