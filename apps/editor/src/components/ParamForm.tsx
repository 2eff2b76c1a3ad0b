import type { Diagnostic } from '@ganvas/core';
import { useMemo } from 'react';
import { subFieldsCanShow } from '../model/object-param.js';
import { problemsByParam } from '../model/param-problems.js';
import { paramFields } from '../model/param-schema.js';
import { ObjectParamField } from './ObjectParamField.js';
import { ParamField } from './ParamField.js';

/** `params` with one param set, or removed when `v` is undefined (unset: the default applies). */
export function withParam(params: Record<string, unknown>, name: string, v: unknown): Record<string, unknown> {
  const next = { ...params };
  if (v === undefined) delete next[name];
  else next[name] = v;
  return next;
}

/** A form for a node's params, generated from the params JSON Schema in the catalogue. */
export function ParamForm({
  schema,
  params,
  diagnostics,
  onChange,
}: {
  schema: unknown;
  params: Record<string, unknown>;
  diagnostics: Diagnostic[];
  onChange: (params: Record<string, unknown>) => void;
}) {
  const fields = useMemo(() => paramFields(schema), [schema]);
  // Every diagnostic whose path points at a param goes beside its field (bad values, and advice
  // such as W001 on useBias), not only the schema's E006.
  const { byName, general } = useMemo(() => problemsByParam(diagnostics, fields.map((f) => f.name)), [diagnostics, fields]);
  if (fields.length === 0) return <div className="muted">No parameters.</div>;
  return (
    <form className="param-form" onSubmit={(e) => e.preventDefault()}>
      {fields.map((f) => {
        const props = { value: params[f.name], problems: byName.get(f.name) ?? [], onChange: (v: unknown) => onChange(withParam(params, f.name, v)) };
        // An object of scalars gets its sub-fields; any other object, or a value they cannot show, the JSON field.
        return subFieldsCanShow(f, params[f.name]) ? <ObjectParamField key={f.name} field={f} {...props} /> : <ParamField key={f.name} field={f} {...props} />;
      })}
      {general.map((p, i) => (
        <div key={i} className={`param-${p.severity}`}>
          {p.text}
        </div>
      ))}
    </form>
  );
}
