// Deterministic pseudo-random text for the benchmark repositories: a seeded
// PRNG, a vocabulary of made-up words and a pool of code-like lines. The text
// is varied enough that zlib compresses it about as well as real source code
// (2-3x), and it never contains a private key marker.

/** sfc32: a small, fast, well-distributed 32-bit PRNG. */
export class Rng {
  constructor(seed) {
    this.a = 0x9e3779b9;
    this.b = 0x243f6a88;
    this.c = 0xb7e15162;
    this.d = seed >>> 0;
    for (let i = 0; i < 16; i++) this.next();
  }

  /** A uniform 32-bit unsigned integer. */
  next() {
    const t = (((this.a + this.b) | 0) + this.d) | 0;
    this.d = (this.d + 1) | 0;
    this.a = this.b ^ (this.b >>> 9);
    this.b = (this.c + (this.c << 3)) | 0;
    this.c = (this.c << 21) | (this.c >>> 11);
    this.c = (this.c + t) | 0;
    return t >>> 0;
  }

  /** A float in [0, 1). */
  float() {
    return this.next() / 4294967296;
  }

  /** An integer in [0, n). */
  int(n) {
    return Math.floor(this.float() * n);
  }

  /** An integer in [min, max]. */
  range(min, max) {
    return min + this.int(max - min + 1);
  }

  pick(items) {
    return items[this.int(items.length)];
  }

  /** A standard normal deviate (Box-Muller). */
  gaussian() {
    const u = 1 - this.float();
    return Math.sqrt(-2 * Math.log(u)) * Math.cos(2 * Math.PI * this.float());
  }

  /** A log-normal size around `median`, clamped to [min, max]. */
  logNormal(median, sigma, min, max) {
    return Math.round(Math.min(max, Math.max(min, median * Math.exp(sigma * this.gaussian()))));
  }
}

const CONSONANTS = 'bcdfghjklmnprstvwxz';
const VOWELS = 'aeiouy';
const HEX = '0123456789abcdef';

/** Pronounceable made-up words: 1-4 consonant-vowel syllables. */
export function makeVocabulary(rng, size) {
  const words = new Set();
  while (words.size < size) {
    let word = '';
    const syllables = rng.range(1, 4);
    for (let i = 0; i < syllables; i++) {
      word += CONSONANTS[rng.int(CONSONANTS.length)] + VOWELS[rng.int(VOWELS.length)];
      if (rng.int(3) === 0) word += CONSONANTS[rng.int(CONSONANTS.length)];
    }
    words.add(word);
  }
  return [...words];
}

function hex(rng, length) {
  let out = '';
  for (let i = 0; i < length; i++) out += HEX[rng.int(16)];
  return out;
}

const INDENTS = ['', '', '  ', '  ', '    ', '    ', '      ', '        ', '\t', '\t\t'];
const KEYWORDS = ['if', 'for', 'return', 'let', 'const', 'def', 'func', 'var', 'elif', 'while'];

/** One line of code-like text: assignments, calls, comments, hex constants, prose. */
function makeLine(rng, vocab) {
  const word = () => vocab[rng.int(vocab.length)];
  const ident = () => {
    const style = rng.int(4);
    if (style === 0) return word();
    if (style === 1) return `${word()}_${word()}`;
    if (style === 2) return word() + word().replace(/^./, (c) => c.toUpperCase());
    return `${word()}.${word()}`;
  };
  const words = (n) => Array.from({ length: n }, word).join(' ');
  const indent = INDENTS[rng.int(INDENTS.length)];
  switch (rng.int(12)) {
    case 0:
      return '';
    case 1:
      return `${indent}# ${words(rng.range(3, 12))}`;
    case 2:
      return `${indent}// ${words(rng.range(3, 12))}`;
    case 3:
      return `${indent}${ident()} = "${hex(rng, rng.pick([8, 16, 32, 40, 64]))}"`;
    case 4:
      return `${indent}${ident()}(${ident()}, ${rng.int(100000)}, "${words(rng.range(1, 4))}")`;
    case 5:
      return `${indent}${rng.pick(KEYWORDS)} ${ident()} ${rng.pick(['==', '<', '>=', 'in', '!='])} ${ident()}:`;
    case 6:
      return `${indent}"${word()}": "${words(rng.range(1, 6))}",`;
    case 7:
      return `${indent}${ident()}: ${rng.int(65536)} # 0x${hex(rng, 8)}`;
    case 8:
      return `${indent}${words(rng.range(6, 16))}`;
    case 9:
      return `${indent}return ${ident()}(${ident()}[${rng.int(64)}], ${ident()})`;
    case 10:
      return `${indent}${ident()} = ${ident()}.${word()}(${ident()}, ${ident()})`;
    default:
      return `${indent}}`;
  }
}

/**
 * Writes lines of code-like text. Each file draws its words from a small
 * vocabulary of its own, as real source files repeat their identifiers,
 * which is what gives the text a realistic compression ratio.
 */
export class TextWriter {
  constructor(rng, globalVocabulary) {
    this.rng = rng;
    this.global = globalVocabulary;
  }

  /** A vocabulary for one file (kept with the file so that edits stay in style). */
  fileVocabulary() {
    const size = this.rng.range(40, 240);
    return Array.from({ length: size }, () => this.global[this.rng.int(this.global.length)]);
  }

  line(vocab) {
    return makeLine(this.rng, vocab);
  }

  /** Lines adding up to about `bytes` bytes. */
  lines(vocab, bytes) {
    const out = [];
    let total = 0;
    while (total < bytes) {
      const line = makeLine(this.rng, vocab);
      out.push(line);
      total += line.length + 1;
    }
    return out;
  }
}
