/** Maps logical topic names to physical ones (prefix for isolated test runs and demos). */
export class TopicNamer {
  constructor(private readonly prefix: string) {}

  physical(logicalTopic: string): string {
    return `${this.prefix}${logicalTopic}`;
  }
}
