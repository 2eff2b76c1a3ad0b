import { z } from 'zod';
import { zContract } from './contract.js';
import type { NodeDefinition } from './node-definition.js';

/**
 * The node registry: every node type a host knows, keyed by namespaced id. Plug-in packages
 * (built-in ones included) declare a manifest in their package.json; the host loads the
 * entry module and hands it to `registerPlugin`, which validates it and refuses clashes.
 */

/** The `ganvas` field of a plug-in package's package.json. */
export const zPluginManifest = z
  .object({
    /** Version of the node-definition API the package is written against. */
    apiVersion: z.literal(1),
    /** Prefix of every node type id in the package, e.g. `layers` for `layers.conv2d`. */
    namespace: z.string().regex(/^[a-z][a-z0-9-]*$/, 'lower-case letters, digits and -'),
    /** Module (relative to the package root) whose `nodes` export lists the definitions. */
    entry: z.string().min(1),
  })
  .strict();
export type PluginManifest = z.infer<typeof zPluginManifest>;

const zPort = z.object({
  name: z.string().regex(/^[A-Za-z_][A-Za-z0-9_]*$/),
  contract: zContract,
  description: z.string().optional(),
  optional: z.boolean().optional(),
  multi: z.boolean().optional(),
});

/** Checks the serialisable part of a definition; a plug-in can be anything at run time. */
const zDefinitionShape = z.object({
  type: z.string().regex(/^[a-z][a-z0-9-]*\.[A-Za-z][A-Za-z0-9_]*$/, 'must be "<namespace>.<name>"'),
  version: z.number().int().positive(),
  category: z.enum(['data', 'layer', 'network', 'loss', 'optimizer', 'training', 'output', 'math']),
  title: z.string().min(1),
  description: z.string(),
  params: z.custom<z.ZodType>((v) => v instanceof z.ZodType, 'params must be a zod schema'),
  inputs: z.array(zPort),
  outputs: z.array(zPort),
  build: z.custom<(...a: unknown[]) => unknown>((v) => typeof v === 'function', 'build must be a function'),
});

export interface RegisteredNode {
  definition: NodeDefinition<any>;
  /** The npm package that provided it. */
  packageName: string;
}

export class RegistryError extends Error {}

export interface PluginLoadReport {
  packageName: string;
  registered: string[];
  /** Problems with single definitions; those definitions were skipped. */
  errors: string[];
}

export class Registry {
  private readonly nodes = new Map<string, RegisteredNode>();

  /** Register one definition; refuses a duplicate id, naming both packages. */
  register(definition: NodeDefinition<any>, packageName: string, namespace?: string): void {
    const shape = zDefinitionShape.safeParse(definition);
    if (!shape.success) {
      const issue = shape.error.issues[0]!;
      throw new RegistryError(
        `${packageName}: node definition ${JSON.stringify((definition as { type?: unknown }).type ?? '?')} is invalid at ${issue.path.join('.') || '(root)'}: ${issue.message}`,
      );
    }
    if (namespace !== undefined && !definition.type.startsWith(`${namespace}.`)) {
      throw new RegistryError(
        `${packageName}: node type "${definition.type}" is outside the package's namespace "${namespace}"`,
      );
    }
    const existing = this.nodes.get(definition.type);
    if (existing) {
      throw new RegistryError(
        `node type "${definition.type}" is defined twice: by ${existing.packageName} and by ${packageName}`,
      );
    }
    for (const list of [definition.inputs, definition.outputs]) {
      const seen = new Set<string>();
      for (const p of list) {
        if (seen.has(p.name)) {
          throw new RegistryError(`${packageName}: node type "${definition.type}" declares port "${p.name}" twice`);
        }
        seen.add(p.name);
      }
    }
    this.nodes.set(definition.type, { definition, packageName });
  }

  /**
   * Register a plug-in's entry module. A malformed module is reported (thrown as a
   * RegistryError for the host to print and skip); a malformed single definition is
   * reported in `errors` and skipped, so one bad node does not take its siblings down.
   */
  registerPlugin(packageName: string, manifest: PluginManifest, module: unknown): PluginLoadReport {
    const nodes = (module as { nodes?: unknown } | null)?.nodes;
    if (!Array.isArray(nodes)) {
      throw new RegistryError(`${packageName}: entry "${manifest.entry}" does not export a "nodes" array`);
    }
    const report: PluginLoadReport = { packageName, registered: [], errors: [] };
    for (const def of nodes) {
      try {
        this.register(def as NodeDefinition<any>, packageName, manifest.namespace);
        report.registered.push((def as NodeDefinition).type);
      } catch (e) {
        report.errors.push((e as Error).message);
      }
    }
    return report;
  }

  get(type: string): RegisteredNode | undefined {
    return this.nodes.get(type);
  }

  has(type: string): boolean {
    return this.nodes.has(type);
  }

  list(): RegisteredNode[] {
    return [...this.nodes.values()].sort((a, b) => a.definition.type.localeCompare(b.definition.type));
  }
}

/** Serialisable description of a node type, for the editor's palette and `ganvas nodes --json`. */
export interface NodeTypeDescription {
  type: string;
  version: number;
  category: string;
  title: string;
  description: string;
  packageName: string;
  inputs: NodeDefinition['inputs'];
  outputs: NodeDefinition['outputs'];
  /** JSON Schema of the params, generated from the zod schema. */
  params: unknown;
  docs?: string;
  /** The definition has `layers`: the editor can open it to show its layer graph (read-only). */
  opensAsNetwork?: boolean;
}

export function describeNodeTypes(registry: Registry): NodeTypeDescription[] {
  return registry.list().map(({ definition: d, packageName }) => {
    let params: unknown;
    try {
      params = z.toJSONSchema(d.params, { io: 'input', unrepresentable: 'any' });
    } catch {
      params = { type: 'object' };
    }
    const out: NodeTypeDescription = {
      type: d.type,
      version: d.version,
      category: d.category,
      title: d.title,
      description: d.description,
      packageName,
      inputs: d.inputs,
      outputs: d.outputs,
      params,
    };
    if (d.docs) out.docs = d.docs;
    if (d.layers) out.opensAsNetwork = true;
    return out;
  });
}
