import { readFileSync } from 'node:fs';
import { parseDocument, type Diagnostic, type GraphDocument } from '@ganvas/core';
import { createElement, isValidElement, type ReactElement, type ReactNode } from 'react';
import { renderToStaticMarkup } from 'react-dom/server';
import { describe, expect, it } from 'vitest';
import { z } from 'zod';
import { paramFields, parseInput, type ParamField as Field } from '../model/param-schema.js';
import { validateLocally } from '../model/validation.js';
import { bundledCatalogue, localRegistry } from '../training/local-registry.js';
import { ObjectParamField } from './ObjectParamField.js';
import { ParamField } from './ParamField.js';
import { ParamForm, withParam } from './ParamForm.js';

// The editor's tests run without a DOM (no jsdom here): forms are rendered to HTML to see what
// shows where, and the object group's own handlers are called from its element tree the way
// its inputs call them. Typing into the real inputs in a browser is in tests/e2e/editor.test.ts.

const adamSchema = () => bundledCatalogue().find((d) => d.type === 'optim.adam')!.params;
const render = (params: Record<string, unknown>, diagnostics: Diagnostic[] = [], schema: unknown = adamSchema()) =>
  renderToStaticMarkup(createElement(ParamForm, { schema, params, diagnostics, onChange: () => {} }));

/** The HTML of the element with `data-param="name"` up to the next field or the group's end. */
function fieldHtml(html: string, name: string): string {
  const start = html.indexOf(`data-param="${name}"`);
  if (start < 0) throw new Error(`no field ${name} in ${html}`);
  const rest = html.slice(start);
  const ends = [rest.indexOf('data-param=', 1), rest.indexOf('</fieldset>')].filter((i) => i >= 0);
  return rest.slice(0, ends.length ? Math.min(...ends) : undefined);
}

function findAll(node: ReactNode, match: (e: ReactElement<Record<string, unknown>>) => boolean): ReactElement<Record<string, unknown>>[] {
  if (Array.isArray(node)) return node.flatMap((n: ReactNode) => findAll(n, match));
  if (!isValidElement<Record<string, unknown>>(node)) return [];
  return [...(match(node) ? [node] : []), ...findAll(node.props.children as ReactNode, match)];
}

/** The params of one node edited through lrDecay's group as ParamForm wires it (hook-free, so callable). */
function lrDecayForm(start: Record<string, unknown>) {
  const field = paramFields(adamSchema()).find((f) => f.name === 'lrDecay') as Field & { fields: Field[] };
  let params = start;
  const tree = () => ObjectParamField({ field, value: params.lrDecay, problems: [], onChange: (v) => (params = withParam(params, 'lrDecay', v)) });
  return {
    params: () => params,
    subFields: () => findAll(tree(), (e) => e.type === ParamField).map((e) => e.props.path),
    setChecked(checked: boolean) {
      const [toggle] = findAll(tree(), (e) => e.props['data-testid'] === 'param-object-toggle');
      (toggle!.props.onChange as (e: { target: { checked: boolean } }) => void)({ target: { checked } });
    },
    /** What ParamField does on Enter: parse the text for the field's kind, then commit the value. */
    type(path: string, text: string) {
      const [sub] = findAll(tree(), (e) => e.type === ParamField && e.props.path === path);
      const parsed = parseInput(sub!.props.field as Field, text);
      if ('error' in parsed) throw new Error(parsed.error);
      (sub!.props.onChange as (v: unknown) => void)(parsed.value);
    },
  };
}

describe('object params in the parameter form', () => {
  it("shows optim.adam's lrDecay as a switch, then as sub-fields for from, to and final with their hints and defaults", () => {
    const off = render({ lr: 0.0002 });
    expect(off).toMatch(/<fieldset class="param param-object" data-param="lrDecay"><legend title="Optional linear learning-rate decay[^"]*">lrDecay<\/legend>/);
    expect(off).toMatch(/<input id="param-lrDecay-set" type="checkbox" data-testid="param-object-toggle"\/>set lrDecay/);
    expect(off).not.toContain('data-param="lrDecay.from"');
    expect(off).not.toMatch(/id="param-lrDecay" type="text"/);

    const on = render({ lr: 0.0002, lrDecay: { from: 100, to: 200 } });
    expect(on).toMatch(/data-testid="param-object-toggle" checked=""\/>/);
    expect(fieldHtml(on, 'lrDecay.from')).toMatch(/<label for="param-lrDecay.from" title="Last training step at the full learning rate[^"]*">from \*<\/label><input id="param-lrDecay.from" type="text" inputMode="decimal" placeholder="required" value="100"\/>/);
    expect(fieldHtml(on, 'lrDecay.to')).toContain('value="200"');
    // final is optional: empty, its default as the placeholder.
    expect(fieldHtml(on, 'lrDecay.final')).toMatch(/>final<\/label><input id="param-lrDecay.final" type="text" inputMode="decimal" placeholder="default: 0" value=""\/>/);
    // Top-level params are unchanged.
    expect(fieldHtml(on, 'lr')).toMatch(/<input id="param-lr" type="text" inputMode="decimal" placeholder="default: 0.0002" value="0.0002"\/>/);
  });

  it('writes numbers into params.lrDecay as values are typed, and removes the key when switched off', () => {
    const form = lrDecayForm({ lr: 0.0002, beta1: 0.5 });
    expect(form.subFields()).toEqual([]);
    form.setChecked(true);
    // Switched on: from and to have no default, so they start empty (the validator names them).
    expect(form.params()).toEqual({ lr: 0.0002, beta1: 0.5, lrDecay: {} });
    expect(form.subFields()).toEqual(['lrDecay.from', 'lrDecay.to', 'lrDecay.final']);
    form.type('lrDecay.from', '100');
    form.type('lrDecay.to', '200');
    expect(form.params()).toEqual({ lr: 0.0002, beta1: 0.5, lrDecay: { from: 100, to: 200 } });
    expect(typeof (form.params().lrDecay as { from: unknown }).from).toBe('number');
    form.type('lrDecay.final', '0.1');
    form.type('lrDecay.final', '');
    expect(form.params().lrDecay).toEqual({ from: 100, to: 200 });
    form.setChecked(false);
    expect(form.params()).toEqual({ lr: 0.0002, beta1: 0.5 });
    expect('lrDecay' in form.params()).toBe(false);
  });

  it("shows the validator's error for to ≤ from beside the to sub-field, and errors about the whole value beside the group", () => {
    const doc = parseDocument(JSON.parse(readFileSync(new URL('../../../../templates/dcgan-mnist.json', import.meta.url), 'utf8'))).document as GraphDocument;
    const optG = doc.nodes.find((n) => n.id === 'opt_g')!;
    const formFor = (lrDecay: unknown) => {
      optG.params.lrDecay = lrDecay;
      const mine = validateLocally(doc, localRegistry()).diagnostics.filter((d) => d.nodeId === 'opt_g');
      return render(optG.params, mine);
    };
    const html = formFor({ from: 300, to: 200 });
    expect(fieldHtml(html, 'lrDecay.to')).toMatch(
      /^data-param="lrDecay.to"><label[^>]*>to \*<\/label>.*<div class="param-error" data-testid="param-error">E006 node &quot;opt_g&quot; \(optim.adam\): param &quot;lrDecay.to&quot; &quot;to&quot; \(200\) must come after &quot;from&quot; \(300\)/,
    );
    expect(html).toContain('<div class="param param-invalid" data-param="lrDecay.to">');
    expect(html).toContain('<div class="param" data-param="lrDecay.from">');
    expect(html.match(/data-testid="param-error"/g)).toHaveLength(1);
    // Just switched on: each required sub-field says it is missing.
    const empty = formFor({});
    for (const p of ['lrDecay.from', 'lrDecay.to']) expect(fieldHtml(empty, p)).toMatch(/param-error.*E006 .*lrDecay\.(from|to)/);
    expect(fieldHtml(empty, 'lrDecay.final')).not.toContain('param-error');
  });

  it('places a problem it cannot put on a sub-field beside the group', () => {
    const d: Diagnostic = { code: 'E006', severity: 'error', message: 'lrDecay is wrong as a whole', path: ['nodes', 0, 'params', 'lrDecay'] };
    const html = render({ lrDecay: { from: 1, to: 2 } }, [d]);
    expect(html).toMatch(/<fieldset class="param param-object param-object-invalid" data-param="lrDecay">/);
    expect(html).toMatch(/<div class="param-error" data-testid="param-error">E006 lrDecay is wrong as a whole<\/div><\/fieldset>/);
    expect(html).not.toContain('param-invalid');
  });

  it('keeps the JSON text field for an object with a nested list, and for a value the sub-fields cannot show', () => {
    const schema = z.toJSONSchema(z.object({ grid: z.object({ size: z.number(), steps: z.array(z.number()) }).optional() }), { io: 'input' });
    const html = render({ grid: { size: 2, steps: [1, 2] } }, [], schema);
    expect(html).not.toContain('<fieldset');
    expect(fieldHtml(html, 'grid')).toContain('<input id="param-grid" type="text" placeholder="unset" value="{&quot;size&quot;:2,&quot;steps&quot;:[1,2]}"/>');
    // lrDecay with a key its schema does not have: shown as JSON, so the key is not hidden.
    const odd = render({ lrDecay: { from: 1, to: 2, start: 0 } });
    expect(odd).not.toContain('<fieldset');
    expect(odd).toContain('value="{&quot;from&quot;:1,&quot;to&quot;:2,&quot;start&quot;:0}"');
  });
});
