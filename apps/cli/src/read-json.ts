import { readFile } from 'node:fs/promises';
import { UserError } from './errors.js';

/** Read and parse a JSON file; syntax errors say where (line:column) and what. */
export async function readJsonFile(file: string, what = 'file'): Promise<unknown> {
  let text: string;
  try {
    text = await readFile(file, 'utf8');
  } catch (e) {
    const code = (e as NodeJS.ErrnoException).code;
    if (code === 'ENOENT') throw new UserError(`${what} not found: ${file}`);
    if (code === 'EISDIR') throw new UserError(`${file} is a directory, not a ${what}`);
    throw new UserError(`cannot read ${file}: ${(e as Error).message}`);
  }
  try {
    text = text.replace(/^\uFEFF/, '');
    return JSON.parse(text) as unknown;
  } catch {
    const at = locateJsonError(text);
    const { line, column } = lineColumn(text, at.offset);
    throw new UserError(`${file}:${line}:${column}: invalid JSON: ${at.message}`);
  }
}

export function lineColumn(text: string, offset: number): { line: number; column: number } {
  const before = text.slice(0, offset);
  const line = before.split('\n').length;
  return { line, column: offset - before.lastIndexOf('\n') };
}

/**
 * Finds the first syntax error in `text`. JSON.parse's messages do not always carry a
 * position (V8 says "Unexpected token '}', … is not valid JSON"), so scan it ourselves.
 */
export function locateJsonError(text: string): { offset: number; message: string } {
  let i = 0;
  class Stop {
    constructor(
      readonly offset: number,
      readonly message: string,
    ) {}
  }
  const fail = (message: string): never => {
    throw new Stop(i, message);
  };
  const describe = () => (i >= text.length ? 'end of input' : `'${text[i]}'`);
  const ws = () => {
    while (i < text.length && ' \t\n\r'.includes(text[i]!)) i++;
  };
  const literal = (word: string) => {
    if (text.startsWith(word, i)) i += word.length;
    else fail(`unexpected ${describe()}`);
  };
  const string = () => {
    i++; // opening quote
    while (i < text.length && text[i] !== '"') {
      if (text.charCodeAt(i) < 0x20) fail('control character (e.g. a raw line break) inside a string');
      if (text[i] === '\\') {
        i++;
        if (text[i] === 'u') {
          if (!/^[0-9a-fA-F]{4}$/.test(text.slice(i + 1, i + 5))) fail('bad \\u escape');
          i += 4;
        } else if (!'"\\/bfnrt'.includes(text[i] ?? '')) fail('bad escape in string');
      }
      i++;
    }
    if (i >= text.length) fail('unterminated string');
    i++;
  };
  const number = () => {
    const m = /^-?(0|[1-9]\d*)(\.\d+)?([eE][+-]?\d+)?/.exec(text.slice(i));
    if (!m) fail(`unexpected ${describe()}`);
    i += m![0].length;
  };
  const value = (): void => {
    ws();
    const c = text[i];
    if (c === '{') return object();
    if (c === '[') return array();
    if (c === '"') return string();
    if (c === 't') return literal('true');
    if (c === 'f') return literal('false');
    if (c === 'n') return literal('null');
    if (c === '-' || (c !== undefined && c >= '0' && c <= '9')) return number();
    fail(`expected a value, found ${describe()}`);
  };
  const object = () => {
    i++;
    ws();
    if (text[i] === '}') return void i++;
    for (;;) {
      ws();
      if (text[i] !== '"') fail(`expected a double-quoted property name, found ${describe()}${text[i] === '}' ? ' (trailing comma?)' : ''}`);
      string();
      ws();
      if (text[i] !== ':') fail(`expected ':' after the property name, found ${describe()}`);
      i++;
      value();
      ws();
      if (text[i] === ',') { i++; continue; }
      if (text[i] === '}') return void i++;
      fail(`expected ',' or '}' in object, found ${describe()}`);
    }
  };
  const array = () => {
    i++;
    ws();
    if (text[i] === ']') return void i++;
    for (;;) {
      value();
      ws();
      if (text[i] === ',') { i++; continue; }
      if (text[i] === ']') return void i++;
      fail(`expected ',' or ']' in array, found ${describe()}`);
    }
  };
  try {
    if (text.charCodeAt(0) === 0xfeff) i = 1;
    value();
    ws();
    if (i < text.length) fail(`unexpected ${describe()} after the end of the document`);
    return { offset: text.length, message: 'syntax error' };
  } catch (e) {
    if (e instanceof Stop) return { offset: e.offset, message: e.message };
    throw e;
  }
}
