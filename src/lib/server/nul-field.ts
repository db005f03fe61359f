/** Inputs are walked this far and no further; deeper or wider ones are the schema's to refuse. */
const MAX_NODES = 10_000;

/**
 * The path ('members.2.name', '_' for the input itself) of the first string in `input` holding
 * U+0000, a character PostgreSQL text cannot store; undefined when there is none.
 */
export function nulField(input: unknown): string | undefined {
  const queue: { value: unknown; path: string[] }[] = [{ value: input, path: [] }];
  for (let i = 0; i < queue.length; i++) {
    const { value, path } = queue[i]!;
    if (typeof value === 'string') {
      if (value.includes('\u0000')) return path.join('.') || '_';
    } else if (value && typeof value === 'object') {
      for (const key in value) {
        if (queue.length >= MAX_NODES) break;
        queue.push({ value: (value as Record<string, unknown>)[key], path: [...path, key] });
      }
    }
  }
  return undefined;
}
