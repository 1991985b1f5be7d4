/** Stops the containers that jest-global-setup started in TEST_INFRA=testcontainers mode. */
export default async function globalTeardown(): Promise<void> {
  const containers = ((globalThis as Record<string, unknown>).__containers ?? []) as { stop(): Promise<unknown> }[];
  await Promise.all(containers.map((container) => container.stop()));
}
