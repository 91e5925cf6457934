// Names on event pages pass through PHP addslashes and then htmlspecialchars before landing in a
// single-quoted JS literal ('Zoë O\&#039;Brien'). The browser undoes the JS escaping and then the
// HTML escaping (innerHTML), so we do the same, in the same order.

const NAMED_ENTITIES: Record<string, string> = {
  amp: '&',
  lt: '<',
  gt: '>',
  quot: '"',
  apos: "'",
  nbsp: '\u00a0',
};

export function decodeHtmlEntities(text: string): string {
  return text.replace(/&(#x[0-9a-f]+|#[0-9]+|[a-z]+);/gi, (whole, body: string) => {
    if (body[0] === '#') {
      const code =
        body[1] === 'x' || body[1] === 'X' ? Number.parseInt(body.slice(2), 16) : Number(body.slice(1));
      return Number.isFinite(code) && code <= 0x10ffff ? String.fromCodePoint(code) : whole;
    }
    return NAMED_ENTITIES[body.toLowerCase()] ?? whole;
  });
}

/** Undo the backslash escapes of a JS single-quoted literal body (what addslashes produced). */
export function unescapeJsLiteral(text: string): string {
  return text.replace(/\\(u[0-9a-fA-F]{4}|x[0-9a-fA-F]{2}|[\s\S])/g, (_, sequence: string) => {
    if (sequence.length > 1 && (sequence[0] === 'u' || sequence[0] === 'x')) {
      return String.fromCharCode(Number.parseInt(sequence.slice(1), 16));
    }
    switch (sequence) {
      case 'n':
        return '\n';
      case 't':
        return '\t';
      case 'r':
        return '\r';
      case '0':
        return '\0';
      default:
        return sequence;
    }
  });
}

export function decodePageName(literalBody: string): string {
  return decodeHtmlEntities(unescapeJsLiteral(literalBody));
}
