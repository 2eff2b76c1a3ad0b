import { startValue, withProperty } from '../model/object-param.js';
import { problemsByProperty, type FieldProblem } from '../model/param-problems.js';
import type { ParamField as Field } from '../model/param-schema.js';
import { ParamField } from './ParamField.js';

/**
 * An object param of scalars (an optimizer's `lrDecay`) as a group of sub-fields, one
 * {@link ParamField} per property. An optional one has a "set" checkbox: off removes the key
 * from params (the node's own behaviour, e.g. a constant learning rate), on writes the starting
 * value of {@link startValue}. Each edit writes the whole object at once, so it is one undo step
 * like any other param edit. Problems inside the value go beside their property's sub-field;
 * the rest (the value as a whole, unknown keys) beside the group.
 */
export function ObjectParamField({
  field,
  value,
  problems,
  onChange,
}: {
  field: Field & { fields: Field[] };
  value: unknown;
  problems: FieldProblem[];
  onChange: (v: unknown) => void;
}) {
  const on = value !== undefined || field.required;
  const object = (value ?? {}) as Record<string, unknown>;
  // Switched off, no sub-field is shown: everything goes beside the group.
  const { byName, general } = problemsByProperty(problems, on ? field.fields.map((f) => f.name) : []);
  const state = general.some((m) => m.severity === 'error') ? ' param-object-invalid' : general.length ? ' param-object-warned' : '';
  const toggleId = `param-${field.name}-set`;
  return (
    <fieldset className={`param param-object${state}`} data-param={field.name}>
      <legend title={field.description}>
        {field.name}
        {field.required ? ' *' : ''}
      </legend>
      {field.required ? null : (
        <label className="param-toggle" htmlFor={toggleId}>
          <input id={toggleId} type="checkbox" data-testid="param-object-toggle" checked={on} onChange={(e) => onChange(e.target.checked ? startValue(field) : undefined)} />
          set {field.name}
          {!on && field.hasDefault ? <span className="muted"> (default: {JSON.stringify(field.default)})</span> : null}
        </label>
      )}
      {field.description ? <div className="param-help">{field.description}</div> : null}
      {on
        ? field.fields.map((f) => (
            <ParamField
              key={f.name}
              field={f}
              path={`${field.name}.${f.name}`}
              value={object[f.name]}
              problems={byName.get(f.name) ?? []}
              onChange={(v) => onChange(withProperty(value, f.name, v))}
            />
          ))
        : null}
      {general.map((m, i) => (
        <div key={i} className={`param-${m.severity}`} data-testid={`param-${m.severity}`}>
          {m.text}
        </div>
      ))}
    </fieldset>
  );
}
