import { Handle, Position, type NodeProps } from '@xyflow/react';
import { memo } from 'react';
import { describeContract, roleColour, roleShape } from '../model/ports.js';
import { plural } from '../model/problem-counts.js';
import type { GanvasNode, InsideProblems, PortView } from './node-data.js';

/** A graph node: title, typed handles (colour and shape by role), diagnostics, "open" for networks. */
function PortRow({ port, kind }: { port: PortView; kind: 'target' | 'source' }) {
  const c = port.actual ?? port.declared;
  const tip = `${port.name}: ${describeContract(port.declared)}${port.actual ? `\nnow: ${describeContract(port.actual)}` : ''}${port.optional ? '\n(optional)' : ''}${port.multi ? '\n(takes several edges)' : ''}${port.description ? `\n${port.description}` : ''}`;
  return (
    <div className={`port port-${kind}`} title={tip} data-port={port.name}>
      <Handle
        type={kind}
        position={kind === 'target' ? Position.Left : Position.Right}
        id={port.name}
        className={`handle handle-${roleShape(c.role)}`}
        style={{ background: roleColour(c.role) }}
        data-role={c.role}
      />
      <span className="port-name">
        {port.name}
        {port.multi ? '…' : ''}
        {port.optional ? '?' : ''}
      </span>
    </div>
  );
}

/**
 * A Network / Apply node's marker for problems inside the definition it opens: the code when
 * there is one problem ("△ W001 inside"), else the count, coloured by the worst; all in the tooltip.
 */
function InsideMarker({ inside }: { inside: InsideProblems }) {
  const total = inside.errors + inside.warnings;
  const counts = [inside.errors ? plural(inside.errors, 'error') : '', inside.warnings ? plural(inside.warnings, 'warning') : ''].filter(Boolean).join(' and ');
  return (
    <span
      className={`gnode-inside gnode-inside-${inside.errors ? 'error' : 'warning'}`}
      data-testid="inside-marker"
      title={`${counts} inside network "${inside.definition}" (open it to see):\n${inside.lines.join('\n')}`}
    >
      {`${inside.errors ? '⚠' : '△'} ${total === 1 ? inside.firstCode : total} inside`}
    </span>
  );
}

function GanvasNodeViewImpl({ data, selected }: NodeProps<GanvasNode>) {
  const errors = data.diagnostics.filter((d) => d.severity === 'error');
  const warnings = data.diagnostics.filter((d) => d.severity === 'warning');
  const first = errors[0] ?? warnings[0];
  const inside = data.inside;
  const insideCls = inside ? (inside.errors ? 'inside-error' : 'inside-warning') : '';
  const cls = ['gnode', `cat-${data.category}`, selected ? 'selected' : '', errors.length ? 'has-error' : warnings.length ? 'has-warning' : '', insideCls, data.unknownType ? 'unknown' : '']
    .filter(Boolean)
    .join(' ');
  return (
    <div className={cls} data-node-id={data.doc.id} data-type={data.doc.type}>
      <div className="gnode-head" title={`${data.doc.type} v${data.doc.version}${data.packageName ? ` — ${data.packageName}` : ''}`}>
        <span className="gnode-title">{data.doc.label ?? data.doc.id}</span>
        <span className="gnode-type">{data.title}</span>
        {inside ? <InsideMarker inside={inside} /> : null}
        {data.opens && data.onOpen ? (
          <button
            className="gnode-open nodrag"
            title={data.opensBuilt ? `Open to see the layers ${data.doc.type} builds (read-only)` : `Open network "${data.opens}" to see and edit its layers`}
            onClick={(e) => {
              e.stopPropagation();
              data.onOpen!(data.opens!, data.doc.id);
            }}
          >
            open ▸
          </button>
        ) : null}
      </div>
      <div className="gnode-ports">
        <div className="gnode-inputs">
          {data.inputs.map((p) => (
            <PortRow key={p.name} port={p} kind="target" />
          ))}
        </div>
        <div className="gnode-outputs">
          {data.outputs.map((p) => (
            <PortRow key={p.name} port={p} kind="source" />
          ))}
        </div>
      </div>
      {first ? (
        // One line, cut with an ellipsis: a wrapped message made the node taller than the gap to
        // the next layer in the templates' layout. The whole text of every problem is the tooltip.
        <div className={errors.length ? 'gnode-diag' : 'gnode-diag gnode-diag-warning'} title={data.diagnostics.map((d) => `${d.code} ${d.message}`).join('\n')}>
          <span className="gnode-diag-text">{`${errors.length ? '⚠' : '△'} ${first.code} ${first.message}`}</span>
          {errors.length + warnings.length > 1 ? <span className="gnode-diag-more">{` (+${errors.length + warnings.length - 1})`}</span> : null}
        </div>
      ) : null}
    </div>
  );
}

export const GanvasNodeView = memo(GanvasNodeViewImpl);
