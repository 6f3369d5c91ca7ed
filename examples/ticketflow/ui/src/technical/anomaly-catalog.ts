/**
 * The API document says `/api/system/anomaly-types` lists types "with descriptions and parameters" without
 * fixing the JSON shape, so both catalogs are read defensively: plain names, objects, or a name → info map.
 */
export type AnomalyParamName = 'delayInMs' | 'statusFilter' | 'probability';

export interface AnomalyTypeInfo {
  name: string;
  description?: string;
  params: AnomalyParamName[];
  /** Why it cannot apply on this transport with these features (the UI greys it out with this reason). */
  unavailable?: string;
}

const knownParams: AnomalyParamName[] = ['delayInMs', 'statusFilter', 'probability'];

export function toAnomalyTypes(raw: unknown): AnomalyTypeInfo[] {
  return entries(raw)
    .map(([key, value]) => anomalyType(key, value))
    .filter((info): info is AnomalyTypeInfo => info !== undefined);
}

export function toMessageTypes(raw: unknown): string[] {
  const names = entries(raw).map(([key, value]) =>
    typeof value === 'string' ? value : (firstString(value, ['type', 'messageType', 'name']) ?? key),
  );
  return [...new Set(names.filter((name): name is string => Boolean(name)))];
}

/** When the catalog names no parameters: delays need a delay; any anomaly may be narrowed and made random. */
export function defaultParams(
  anomalyType: string,
  needsDelay = /Delay/.test(anomalyType),
): AnomalyParamName[] {
  return needsDelay ? ['delayInMs', 'statusFilter', 'probability'] : ['statusFilter', 'probability'];
}

function anomalyType(key: string | undefined, value: unknown): AnomalyTypeInfo | undefined {
  if (typeof value === 'string') return { name: value, params: defaultParams(value) };
  const name = firstString(value, ['anomalyType', 'type', 'name', 'id']) ?? key;
  if (!name) return undefined;
  const record = value as Record<string, unknown>;
  const description = typeof record.description === 'string' ? record.description : undefined;
  const unavailable = typeof record.unavailable === 'string' ? record.unavailable : undefined;
  const declared = record.params ?? record.parameters;
  if (declared !== undefined) return { name, description, params: paramNames(declared), unavailable };
  const needsDelay = typeof record.needsDelay === 'boolean' ? record.needsDelay : undefined;
  return { name, description, params: defaultParams(name, needsDelay), unavailable };
}

function paramNames(declared: unknown): AnomalyParamName[] {
  const names = entries(declared).map(([key, value]) =>
    typeof value === 'string' ? value : (firstString(value, ['name', 'key']) ?? key),
  );
  return knownParams.filter((param) => names.some((name) => name?.toLowerCase() === param.toLowerCase()));
}

/** Array items as [undefined, item]; object members as [key, value]. */
function entries(raw: unknown): [string | undefined, unknown][] {
  if (Array.isArray(raw)) return raw.map((item) => [undefined, item]);
  if (raw && typeof raw === 'object') {
    const record = raw as Record<string, unknown>;
    if (Array.isArray(record.data)) return entries(record.data);
    return Object.entries(record);
  }
  return [];
}

function firstString(value: unknown, keys: string[]): string | undefined {
  if (!value || typeof value !== 'object') return undefined;
  const record = value as Record<string, unknown>;
  for (const key of keys) {
    if (typeof record[key] === 'string' && record[key]) return record[key] as string;
  }
  return undefined;
}
