import handlerFile from '../../../../data/cfn-handler-permissions.json';

/** What CloudFormation's registry handlers need to create, update and delete one resource type. */
export interface HandlerPermissions {
  type: string;
  source: string;
  actions: string[];
}

interface HandlerFile {
  types: Record<string, { source: string; create: string[]; update: string[]; delete: string[] }>;
}

/**
 * `handlers.create/update/delete.permissions` of the resource type's published registry schema
 * (data/cfn-handler-permissions.json names the schema and commit per type); undefined when the file has none.
 */
export function handlerPermissions(type: string): HandlerPermissions | undefined {
  const entry = (handlerFile as HandlerFile).types[type];
  if (!entry) return undefined;
  const actions = [...new Set([...entry.create, ...entry.update, ...entry.delete])];
  return { type, source: entry.source, actions };
}

export function typesWithHandlerData(): string[] {
  return Object.keys((handlerFile as HandlerFile).types);
}
