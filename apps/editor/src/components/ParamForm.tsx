import type { Diagnostic } from '@ganvas/core';
import { useMemo } from 'react';
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
  if (fields.length === 0) return <div className="muted">No parameters.</div>;
  const problemsOf = (name: string) =>
    diagnostics.filter((d) => d.code === 'E006' && d.path.includes('params') && d.path[d.path.indexOf('params') + 1] === name).map((d) => d.message);
  const general = diagnostics.filter((d) => d.code === 'E006' && d.path[d.path.length - 1] === 'params').map((d) => d.message);
  return (
    <form className="param-form" onSubmit={(e) => e.preventDefault()}>
      {fields.map((f) => (
        <ParamField
          key={f.name}
          field={f}
          value={params[f.name]}
          problems={problemsOf(f.name)}
          onChange={(v) => {
            const next = { ...params };
            if (v === undefined) delete next[f.name];
            else next[f.name] = v;
            onChange(next);
          }}
        />
      ))}
      {general.map((m, i) => (
        <div key={i} className="param-error">
          {m}
        </div>
      ))}
    </form>
  );
}
