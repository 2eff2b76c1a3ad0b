import { useEffect, useState } from 'react';
import type { FieldProblem } from '../model/param-problems.js';
import { checkValue, formatValue, parseInput, type ParamField as Field } from '../model/param-schema.js';

/**
 * One parameter input, chosen by the field's JSON Schema kind. Text is committed on blur or
 * Enter, so half-typed values never reach the document; selects and checkboxes at once.
 * `path` names it where it is not a top-level param (`lrDecay.to`, a property of an object
 * param): its element id, `data-param` and messages use it, the label keeps the field's name.
 */
export function ParamField({
  field,
  path = field.name,
  value,
  problems,
  onChange,
}: {
  field: Field;
  path?: string;
  value: unknown;
  problems: FieldProblem[];
  onChange: (v: unknown) => void;
}) {
  const [text, setText] = useState(formatValue(field, value));
  const [local, setLocal] = useState<string | undefined>();
  useEffect(() => {
    setText(formatValue(field, value));
    setLocal(undefined);
  }, [field, value]);

  const commit = (t: string) => {
    const parsed = parseInput(field, t);
    if ('error' in parsed) {
      setLocal(parsed.error);
      return;
    }
    setLocal(checkValue(field.schema, parsed.value, path));
    // Enter then blur commits the same text twice: only a change is an edit (one undo step).
    if (JSON.stringify(parsed.value) !== JSON.stringify(value)) onChange(parsed.value);
  };

  const placeholder = field.hasDefault ? `default: ${formatValue(field, field.default) || '[]'}` : field.required ? 'required' : 'unset';
  const id = `param-${path}`;
  let input;
  if (field.kind === 'enum') {
    input = (
      <select id={id} value={value === undefined ? '' : String(value)} onChange={(e) => commit(e.target.value)}>
        <option value="">{field.hasDefault ? `(default: ${String(field.default)})` : '—'}</option>
        {field.options!.map((o) => (
          <option key={o} value={o}>
            {o}
          </option>
        ))}
      </select>
    );
  } else if (field.kind === 'boolean') {
    const checked = value === undefined ? field.default === true : value === true;
    input = <input id={id} type="checkbox" checked={checked} onChange={(e) => onChange(e.target.checked)} />;
  } else {
    input = (
      <input
        id={id}
        type="text"
        inputMode={field.kind === 'integer' || field.kind === 'number' ? 'decimal' : undefined}
        value={text}
        placeholder={placeholder}
        onChange={(e) => setText(e.target.value)}
        onBlur={() => commit(text)}
        onKeyDown={(e) => {
          if (e.key === 'Enter') commit(text);
          e.stopPropagation();
        }}
      />
    );
  }
  const messages: FieldProblem[] = [...(local ? [{ severity: 'error' as const, text: local }] : []), ...problems];
  // Errors make the field invalid (red); warnings alone only mark it amber: the value is allowed.
  const state = messages.some((m) => m.severity === 'error') ? ' param-invalid' : messages.length ? ' param-warned' : '';
  return (
    <div className={`param${state}`} data-param={path}>
      <label htmlFor={id} title={field.description}>
        {field.name}
        {field.required ? ' *' : ''}
      </label>
      {input}
      {field.description ? <div className="param-help">{field.description}</div> : null}
      {messages.map((m, i) => (
        <div key={i} className={`param-${m.severity}`} data-testid={`param-${m.severity}`}>
          {m.text}
        </div>
      ))}
    </div>
  );
}
