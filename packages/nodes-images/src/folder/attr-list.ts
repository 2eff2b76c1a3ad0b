/**
 * CelebA's attribute list format (`list_attr_celeba.txt`):
 *
 *     202599
 *     5_o_Clock_Shadow Arched_Eyebrows … Young
 *     000001.jpg -1  1  1 … 1
 *
 * Line 1: number of images; line 2: attribute names; then one line per image: file name and
 * one value per attribute, 1 (present) or -1 (absent; 0 is read as absent too). Errors name
 * the file and the line number.
 */
export interface AttributeList {
  names: string[];
  rows: { file: string; values: Int8Array }[];
}

export function parseAttributeList(text: string, source: string): AttributeList {
  const lines = text.split(/\r?\n/);
  const fail = (line: number, message: string): never => {
    throw new Error(`${source} line ${line}: ${message}`);
  };
  const count = Number((lines[0] ?? '').trim());
  if (!Number.isInteger(count) || count < 0 || (lines[0] ?? '').trim() === '') {
    fail(1, `expected the number of images, got ${JSON.stringify((lines[0] ?? '').slice(0, 40))}`);
  }
  const names = (lines[1] ?? '').trim().split(/\s+/).filter(Boolean);
  if (names.length === 0) fail(2, 'expected the attribute names, got an empty line');
  const rows: AttributeList['rows'] = [];
  for (let i = 2; i < lines.length; i++) {
    const line = lines[i]!.trim();
    if (line === '') continue;
    const fields = line.split(/\s+/);
    if (fields.length !== names.length + 1) {
      fail(i + 1, `expected a file name and ${names.length} values, got ${fields.length - 1} value${fields.length === 2 ? '' : 's'} after ${JSON.stringify(fields[0])}`);
    }
    const values = new Int8Array(names.length);
    for (let k = 0; k < names.length; k++) {
      const v = fields[k + 1]!;
      if (v !== '1' && v !== '-1' && v !== '0') fail(i + 1, `value ${JSON.stringify(v)} for ${names[k]} is not 1 or -1`);
      values[k] = v === '1' ? 1 : 0;
    }
    rows.push({ file: fields[0]!, values });
  }
  if (rows.length !== count) throw new Error(`${source}: line 1 announces ${count} images, the file lists ${rows.length}`);
  return { names, rows };
}

/** Column index of each wanted attribute; unknown names are an error listing what exists. */
export function selectColumns(list: AttributeList, wanted: readonly string[], source: string): number[] {
  return wanted.map((name) => {
    const k = list.names.indexOf(name);
    if (k < 0) throw new Error(`${source}: no attribute ${JSON.stringify(name)}; it has ${list.names.join(', ')}`);
    return k;
  });
}
