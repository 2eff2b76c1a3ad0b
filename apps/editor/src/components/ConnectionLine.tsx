import { getBezierPath, type ConnectionLineComponentProps } from '@xyflow/react';
import { createContext, useContext } from 'react';
import type { ConnectionVerdict } from '../model/connection.js';

/** Asks the canvas what it thinks of a connection (cached per handle pair). */
export type VerdictOf = (c: { source: string; sourceHandle: string; target: string; targetHandle: string }) => ConnectionVerdict;
export const VerdictContext = createContext<VerdictOf>(() => ({ ok: 'unknown' }));

/** The line drawn while dragging a connection; over an input it says whether it would be accepted, and why not. */
export function ConnectionLine(props: ConnectionLineComponentProps) {
  const verdictOf = useContext(VerdictContext);
  const [path] = getBezierPath({
    sourceX: props.fromX,
    sourceY: props.fromY,
    sourcePosition: props.fromPosition,
    targetX: props.toX,
    targetY: props.toY,
    targetPosition: props.toPosition,
  });
  let verdict: ConnectionVerdict | undefined;
  if (props.toHandle && props.toNode && props.toHandle.id && props.fromHandle.id) {
    const fromIsSource = props.fromHandle.type === 'source';
    verdict = verdictOf(
      fromIsSource
        ? { source: props.fromNode.id, sourceHandle: props.fromHandle.id, target: props.toNode.id, targetHandle: props.toHandle.id }
        : { source: props.toNode.id, sourceHandle: props.toHandle.id, target: props.fromNode.id, targetHandle: props.fromHandle.id },
    );
  }
  const refused = verdict && verdict.ok === false ? verdict.reason : undefined;
  return (
    <g className="connection-line">
      <path d={path} fill="none" stroke={refused ? '#e03131' : verdict?.ok === true ? '#2f9e44' : '#555'} strokeWidth={2} strokeDasharray={refused ? '5 4' : undefined} />
      {refused ? (
        // Left of the pointer when dragging rightwards (inputs are on the left of nodes), so it stays on screen.
        <foreignObject x={props.toX > props.fromX ? props.toX - 372 : props.toX + 12} y={props.toY + 12} width={360} height={120} style={{ overflow: 'visible' }}>
          <div className="connection-reason" data-testid="connection-reason">
            ✕ {refused}
          </div>
        </foreignObject>
      ) : null}
    </g>
  );
}
