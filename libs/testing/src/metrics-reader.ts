/**
 * The value of one series on a service's /metrics, as Prometheus scrapes it: the first line of
 * `name` carrying every given label, or undefined when the service does not expose it.
 */
export async function metricValue(baseUrl: string, name: string, labels: Record<string, string> = {}): Promise<number | undefined> {
  const text = await (await fetch(`${baseUrl}/metrics`)).text();
  const wanted = Object.entries(labels).map(([label, value]) => `${label}="${value}"`);
  const line = text
    .split('\n')
    .find((l) => (l.startsWith(`${name} `) || l.startsWith(`${name}{`)) && wanted.every((pair) => l.includes(pair)));
  return line ? Number(line.split(' ').pop()) : undefined;
}
