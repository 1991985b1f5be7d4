/** Every operation of an OpenAPI document (each method of each path), for the passes that amend them after generation. */
export function operationsOf<O>(document: { paths: object }): O[] {
  return (Object.values(document.paths) as Record<string, O | undefined>[]).flatMap((operations) =>
    Object.values(operations).filter((operation): operation is O => Boolean(operation)),
  );
}
