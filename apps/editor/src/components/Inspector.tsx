import type { Diagnostic, GraphDocument } from '@ganvas/core';
import type { Catalogue } from '../model/catalogue.js';
import { describeContract } from '../model/ports.js';
import { getScope, type ScopeName } from '../model/scope.js';
import type { NodeContracts } from '../model/validation.js';
import { ParamForm } from './ParamForm.js';

/** The selected node: what it is, its ports with inferred contracts, its parameters and problems. */
export function Inspector({
  doc,
  scope,
  nodeId,
  catalogue,
  contracts,
  diagnostics,
  onParams,
  onLabel,
  onSaveNetworkAs,
}: {
  doc: GraphDocument;
  scope: ScopeName;
  nodeId: string | undefined;
  catalogue: Catalogue;
  contracts: NodeContracts | undefined;
  diagnostics: Diagnostic[];
  onParams: (nodeId: string, params: Record<string, unknown>) => void;
  onLabel: (nodeId: string, label: string) => void;
  onSaveNetworkAs?: () => void;
}) {
  const node = nodeId ? getScope(doc, scope).nodes.find((n) => n.id === nodeId) : undefined;
  if (!node) {
    const def = scope ? doc.networks[scope] : undefined;
    return (
      <div className="inspector">
        <h2>{def ? def.title ?? scope : doc.name}</h2>
        <p className="muted">{def ? def.description : doc.description}</p>
        {def && onSaveNetworkAs ? (
          <button onClick={onSaveNetworkAs} data-testid="save-network-as">
            Save as new network definition…
          </button>
        ) : null}
        <p className="muted">Select a node to edit its parameters.</p>
      </div>
    );
  }
  const entry = catalogue.get(node.type);
  const mine = diagnostics.filter((d) => d.nodeId === node.id);
  return (
    <div className="inspector" data-testid="inspector">
      <h2>
        {node.label ?? node.id} <span className="muted">{entry?.title ?? node.type}</span>
      </h2>
      <div className="muted small">
        {node.type} v{node.version}
        {entry ? ` · ${entry.packageName}` : ' · unknown node type'}
      </div>
      {entry?.description ? <p className="desc">{entry.description}</p> : null}
      <label className="param">
        label
        <input
          type="text"
          defaultValue={node.label ?? ''}
          key={node.id}
          placeholder={node.id}
          onBlur={(e) => e.target.value !== (node.label ?? '') && onLabel(node.id, e.target.value)}
          onKeyDown={(e) => e.stopPropagation()}
        />
      </label>
      <h3>Parameters</h3>
      {entry ? <ParamForm schema={entry.params} params={node.params} diagnostics={mine} onChange={(p) => onParams(node.id, p)} /> : <div className="muted">No schema: the node type is not installed.</div>}
      {contracts ? (
        <>
          <h3>Ports</h3>
          <table className="ports">
            <tbody>
              {Object.entries(contracts.inputs).map(([name, c]) => (
                <tr key={`in-${name}`}>
                  <td>in {name}</td>
                  <td>{Array.isArray(c) ? c.map(describeContract).join(' · ') : describeContract(c)}</td>
                </tr>
              ))}
              {Object.entries(contracts.outputs).map(([name, c]) => (
                <tr key={`out-${name}`}>
                  <td>out {name}</td>
                  <td>{describeContract(c)}</td>
                </tr>
              ))}
            </tbody>
          </table>
        </>
      ) : null}
      {mine.length ? (
        <>
          <h3>Problems</h3>
          <ul className="diag-list">
            {mine.map((d, i) => (
              <li key={i} className={`diag diag-${d.severity}`}>
                <b>{d.code}</b> {d.message}
              </li>
            ))}
          </ul>
        </>
      ) : null}
    </div>
  );
}
