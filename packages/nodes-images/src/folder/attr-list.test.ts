import { describe, expect, it } from 'vitest';
import { parseAttributeList, selectColumns } from './attr-list.js';

const GOOD = '3\nBlack_Hair Blond_Hair Male\n000001.jpg  1 -1 -1\n000002.jpg -1  1  1\r\n000003.jpg -1 -1  1\n\n';

describe('parseAttributeList (CelebA format)', () => {
  it('reads names and 1/-1 rows as 1/0', () => {
    const list = parseAttributeList(GOOD, 'attrs.txt');
    expect(list.names).toEqual(['Black_Hair', 'Blond_Hair', 'Male']);
    expect(list.rows.map((r) => [r.file, ...r.values])).toEqual([
      ['000001.jpg', 1, 0, 0],
      ['000002.jpg', 0, 1, 1],
      ['000003.jpg', 0, 0, 1],
    ]);
    expect(selectColumns(list, ['Male', 'Black_Hair'], 'attrs.txt')).toEqual([2, 0]);
  });

  it('names the file and line of a malformed entry', () => {
    expect(() => parseAttributeList('2\nA B\nx.jpg 1 -1\ny.jpg 1\n', 'list.txt')).toThrow(
      'list.txt line 4: expected a file name and 2 values, got 1 value after "y.jpg"',
    );
    expect(() => parseAttributeList('1\nA B\nx.jpg 1 yes\n', 'list.txt')).toThrow('list.txt line 3: value "yes" for B is not 1 or -1');
    expect(() => parseAttributeList('many\nA\n', 'list.txt')).toThrow('list.txt line 1: expected the number of images, got "many"');
    expect(() => parseAttributeList('1\n\n', 'list.txt')).toThrow('list.txt line 2: expected the attribute names');
    expect(() => parseAttributeList('5\nA\nx.jpg 1\n', 'list.txt')).toThrow('list.txt: line 1 announces 5 images, the file lists 1');
  });

  it('refuses an unknown attribute, listing the known ones', () => {
    const list = parseAttributeList(GOOD, 'attrs.txt');
    expect(() => selectColumns(list, ['Young'], 'attrs.txt')).toThrow('attrs.txt: no attribute "Young"; it has Black_Hair, Blond_Hair, Male');
  });
});
