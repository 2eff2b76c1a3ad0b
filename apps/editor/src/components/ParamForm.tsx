import type { Diagnostic } from '@ganvas/core';
import { useMemo } from 'react';
import { problemsByParam } from '../model/param-problems.js';
import { paramFields } from '../model/param-schema.js';
import { ParamField } from './ParamField.js';

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
      {fields.map((f) => (
        <ParamField
          key={f.name}
          field={f}
          value={params[f.name]}
          problems={byName.get(f.name) ?? []}
          onChange={(v) => {
            const next = { ...params };
            if (v === undefined) delete next[f.name];
            else next[f.name] = v;
            onChange(next);
          }}
        />
      ))}
      {general.map((p, i) => (
        <div key={i} className={`param-${p.severity}`}>
          {p.text}
        </div>
      ))}
    </form>
  );
}
