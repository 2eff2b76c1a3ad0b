import type { Contract, Diagnostic, NodeDoc } from '@ganvas/core';
import type { Node } from '@xyflow/react';

/** One port as a node shows it: declared contract, and what analysis inferred for it. */
export interface PortView {
  name: string;
  declared: Contract;
  /** Inferred (outputs) or arriving (inputs) contract. */
  actual?: Contract;
  optional?: boolean;
  multi?: boolean;
  description?: string;
}

export interface GanvasNodeData extends Record<string, unknown> {
  doc: NodeDoc;
  title: string;
  category: string;
  packageName?: string;
  inputs: PortView[];
  outputs: PortView[];
  diagnostics: Diagnostic[];
  /** The network definition this node opens (core.network / core.apply). */
  opens?: string;
  /** Node type unknown to the page and the runner. */
  unknownType?: boolean;
  onOpen?: (definition: string, nodeId: string) => void;
  /** `opens` is the read-only layer graph this node builds (catalogue `opensAsNetwork`). */
  opensBuilt?: boolean;
  /** Problems inside the definition this node opens (and those it uses), for a marker. */
  inside?: InsideProblems;
}

/** What a Network or Apply node shows of the problems inside its definition. */
export interface InsideProblems {
  definition: string;
  errors: number;
  warnings: number;
  /** The first one's code, the marker's text when it is the only one. */
  firstCode: string;
  /** One line per problem, for the tooltip. */
  lines: string[];
}

export type GanvasNode = Node<GanvasNodeData, 'ganvas'>;

export interface ShapeEdgeData extends Record<string, unknown> {
  label?: string;
  role?: string;
  diagnostics: Diagnostic[];
}
