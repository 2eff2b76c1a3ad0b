import { BaseEdge, EdgeLabelRenderer, getBezierPath, type Edge, type EdgeProps } from '@xyflow/react';
import { memo } from 'react';
import { roleColour } from '../model/ports.js';
import type { Role } from '@ganvas/core';
import type { ShapeEdgeData } from './node-data.js';

/** An edge labelled with the inferred shape flowing along it; red with the reason when invalid. */
function ShapeEdgeImpl(props: EdgeProps<Edge<ShapeEdgeData>>) {
  const { sourceX, sourceY, targetX, targetY, sourcePosition, targetPosition, data, selected, markerEnd } = props;
  const [path, x, y] = getBezierPath({ sourceX, sourceY, targetX, targetY, sourcePosition, targetPosition });
  const errors = data?.diagnostics.filter((d) => d.severity === 'error') ?? [];
  const colour = errors.length ? '#e03131' : data?.role ? roleColour(data.role as Role) : '#8a8f98';
  return (
    <>
      <BaseEdge id={props.id} path={path} {...(markerEnd ? { markerEnd } : {})} style={{ stroke: colour, strokeWidth: selected ? 3 : errors.length ? 2.5 : 1.6, strokeDasharray: errors.length ? '6 4' : undefined }} />
      {data?.label || errors.length ? (
        <EdgeLabelRenderer>
          <div
            className={`edge-label${errors.length ? ' edge-error' : ''}`}
            style={{ transform: `translate(-50%, -50%) translate(${x}px, ${y}px)` }}
            title={errors.map((d) => `${d.code} ${d.message}`).join('\n') || undefined}
            data-edge-id={props.id}
          >
            {errors.length ? `⚠ ${errors[0]!.code}` : data?.label}
          </div>
        </EdgeLabelRenderer>
      ) : null}
    </>
  );
}

export const ShapeEdge = memo(ShapeEdgeImpl);
